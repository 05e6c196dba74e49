package dev.chatarchive.host.ui;

import com.googlecode.lanterna.input.KeyStroke;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Numbers for the curious and for bug reports: cache hit rate, message window, screen size. */
final class DebugOverlay implements Overlay {

    private final Supplier<List<String>> facts;

    DebugOverlay(Supplier<List<String>> facts) {
        this.facts = facts;
    }

    @Override
    public Outcome handle(KeyStroke stroke, Action action) {
        return action == Action.BACK || action == Action.QUIT || action == Action.DEBUG ? Outcome.CLOSE : Outcome.KEEP;
    }

    @Override
    public void render(Canvas canvas, int columns, int rows) {
        List<Line> lines = new ArrayList<>();
        for (String fact : facts.get()) {
            lines.add(Line.of(TerminalSanitizer.sanitizeLine(fact), Style.PLAIN));
        }
        lines.add(Line.of("Esc closes", Style.DIM));
        Overlay.box(canvas, columns, rows, "Debug", lines, Style.ACCENT);
    }
}
