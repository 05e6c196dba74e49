package dev.chatarchive.host.ui;

import dev.chatarchive.host.browse.ArchiveReader;
import dev.chatarchive.host.browse.ChatMessage;
import dev.chatarchive.host.browse.ChatSummary;
import dev.chatarchive.host.browse.MessageKey;
import dev.chatarchive.host.text.TerminalSanitizer;
import dev.chatarchive.host.text.TextLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The message view of one chat.
 *
 * <p>Design. The pane holds a <em>window</em> of at most {@link #MAX_WINDOW} consecutive messages of
 * the chat, oldest first, read from the archive with keyset queries on {@code (timestamp, id)}; it
 * never counts or loads a whole chat, so a chat of a million messages opens and scrolls like one of a
 * hundred. The viewport is a position in that window ({@code topIndex}, the message at the top, and
 * {@code topLine}, how many of its lines are scrolled off). Each message is laid out once per width
 * by {@link MessageLayout}.
 *
 * <p>Invariants: when the viewport comes within {@link #MARGIN} messages of either end of the window
 * and the archive holds more that way, the next page is read in the background and joined to the
 * window, which is then trimmed at the far end. When the archive holds nothing older and the chat's
 * history is not complete, scrolling up past the top asks the sync engine for an older page from the
 * provider and shows "Loading older messages" until it is stored. Results of reads started for an
 * earlier position or chat ({@code generation}) are dropped.
 */
final class MessagePane {

    static final int PAGE = 200;
    static final int MARGIN = 60;
    static final int MAX_WINDOW = 800;
    private static final int PROVIDER_PAGE = 50;

    private final ArchiveReader reader;
    private final SyncControls sync;
    private final BackgroundWork work;
    private final MessageLayout layout;

    private ChatSummary chat;
    private final List<ChatMessage> window = new ArrayList<>();
    private boolean olderInStore;
    private boolean newerInStore;
    private boolean loadingOlder;
    private boolean loadingNewer;
    private boolean opening;
    private boolean providerLoading;
    private String providerProblem = "";
    private int generation;
    private int topIndex;
    private int topLine;
    private int width = 80;
    private int height = 20;
    private MessageKey hit;
    /** Whether the newest line is on screen: then a resize or new messages keep it there. */
    private boolean followingBottom = true;
    private String query = "";

    MessagePane(ArchiveReader reader, SyncControls sync, BackgroundWork work, MessageLayout layout) {
        this.reader = reader;
        this.sync = sync;
        this.work = work;
        this.layout = layout;
    }

    Optional<ChatSummary> chat() {
        return Optional.ofNullable(chat);
    }

    /** Opens {@code summary} at its newest message. */
    void open(ChatSummary summary) {
        boolean sameChat = chat != null && chat.chatId().equals(summary.chatId());
        chat = summary;
        layout.setOtherParty(summary.group() ? null : summary.title());
        if (!sameChat) {
            hit = null;
            query = "";
            providerProblem = "";
            providerLoading = false;
        }
        showNewest();
    }

    /** The chat's summary changed (sync progress); keeps the position. */
    void updateSummary(ChatSummary summary) {
        if (chat != null && chat.chatId().equals(summary.chatId())) {
            chat = summary;
        }
    }

    void showNewest() {
        if (chat == null) {
            return;
        }
        String chatId = chat.chatId();
        int started = startLoad();
        work.run("read the newest messages", () -> reader.newest(chatId, PAGE), page -> {
            if (started != generation) {
                return;
            }
            replaceWindow(page, page.size() == PAGE, false);
            toBottom();
        }, this::loadFailed);
    }

    void showOldest() {
        if (chat == null) {
            return;
        }
        String chatId = chat.chatId();
        int started = startLoad();
        work.run("read the oldest messages", () -> reader.from(chatId, new MessageKey(Long.MIN_VALUE, ""), PAGE), page -> {
            if (started != generation) {
                return;
            }
            replaceWindow(page, false, page.size() == PAGE);
            topIndex = 0;
            topLine = 0;
            clampAndPrefetch();
        }, this::loadFailed);
    }

    /** Shows the messages around {@code key}, with the first message at or after it near the top. */
    void showAround(MessageKey key, boolean markAsHit) {
        if (chat == null) {
            return;
        }
        String chatId = chat.chatId();
        int started = startLoad();
        work.run("read messages around a date", () -> {
            List<ChatMessage> around = new ArrayList<>(reader.before(chatId, key, PAGE / 2));
            int before = around.size();
            List<ChatMessage> after = reader.from(chatId, key, PAGE);
            around.addAll(after);
            return new Around(around, before, after.size() == PAGE);
        }, result -> {
            if (started != generation) {
                return;
            }
            replaceWindow(result.messages(), result.before() == PAGE / 2, result.moreAfter());
            hit = markAsHit && result.before() < window.size() ? window.get(result.before()).key() : null;
            topIndex = Math.min(result.before(), Math.max(0, window.size() - 1));
            topLine = 0;
            scrollBy(-Math.max(1, height / 3));
        }, this::loadFailed);
    }

    private record Around(List<ChatMessage> messages, int before, boolean moreAfter) {
    }

    /** Remembers the search query so that n/N step through its hits in this chat. */
    void setQuery(String query) {
        this.query = query == null ? "" : query;
    }

    String query() {
        return query;
    }

    /** Moves to the next (or previous) hit of the search query; {@code onNone} when there is none. */
    void stepHit(boolean forward, Consumer<String> onNone) {
        if (chat == null || query.isBlank()) {
            onNone.accept("No search in this chat: press / to search first.");
            return;
        }
        MessageKey from = hit != null ? hit : currentTopKey().orElse(new MessageKey(Long.MIN_VALUE, ""));
        String chatId = chat.chatId();
        String searched = query;
        work.run("find the next hit", () -> reader.nextHit(chatId, searched, from, forward), found -> {
            if (found.isPresent()) {
                showAround(found.get(), true);
            } else {
                onNone.accept("No " + (forward ? "later" : "earlier") + " match for \""
                        + TerminalSanitizer.sanitizeLine(searched) + "\" in this chat.");
            }
        }, onNone);
    }

    private Optional<MessageKey> currentTopKey() {
        return window.isEmpty() ? Optional.empty() : Optional.of(window.get(Math.min(topIndex, window.size() - 1)).key());
    }

    /** The archive changed for this chat (a sync committed): pick up what arrived at either end. */
    void chatChanged() {
        if (chat == null || opening) {
            return;
        }
        if (window.isEmpty()) {
            showNewest();
            return;
        }
        if (!olderInStore && !loadingOlder) {
            loadOlder();
        }
        if (!newerInStore && !loadingNewer) {
            loadNewer();
        }
    }

    // ---- scrolling ----

    void scrollBy(int lines) {
        if (window.isEmpty()) {
            return;
        }
        if (lines < 0 && topIndex == 0 && topLine == 0) {
            atTopAndPushingUp();
        }
        topLine += lines;
        while (topLine < 0 && topIndex > 0) {
            topIndex--;
            topLine += blockLines(topIndex).size();
        }
        if (topLine < 0) {
            topLine = 0;
        }
        while (topIndex < window.size() - 1 && topLine >= blockLines(topIndex).size()) {
            topLine -= blockLines(topIndex).size();
            topIndex++;
        }
        clampAndPrefetch();
    }

    void pageDown(boolean half) {
        scrollBy(Math.max(1, half ? height / 2 : height - 1));
    }

    void pageUp(boolean half) {
        scrollBy(-Math.max(1, half ? height / 2 : height - 1));
    }

    private void atTopAndPushingUp() {
        if (olderInStore) {
            if (!loadingOlder) {
                loadOlder();
            }
        } else if (sync.available() && chat.sync().historyMayContinue() && !providerLoading) {
            loadOlderFromProvider();
        }
    }

    private void clampAndPrefetch() {
        if (window.isEmpty()) {
            return;
        }
        topIndex = Math.max(0, Math.min(topIndex, window.size() - 1));
        if (!newerInStore && linesFromTop(height) < height) {
            toBottom();
        }
        followingBottom = !newerInStore && linesFromTop(height + 1) <= height;
        if (topIndex < MARGIN && olderInStore && !loadingOlder) {
            loadOlder();
        }
        if (window.size() - topIndex < MARGIN && newerInStore && !loadingNewer) {
            loadNewer();
        }
    }

    private int linesFromTop(int enough) {
        int lines = -topLine;
        for (int i = topIndex; i < window.size() && lines < enough; i++) {
            lines += blockLines(i).size();
        }
        return lines;
    }

    private void toBottom() {
        followingBottom = !newerInStore;
        if (window.isEmpty()) {
            topIndex = 0;
            topLine = 0;
            return;
        }
        int lines = 0;
        int index = window.size() - 1;
        while (true) {
            int block = blockLines(index).size();
            if (lines + block >= height) {
                topIndex = index;
                topLine = lines + block - height;
                return;
            }
            lines += block;
            if (index == 0) {
                topIndex = 0;
                topLine = 0;
                return;
            }
            index--;
        }
    }

    // ---- loading ----

    private int startLoad() {
        generation++;
        opening = true;
        loadingOlder = false;
        loadingNewer = false;
        return generation;
    }

    private void replaceWindow(List<ChatMessage> page, boolean older, boolean newer) {
        window.forEach(layout::forget);
        window.clear();
        window.addAll(page);
        olderInStore = older;
        newerInStore = newer;
        opening = false;
    }

    private void loadFailed(String sentence) {
        opening = false;
        loadingOlder = false;
        loadingNewer = false;
        providerProblem = sentence;
    }

    private void loadOlder() {
        if (window.isEmpty()) {
            return;
        }
        loadingOlder = true;
        String chatId = chat.chatId();
        MessageKey first = window.get(0).key();
        int started = generation;
        work.run("read older messages", () -> reader.before(chatId, first, PAGE), page -> {
            if (started != generation) {
                return;
            }
            loadingOlder = false;
            if (window.isEmpty() || !window.get(0).key().equals(first)) {
                return;
            }
            // keep the same line of the same message at the top: the top message's banner and day
            // separator may change once messages sit before it
            int blockBefore = blockLines(topIndex).size();
            window.addAll(0, page);
            olderInStore = page.size() == PAGE;
            topIndex += page.size();
            topLine = Math.max(0, topLine + blockLines(topIndex).size() - blockBefore);
            while (window.size() > MAX_WINDOW && window.size() - 1 > topIndex + MAX_WINDOW / 2) {
                layout.forget(window.remove(window.size() - 1));
                newerInStore = true;
            }
            clampAndPrefetch();
        }, this::loadFailed);
    }

    private void loadNewer() {
        if (window.isEmpty()) {
            return;
        }
        loadingNewer = true;
        String chatId = chat.chatId();
        MessageKey last = window.get(window.size() - 1).key();
        int started = generation;
        work.run("read newer messages", () -> reader.from(chatId, last, PAGE + 1), page -> {
            if (started != generation) {
                return;
            }
            loadingNewer = false;
            if (window.isEmpty() || !window.get(window.size() - 1).key().equals(last)) {
                return;
            }
            List<ChatMessage> newer = page.stream().filter(m -> m.key().compareTo(last) > 0).toList();
            boolean wasAtBottom = !newerInStore && linesFromTop(height + 1) <= height;
            window.addAll(newer);
            newerInStore = page.size() == PAGE + 1;
            while (window.size() > MAX_WINDOW && topIndex > MAX_WINDOW / 2) {
                layout.forget(window.remove(0));
                topIndex--;
                olderInStore = true;
            }
            if (wasAtBottom || followingBottom) {
                toBottom();
            }
            clampAndPrefetch();
        }, this::loadFailed);
    }

    private void loadOlderFromProvider() {
        providerLoading = true;
        providerProblem = "";
        String chatId = chat.chatId();
        work.run("load older messages from the provider", () -> sync.loadOlder(chatId, PROVIDER_PAGE), stored -> {
            providerLoading = false;
            if (chat != null && chat.chatId().equals(chatId)) {
                if (stored == 0) {
                    providerProblem = "No older messages came from the provider.";
                }
                chatChanged();
            }
        }, sentence -> {
            providerLoading = false;
            providerProblem = sentence;
        });
    }

    int windowSize() {
        return window.size();
    }

    /** The messages on screen now, top to bottom (the first may be partly scrolled off). */
    List<ChatMessage> visibleMessages() {
        List<ChatMessage> visible = new ArrayList<>();
        int lines = -topLine;
        for (int i = topIndex; i < window.size() && lines < height; i++) {
            visible.add(window.get(i));
            lines += blockLines(i).size();
        }
        return visible;
    }

    // ---- drawing ----

    /** The lines drawn for message {@code index}: banners, a day separator, the message. */
    private List<Line> blockLines(int index) {
        ChatMessage message = window.get(index);
        List<Line> lines = new ArrayList<>();
        if (index == 0) {
            topBanner().ifPresent(lines::add);
        }
        if (index == 0 || !layout.day(window.get(index - 1)).equals(layout.day(message))) {
            lines.add(MessageLayout.daySeparator(layout.day(message), width));
        }
        lines.addAll(layout.lines(message, width, message.key().equals(hit)));
        return lines;
    }

    private Optional<Line> topBanner() {
        if (olderInStore) {
            return loadingOlder ? Optional.of(Line.of("⟳ Loading older messages…", Style.ACCENT)) : Optional.empty();
        }
        if (providerLoading) {
            return Optional.of(Line.of("⟳ Loading older messages from " + providerName() + "…", Style.ACCENT));
        }
        if (!chat.sync().historyMayContinue()) {
            return Optional.of(Line.of("· Beginning of the conversation ·", Style.DIM));
        }
        if (!providerProblem.isEmpty()) {
            return Optional.of(Line.of(TextLayout.truncate("! " + TerminalSanitizer.sanitizeLine(providerProblem), width),
                    Style.ERROR));
        }
        if (!sync.available()) {
            return Optional.of(Line.of("· Oldest stored message ·", Style.DIM));
        }
        return Optional.of(Line.of("↑ Scroll up to load older messages from " + providerName(), Style.DIM));
    }

    private String providerName() {
        return TerminalSanitizer.sanitizeLine(chat.providerId());
    }

    void render(Canvas canvas, int left, int top, int columns, int rows) {
        boolean resized = columns != width || rows != height;
        width = columns;
        height = rows;
        if (resized && !window.isEmpty()) {
            clampTopLine();
        }
        if (chat == null) {
            for (int row = 0; row < rows; row++) {
                canvas.fill(left, top + row, columns, Style.PLAIN);
            }
            canvas.text(left + 1, top + rows / 2, "Select a chat and press Enter to read it.", columns - 2, Style.DIM);
            return;
        }
        int row = 0;
        if (window.isEmpty()) {
            String message = opening ? "⟳ Opening the chat…"
                    : providerProblem.isEmpty() ? "No messages stored for this chat yet. Press s to sync its history."
                    : "! " + TerminalSanitizer.sanitizeLine(providerProblem);
            for (String text : TextLayout.wrap(message, columns - 2)) {
                if (row < rows) {
                    Line.of(" " + text, opening ? Style.ACCENT : Style.DIM).draw(canvas, left, top + row++, columns, Style.PLAIN);
                }
            }
        } else {
            int index = topIndex;
            int skip = topLine;
            while (row < rows && index < window.size()) {
                List<Line> block = blockLines(index);
                for (int i = skip; i < block.size() && row < rows; i++) {
                    block.get(i).draw(canvas, left, top + row++, columns, Style.PLAIN);
                }
                skip = 0;
                index++;
            }
            if (row < rows && newerInStore) {
                Line.of("⟳ Loading newer messages…", Style.ACCENT).draw(canvas, left, top + row++, columns, Style.PLAIN);
            }
        }
        while (row < rows) {
            canvas.fill(left, top + row++, columns, Style.PLAIN);
        }
    }

    private void clampTopLine() {
        if (followingBottom && !newerInStore) {
            toBottom();
            return;
        }
        topIndex = Math.max(0, Math.min(topIndex, window.size() - 1));
        topLine = Math.min(topLine, Math.max(0, blockLines(topIndex).size() - 1));
        if (!newerInStore && linesFromTop(height) < height) {
            toBottom();
        }
    }

    /** A line for the debug view. */
    String debugLine() {
        return "message window: " + window.size() + " messages (max " + MAX_WINDOW + "), laid out: "
                + layout.cachedMessages() + ", older in store: " + olderInStore + ", newer in store: " + newerInStore;
    }
}
