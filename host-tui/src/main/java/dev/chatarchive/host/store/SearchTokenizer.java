package dev.chatarchive.host.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The full-text index's tokenizer (FTS5 {@code unicode61} with {@code remove_diacritics 2}) done in
 * Java, so that excerpts can mark in a message's text exactly the tokens the index matched.
 *
 * <p><b>Tokens.</b> A token is a run of token characters; everything else separates tokens. Token
 * characters are ASCII letters and digits, and beyond ASCII the Unicode letters, numbers,
 * private-use and unassigned code points. The combining diacritics U+0300 to U+036F that SQLite
 * knows continue a token but never start one. A token is folded: lower case (simple case folding,
 * BMP only), accents removed from letters whose base is an ASCII letter, combining diacritics
 * dropped.
 *
 * <p><b>SQLite's Unicode.</b> SQLite's tables come from an older Unicode than Java's: characters
 * added since (many emoji among them) are unassigned to SQLite, so token characters; some case pairs
 * and accented letters differ. Those code points are listed in {@code search-tokenizer-exceptions.txt},
 * made by asking SQLite's tokenizer about every code point; {@code SearchTokenizerTest} asks it
 * again and fails with the lines to use when the SQLite version changes them.
 *
 * <p>Offsets are UTF-16 indexes into the text; a token never starts or ends inside a surrogate pair.
 */
final class SearchTokenizer {

    /** One token: the text's {@code [start, end)} and its folded form. */
    record Token(int start, int end, String folded) {
    }

    static final byte SEPARATOR = 0;
    static final byte TOKEN = 1;
    static final byte CONTINUES = 2;
    private static final byte FOLDED = 3;

    private static final Exceptions EXCEPTIONS = Exceptions.load(Exceptions.RESOURCE);
    /**
     * The code points assigned in Unicode 13.0, the version of Java 17's tables that the exceptions were
     * made against: a newer JDK (Java 25 has Unicode 16) knows characters Java 17 did not, and gives
     * them categories SQLite's older tables do not; they are taken as Java 17 took them, unassigned,
     * so that the tokenizer is the same on every JDK (checked on 17 and 25 by SearchTokenizerTest).
     */
    private static final Exceptions UNICODE_13 = Exceptions.load("search-tokenizer-assigned.txt");

    private SearchTokenizer() {
    }

