package dev.chatarchive.host.store;

import java.util.Arrays;
import java.util.List;

/**
 * A search hit's excerpt, made from the message's text in Java in the shape FTS5's
 * {@code snippet(messages_fts, 0, char(2), char(3), '…', 16)} gives, so that a full-text index that
 * keeps no text (contentless) can still show its hits.
 *
 * <p><b>Matches.</b> The text is split and folded by {@link SearchTokenizer} (the index's tokenizer in
 * Java). Each of the query's phrases, as {@link MessageSearch} sends them to FTS5 (a word's tokens in
 * a row, the last one a prefix or each of a prefix's expansions), is matched at every token
 * position; matches that overlap are marked as one, each between {@link MessageSearch#MATCH_START}
 * and {@link MessageSearch#MATCH_END}.
 *
 * <p><b>Window.</b> FTS5's choice, step by step: for each match in text order, the {@value #TOKENS}
 * tokens from it score 1000 for each phrase they hold and 1 for each repeat, and the window is then
 * centred on the matches it holds; when the text is longer than the window, the window from the
 * start of the match's sentence (a token after ". " or ": ") is tried too, with 100 more (120 at
 * the very start). The first best score wins. The text between tokens is kept as it is; '…' stands
 * for text cut at either end. Windows are scored by sliding, so a message of 64 KB costs a few
 * passes over its tokens, however many matches it holds.
 */
final class Excerpts {

    /** Tokens shown at most. */
    static final int TOKENS = 16;
    static final String ELLIPSIS = "…";
    private static final int PHRASE_SCORE = 1000;
    private static final int REPEAT_SCORE = 1;
    private static final int SENTENCE_BONUS = 100;
    private static final int FIRST_SENTENCE_BONUS = 120;

    /**
     * One phrase of the query, as FTS5 matches it: folded tokens in a row, the last a prefix when
     * {@code prefix}.
     */
    record Phrase(List<String> tokens, boolean prefix) {
        Phrase {
            if (tokens == null || tokens.isEmpty()) {
                throw new IllegalArgumentException("phrase tokens must not be empty");
            }
            tokens = List.copyOf(tokens);
        }

        boolean matchesAt(List<SearchTokenizer.Token> text, int at) {
            int size = tokens.size();
            if (at + size > text.size()) {
                return false;
            }
            for (int i = 0; i < size - 1; i++) {
                if (!text.get(at + i).folded().equals(tokens.get(i))) {
                    return false;
                }
            }
            String last = text.get(at + size - 1).folded();
            return prefix ? last.startsWith(tokens.get(size - 1)) : last.equals(tokens.get(size - 1));
        }
    }

    private final List<Phrase> phrases;

    Excerpts(List<Phrase> phrases) {
        this.phrases = List.copyOf(phrases);
    }

    /** The excerpt of {@code text} for this query's phrases. */
    String of(String text) {
        List<SearchTokenizer.Token> tokens = SearchTokenizer.tokens(text);
        Matches matches = matches(tokens);
        int start = bestStart(text, tokens, matches);
        return render(text, tokens, matches, start);
    }

    /** Every phrase match, by position, then phrase (FTS5's instance order). */
    private Matches matches(List<SearchTokenizer.Token> tokens) {
        Matches matches = new Matches();
        for (int at = 0; at < tokens.size(); at++) {
            for (int p = 0; p < phrases.size(); p++) {
                if (phrases.get(p).matchesAt(tokens, at)) {
                    matches.add(at, p, phrases.get(p).tokens().size());
                }
            }
        }
        return matches;
    }

    /** The first token of the best window (see the class comment). */
    private int bestStart(String text, List<SearchTokenizer.Token> tokens, Matches matches) {
        int count = tokens.size();
        int[] sentences = sentenceStarts(text, tokens);
        Window around = new Window(matches, phrases.size());
        Window sentence = new Window(matches, phrases.size());
        int bestScore = 0;
        int bestStart = 0;
        int sentenceIndex = 0;
        for (int i = 0; i < matches.size; i++) {
            int at = matches.positions[i];
            around.slideTo(at);
            if (around.score() > bestScore) {
                bestScore = around.score();
                bestStart = around.centredStart(count);
            }
            if (sentences.length > 0 && count > TOKENS) {
                while (sentenceIndex < sentences.length - 1 && sentences[sentenceIndex + 1] <= at) {
                    sentenceIndex++;
                }
                int from = sentences[sentenceIndex];
                if (from < at) {
                    sentence.slideTo(from);
                    int score = sentence.score() + (from == 0 ? FIRST_SENTENCE_BONUS : SENTENCE_BONUS);
                    if (score > bestScore) {
                        bestScore = score;
                        bestStart = from;
                    }
                }
            }
        }
        return bestStart;
    }

