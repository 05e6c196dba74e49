package dev.chatarchive.host.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays sanitised text out in columns: word wrapping and truncation by display width, never by
 * {@code char} count, so CJK and emoji lines end where the terminal ends them.
 */
public final class TextLayout {

    private static final String ELLIPSIS = "…";

    private TextLayout() {
    }

    /**
     * {@code text} broken into lines of at most {@code width} columns: at {@code \n}, then at spaces;
     * a word longer than a line is cut between graphemes. An empty paragraph is an empty line. Spaces
     * at a break are dropped. Never returns an empty list.
     */
    public static List<String> wrap(String text, int width) {
        int columns = Math.max(1, width);
        List<String> lines = new ArrayList<>();
        for (String paragraph : (text == null ? "" : text).split("\n", -1)) {
            wrapParagraph(paragraph, columns, lines);
        }
        return lines;
    }

    private static void wrapParagraph(String paragraph, int width, List<String> lines) {
        StringBuilder line = new StringBuilder();
        int lineWidth = 0;
        StringBuilder word = new StringBuilder();
        int wordWidth = 0;
        List<String> graphemes = Graphemes.split(paragraph);
        graphemes.add(" "); // flushes the last word
        for (String grapheme : graphemes) {
            int graphemeWidth = DisplayWidth.ofGrapheme(grapheme);
            if (!grapheme.equals(" ")) {
                if (wordWidth + graphemeWidth > width) {
                    // the word alone is wider than a line: emit what fits and go on
                    if (lineWidth > 0) {
                        lines.add(line.toString().stripTrailing());
                        line.setLength(0);
                        lineWidth = 0;
                    }
                    lines.add(word.toString());
                    word.setLength(0);
                    wordWidth = 0;
                }
                word.append(grapheme);
                wordWidth += graphemeWidth;
                continue;
            }
            int separator = lineWidth > 0 ? 1 : 0;
            if (lineWidth + separator + wordWidth > width && lineWidth > 0) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                lineWidth = 0;
                separator = 0;
            }
            if (separator == 1) {
                line.append(' ');
            }
            line.append(word);
            lineWidth += separator + wordWidth;
            word.setLength(0);
            wordWidth = 0;
        }
        lines.add(line.toString());
    }

    /** {@code text} cut to at most {@code width} columns, ending in "…" when something was cut. */
    public static String truncate(String text, int width) {
        if (width <= 0 || text == null) {
            return "";
        }
        if (DisplayWidth.of(text) <= width) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (String grapheme : Graphemes.split(text)) {
            int graphemeWidth = DisplayWidth.ofGrapheme(grapheme);
            if (used + graphemeWidth > width - 1) {
                break;
            }
            out.append(grapheme);
            used += graphemeWidth;
        }
        return out.append(ELLIPSIS).toString();
    }

    /** {@code text} truncated or padded with spaces to exactly {@code width} columns. */
    public static String fit(String text, int width) {
        String cut = truncate(text, width);
        return cut + " ".repeat(Math.max(0, width - DisplayWidth.of(cut)));
    }
}
