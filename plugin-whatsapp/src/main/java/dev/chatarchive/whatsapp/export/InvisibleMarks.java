package dev.chatarchive.whatsapp.export;

/**
 * The invisible formatting characters WhatsApp scatters through exports: direction marks (U+200E,
 * U+200F) before brackets, bodies and inside Arabic dates; byte-order marks (U+FEFF) at the start of
 * the file and of lines; embedding marks (U+202A..U+202E) and isolates (U+2066..U+2069) around phone
 * numbers and mentions; zero-width spaces. None of them carries meaning for the archive, and left in
 * place they break header detection and end up in names. The zero-width joiner (U+200D) is kept: it
 * is part of emoji sequences.
 */
final class InvisibleMarks {

    private InvisibleMarks() {
    }

    static boolean isMark(char c) {
        return c == '\u200E' || c == '\u200F' || c == '\uFEFF' || c == '\u200B' || c == '\u2060'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u0000';
    }

    /** {@code text} without the marks; the same instance when it has none. */
    static String strip(String text) {
        int first = -1;
        for (int i = 0; i < text.length(); i++) {
            if (isMark(text.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isMark(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether {@code c} is one of the spaces WhatsApp puts in headers: plain, no-break, narrow no-break, thin. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\u00A0' || c == '\u202F' || c == '\u2009' || c == '\t';
    }
}
