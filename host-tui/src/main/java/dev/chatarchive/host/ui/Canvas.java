package dev.chatarchive.host.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.Screen;
import dev.chatarchive.host.text.DisplayWidth;
import dev.chatarchive.host.text.Graphemes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draws sanitised text onto a Lanterna {@link Screen} one grapheme per cell.
 *
 * <p>Why not {@code TextGraphics.putString}: in Lanterna 3.1.x it splits surrogate pairs into two
 * cells (emoji become "??") and counts a base letter plus a combining mark as two columns. Here each
 * grapheme becomes one {@link TextCharacter} via {@code TextCharacter.fromString}, placed with
 * {@code setCharacter}.
 *
 * <p>Lanterna decides by itself whether a cell is double width (any multi-char grapheme counts as
 * wide; on JDK 17 its BreakIterator also splits emoji sequences). Where its idea differs from
 * {@link DisplayWidth}, which is what the terminal will do, the grapheme is drawn in a form both
 * agree on: a wide BMP emoji gets VS16, an emoji sequence falls back to its first emoji, a flag to
 * its two letters, a letter with an uncomposable mark to the letter; as a last resort U+FFFD. The
 * choice is cached per grapheme.
 */
final class Canvas {

    private static final int GLYPH_CACHE_SIZE = 4096;

    private final Screen screen;
    private final Map<String, String[]> glyphs = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String[]> eldest) {
            return size() > GLYPH_CACHE_SIZE;
        }
    };

    Canvas(Screen screen) {
        this.screen = screen;
    }

    TerminalSize size() {
        return screen.getTerminalSize();
    }

    /**
     * Draws {@code text} (already sanitised, one line) from column {@code col} of {@code row},
     * at most {@code maxWidth} columns; returns the columns used. A wide grapheme that would be cut
     * by the edge is not drawn.
     */
    int text(int col, int row, String text, int maxWidth, Style style) {
        TerminalSize size = size();
        if (row < 0 || row >= size.getRows() || text == null) {
            return 0;
        }
        int limit = Math.min(maxWidth, size.getColumns() - col);
        int used = 0;
        for (String grapheme : Graphemes.split(text)) {
            int width = DisplayWidth.ofGrapheme(grapheme);
            if (width == 0) {
                continue;
            }
            if (used + width > limit) {
                break;
            }
            String[] cells = glyphFor(grapheme, width);
            for (String cell : cells) {
                if (cell != null) {
                    screen.setCharacter(col + used, row, character(cell, style));
                }
                used += 1;
            }
        }
        return used;
    }

    /** Fills {@code width} cells from {@code col} with spaces in {@code style}. */
    void fill(int col, int row, int width, Style style) {
        TextCharacter blank = character(" ", style);
        int end = Math.min(size().getColumns(), col + width);
        for (int c = Math.max(0, col); c < end; c++) {
            screen.setCharacter(c, row, blank);
        }
    }

    /** Draws text and pads the rest of {@code width} columns with spaces in the same style. */
    void line(int col, int row, String text, int width, Style style) {
        int used = text(col, row, text, width, style);
        fill(col + used, row, width - used, style);
    }

    void clear() {
        TerminalSize size = size();
        for (int row = 0; row < size.getRows(); row++) {
            fill(0, row, size.getColumns(), Style.PLAIN);
        }
    }

    /**
     * The cells {@code grapheme} is drawn as: one string per cell; a wide first cell is followed by
     * {@code null} for the column it covers.
     */
    private String[] glyphFor(String grapheme, int width) {
        String[] cached = glyphs.get(grapheme);
        if (cached != null) {
            return cached;
        }
        String[] cells = resolveGlyph(grapheme, width);
        glyphs.put(grapheme, cells);
        return cells;
    }

    private static String[] resolveGlyph(String grapheme, int width) {
        boolean wide = width == 2;
        int first = grapheme.codePointAt(0);
        String firstOnly = new String(Character.toChars(first));
        String[] candidates = {grapheme, wide && grapheme.length() == 1 ? grapheme + "\uFE0F" : null, firstOnly};
        for (String candidate : candidates) {
            if (candidate != null && lanternaAgrees(candidate, wide)) {
                return wide ? new String[] {candidate, null} : new String[] {candidate};
            }
        }
        int count = grapheme.codePointCount(0, grapheme.length());
        if (wide && count >= 2 && first >= 0x1F1E6 && first <= 0x1F1FF) {
            int second = grapheme.codePointAt(Character.charCount(first));
            return new String[] {regionalLetter(first), regionalLetter(second)};
        }
        return wide ? new String[] {"\uFFFD", " "} : new String[] {"\uFFFD"};
    }

    private static boolean lanternaAgrees(String candidate, boolean wide) {
        try {
            TextCharacter[] characters = TextCharacter.fromString(candidate);
            return characters.length == 1 && characters[0].isDoubleWidth() == wide;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String regionalLetter(int codePoint) {
        return codePoint >= 0x1F1E6 && codePoint <= 0x1F1FF ? String.valueOf((char) ('A' + codePoint - 0x1F1E6)) : "?";
    }

    private static TextCharacter character(String cell, Style style) {
        return TextCharacter.fromString(cell, style.foreground(), style.background(), style.attributes())[0];
    }
}
