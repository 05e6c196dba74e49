package dev.chatarchive.host.export;

/**
 * Text made safe for an HTML page. Message text is untrusted: every character that means something
 * to HTML is escaped, and control characters (escape sequences among them) are shown as visible
 * symbols instead of being passed on, so no text can add markup, a script, or a terminal escape to
 * a page someone later views or copies.
 */
final class Html {

    private Html() {
    }

    /** {@code text} for an element's content or a quoted attribute value. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n', '\t' -> out.append(c);
                case '\r' -> {
                    if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                        out.append('\n');
                    }
                }
                default -> {
                    if (c < 0x20) {
                        out.append((char) (0x2400 + c)); // U+2400.. control pictures: ␛ for ESC
                    } else if (c == 0x7F) {
                        out.append('\u2421');
                    } else if (c >= 0x80 && c < 0xA0) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
