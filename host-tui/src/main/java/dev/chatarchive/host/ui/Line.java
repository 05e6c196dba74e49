package dev.chatarchive.host.ui;

import java.util.ArrayList;
import java.util.List;

/** One screen line of laid-out text: styled runs of already sanitised text. */
record Line(List<Span> spans) {

    /** A run of sanitised text in one style. */
    record Span(String text, Style style) {
    }

    Line {
        spans = List.copyOf(spans);
    }

    static Line of(String text, Style style) {
        return new Line(List.of(new Span(text, style)));
    }

    static Line empty() {
        return new Line(List.of());
    }

    /** Draws the line at {@code row}, padding to {@code width} with spaces. */
    void draw(Canvas canvas, int col, int row, int width, Style padding) {
        int used = 0;
        for (Span span : spans) {
            used += canvas.text(col + used, row, span.text(), width - used, span.style());
        }
        canvas.fill(col + used, row, width - used, padding);
    }

    /** The line's text without styles, for tests and logs. */
    String plain() {
        StringBuilder out = new StringBuilder();
        for (Span span : spans) {
            out.append(span.text());
        }
        return out.toString();
    }

    /** Builds a line from runs. */
    static final class Builder {
        private final List<Span> spans = new ArrayList<>();

        Builder add(String text, Style style) {
            if (!text.isEmpty()) {
                spans.add(new Span(text, style));
            }
            return this;
        }

        Line build() {
            return new Line(spans);
        }
    }
}
