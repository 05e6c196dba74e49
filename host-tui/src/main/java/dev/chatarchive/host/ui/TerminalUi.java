package dev.chatarchive.host.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.host.browse.ArchiveReader;
import dev.chatarchive.host.browse.ChatMessage;
import dev.chatarchive.host.browse.ChatSummary;
import dev.chatarchive.host.browse.MessageKey;
import dev.chatarchive.host.browse.SearchHit;
import dev.chatarchive.host.browse.SearchIndexBacklog;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.text.DisplayWidth;
import dev.chatarchive.host.text.ProgressBar;
import dev.chatarchive.host.text.TerminalSanitizer;
import dev.chatarchive.host.text.TextLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The terminal UI: chat list, message view, status line and the overlays, drawn on a Lanterna
 * {@link Screen} (not the GUI widgets, whose lists iterate every row).
 *
 * <p>Threads. One thread, the UI thread, owns all of this class's state: it reads keys, runs the
 * tasks queued by background work, and draws ({@link #pump()}). Everything that may block (archive
 * reads, sync engine and plugin calls) runs on the background executor through
 * {@link BackgroundWork}, and its result comes back as a UI task. The public methods that other
 * threads call ({@link #chatChanged}, {@link #providerEvent}, {@link #notice}) only queue a task.
 *
 * <p>Drawing. Every frame redraws the whole back buffer from the state (a pure function of state
 * and size); Lanterna's screen sends only the cells that changed. A resize re-lays everything out.
 */
public final class TerminalUi {

    private static final int TWO_PANE_MIN_COLUMNS = 100;
    private static final Duration STATUS_REFRESH = Duration.ofSeconds(1);
    /** What the status line shows while the plugins load. */
    public static final String PLUGINS_LOADING = "plugins loading…";
    /** The search lists the newest this many hits... */
    static final int SEARCH_LIMIT = 200;
    /** ...and counts all of them up to this many ("more than 10,000" beyond). */
    static final int SEARCH_COUNT_CAP = 10_000;

    private enum Focus { LIST, CHAT }

    private final Screen screen;
    private final Canvas canvas;
    private final ArchiveReader reader;
    private final SyncControls sync;
    private final Keymap keymap;
    private final ZoneId zone;
    private final Clock clock;
    private final Supplier<List<String>> debugFacts;
    private final Semaphore wake = new Semaphore(0);
    private final BackgroundWork work;
    private final Executor background;
    private final ChatListPane list;
    private final MessagePane messages;
    private final Deque<Overlay> overlays = new ArrayDeque<>();
    private final Map<String, ProviderStatus> providers = new LinkedHashMap<>();
    /** Long work providers report ({@link ProviderEvent.Progress}) that has not ended, by provider and operation. */
    private final Map<String, String> longWork = new LinkedHashMap<>();

    private Focus focus = Focus.LIST;
    private volatile FileOpener fileOpener;
    private SyncOverview overview = SyncOverview.IDLE;
    private String notice = "";
    private boolean noticeIsProblem;
    private boolean quit;
    private boolean dirty = true;
    private boolean chatsReloading;
    private boolean chatsReloadPending;
    private boolean overviewReading;
    private boolean overviewReadPending;
    private boolean announcedInterrupted;
    /** Whether the first read of the chat list has come back (listed, or failed with a notice). */
    private boolean chatListRead;
    /** Work that waits for the first screen ({@link #afterFirstScreen}); null once handed on. */
    private Runnable afterFirstScreen;
    /** Whether the plugins are still being loaded: the status line says so ({@link #pluginsLoading}). */
    private boolean pluginsLoading;
    private long lastStatusRefresh;
    private long lastBacklogRefresh;
    private boolean backlogReading;

    /**
     * @param screen     a started screen (a real terminal, or a virtual one in tests)
     * @param reader     reads the archive (usually through the recent-chats cache)
     * @param sync       the sync engine, or {@link SyncControls#NONE}
     * @param keymap     the keys
     * @param background runs blocking work; never the UI thread
     * @param zone       the time zone to show times in
     * @param clock      "now", for "today" in the chat list
     * @param debugFacts extra lines for the debug view (cache statistics)
     */
    public TerminalUi(Screen screen, ArchiveReader reader, SyncControls sync, Keymap keymap, Executor background,
                      ZoneId zone, Clock clock, Supplier<List<String>> debugFacts) {
        this.screen = screen;
        this.canvas = new Canvas(screen);
        this.reader = reader;
        this.sync = sync;
        this.keymap = keymap;
        this.zone = zone;
        this.clock = clock;
        this.debugFacts = debugFacts;
        this.work = new BackgroundWork(background, wake::release);
        this.background = background;
        this.list = new ChatListPane(zone, clock);
        this.messages = new MessagePane(reader, sync, work, new MessageLayout(zone));
        this.fileOpener = FileOpener.system(Optional.empty(), System.getenv());
    }

    /** Opens attached files with {@code opener} instead of the system's viewer (tests, a configured command). */
    public void useFileOpener(FileOpener opener) {
        this.fileOpener = opener;
    }

    /** The attached file lowest on screen: opened in the background, the outcome on the status line. */
    private void openFile() {
        if (focus != Focus.CHAT || messages.chat().isEmpty()) {
            showNotice("Open a chat first: " + keymap.label(Action.OPEN_FILE) + " opens the attached file lowest on screen.",
                    false);
            return;
        }
        List<ChatMessage> visible = messages.visibleMessages();
        ChatMessage.AttachedFile file = null;
        for (int i = visible.size() - 1; i >= 0 && file == null; i--) {
            file = visible.get(i).attachment();
        }
        if (file == null) {
            showNotice("No attached file on screen.", false);
            return;
        }
        String name = TerminalSanitizer.sanitizeLine(file.fileName());
        if (file.path() == null) {
            showNotice(name + " is not in the archive: import the chat's export made \"with media\" to add it.", false);
            return;
        }
        ChatMessage.AttachedFile chosen = file;
        FileOpener opener = fileOpener;
        work.run("open " + name, () -> opener.open(chosen.path(), chosen.fileName(), chosen.sha256()),
                sentence -> showNotice(TerminalSanitizer.sanitizeLine(sentence), false),
                sentence -> showNotice(sentence, true));
    }

    /**
     * Runs {@code task} on the background executor once the first screen is on the terminal: the chat
     * list read and drawn (or its read failed and the notice drawn). For work the first screen does not
     * need (loading the plugins), so that it does not compete with it. Call before {@link #start()}.
     */
    public void afterFirstScreen(Runnable task) {
        this.afterFirstScreen = task;
    }

    // ---- entry points for other threads ----

    /**
     * Whether the plugins are being loaded; while they are, the status line says "plugins loading…"
     * (syncing and importing wait for them). Any thread.
     */
    public void pluginsLoading(boolean loading) {
        work.toUi(() -> {
            pluginsLoading = loading;
            dirty = true;
        });
    }

    /** Loads the chats and subscribes to sync changes. Call once, before {@link #run()}. */
    public void start() {
        sync.addListener(this::chatChanged);
        reloadChats();
        refreshOverview();
    }

    /** A chat's archive data or sync state changed (the sync engine committed). Any thread. */
    public void chatChanged(String chatId) {
        work.toUi(() -> {
            reloadChats();
            refreshOverview();
            messages.chat().filter(chat -> chat.chatId().equals(chatId)).ifPresent(chat -> messages.chatChanged());
            dirty = true;
        });
    }

    /** Something a provider told the host (pairing, connection state, notices). Any thread. */
    public void providerEvent(String providerName, ProviderEvent event) {
        work.toUi(() -> {
            handleProviderEvent(TerminalSanitizer.sanitizeLine(providerName), event);
            dirty = true;
        });
    }

    /** Shows a sentence on the notice line until the next key. Any thread. */
    public void notice(String sentence, boolean problem) {
        work.toUi(() -> showNotice(sentence, problem));
    }

    /** Shows a sentence in a dialog the user closes with Esc (for problems at start). Any thread. */
    public void alert(String title, String sentence) {
        work.toUi(() -> {
            overlays.push(ProviderDialog.message("", title, sentence));
            dirty = true;
        });
    }

    /** Runs until the user quits. The caller owns the screen (starts and stops it). */
    public void run() throws IOException {
        while (!quit) {
            if (!pump()) {
                try {
                    wake.tryAcquire(25, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * One turn of the UI loop: reads every waiting key, runs the queued UI tasks, and redraws if
     * anything changed. Returns whether anything happened. UI thread only.
     */
    public boolean pump() throws IOException {
        boolean happened = false;
        if (screen.doResizeIfNecessary() != null) {
            dirty = true;
            happened = true;
        }
        KeyStroke stroke;
        while (!quit && (stroke = screen.pollInput()) != null) {
            if (stroke.getKeyType() == KeyType.EOF) {
                quit = true;
                break;
            }
            handleKey(stroke);
            happened = true;
        }
        if (work.drain() > 0) {
            dirty = true;
            happened = true;
        }
        // while syncs run, the time left and the engine's last word need a look now and then
        if (overview.activeChats() > 0 && System.nanoTime() - lastStatusRefresh > STATUS_REFRESH.toNanos()) {
            refreshOverview();
        }
        // while the search index catches up after an import, the search list says how far it has come
        if (!backlogReading && overlays.peek() instanceof SearchResults results && results.waitsForTheIndex()
                && System.nanoTime() - lastBacklogRefresh > STATUS_REFRESH.toNanos()) {
            refreshBacklog(results);
        }
        if (dirty && !quit) {
            render();
            dirty = false;
        }
        if (chatListRead && afterFirstScreen != null && !quit) {
            Runnable task = afterFirstScreen;
            afterFirstScreen = null;
            background.execute(task);
        }
        return happened;
    }

    /** Whether no background work runs and no UI task waits: for tests that step the loop. */
    public boolean idle() {
        return work.idle();
    }

    /** How many messages the message view holds in memory now (for the debug view and tests). */
    int messageWindowSize() {
        return messages.windowSize();
    }

    public boolean quitRequested() {
        return quit;
    }

    // ---- keys ----

    private void handleKey(KeyStroke stroke) {
        dirty = true;
        if (!notice.isEmpty() && overlays.isEmpty()) {
            notice = "";
        }
        if (stroke.getKeyType() == KeyType.Character && stroke.isCtrlDown() && stroke.getCharacter() == 'c') {
            // Ctrl-C always quits, in a dialog or a prompt too, whatever the keymap says: the way out
            // everyone knows (the terminal delivers it as a key, so the host still closes cleanly)
            quit = true;
            return;
        }
        Action action = Key.of(stroke).flatMap(keymap::actionFor).orElse(null);
        Overlay top = overlays.peek();
        if (top != null) {
            if (top.handle(stroke, action) == Overlay.Outcome.CLOSE) {
                overlays.remove(top);
            }
            return;
        }
        if (focus == Focus.LIST && handleFilterKey(stroke, action)) {
            return;
        }
        if (action != null) {
            perform(action);
        }
    }

    /**
     * Type-to-filter: while filtering, every printable key types; otherwise a printable key with no
     * action of its own starts the filter. Returns whether the key went to the filter.
     */
    private boolean handleFilterKey(KeyStroke stroke, Action action) {
        boolean printable = stroke.getKeyType() == KeyType.Character && !stroke.isCtrlDown() && !stroke.isAltDown()
                && !Character.isISOControl(stroke.getCharacter());
        if (printable && (list.filtering() || action == null)) {
            list.type(stroke.getCharacter());
            return true;
        }
        if (list.filtering() && stroke.getKeyType() == KeyType.Backspace) {
            list.backspace();
            return true;
        }
        if (stroke.getKeyType() == KeyType.Escape && list.clearFilter()) {
            return true;
        }
        return false;
    }

    private void perform(Action action) {
        boolean inChat = focus == Focus.CHAT && messages.chat().isPresent();
        switch (action) {
            case QUIT -> quit = true;
            case HELP -> overlays.push(new HelpOverlay(keymap));
            case DEBUG -> overlays.push(new DebugOverlay(this::debugLines));
            case SEARCH -> overlays.push(new TextPrompt("Search all chats:", "words to find, Enter searches, Esc cancels",
                    "", this::search));
            case BACK -> {
                if (inChat) {
                    focus = Focus.LIST;
                }
            }
            case SWITCH_PANE -> focus = focus == Focus.LIST && messages.chat().isPresent() ? Focus.CHAT : Focus.LIST;
            case FILTER -> {
                focus = Focus.LIST;
                list.startFilter();
            }
            case DOWN -> moveBy(1, inChat);
            case UP -> moveBy(-1, inChat);
            case HALF_PAGE_DOWN -> pageBy(true, true, inChat);
            case HALF_PAGE_UP -> pageBy(false, true, inChat);
            case PAGE_DOWN -> pageBy(true, false, inChat);
            case PAGE_UP -> pageBy(false, false, inChat);
            case FIRST -> {
                if (inChat) {
                    messages.showOldest();
                } else {
                    list.first();
                }
            }
            case LAST -> {
                if (inChat) {
                    messages.showNewest();
                } else {
                    list.last();
                }
            }
            case OPEN -> {
                if (!inChat) {
                    list.selectedChat().ifPresent(this::openChat);
                }
            }
            case NEXT_HIT, PREVIOUS_HIT -> {
                if (inChat) {
                    messages.stepHit(action == Action.NEXT_HIT, sentence -> showNotice(sentence, false));
                } else {
                    showNotice("Open a chat first: n and N step through search hits in the open chat.", false);
                }
            }
            case JUMP_TO_DATE -> jumpToDate();
            case OPEN_FILE -> openFile();
            case SYNC_CHAT -> targetChat().ifPresent(chat -> overlays.push(new SyncDialog(chat,
                    (max, mode) -> startSync(chat, max, mode))));
            case SYNC_ALL -> work.run("start syncing all chats", () -> {
                sync.syncAll(SyncDialog.DEFAULT_MAX_MESSAGES);
                return true;
            }, started -> showNotice("Syncing all chats that are not complete. c cancels the selected chat's sync.", false),
                    sentence -> showNotice(sentence, true));
            case CANCEL_SYNC -> targetChat().ifPresent(chat -> {
                String title = TerminalSanitizer.sanitizeLine(chat.title());
                if (!sync.isSyncing(chat.chatId())) {
                    showNotice("No sync of " + title + " is running, so there is nothing to cancel.", false);
                    return;
                }
                work.run("cancel the sync", () -> {
                    sync.cancel(chat.chatId());
                    return true;
                }, done -> showNotice("Cancelling the sync of " + title + ". " + keymap.label(Action.RESUME_SYNC)
                        + " resumes it.", false), sentence -> showNotice(sentence, true));
            });
            case RESUME_SYNC -> targetChat().ifPresent(chat -> startSync(chat,
                    sync.lastAskedMax(chat.chatId()).orElse(SyncDialog.DEFAULT_MAX_MESSAGES), SyncMode.CONTINUE));
            case IMPORT_WITH_DATE_ORDER -> importWithDateOrder();
        }
    }

    private void moveBy(int lines, boolean inChat) {
        if (inChat) {
            messages.scrollBy(lines);
        } else {
            list.move(lines);
        }
    }

    private void pageBy(boolean down, boolean half, boolean inChat) {
        if (inChat) {
            if (down) {
                messages.pageDown(half);
            } else {
                messages.pageUp(half);
            }
        } else {
            int chats = list.pageChats(half);
            list.move(down ? chats : -chats);
        }
    }

    private Optional<ChatSummary> targetChat() {
        Optional<ChatSummary> chat = focus == Focus.CHAT ? messages.chat() : list.selectedChat();
        if (chat.isEmpty()) {
            showNotice("Select a chat first.", false);
        }
        return chat.map(c -> list.find(c.chatId()).orElse(c));
    }

    private void openChat(ChatSummary chat) {
        messages.open(chat);
        focus = Focus.CHAT;
    }

    private void startSync(ChatSummary chat, int maxMessages, SyncMode mode) {
        String title = TerminalSanitizer.sanitizeLine(chat.title());
        work.run("start the sync", () -> {
            sync.syncChat(chat.chatId(), maxMessages, mode);
            return true;
        }, started -> showNotice((mode == SyncMode.RESTART ? "Restarted" : "Started") + " syncing up to "
                + maxMessages + " older messages of " + title + ". " + keymap.label(Action.CANCEL_SYNC) + " cancels.", false),
                sentence -> showNotice(sentence, true));
    }

    /**
     * Asks for an export file (the last one refused for its dates, when a notice named one) and how its
     * dates read, then imports it: the way out of "the dates can be read day-first or month-first".
     */
    private void importWithDateOrder() {
        overlays.push(new TextPrompt("Import with a date order, file:", "the export's path, Enter goes on, Esc cancels",
                lastAmbiguousExport, path -> overlays.push(new TextPrompt("Its dates are:",
                "d = day-month-year (23/03/22), m = month-day-year (3/23/22), y = year-month-day", "", answer -> {
                    String order = switch (answer.strip().toLowerCase(Locale.ROOT)) {
                        case "d", "dmy", "day-month-year" -> "day-month-year";
                        case "m", "mdy", "month-day-year" -> "month-day-year";
                        case "y", "ymd", "year-month-day" -> "year-month-day";
                        default -> null;
                    };
                    if (order == null) {
                        showNotice("\"" + TerminalSanitizer.sanitizeLine(answer) + "\" is no date order: answer d, m"
                                + " or y. " + keymap.label(Action.IMPORT_WITH_DATE_ORDER) + " asks again.", true);
                        return;
                    }
                    showNotice("Importing " + TerminalSanitizer.sanitizeLine(path) + " with its dates read " + order
                            + "...", false);
                    work.run("import the file", () -> sync.importWithDateOrder(Path.of(path.strip()), order),
                            sentence -> showNotice(TerminalSanitizer.sanitizeLine(sentence), false),
                            sentence -> showNotice(sentence, true));
                }))));
    }

    /**
     * The export named by the last notice that refused a file for its dates, remembered so that the
     * import-with-date-order prompt can offer it. The sentence names the file's properties file.
     */
    private String lastAmbiguousExport = "";

    private void rememberAmbiguousExport(String sentence) {
        int end = sentence.lastIndexOf(".properties'");
        int start = end < 0 ? -1 : sentence.lastIndexOf('\'', end - 1);
        if (sentence.contains("--date-order") && start >= 0) {
            lastAmbiguousExport = sentence.substring(start + 1, end);
        }
    }

    private void jumpToDate() {
        Optional<ChatSummary> chat = focus == Focus.CHAT ? messages.chat() : list.selectedChat();
        if (chat.isEmpty()) {
            showNotice("Select a chat first.", false);
            return;
        }
        if (focus == Focus.LIST) {
            openChat(chat.get());
        }
        overlays.push(new TextPrompt("Jump to date:", "YYYY-MM-DD, YYYY-MM, oldest, newest, today", "", answer -> {
            String text = answer.toLowerCase(Locale.ROOT);
            if (text.equals("oldest") || text.equals("first")) {
                messages.showOldest();
            } else if (text.equals("newest") || text.equals("last")) {
                messages.showNewest();
            } else {
                parseDate(text).ifPresentOrElse(
                        day -> messages.showAround(MessageKey.startOf(day.atStartOfDay(zone).toInstant().toEpochMilli()), false),
                        () -> showNotice("\"" + TerminalSanitizer.sanitizeLine(answer)
                                + "\" is not a date I know; write it as 2024-03-12, 2024-03 or 2024.", true));
            }
        }));
    }

    private Optional<LocalDate> parseDate(String text) {
        try {
            if (text.equals("today")) {
                return Optional.of(LocalDate.now(clock.withZone(zone)));
            }
            if (text.equals("yesterday")) {
                return Optional.of(LocalDate.now(clock.withZone(zone)).minusDays(1));
            }
            if (text.matches("\\d{4}")) {
                return Optional.of(LocalDate.of(Integer.parseInt(text), 1, 1));
            }
            if (text.matches("\\d{4}-\\d{1,2}")) {
                String[] parts = text.split("-");
                return Optional.of(LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), 1));
            }
            if (text.matches("\\d{4}-\\d{1,2}-\\d{1,2}")) {
                String[] parts = text.split("-");
                return Optional.of(LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2])));
            }
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private void search(String query) {
        SearchResults results = new SearchResults(query, zone, SEARCH_LIMIT, hit -> {
            ChatSummary chat = list.find(hit.chatId()).orElse(null);
            if (chat == null) {
                showNotice("That chat is no longer in the archive.", true);
                return;
            }
            list.select(chat.chatId());
            messages.open(chat);
            messages.setQuery(query);
            messages.showAround(hit.key(), true);
            focus = Focus.CHAT;
        });
        overlays.push(results);
        // The backlog is read first, in the same task: a backlog then means these hits may miss messages.
        work.run("search", () -> new SearchRun(reader.searchBacklog(), reader.search(query, SEARCH_LIMIT)), run -> {
            results.backlog(run.backlog());
            lastBacklogRefresh = System.nanoTime();
            if (results.show(run.hits())) {
                work.run("count the search hits", () -> reader.countHits(query, SEARCH_COUNT_CAP), results::count,
                        failed -> results.count(null));
            }
        }, results::fail);
    }

    /** A search's hits, with the search index's backlog read just before. */
    private record SearchRun(SearchIndexBacklog backlog, List<SearchHit> hits) {
    }

    /** Reads the search index's backlog again for the search list on top; one read at a time. */
    private void refreshBacklog(SearchResults results) {
        backlogReading = true;
        lastBacklogRefresh = System.nanoTime();
        work.run("read the search index's backlog", reader::searchBacklog, backlog -> {
            backlogReading = false;
            results.backlog(backlog);
        }, failed -> backlogReading = false);
    }

    private void showNotice(String sentence, boolean problem) {
        notice = TerminalSanitizer.sanitizeLine(sentence);
        noticeIsProblem = problem;
        dirty = true;
    }

    // ---- data refresh ----

    private void reloadChats() {
        if (chatsReloading) {
            chatsReloadPending = true;
            return;
        }
        chatsReloading = true;
        work.run("read the chat list", reader::chats, chats -> {
            chatsReloading = false;
            chatListRead = true;
            list.setChats(chats);
            messages.chat().flatMap(open -> list.find(open.chatId())).ifPresent(messages::updateSummary);
            announceInterruptedSyncs(chats);
            if (chatsReloadPending) {
                chatsReloadPending = false;
                reloadChats();
            }
        }, sentence -> {
            chatsReloading = false;
            chatListRead = true;
            showNotice(sentence, true);
        });
    }

    private void announceInterruptedSyncs(List<ChatSummary> chats) {
        if (announcedInterrupted) {
            return;
        }
        announcedInterrupted = true;
        long interrupted = chats.stream().filter(chat -> chat.sync().stoppedUnexpectedly()).count();
        if (interrupted > 0) {
            showNotice(interrupted + (interrupted == 1 ? " sync was" : " syncs were") + " interrupted: select a chat marked "
                    + "\"interrupted\" and press " + keymap.label(Action.RESUME_SYNC) + " to resume it, or "
                    + keymap.label(Action.SYNC_ALL) + " to sync all chats.", false);
        }
    }

    /** Reads the global sync status; one read at a time, so an older answer never replaces a newer one. */
    private void refreshOverview() {
        lastStatusRefresh = System.nanoTime();
        if (overviewReading) {
            overviewReadPending = true;
            return;
        }
        overviewReading = true;
        work.run("read the sync status", sync::overview, status -> {
            overview = status;
            overviewRead();
        }, sentence -> overviewRead());
    }

    private void overviewRead() {
        overviewReading = false;
        if (overviewReadPending) {
            overviewReadPending = false;
            refreshOverview();
        }
    }

    private void handleProviderEvent(String providerName, ProviderEvent event) {
        if (event instanceof ProviderEvent.PairingQrCode qr) {
            Overlay top = overlays.peek();
            if (top instanceof ProviderDialog dialog && dialog.providerName().equals(providerName) && dialog.showsQrCode()) {
                dialog.replaceQr(qr.data());
            } else {
                overlays.push(ProviderDialog.qrCode(providerName, qr.data()));
            }
        } else if (event instanceof ProviderEvent.PairingCode code) {
            overlays.push(ProviderDialog.pairingCode(providerName, code.code()));
        } else if (event instanceof ProviderEvent.StatusChanged changed) {
            providers.put(providerName, changed.status());
            ConnectionState state = changed.status().state();
            if (state == ConnectionState.CONNECTED) {
                overlays.removeIf(overlay -> overlay instanceof ProviderDialog dialog
                        && dialog.providerName().equals(providerName));
            } else if (state == ConnectionState.LOGGED_OUT) {
                overlays.push(ProviderDialog.message(providerName, providerName + " logged out",
                        changed.status().detail().isBlank()
                                ? providerName + " was logged out. Pair it again to sync live history."
                                : changed.status().detail()));
            } else if (state == ConnectionState.ERROR) {
                showNotice(providerName + ": " + changed.status().detail(), true);
            }
        } else if (event instanceof ProviderEvent.Notice sentence) {
            rememberAmbiguousExport(sentence.message());
            showNotice(providerName + ": " + sentence.message(), sentence.warning());
        } else if (event instanceof ProviderEvent.Progress progress) {
            String key = providerName + "\u0000" + progress.operation();
            longWork.remove(key); // the newest report goes last: it is the one the status line shows
            if (!progress.finished()) {
                longWork.put(key, progressText(providerName, progress));
            }
        } else {
            // chats updated, messages received or revised: the host stores them, then the list is stale
            reloadChats();
        }
    }

    /** Lets the caller record a provider's state without an event (at start). Any thread. */
    public void providerStatus(String providerName, ProviderStatus status) {
        providerEvent(providerName, new ProviderEvent.StatusChanged(status));
    }

    private List<String> debugLines() {
        List<String> lines = new ArrayList<>(debugFacts.get());
        lines.add(messages.debugLine());
        TerminalSize size = canvas.size();
        lines.add("screen: " + size.getColumns() + "x" + size.getRows() + ", chats listed: " + list.chats().size());
        return lines;
    }

    // ---- drawing ----

    private void render() throws IOException {
        TerminalSize size = canvas.size();
        int columns = size.getColumns();
        int rows = size.getRows();
        drawTitleBar(columns);
        int paneTop = 1;
        int paneRows = Math.max(0, rows - 2 - (notice.isEmpty() ? 0 : 1));
        boolean twoPanes = columns >= TWO_PANE_MIN_COLUMNS;
        if (twoPanes) {
            int listWidth = Math.min(44, columns * 2 / 5);
            list.render(canvas, 0, paneTop, listWidth, paneRows, focus == Focus.LIST);
            for (int row = 0; row < paneRows; row++) {
                canvas.text(listWidth, paneTop + row, "│", 1, Style.DIM);
            }
            messages.render(canvas, listWidth + 1, paneTop, columns - listWidth - 1, paneRows);
        } else if (focus == Focus.CHAT && messages.chat().isPresent()) {
            messages.render(canvas, 0, paneTop, columns, paneRows);
        } else {
            list.render(canvas, 0, paneTop, columns, paneRows, true);
        }
        if (!notice.isEmpty() && rows >= 3) {
            Line.of(TextLayout.truncate(notice, columns), noticeIsProblem ? Style.ERROR : Style.ACCENT)
                    .draw(canvas, 0, rows - 2, columns, Style.PLAIN);
        }
        drawStatusLine(columns, rows - 1);
        for (Overlay overlay : (Iterable<Overlay>) overlays::descendingIterator) {
            overlay.render(canvas, columns, rows);
        }
        screen.setCursorPosition(null);
        screen.refresh();
    }

    private void drawTitleBar(int columns) {
        StringBuilder title = new StringBuilder(" chat-archive");
        Optional<ChatSummary> chat = messages.chat();
        if (chat.isPresent() && (focus == Focus.CHAT || columns >= TWO_PANE_MIN_COLUMNS)) {
            ChatSummary open = list.find(chat.get().chatId()).orElse(chat.get());
            title.append(" │ ").append(TerminalSanitizer.sanitizeLine(open.title())).append(" · ")
                    .append(TerminalSanitizer.sanitizeLine(open.providerId())).append(" · ")
                    .append(open.messageCount()).append(" messages · ").append(open.sync().shortLabel());
            if (open.sync().state() == SyncState.FAILED && !open.sync().error().isEmpty()) {
                title.append(": ").append(TerminalSanitizer.sanitizeLine(open.sync().error()));
            }
        } else {
            title.append(" │ Chats (").append(list.chats().size()).append(")");
        }
        Line.of(TextLayout.truncate(title.toString(), columns), Style.STATUS).draw(canvas, 0, 0, columns, Style.STATUS);
    }

    private void drawStatusLine(int columns, int row) {
        String hints = keymap.label(Action.HELP) + " help  " + keymap.label(Action.SEARCH) + " search  "
                + keymap.label(Action.SYNC_CHAT) + " sync  " + keymap.label(Action.QUIT) + " quit ";
        StringBuilder status = new StringBuilder(" ").append(syncSummary());
        for (Map.Entry<String, ProviderStatus> provider : providers.entrySet()) {
            status.append(" │ ").append(provider.getKey()).append(": ")
                    .append(provider.getValue().state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            if (!provider.getValue().detail().isBlank()) {
                status.append(" (").append(TerminalSanitizer.sanitizeLine(provider.getValue().detail())).append(")");
            }
        }
        if (pluginsLoading) {
            status.append(" │ ").append(PLUGINS_LOADING);
        }
        int hintWidth = DisplayWidth.of(hints);
        int statusWidth = Math.max(0, columns - hintWidth - 1);
        if (statusWidth < 20) {
            Line.of(TextLayout.truncate(status.toString(), columns), Style.STATUS).draw(canvas, 0, row, columns, Style.STATUS);
            return;
        }
        new Line.Builder().add(TextLayout.fit(status.toString(), statusWidth), Style.STATUS).add(" " + hints, Style.STATUS)
                .build().draw(canvas, 0, row, columns, Style.STATUS);
    }

    /** A provider's long work as the status line shows it, drawn like the command line's bar. */
    private static String progressText(String providerName, ProviderEvent.Progress progress) {
        StringBuilder text = new StringBuilder(providerName).append(": ")
                .append(TerminalSanitizer.sanitizeLine(progress.operation()));
        if (!progress.detail().isBlank()) {
            text.append(" (").append(TerminalSanitizer.sanitizeLine(progress.detail())).append(')');
        }
        if (progress.total() >= 0) {
            int percent = progress.total() == 0 ? 100 : (int) Math.min(100, progress.done() * 100 / progress.total());
            text.append(' ').append(ProgressBar.of(percent));
        } else {
            text.append("...");
        }
        return text.toString();
    }

    private String syncSummary() {
        if (!longWork.isEmpty()) {
            String newest = longWork.values().stream().reduce((first, second) -> second).orElseThrow();
            return overview.activeChats() == 0 ? newest : newest + " · " + activeSyncSummary();
        }
        return activeSyncSummary();
    }

    private String activeSyncSummary() {
        if (overview.activeChats() == 0) {
            return overview.messagesSynced() > 0 ? "Sync idle · " + overview.messagesSynced() + " messages synced"
                    : "Sync idle";
        }
        StringBuilder text = new StringBuilder("Syncing ").append(overview.activeChats())
                .append(overview.activeChats() == 1 ? " chat" : " chats").append(" · ")
                .append(overview.messagesSynced()).append(" messages");
        if (overview.percent() != null) {
            text.append(" · ").append(overview.percent()).append('%');
        }
        if (overview.remaining() != null) {
            long seconds = overview.remaining().toSeconds();
            text.append(" · ").append(seconds < 90 ? "~" + seconds + " s left" : "~" + (seconds + 30) / 60 + " min left");
        }
        return text.toString();
    }
}
