package dev.chatarchive.host.text;

/**
 * How many terminal columns text occupies: a small wcwidth.
 *
 * <p>Rules, in the spirit of Markus Kuhn's wcwidth and of what xterm, VTE and kitty do:
 * combining marks, format characters and Hangul medial/final jamo take no column; East Asian wide
 * and fullwidth characters and emoji with emoji presentation take two; everything else one. A
 * grapheme (see {@link Graphemes}) that is an emoji sequence (a flag, a ZWJ family, a skin tone, a
 * character followed by VS16) takes two. The tables are compact ranges for Unicode 15, enough for
 * chat text; a character they miss is drawn one column wide, which at worst shifts a line by one.
 *
 * <p>Control characters have no width here: text is made safe by {@link TerminalSanitizer} before it
 * is measured, so they never reach this class.
 */
public final class DisplayWidth {

    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int VARIATION_SELECTOR_15 = 0xFE0E;
    private static final int VARIATION_SELECTOR_16 = 0xFE0F;

    /** Inclusive ranges of code points drawn two columns wide, sorted. */
    private static final int[][] WIDE = {
        {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
        {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
        {0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
        {0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
        {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
        {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
        {0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
        {0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
        {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F},
        {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
        {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
        {0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251},
        {0x1F260, 0x1F265}, {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C},
        {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0},
        {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC},
        {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
        {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5},
        {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF},
        {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0},
        {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF},
        {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
    };

    private DisplayWidth() {
    }

    /** Columns taken by one code point on its own: 0, 1 or 2. */
    public static int ofCodePoint(int codePoint) {
        if (codePoint == 0) {
            return 0;
        }
        int type = Character.getType(codePoint);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.FORMAT || (codePoint >= 0x1160 && codePoint <= 0x11FF)
                || codePoint == 0x200B) {
            return 0;
        }
        return isWide(codePoint) ? 2 : 1;
    }

    /** Columns taken by one grapheme as {@link Graphemes} splits text. */
    public static int ofGrapheme(String grapheme) {
        if (grapheme.isEmpty()) {
            return 0;
        }
        int first = grapheme.codePointAt(0);
        if (isRegionalIndicator(first) && grapheme.codePointCount(0, grapheme.length()) >= 2) {
            return 2;
        }
        boolean pictographic = Graphemes.isPictographic(first);
        int sum = 0;
        for (int i = 0; i < grapheme.length(); ) {
            int cp = grapheme.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == VARIATION_SELECTOR_16 && pictographic) {
                return 2;
            }
            if (cp == VARIATION_SELECTOR_15 && pictographic) {
                return 1;
            }
            if ((cp == ZERO_WIDTH_JOINER || Graphemes.isEmojiModifier(cp)) && pictographic && i > 1) {
                return 2;
            }
            sum += ofCodePoint(cp);
        }
        return Math.min(sum, 2);
    }

    /** Columns taken by a line of (sanitised) text. */
    public static int of(String text) {
        int width = 0;
        for (String grapheme : Graphemes.split(text)) {
            width += ofGrapheme(grapheme);
        }
        return width;
    }

    static boolean isWide(int codePoint) {
        int low = 0;
        int high = WIDE.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (codePoint < WIDE[middle][0]) {
                high = middle - 1;
            } else if (codePoint > WIDE[middle][1]) {
                low = middle + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    static boolean isRegionalIndicator(int codePoint) {
        return codePoint >= 0x1F1E6 && codePoint <= 0x1F1FF;
    }
}