    /** The tokens of {@code text}, in order. */
    static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder folded = new StringBuilder();
        int i = 0;
        int length = text.length();
        while (i < length) {
            int cp = text.codePointAt(i);
            if (kind(cp) != TOKEN) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            folded.setLength(0);
            while (i < length) {
                cp = text.codePointAt(i);
                byte kind = kind(cp);
                if (kind == SEPARATOR) {
                    break;
                }
                if (kind == TOKEN) {
                    fold(cp, folded);
                }
                i += Character.charCount(cp);
            }
            tokens.add(new Token(start, i, folded.toString()));
        }
        return tokens;
    }

    /** {@code text}'s folded tokens, as the index stores them. */
    static List<String> fold(String text) {
        return tokens(text).stream().map(Token::folded).toList();
    }

    /** Whether {@code cp} starts a token ({@link #TOKEN}), only continues one, or separates. */
    private static byte kind(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ? TOKEN : SEPARATOR;
        }
        int exception = EXCEPTIONS.find(cp);
        if (exception >= 0) {
            byte kind = EXCEPTIONS.kinds[exception];
            return kind == FOLDED ? TOKEN : kind;
        }
        return baseKind(cp);
    }

    /** Java's answer for {@link #kind}, before SQLite's exceptions. */
    static byte baseKind(int cp) {
        if (cp < 0x80) {
            return kind(cp);
        }
        int type = UNICODE_13.find(cp) >= 0 ? Character.getType(cp) : Character.UNASSIGNED;
        return switch (type) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                    Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.PRIVATE_USE, Character.UNASSIGNED -> TOKEN;
            case Character.NON_SPACING_MARK -> cp >= 0x300 && cp <= 0x36F ? CONTINUES : SEPARATOR;
            default -> SEPARATOR;
        };
    }

    /** Appends token character {@code cp} folded. */
    private static void fold(int cp, StringBuilder out) {
        if (cp < 0x80) {
            out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp));
            return;
        }
        int exception = EXCEPTIONS.find(cp);
        if (exception >= 0) {
            if (EXCEPTIONS.kinds[exception] == FOLDED) {
                out.append(EXCEPTIONS.folds[exception]);
            } else {
                out.appendCodePoint(cp);
            }
            return;
        }
        out.appendCodePoint(baseFold(cp));
    }

    /** Java's folding of token character {@code cp} (not ASCII), before SQLite's exceptions. */
    static int baseFold(int cp) {
        if (cp > 0xFFFF || UNICODE_13.find(cp) < 0) {
            return cp;
        }
        return withoutAccents(Character.toLowerCase(Character.toUpperCase(cp)));
    }

    /** The ASCII letter {@code cp} is made of when it is one with combining marks only; else {@code cp}. */
    private static int withoutAccents(int cp) {
        if (cp < 0xC0 || cp > 0x24F && (cp < 0x1E00 || cp > 0x1EFF)) {
            return cp;
        }
        String decomposed = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFD);
        char base = decomposed.charAt(0);
        if (decomposed.length() < 2 || base >= 0x80 || !Character.isLetter(base)) {
            return cp;
        }
        for (int i = 1; i < decomposed.length(); i++) {
            if (Character.getType(decomposed.charAt(i)) != Character.NON_SPACING_MARK) {
                return cp;
            }
        }
        return base;
    }

    /**
     * The code points where SQLite's tables differ from Java's: sorted, non-overlapping ranges, each
     * a kind; a {@link #FOLDED} range is one code point with its folded text.
     */
    private record Exceptions(int[] starts, int[] ends, byte[] kinds, String[] folds) {

        static final String RESOURCE = "search-tokenizer-exceptions.txt";

        /** The range holding {@code cp}, or -1. */
        int find(int cp) {
            int lo = 0;
            int hi = starts.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] > cp) {
                    hi = mid - 1;
                } else if (ends[mid] < cp) {
                    lo = mid + 1;
                } else {
                    return mid;
                }
            }
            return -1;
        }

        /** Lines {@code S|T|C first last} (separator, token, continues a token) or {@code F cp folded-code-points}, in hex. */
        static Exceptions load(String resource) {
            List<int[]> ranges = new ArrayList<>();
            List<String> folds = new ArrayList<>();
            try (InputStream in = SearchTokenizer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] fields = line.trim().split(" ");
                    int first = Integer.parseInt(fields[1], 16);
                    switch (fields[0]) {
                        case "F" -> {
                            StringBuilder folded = new StringBuilder();
                            if (fields.length > 2) {
                                for (String hex : fields[2].split(",")) {
                                    folded.appendCodePoint(Integer.parseInt(hex, 16));
                                }
                            }
                            ranges.add(new int[] {first, first, FOLDED});
                            folds.add(folded.toString());
                        }
                        case "S", "T", "C" -> {
                            int kind = fields[0].equals("S") ? SEPARATOR : fields[0].equals("T") ? TOKEN : CONTINUES;
                            ranges.add(new int[] {first, Integer.parseInt(fields[2], 16), kind});
                            folds.add(null);
                        }
                        default -> throw new IllegalStateException(resource + ": bad line " + line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int n = ranges.size();
            Exceptions exceptions = new Exceptions(new int[n], new int[n], new byte[n], folds.toArray(new String[0]));
            for (int i = 0; i < n; i++) {
                exceptions.starts[i] = ranges.get(i)[0];
                exceptions.ends[i] = ranges.get(i)[1];
                exceptions.kinds[i] = (byte) ranges.get(i)[2];
                if (i > 0 && exceptions.starts[i] <= exceptions.ends[i - 1]) {
                    throw new IllegalStateException(resource + ": ranges out of order at " + Integer.toHexString(exceptions.starts[i]));
                }
            }
            return exceptions;
        }
    }
}
