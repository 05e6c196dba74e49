package dev.chatarchive.host.text;

/**
 * The one drawing of a progress bar, for the command line and the terminal UI alike:
 * {@code [#########---------------] 37%}. Plain ASCII, so it is safe and one cell per character.
 */
public final class ProgressBar {

    /** The bar's width in cells between the brackets, as the sync's bar always had. */
    public static final int WIDTH = 24;

    private ProgressBar() {
    }

    /** The bar of {@code percent} (clamped to 0..100) with its percentage. */
    public static String of(int percent) {
        int clamped = Math.max(0, Math.min(100, percent));
        int filled = clamped * WIDTH / 100;
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + clamped + "%";
    }
}