    /** Token 0, and each token after whitespace that follows '.' or ':'. */
    private static int[] sentenceStarts(String text, List<SearchTokenizer.Token> tokens) {
        int[] starts = new int[tokens.size()];
        int count = 0;
        for (int t = 0; t < tokens.size(); t++) {
            if (t == 0) {
                starts[count++] = 0;
                continue;
            }
            int i = tokens.get(t).start() - 1;
            int floor = tokens.get(t - 1).end() - 1;
            while (i > floor && isSpace(text.charAt(i))) {
                i--;
            }
            if (i != tokens.get(t).start() - 1 && i >= 0 && (text.charAt(i) == '.' || text.charAt(i) == ':')) {
                starts[count++] = t;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** The window from token {@code start}, its matches marked, with '…' where text is cut. */
    private static String render(String text, List<SearchTokenizer.Token> tokens, Matches matches, int start) {
        int count = tokens.size();
        int end = start + TOKENS - 1;
        StringBuilder out = new StringBuilder();
        int copied = 0;
        if (start > 0) {
            out.append(ELLIPSIS);
            copied = tokens.get(start).start();
        }
        int i = 0;
        while (i < matches.size) {
            int first = matches.positions[i];
            int last = first + matches.sizes[i] - 1;
            i++;
            while (i < matches.size && matches.positions[i] <= last) {
                last = Math.max(last, matches.positions[i] + matches.sizes[i] - 1);
                i++;
            }
            if (first < start) {
                continue;
            }
            if (first > end) {
                break;
            }
            int markFrom = tokens.get(first).start();
            int markTo = tokens.get(Math.min(last, end)).end();
            out.append(text, copied, markFrom).append(MessageSearch.MATCH_START)
                    .append(text, markFrom, markTo).append(MessageSearch.MATCH_END);
            copied = markTo;
        }
        if (end >= count - 1) {
            out.append(text, copied, text.length());
        } else {
            out.append(text, copied, tokens.get(end).end()).append(ELLIPSIS);
        }
        return out.toString();
    }

    /** Phrase matches in FTS5's order: position, then phrase. */
    private static final class Matches {
        int[] positions = new int[8];
        int[] phrases = new int[8];
        int[] sizes = new int[8];
        int size;

        void add(int position, int phrase, int length) {
            if (size == positions.length) {
                positions = Arrays.copyOf(positions, size * 2);
                phrases = Arrays.copyOf(phrases, size * 2);
                sizes = Arrays.copyOf(sizes, size * 2);
            }
            positions[size] = position;
            phrases[size] = phrase;
            sizes[size] = length;
            size++;
        }
    }

    /**
     * The matches within {@value #TOKENS} tokens from a position, kept as the position only grows: how
     * many, how many distinct phrases, and the first and last.
     */
    private static final class Window {
        private final Matches matches;
        private final int[] perPhrase;
        private int lo;
        private int hi;
        private int distinct;

        Window(Matches matches, int phraseCount) {
            this.matches = matches;
            this.perPhrase = new int[phraseCount];
        }

        /** Moves the window to start at token {@code position}, not before where it was. */
        void slideTo(int position) {
            while (hi < matches.size && matches.positions[hi] < (long) position + TOKENS) {
                if (perPhrase[matches.phrases[hi]]++ == 0) {
                    distinct++;
                }
                hi++;
            }
            while (lo < hi && matches.positions[lo] < position) {
                if (--perPhrase[matches.phrases[lo]] == 0) {
                    distinct--;
                }
                lo++;
            }
        }

        int score() {
            return distinct * PHRASE_SCORE + (hi - lo - distinct) * REPEAT_SCORE;
        }

        /** The window moved to centre the matches it holds, within the text's {@code count} tokens. */
        int centredStart(int count) {
            int first = matches.positions[lo];
            int last = matches.positions[hi - 1] + matches.sizes[hi - 1];
            int start = first - (TOKENS - (last - first)) / 2;
            if (start + TOKENS > count) {
                start = count - TOKENS;
            }
            return Math.max(0, start);
        }
    }
}
