package dev.chatarchive.host.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into graphemes: what a reader sees as one character and a terminal draws in one or
 * two cells.
 *
 * <p>Our own segmentation rather than {@link java.text.BreakIterator}, because the JDK's changed
 * in JDK 20: on JDK 17 it splits skin tones, ZWJ families and flags into pieces, and the app must
 * lay out the same on both. The rules are the parts of Unicode's extended grapheme clusters that
 * chat text needs: marks, joiners and variation selectors stay with their base (GB9, GB9a),
 * emoji ZWJ sequences stay together (GB11), and regional indicators pair up into flags (GB12/13).
 */
public final class Graphemes {

    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private Graphemes() {
    }

    /** The graphemes of {@code text}, in order; never null, empty for empty text. */
    public static List<String> split(String text) {
        List<String> graphemes = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return graphemes;
        }
        int start = 0;
        int previous = -1;
        int regionalIndicatorsInRun = 0;
        boolean pictographicBase = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean joinsPrevious = previous != -1 && (extendsBase(cp)
                    || (previous == ZERO_WIDTH_JOINER && pictographicBase && isPictographic(cp))
                    || (DisplayWidth.isRegionalIndicator(cp) && regionalIndicatorsInRun % 2 == 1));
            if (!joinsPrevious && previous != -1) {
                graphemes.add(text.substring(start, i));
                start = i;
            }
            if (!joinsPrevious) {
                pictographicBase = isPictographic(cp);
                regionalIndicatorsInRun = 0;
            }
            if (DisplayWidth.isRegionalIndicator(cp)) {
                regionalIndicatorsInRun++;
            }
            previous = cp;
            i += Character.charCount(cp);
        }
        graphemes.add(text.substring(start));
        return graphemes;
    }

    /** Whether {@code codePoint} attaches to the character before it. */
    static boolean extendsBase(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || codePoint == ZERO_WIDTH_JOINER
                || isEmojiModifier(codePoint)
                || (codePoint >= 0xE0020 && codePoint <= 0xE007F)
                || (codePoint >= 0x1160 && codePoint <= 0x11FF);
    }

    static boolean isEmojiModifier(int codePoint) {
        return codePoint >= 0x1F3FB && codePoint <= 0x1F3FF;
    }

    /** An approximation of Unicode's Extended_Pictographic property, by block. */
    static boolean isPictographic(int codePoint) {
        return (codePoint >= 0x1F000 && codePoint <= 0x1FAFF && !DisplayWidth.isRegionalIndicator(codePoint))
                || (codePoint >= 0x2600 && codePoint <= 0x27BF)
                || (codePoint >= 0x2300 && codePoint <= 0x23FF)
                || (codePoint >= 0x2B00 && codePoint <= 0x2BFF)
                || (codePoint >= 0x2190 && codePoint <= 0x21FF)
                || codePoint == 0x00A9 || codePoint == 0x00AE || codePoint == 0x203C || codePoint == 0x2049
                || codePoint == 0x2122 || codePoint == 0x2139 || codePoint == 0x3030 || codePoint == 0x303D
                || codePoint == 0x3297 || codePoint == 0x3299;
    }
}
