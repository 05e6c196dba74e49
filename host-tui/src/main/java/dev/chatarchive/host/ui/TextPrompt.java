package dev.chatarchive.host.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.host.text.DisplayWidth;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.util.function.Consumer;

/** A one-line question at the bottom of the screen: search words, a date. Enter answers, Esc cancels. */
final class TextPrompt implements Overlay {

    private final String question;
    private final String hint;
    private final Consumer<String> onAnswer;
    private final StringBuilder answer = new StringBuilder();

    TextPrompt(String question, String hint, String initial, Consumer<String> onAnswer) {
        this.question = question;
        this.hint = hint;
        this.onAnswer = onAnswer;
        answer.append(initial == null ? "" : initial);
    }

    @Override
    public Outcome handle(KeyStroke stroke, Action action) {
        KeyType type = stroke.getKeyType();
        if (type == KeyType.Escape) {
            return Outcome.CLOSE;
        }
        if (type == KeyType.Enter) {
            String text = answer.toString().strip();
            if (!text.isEmpty()) {
                onAnswer.accept(text);
            }
            return Outcome.CLOSE;
        }
        if (type == KeyType.Backspace) {
            if (answer.length() > 0) {
                answer.setLength(answer.offsetByCodePoints(answer.length(), -1));
            }
        } else if (type == KeyType.Character && !stroke.isCtrlDown() && !stroke.isAltDown()
                && !Character.isISOControl(stroke.getCharacter())) {
            answer.append(stroke.getCharacter());
        }
        return Outcome.KEEP;
    }

    @Override
    public void render(Canvas canvas, int columns, int rows) {
        int row = Math.max(0, rows - 2);
        String typed = TerminalSanitizer.sanitizeLine(answer.toString());
        String prefix = question + " ";
        int typedRoom = Math.max(1, columns - DisplayWidth.of(prefix) - 1);
        while (DisplayWidth.of(typed) > typedRoom) {
            typed = typed.substring(typed.offsetByCodePoints(0, 1));
        }
        new Line.Builder().add(prefix, Style.ACCENT).add(typed, Style.BOLD).add("▏", Style.ACCENT)
                .add(typed.isEmpty() ? "  " + hint : "", Style.DIM).build()
                .draw(canvas, 0, row, columns, Style.PLAIN);
    }
}
