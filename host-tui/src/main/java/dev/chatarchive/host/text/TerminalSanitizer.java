package dev.chatarchive.host.text;

/**
 * Makes untrusted text (message content, chat titles, sender names, sentences from plugins) safe to
 * print on a terminal: nothing in it can move the cursor, change colours or reorder the line.
 *
 * <p>A minimal first version put here by the host shell so the CLI can print safely; the UI's owner
 * replaces it with the full one (graphemes, zalgo, NFC). What it does: C0 controls and DEL become
 * their visible Control Pictures ({@code ESC} becomes {@code ␛}), so an escape sequence shows as inert
 * text; C1 controls and invisible format characters (bidi overrides, zero-width characters) become
 * markers such as {@code ‹U+202E›}; a tab becomes four spaces; {@code \r\n} becomes {@code \n} and a
 * lone {@code \r} becomes {@code ␍}; lone surrogates become U+FFFD. It never throws.
 */
public final class TerminalSanitizer {

    private TerminalSanitizer() {
    }

    /** {@code text} made safe to print, keeping line breaks as {@code \n}; "" for null. */
    public static String sanitize(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp) < text.length() ? text.codePointAt(i + Character.charCount(cp)) : -1;
            i += Character.charCount(cp);
            if (cp == '\n') {
                out.append('\n');
            } else if (cp == '\r') {
                out.append(next == '\n' ? "" : "\u240D");
            } else if (cp == '\t') {
                out.append("    ");
            } else if (cp < 0x20) {
                out.appendCodePoint(0x2400 + cp);
            } else if (cp == 0x7F) {
                out.append('\u2421');
            } else if (Character.isSurrogate((char) cp) && Character.charCount(cp) == 1) {
                out.append('\uFFFD');
            } else if ((cp >= 0x80 && cp <= 0x9F) || Character.getType(cp) == Character.FORMAT
                    || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\u2039U+%04X\u203A", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** {@code text} made safe and flattened to one line: line breaks become spaces. */
    public static String sanitizeLine(String text) {
        return sanitize(text).replace('\n', ' ');
    }
}
