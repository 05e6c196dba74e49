package dev.chatarchive.host.ui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.host.browse.ChatSummary;
import dev.chatarchive.host.browse.ChatSyncState;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.text.TerminalSanitizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks how to sync a chat: how many older messages at most (1..10000, the seed's limit) and whether to
 * resume from the checkpoint or restart. Digits type the number, Up/Down change it by 100, Tab or
 * Left/Right switch resume and restart, Enter starts, Esc cancels.
 */
final class SyncDialog implements Overlay {

    static final int DEFAULT_MAX_MESSAGES = 500;
    private static final int MAX_MESSAGES_LIMIT = 10_000;

    interface Start {
        void start(int maxMessages, SyncMode mode);
    }

    private final ChatSummary chat;
    private final Start onStart;
    private String maxMessages = String.valueOf(DEFAULT_MAX_MESSAGES);
    private SyncMode mode;
    private String problem = "";

    SyncDialog(ChatSummary chat, Start onStart) {
        this.chat = chat;
        this.onStart = onStart;
        this.mode = SyncMode.CONTINUE;
    }

    @Override
    public Outcome handle(KeyStroke stroke, Action action) {
        KeyType type = stroke.getKeyType();
        if (type == KeyType.Escape) {
            return Outcome.CLOSE;
        }
        if (type == KeyType.Enter) {
            int value;
            try {
                value = Integer.parseInt(maxMessages);
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 1 || value > MAX_MESSAGES_LIMIT) {
                problem = "The number of messages must be between 1 and 10000.";
                return Outcome.KEEP;
            }
            onStart.start(value, mode);
            return Outcome.CLOSE;
        }
        if (type == KeyType.Tab || type == KeyType.ArrowLeft || type == KeyType.ArrowRight || type == KeyType.ReverseTab) {
            mode = mode == SyncMode.CONTINUE ? SyncMode.RESTART : SyncMode.CONTINUE;
        } else if (type == KeyType.ArrowUp || type == KeyType.ArrowDown) {
            int value = maxMessages.isEmpty() ? 0 : Integer.parseInt(maxMessages);
            value = type == KeyType.ArrowUp ? Math.min(MAX_MESSAGES_LIMIT, value + 100) : Math.max(100, value - 100);
            maxMessages = String.valueOf(value);
        } else if (type == KeyType.Backspace) {
            maxMessages = maxMessages.isEmpty() ? "" : maxMessages.substring(0, maxMessages.length() - 1);
        } else if (type == KeyType.Character && Character.isDigit(stroke.getCharacter()) && maxMessages.length() < 5) {
            maxMessages = (maxMessages.equals("0") ? "" : maxMessages) + stroke.getCharacter();
        }
        problem = "";
        return Outcome.KEEP;
    }

    @Override
    public void render(Canvas canvas, int columns, int rows) {
        List<Line> lines = new ArrayList<>();
        ChatSyncState state = chat.sync();
        lines.add(Line.of("Now: " + state.shortLabel() + (state.messagesSynced() > 0 ? ", " + state.messagesSynced()
                + " messages synced" : ""), Style.DIM));
        if (state.state() == SyncState.FAILED && !state.error().isEmpty()) {
            lines.add(Line.of("Last error: " + TerminalSanitizer.sanitizeLine(state.error()), Style.ERROR));
        }
        lines.add(Line.empty());
        lines.add(new Line.Builder().add("Older messages to fetch, at most: ", Style.PLAIN)
                .add(maxMessages + "▏", Style.BOLD).build());
        lines.add(new Line.Builder().add("Mode:  ", Style.PLAIN)
                .add(mode == SyncMode.CONTINUE ? "[x] resume" : "[ ] resume", mode == SyncMode.CONTINUE ? Style.BOLD : Style.DIM)
                .add("   ", Style.PLAIN)
                .add(mode == SyncMode.RESTART ? "[x] restart" : "[ ] restart", mode == SyncMode.RESTART ? Style.BOLD : Style.DIM)
                .build());
        lines.add(Line.empty());
        if (!problem.isEmpty()) {
            lines.add(Line.of(problem, Style.ERROR));
        }
        lines.add(Line.of("Enter start · digits, Up/Down amount · Tab resume/restart · Esc cancel", Style.DIM));
        Overlay.box(canvas, columns, rows, "Sync " + TerminalSanitizer.sanitizeLine(chat.title()), lines, Style.ACCENT);
    }
}
