package dev.chatarchive.host.ui;

import com.googlecode.lanterna.input.KeyStroke;
import dev.chatarchive.host.text.DisplayWidth;
import dev.chatarchive.host.text.TextLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The help: every key of the live keymap, by section. Generated, so it cannot drift. */
final class HelpOverlay implements Overlay {

    private final List<Line> lines = new ArrayList<>();
    private int scroll;
    private int visible = 10;

    HelpOverlay(Keymap keymap) {
        int keyColumn = 0;
        for (List<String[]> rows : keymap.helpRows().values()) {
            for (String[] row : rows) {
                keyColumn = Math.max(keyColumn, DisplayWidth.of(row[0]));
            }
        }
        keyColumn = Math.min(keyColumn, 22);
        for (Map.Entry<Action.Section, List<String[]>> section : keymap.helpRows().entrySet()) {
            if (!lines.isEmpty()) {
                lines.add(Line.empty());
            }
            lines.add(Line.of(section.getKey().title(), Style.ACCENT));
            for (String[] row : section.getValue()) {
                lines.add(new Line.Builder().add(TextLayout.fit(row[0], keyColumn), Style.BOLD)
                        .add("  " + row[1], Style.PLAIN).build());
            }
        }
        lines.add(Line.empty());
        lines.add(Line.of("In the chat list, type a letter with no key of its own to filter by title.", Style.DIM));
        lines.add(Line.of("Keys can be changed in the keymap file (see the README). Esc closes this help.", Style.DIM));
    }

    @Override
    public Outcome handle(KeyStroke stroke, Action action) {
        if (action == null) {
            return Outcome.KEEP;
        }
        switch (action) {
            case DOWN -> scroll = Math.min(scroll + 1, Math.max(0, lines.size() - visible));
            case UP -> scroll = Math.max(0, scroll - 1);
            case PAGE_DOWN, HALF_PAGE_DOWN -> scroll = Math.min(scroll + visible / 2, Math.max(0, lines.size() - visible));
            case PAGE_UP, HALF_PAGE_UP -> scroll = Math.max(0, scroll - visible / 2);
            case BACK, HELP, QUIT -> {
                return Outcome.CLOSE;
            }
            default -> {
            }
        }
        return Outcome.KEEP;
    }

    @Override
    public void render(Canvas canvas, int columns, int rows) {
        visible = Math.max(1, rows - 4);
        scroll = Math.min(scroll, Math.max(0, lines.size() - visible));
        List<Line> shown = lines.subList(scroll, Math.min(lines.size(), scroll + visible));
        String title = "Keys" + (lines.size() > visible ? " (j/k to scroll)" : "");
        Overlay.box(canvas, columns, rows, title, shown, Style.ACCENT);
    }
}
