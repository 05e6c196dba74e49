package dev.chatarchive.host.text;

import java.text.Normalizer;
import java.util.Map;

/**
 * Makes untrusted text (message content, chat titles, sender names, provider sentences) safe to
 * draw on a terminal: nothing in it can move the cursor, change colours, reorder the line or hide
 * text, and nothing in it can make Lanterna throw.
 *
 * <p>What happens to what:
 * <ul>
 *   <li>C0 controls and DEL become their visible Control Pictures ({@code ESC} becomes {@code ␛},
 *       {@code BEL} becomes {@code ␇}), so an ANSI or OSC sequence shows as inert text such as
 *       {@code ␛[31m} instead of being interpreted. C1 controls (U+0080..U+009F, which some terminals
 *       read as CSI and OSC) become {@code ‹U+009B›} markers.
 *   <li>{@code \n}, {@code \r\n}, U+2028 and U+2029 are line breaks and become {@code \n}; a lone
 *       {@code \r} (which would let text overwrite its own line) becomes {@code ␍}; a tab becomes four
 *       spaces.
 *   <li>Bidi overrides, embeddings, isolates and marks, zero-width spaces, word joiners, BOMs and every
 *       other invisible format character become a visible marker such as {@code ‹RLO›}. The zero-width
 *       joiner and non-joiner are kept where scripts and emoji need them (between letters or
 *       pictographs), and tag characters only inside a subdivision flag.
 *   <li>Combining marks with nothing to sit on get a dotted circle; more than four marks on one
 *       character ("zalgo") are dropped, so text cannot spill into the lines around it.
 *   <li>Lone surrogates and non-characters become U+FFFD; the result is in Unicode NFC.
 * </ul>
 * The archive keeps the raw text; this runs on the way to the screen. It never throws.
 */
public final class TerminalSanitizer {

    private static final int MAX_MARKS_PER_CHARACTER = 4;
    private static final int REPLACEMENT = 0xFFFD;
    private static final int DOTTED_CIRCLE = 0x25CC;
    private static final int BLACK_FLAG = 0x1F3F4;
    private static final String TAB_AS_SPACES = "    ";

    private static final Map<Integer, String> FORMAT_NAMES = Map.ofEntries(
            Map.entry(0x00AD, "SHY"), Map.entry(0x061C, "ALM"), Map.entry(0x180E, "MVS"),
            Map.entry(0x200B, "ZWSP"), Map.entry(0x200C, "ZWNJ"), Map.entry(0x200D, "ZWJ"),
            Map.entry(0x200E, "LRM"), Map.entry(0x200F, "RLM"), Map.entry(0x202A, "LRE"),
            Map.entry(0x202B, "RLE"), Map.entry(0x202C, "PDF"), Map.entry(0x202D, "LRO"),
            Map.entry(0x202E, "RLO"), Map.entry(0x2060, "WJ"), Map.entry(0x2066, "LRI"),
            Map.entry(0x2067, "RLI"), Map.entry(0x2068, "FSI"), Map.entry(0x2069, "PDI"),
            Map.entry(0xFEFF, "BOM"));

    private TerminalSanitizer() {
    }

    /** {@code text} made safe to draw, keeping line breaks as {@code \n}; "" for null. */
    public static String sanitize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        try {
            return sanitizeNormalized(Normalizer.normalize(replaceLoneSurrogates(text), Normalizer.Form.NFC));
        } catch (RuntimeException unexpected) {
            // Defensive: rendering must never fail on data. Keep only plain printable ASCII.
            return text.codePoints().map(cp -> cp >= 0x20 && cp < 0x7F ? cp : '?')
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        }
    }

    /** {@code text} made safe and flattened to one line: line breaks become spaces. */
    public static String sanitizeLine(String text) {
        return sanitize(text).replace('\n', ' ');
    }

    private static String sanitizeNormalized(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        int[] cps = text.codePoints().toArray();
        int marksOnBase = 0;
        boolean hasBase = false;
        boolean inFlagTagSequence = false;
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            int previous = i > 0 ? cps[i - 1] : -1;
            int next = i + 1 < cps.length ? cps[i + 1] : -1;
            if (cp == '\n' || cp == 0x2028 || cp == 0x2029 || (cp == '\r' && next == '\n')) {
                if (cp == '\r') {
                    i++;
                }
                out.append('\n');
                hasBase = false;
                continue;
            }
            if (cp == '\t') {
                out.append(TAB_AS_SPACES);
                hasBase = true;
                marksOnBase = 0;
                continue;
            }
            if (cp < 0x20 || cp == 0x7F) {
                out.append((char) (cp == 0x7F ? 0x2421 : 0x2400 + cp));
                hasBase = true;
                marksOnBase = 0;
                continue;
            }
            if (cp >= 0x80 && cp <= 0x9F) {
                appendMarker(out, String.format("U+%04X", cp));
                hasBase = true;
                marksOnBase = 0;
                continue;
            }
            if (cp >= 0xE0020 && cp <= 0xE007F) {
                if (inFlagTagSequence) {
                    out.appendCodePoint(cp);
                } else {
                    appendMarker(out, String.format("U+%04X", cp));
                }
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.FORMAT) {
                if (isJoinerInContext(cp, previous, next)) {
                    out.appendCodePoint(cp);
                } else {
                    appendMarker(out, FORMAT_NAMES.getOrDefault(cp, String.format("U+%04X", cp)));
                    hasBase = true;
                    marksOnBase = 0;
                }
                continue;
            }
            if (type == Character.SURROGATE || type == Character.UNASSIGNED && (cp & 0xFFFE) == 0xFFFE) {
                out.appendCodePoint(REPLACEMENT);
                hasBase = true;
                marksOnBase = 0;
                continue;
            }
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK) {
                if (!hasBase) {
                    out.appendCodePoint(DOTTED_CIRCLE);
                    hasBase = true;
                    marksOnBase = 0;
                }
                if (++marksOnBase <= MAX_MARKS_PER_CHARACTER) {
                    out.appendCodePoint(cp);
                }
                continue;
            }
            if (Graphemes.isEmojiModifier(cp) && previous != -1) {
                out.appendCodePoint(cp);
                continue;
            }
            inFlagTagSequence = cp == BLACK_FLAG;
            out.appendCodePoint(cp);
            hasBase = true;
            marksOnBase = 0;
        }
        return out.toString();
    }

    /** ZWJ between pictographs (emoji sequences) or ZWNJ/ZWJ between letters (Persian, Indic). */
    private static boolean isJoinerInContext(int cp, int previous, int next) {
        if (cp != 0x200D && cp != 0x200C) {
            return false;
        }
        if (previous == -1 || next == -1) {
            return false;
        }
        boolean emoji = cp == 0x200D && (Graphemes.isPictographic(previous) || Graphemes.isEmojiModifier(previous)
                || previous == 0xFE0F) && Graphemes.isPictographic(next);
        boolean letters = (Character.isLetter(previous) || Graphemes.extendsBase(previous)) && Character.isLetter(next);
        return emoji || letters;
    }

    private static void appendMarker(StringBuilder out, String name) {
        out.append('\u2039').append(name).append('\u203A');
    }

    private static String replaceLoneSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (lone && out == null) {
                out = new StringBuilder(text.substring(0, i));
            }
            if (out != null) {
                out.append(lone ? (char) REPLACEMENT : c);
            }
        }
        return out == null ? text : out.toString();
    }
}
