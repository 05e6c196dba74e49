package dev.chatarchive.host.ui;

import dev.chatarchive.host.browse.ChatSummary;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.text.DisplayWidth;
import dev.chatarchive.host.text.TerminalSanitizer;
import dev.chatarchive.host.text.TextLayout;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The chat list: every chat, newest activity first, two lines each (title and time; preview, size,
 * provider and sync state), narrowed by a filter the user types.
 */
final class ChatListPane {

    private static final int LINES_PER_CHAT = 2;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH);

    private final ZoneId zone;
    private final Clock clock;
    private List<ChatSummary> chats = List.of();
    private List<ChatSummary> shown = List.of();
    private String filter = "";
    private boolean filtering;
    private boolean loaded;
    private int selected;
    private int top;
    private int visibleChats = 10;

    ChatListPane(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    /** New chat data; keeps the selection on the same chat when it is still shown. */
    void setChats(List<ChatSummary> chats) {
        String selectedId = selectedChat().map(ChatSummary::chatId).orElse(null);
        this.chats = List.copyOf(chats);
        this.loaded = true;
        applyFilter(selectedId);
    }

    List<ChatSummary> chats() {
        return chats;
    }

    boolean loaded() {
        return loaded;
    }

    Optional<ChatSummary> selectedChat() {
        return selected >= 0 && selected < shown.size() ? Optional.of(shown.get(selected)) : Optional.empty();
    }

    Optional<ChatSummary> find(String chatId) {
        return chats.stream().filter(chat -> chat.chatId().equals(chatId)).findFirst();
    }

    void select(String chatId) {
        for (int i = 0; i < shown.size(); i++) {
            if (shown.get(i).chatId().equals(chatId)) {
                selected = i;
                keepSelectionVisible();
                return;
            }
        }
    }

    // ---- filter ----

    boolean filtering() {
        return filtering;
    }

    String filter() {
        return filter;
    }

    void startFilter() {
        filtering = true;
    }

    void type(char c) {
        filtering = true;
        filter += c;
        applyFilter(null);
    }

    void backspace() {
        if (!filter.isEmpty()) {
            filter = filter.substring(0, filter.offsetByCodePoints(filter.length(), -1));
            applyFilter(null);
        }
    }

    /** Clears the filter; returns whether there was one to clear. */
    boolean clearFilter() {
        boolean had = filtering || !filter.isEmpty();
        filtering = false;
        filter = "";
        applyFilter(selectedChat().map(ChatSummary::chatId).orElse(null));
        return had;
    }

    private void applyFilter(String keepId) {
        String needle = fold(filter);
        List<ChatSummary> matching = new ArrayList<>();
        for (ChatSummary chat : chats) {
            if (needle.isEmpty() || fold(chat.title()).contains(needle)) {
                matching.add(chat);
            }
        }
        shown = matching;
        selected = 0;
        if (keepId != null) {
            for (int i = 0; i < shown.size(); i++) {
                if (shown.get(i).chatId().equals(keepId)) {
                    selected = i;
                }
            }
        }
        keepSelectionVisible();
    }

    /** Case- and accent-insensitive form for matching titles. */
    private static String fold(String text) {
        String decomposed = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }

    // ---- movement ----

    void move(int delta) {
        if (shown.isEmpty()) {
            return;
        }
        selected = Math.max(0, Math.min(shown.size() - 1, selected + delta));
        keepSelectionVisible();
    }

    void first() {
        move(-shown.size());
    }

    void last() {
        move(shown.size());
    }

    int pageChats(boolean half) {
        return Math.max(1, half ? visibleChats / 2 : visibleChats - 1);
    }

    private void keepSelectionVisible() {
        if (selected < top) {
            top = selected;
        } else if (selected >= top + visibleChats) {
            top = selected - visibleChats + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, shown.size() - visibleChats)));
    }

    // ---- drawing ----

    void render(Canvas canvas, int left, int topRow, int columns, int rows, boolean focused) {
        int row = 0;
        if (filtering || !filter.isEmpty()) {
            Line.of("Filter: " + TerminalSanitizer.sanitizeLine(filter) + (filtering ? "▏" : ""), Style.ACCENT)
                    .draw(canvas, left, topRow + row++, columns, Style.PLAIN);
        }
        visibleChats = Math.max(1, (rows - row) / LINES_PER_CHAT);
        keepSelectionVisible();
        if (shown.isEmpty()) {
            String message = !loaded ? "⟳ Reading the archive…"
                    : chats.isEmpty() ? "No chats yet. Import an export file (chat-archive import FILE) or pair a provider."
                    : "No chat title matches the filter. Esc clears it.";
            for (String text : TextLayout.wrap(message, columns - 2)) {
                if (row < rows) {
                    Line.of(" " + text, Style.DIM).draw(canvas, left, topRow + row++, columns, Style.PLAIN);
                }
            }
        }
        for (int i = top; i < shown.size() && row + 1 < rows + 1 && row < rows; i++) {
            ChatSummary chat = shown.get(i);
            boolean isSelected = i == selected;
            Style base = isSelected ? (focused ? Style.SELECTED : Style.BOLD) : Style.PLAIN;
            String when = when(chat.lastActivity());
            String title = (isSelected ? "▶ " : "  ") + TerminalSanitizer.sanitizeLine(chat.title());
            int titleWidth = Math.max(1, columns - DisplayWidth.of(when) - 1);
            new Line.Builder().add(TextLayout.fit(title, titleWidth), isSelected ? base : Style.BOLD)
                    .add(" " + when, isSelected ? base : Style.DIM).build()
                    .draw(canvas, left, topRow + row++, columns, base);
            if (row >= rows) {
                break;
            }
            // the sync state always shows; then the size, the provider, the preview, a failure's sentence
            String state = " · " + chat.sync().shortLabel();
            String size = " · " + chat.messageCount() + (chat.messageCount() == 1 ? " msg" : " msgs");
            String provider = " · " + TerminalSanitizer.sanitizeLine(chat.providerId());
            int room = columns - 2 - DisplayWidth.of(state);
            String facts = DisplayWidth.of(size + provider) <= room * 2 / 3 ? size + provider
                    : DisplayWidth.of(size) <= room / 2 ? size : "";
            int previewWidth = Math.max(0, room - DisplayWidth.of(facts));
            if (chat.sync().state() == SyncState.FAILED && !chat.sync().error().isEmpty()
                    && previewWidth > 40) {
                String error = TextLayout.truncate(": " + TerminalSanitizer.sanitizeLine(chat.sync().error()),
                        previewWidth - 20);
                state += error;
                previewWidth -= DisplayWidth.of(error);
            }
            facts += state;
            Style stateStyle = chat.sync().state() == SyncState.FAILED ? Style.ERROR
                    : chat.sync().state() == SyncState.IN_PROGRESS ? Style.ACCENT : Style.DIM;
            new Line.Builder().add("  " + TextLayout.fit(TerminalSanitizer.sanitizeLine(chat.preview()), previewWidth),
                            isSelected ? base : Style.PLAIN)
                    .add(facts, isSelected ? base : stateStyle).build()
                    .draw(canvas, left, topRow + row++, columns, base);
        }
        while (row < rows) {
            canvas.fill(left, topRow + row++, columns, Style.PLAIN);
        }
    }

    private String when(Instant instant) {
        if (instant == null) {
            return "";
        }
        ZonedDateTime time = instant.atZone(zone);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (time.toLocalDate().equals(today)) {
            return TIME.format(time);
        }
        return time.getYear() == today.getYear() ? DAY.format(time) : DATE.format(time);
    }
}
