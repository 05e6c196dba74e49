package dev.chatarchive.host.ui;

import com.googlecode.lanterna.input.KeyStroke;
import dev.chatarchive.host.text.DisplayWidth;
import java.util.List;

/** A modal layer above the panes: a dialog, a prompt, the help. It gets every key first. */
interface Overlay {

    /** What the UI should do after a key. */
    enum Outcome { KEEP, CLOSE }

    /**
     * Handles a key. {@code action} is what the keymap binds the key to, or null. Printable keys
     * typed into a prompt are text, whatever they are bound to.
     */
    Outcome handle(KeyStroke stroke, Action action);

    void render(Canvas canvas, int columns, int rows);

    /** Draws a centered framed box with a title and lines; returns nothing, clips to the screen. */
    static void box(Canvas canvas, int columns, int rows, String title, List<Line> lines, Style frame) {
        int innerWidth = 0;
        for (Line line : lines) {
            innerWidth = Math.max(innerWidth, DisplayWidth.of(line.plain()));
        }
        innerWidth = Math.min(Math.max(innerWidth, DisplayWidth.of(title) + 2), columns - 4);
        int innerHeight = Math.min(lines.size(), rows - 2);
        int left = Math.max(0, (columns - innerWidth - 4) / 2);
        int top = Math.max(0, (rows - innerHeight - 2) / 2);
        String heading = "┌─ " + title + " ";
        int headingWidth = DisplayWidth.of(heading);
        canvas.line(left, top, heading + "─".repeat(Math.max(0, innerWidth + 3 - headingWidth)) + "┐",
                innerWidth + 4, frame);
        for (int i = 0; i < innerHeight; i++) {
            canvas.text(left, top + 1 + i, "│ ", 2, frame);
            lines.get(i).draw(canvas, left + 2, top + 1 + i, innerWidth, Style.PLAIN);
            canvas.text(left + 2 + innerWidth, top + 1 + i, " │", 2, frame);
        }
        canvas.line(left, top + 1 + innerHeight, "└" + "─".repeat(innerWidth + 2) + "┘", innerWidth + 4, frame);
    }
}
