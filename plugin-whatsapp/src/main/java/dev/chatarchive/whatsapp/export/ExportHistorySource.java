package dev.chatarchive.whatsapp.export;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import dev.chatarchive.whatsapp.source.HistorySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WhatsApp "Export chat" files as a history source: the files in the configured folders plus those
 * registered with {@code chat-archive import}, each parsed once into the plugin's data folder
 * ({@link ParsedExportCache}), grouped into chats ({@link ExportChatIdentity}), and paged in both
 * directions from a compact per-chat index ({@link ExportChatIndex}).
 *
 * <p>State is an immutable {@link Catalog} replaced whole on each refresh, so readers never see a
 * half-built one. Refreshes (folder scans, parsing new files) are serialised; pages are read without
 * locks.
 */
public final class ExportHistorySource implements HistorySource {

    private static final Logger LOG = LoggerFactory.getLogger(ExportHistorySource.class);

    private ProviderContext context;
    private ExportSettings settings;
    private String settingsProblem = "The export source has not been started.";
    private ExportRegistry registry;
    private ParsedExportCache cache;
    private volatile Catalog catalog;
    private final ExportMedia media = new ExportMedia();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** Pages read ahead, by chat: at most {@link #READ_AHEAD_CHATS}; guarded by itself. */
    private final Map<String, ReadAhead> ahead = new LinkedHashMap<>();
    /** The thread that reads ahead; made on first use, ended by {@link #stop}. Guarded by {@link #ahead}. */
    private ExecutorService readAheadThread;
    /** Set by {@link #stop}: no page is read ahead any more. Guarded by {@link #ahead}. */
    private boolean stopped;
    private final AtomicInteger pagesReadAhead = new AtomicInteger();

    /**
     * How many chats may have a page read ahead at once: the sync engine pages up to
     * {@link HistorySource#LOCAL_FILES}' concurrent requests, one chat each; a page is at most 5,000 messages.
     */
    private static final int READ_AHEAD_CHATS = 4;

    /** The page of {@code chat} at positions {@code [from, to)} of {@code index}, being read (or read). */
    private record ReadAhead(Chat chat, ExportChatIndex index, int from, int to,
                             Future<List<HistoricalMessage>> future) {
    }

    /**
     * How far past this machine's clock an export's time may lie and still be kept: the widest gap
     * between two time zones (26 hours, from UTC-12 to UTC+14), since an export's wall-clock times are
     * read in this computer's zone, and an hour for a phone clock that runs ahead. The host refuses
     * messages past its own limit, which is the same.
     */
    static final Duration FUTURE_SKEW = Duration.ofHours(27);

    /**
     * One export with the identity decided for its chat.
     *
     * @param me the author whose messages are the user's: the identity's, else the one author common
     *           to the exports of several chats (which marks messages, never moves a chat)
     */
    private record Member(ParsedExportCache.CachedExport export, ExportChatIdentity identity, String me) {
    }

    /**
     * A chat and its exports, the newest export first.
     *
     * @param chatNames names that appear only on system lines (iOS puts the chat's name there): never
     *                  a person, so their lines are the chat's events
     */
    private record Chat(ChatDescription description, List<Member> members, Set<String> chatNames) {
        List<String> keys() {
            return members.stream().map(m -> m.export().key()).toList();
        }
    }

    /** Everything known at one refresh. Indexes are built on first use and kept with the catalog. */
    private static final class Catalog {
        final Map<String, Chat> chats;
        final int files;
        final List<String> problems;
        final Map<String, ExportChatIndex> indexes = new ConcurrentHashMap<>();

        Catalog(Map<String, Chat> chats, int files, List<String> problems) {
            this.chats = chats;
            this.files = files;
            this.problems = problems;
        }
    }

    @Override
    public String name() {
        return "exports";
    }

    @Override
    public void start(ProviderContext context) {
        this.context = context;
        // The files imported into this archive, not into every archive of the data folder (api 1.1).
        this.registry = new ExportRegistry(context.archiveDataDirectory().resolve("registered-exports.txt"));
        this.cache = new ParsedExportCache(context.dataDirectory().resolve("export-cache"));
        try {
            settings = ExportSettings.from(context);
            settingsProblem = null;
        } catch (ExportSettings.InvalidSettingException e) {
            settingsProblem = e.getMessage();
            LOG.warn("WhatsApp export settings are wrong: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        catalog = null;
        synchronized (ahead) {
            stopped = true;
            ahead.values().forEach(page -> page.future().cancel(true));
            ahead.clear();
            if (readAheadThread != null) {
                readAheadThread.shutdownNow();
                readAheadThread = null;
            }
        }
        media.close();
    }

    @Override
    public ProviderStatus status() {
        if (settingsProblem != null) {
            return new ProviderStatus(ConnectionState.ERROR, settingsProblem);
        }
        Catalog current = catalog;
        if (current == null) {
            return new ProviderStatus(ConnectionState.OFFLINE_READY, "Export files not read yet");
        }
        String detail = current.files + (current.files == 1 ? " export file, " : " export files, ")
                + current.chats.size() + (current.chats.size() == 1 ? " chat" : " chats");
        if (!current.problems.isEmpty()) {
            detail += "; " + current.problems.size() + " could not be read (see the log)";
        }
        return new ProviderStatus(ConnectionState.OFFLINE_READY, detail);
    }

    /** A file on this computer: {@link HistorySource#LOCAL_FILES}, whatever live mode is doing. */
    @Override
    public SyncPolicy syncPolicy() {
        return LOCAL_FILES;
    }

    @Override
    public Set<PagingDirection> supportedDirections() {
        return EnumSet.of(PagingDirection.OLDER, PagingDirection.NEWER);
    }

    @Override
    public List<ChatDescription> listChats() throws ProviderException, InterruptedException {
        return refresh().chats.values().stream().map(Chat::description).toList();
    }

    @Override
    public boolean owns(String chatId) {
        try {
            return current().chats.containsKey(chatId);
        } catch (ProviderException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    @Override
    public Optional<Instant> horizon(String chatId) {
        Catalog current = catalog;
        if (current == null || !current.chats.containsKey(chatId)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(index(current, chatId).newest());
        } catch (ProviderException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.ofNullable(current.chats.get(chatId).description().lastActivity());
        }
    }

    @Override
    public boolean canImport(Path source) {
        return Files.isRegularFile(source) && ExportFile.looksLikeExport(source);
    }

    @Override
    public List<ChatDescription> importSource(Path source) throws ProviderException, InterruptedException {
        return importSource(source, ImportOptions.NONE);
    }

    /**
     * Registers an export file. The option {@link ImportOptions#DATE_ORDER} ({@code day-month-year},
     * {@code month-day-year}, {@code year-month-day}) says how to read its dates, and is remembered for
     * the file. What the user should hear about how it was read (lines that could not be read, messages
     * dated in the future) is published as {@link ProviderEvent.Notice}s.
     */
    @Override
    public List<ChatDescription> importSource(Path source, ImportOptions options)
            throws ProviderException, InterruptedException {
        requireSettings();
        Path file = source.toAbsolutePath().normalize();
        if (!canImport(file)) {
            throw new PermanentProviderException("'" + source + "' is not a WhatsApp export: expected the .txt or .zip"
                    + " file that WhatsApp's \"Export chat\" makes.");
        }
        DateOrder given = null;
        Optional<String> orderOption = options.get(ImportOptions.DATE_ORDER);
        if (orderOption.isPresent()) {
            given = DateOrder.fromSetting(orderOption.get()).orElseThrow(() -> new PermanentProviderException(
                    "--date-order " + orderOption.get() + " is not a date order: use day-month-year, month-day-year"
                            + " or year-month-day."));
        }
        ExportProperties properties = ExportProperties.of(file);
        ParseReports reports = new ParseReports(file.getFileName().toString());
        ParsedExportCache.CachedExport parsed;
        try {
            parsed = cache.ensure(file, given != null ? given : orderFor(file, properties), reports);
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            reports.end("stopped");
            throw e;
        }
        reports.end("done");
        try {
            registry.add(file, given);
        } catch (IOException e) {
            throw new PermanentProviderException("The WhatsApp plugin could not remember '" + source + "' in its data"
                    + " folder (" + e.getMessage() + "): check free space and permissions.", e);
        }
        tell(parsed, true);
        Catalog refreshed = refresh();
        return refreshed.chats.values().stream()
                .filter(chat -> chat.keys().contains(parsed.key()))
                .map(Chat::description).toList();
    }

    /**
     * Publishes how far the parse of an export has got, before its first page can be given (seconds
     * for a big chat), as {@link ProviderEvent.Progress} "Parsing NAME": each pass of the parser over the
     * transcript ("pass 1", "pass 2"...) in bytes, at each percent, then one report that ends it, also
     * when the parse fails. Nothing when the file was parsed before (the cache answers at once).
     */
    private final class ParseReports implements ParseProgress {

        private final String operation;
        private int pass;
        private int percent = -1;
        private boolean started;

        ParseReports(String name) {
            this.operation = "Parsing " + name;
        }

        @Override
        public void bytesRead(int pass, long done, long total) {
            if (pass != this.pass) {
                this.pass = pass;
                percent = -1;
            }
            if (total <= 0) {
                if (percent < 0) {
                    percent = 0;
                    publish("pass " + pass, 0, -1);
                }
                return;
            }
            long shown = Math.min(done, total - 1); // the work ends when the parse does, not with a pass
            int now = (int) (shown * 100 / total);
            if (now > percent) {
                percent = now;
                publish("pass " + pass, shown, total);
            }
        }

        void end(String detail) {
            if (started) {
                publish(detail, 1, 1);
                started = false;
            }
        }

        private void publish(String detail, long done, long total) {
            started = true;
            if (context != null) {
                context.publish(new ProviderEvent.Progress(operation, detail, done, total));
            }
        }
    }

    /**
     * Publishes what the user should hear about how an export was read: lines that could not be read,
     * notes, messages dated past this machine's clock. Once per parse of a file unless {@code always}.
     */
    private void tell(ParsedExportCache.CachedExport export, boolean always) {
        if (context == null) {
            return;
        }
        List<String> sentences = new ArrayList<>(export.summary().messagesFor(export.exportFile().getFileName()
                .toString()));
        futureDated(export).ifPresent(sentences::add);
        for (String sentence : sentences) {
            boolean firstTime = reported.add(export.key() + "\u0000" + sentence);
            if (always || firstTime) {
                LOG.warn("{}", sentence);
                context.publish(new ProviderEvent.Notice(sentence, true));
            }
        }
    }

    /** A sentence about the messages of {@code export} dated past this machine's clock, if any. */
    private Optional<String> futureDated(ParsedExportCache.CachedExport export) {
        java.time.LocalDateTime last = export.summary().last();
        java.time.LocalDateTime latest = java.time.LocalDateTime.ofInstant(
                context.clock().instant().plus(FUTURE_SKEW), settings.zone());
        if (last == null || !last.isAfter(latest)) {
            return Optional.empty();
        }
        long[] countAndLine = {0, -1};
        java.time.LocalDateTime[] first = {null};
        try {
            cache.forEach(export, cached -> {
                ParsedMessage message = cached.message();
                if (message.localTime().isAfter(latest)) {
                    countAndLine[0]++;
                    if (countAndLine[1] < 0) {
                        countAndLine[1] = message.line();
                        first[0] = message.localTime().withNano(0);
                    }
                }
            });
        } catch (IOException | ProviderException e) {
            LOG.warn("Could not look through the parsed copy of {} for messages dated in the future",
                    export.exportFile(), e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (countAndLine[0] == 0) {
            return Optional.empty();
        }
        String name = export.exportFile().getFileName().toString();
        return Optional.of("'" + name + "': " + (countAndLine[0] == 1 ? "1 message is" : countAndLine[0]
                + " messages are") + " dated after this computer's clock by more than " + FUTURE_SKEW.toHours()
                + " hours (the first on line " + countAndLine[1] + ", " + first[0].toString().replace('T', ' ')
                + "); the archive does not store messages from the future. If the phone's clock was wrong, the"
                + " file cannot say by how much; if whatsapp.exports.timezone is wrong, set it and import again.");
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
        Catalog current = current();
        Chat chat = current.chats.get(request.chatId());
        if (chat == null) {
            current = refresh();
            chat = current.chats.get(request.chatId());
        }
        if (chat == null) {
            throw new PermanentProviderException("No WhatsApp export holds chat " + request.chatId()
                    + ": import its export file again (chat-archive import FILE).");
        }
        ExportChatIndex index = index(current, request.chatId());
        if (!index.filesPresent()) {
            // The parsed messages were dropped when the chat was paged to its start: parse again.
            current.indexes.remove(request.chatId(), index);
            index = index(current, request.chatId());
        }
        boolean older = request.direction() == PagingDirection.OLDER;
        int[] range = index.range(request.cursor(), older, request.limit());
        // Only a page going back can be one read ahead; a request for newer messages (the host's catch-up
        // at the start of each run) leaves the chat's read-ahead for the page back that follows it.
        List<HistoricalMessage> messages = older ? takeReadAhead(request.chatId(), chat, index, range[0], range[1])
                : null;
        if (messages != null) {
            pagesReadAhead.incrementAndGet();
        } else {
            try {
                messages = page(chat, index, range[0], range[1]);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("reading chat " + request.chatId() + " was interrupted");
                }
                catalog = null;
                throw new PermanentProviderException("The parsed copy of chat '" + chat.description().title()
                        + "' could not be read (" + e.getMessage() + "); sync it again to parse its exports anew.", e);
            }
        }
        boolean end = older ? range[0] == 0 : range[1] == index.size();
        if (older && end) {
            // The oldest page is handed over: the archive holds the chat now, so its parsed copy only
            // costs disk. The index stays in memory for the chat's horizon; a later page parses again.
            chat.members().forEach(member -> cache.dropMessages(member.export()));
        } else if (older) {
            // The host asks for the page before this one once it has stored this one: read it meanwhile.
            readAhead(request.chatId(), chat, index, Math.max(0, range[0] - request.limit()), range[0]);
        }
        return new HistoryPage(messages, end, (long) index.size());
    }

    /** The messages at positions {@code [from, to)} of {@code index}, oldest first, as the host takes them. */
    private List<HistoricalMessage> page(Chat chat, ExportChatIndex index, int from, int to) throws IOException {
        List<ParsedExportCache.CachedMessage> cached = index.read(from, to);
        List<HistoricalMessage> messages = new ArrayList<>(cached.size());
        Authors authors = new Authors(chat);
        for (ParsedExportCache.CachedMessage message : cached) {
            messages.add(toHistorical(message, chat, authors));
        }
        return messages;
    }

    /**
     * Starts reading the page of {@code chat} at {@code [from, to)} on the source's own thread, so that
     * it is read while the host stores the page just answered (the host asks for the next page only then).
     */
    private void readAhead(String chatId, Chat chat, ExportChatIndex index, int from, int to) {
        synchronized (ahead) {
            if (stopped) {
                return;
            }
            if (readAheadThread == null) {
                // One thread, ending itself when idle, so a source nobody stops leaves no thread behind.
                ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(), runnable -> {
                            Thread thread = new Thread(runnable, "whatsapp-export-read-ahead");
                            thread.setDaemon(true);
                            return thread;
                        });
                executor.allowCoreThreadTimeOut(true);
                readAheadThread = executor;
            }
            Future<List<HistoricalMessage>> future = readAheadThread.submit(() -> page(chat, index, from, to));
            ReadAhead previous = ahead.put(chatId, new ReadAhead(chat, index, from, to, future));
            if (previous != null) {
                previous.future().cancel(false);
            }
            if (ahead.size() > READ_AHEAD_CHATS) {
                var eldest = ahead.values().iterator();
                eldest.next().future().cancel(false);
                eldest.remove();
            }
        }
    }

    /**
     * The page at {@code [from, to)} when it was read ahead from the same index for the same chat (a
     * smaller page ending at the same message is cut from it); {@code null} otherwise, also when
     * reading it failed: the caller reads it again and says why the usual way.
     */
    private List<HistoricalMessage> takeReadAhead(String chatId, Chat chat, ExportChatIndex index, int from, int to)
            throws InterruptedException {
        ReadAhead page;
        synchronized (ahead) {
            page = ahead.remove(chatId);
        }
        if (page == null) {
            return null;
        }
        if (Thread.interrupted()) {
            page.future().cancel(false);
            throw new InterruptedException("reading chat " + chatId + " was interrupted");
        }
        if (page.index() != index || page.to() != to || from < page.from() || !page.chat().equals(chat)) {
            page.future().cancel(false);
            return null;
        }
        List<HistoricalMessage> messages;
        try {
            messages = page.future().get();
        } catch (ExecutionException | CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            page.future().cancel(false);
            throw e;
        }
        return from == page.from() ? messages : List.copyOf(messages.subList(from - page.from(), messages.size()));
    }

    /** Pages answered from a read-ahead so far (for tests). */
    int pagesReadAhead() {
        return pagesReadAhead.get();
    }

    /**
     * What a page's messages need to know of their authors, worked out once per author and page
     * rather than per message (a chat has few authors; a page has thousands of messages).
     */
    private static final class Authors {
        private final Chat chat;
        private final String me;
        private final Map<String, Author> known = new java.util.HashMap<>();
        private List<Path> exportFiles;

        /**
         * @param chatName whether the name is one of the chat's own (its lines are the chat's events)
         * @param me       whether the name is the export's owner
         * @param sender   the sender of a message written under the name that is neither
         */
        private record Author(boolean chatName, boolean me, String sender) {
        }

        Authors(Chat chat) {
            this.chat = chat;
            this.me = chat.members().stream().map(Member::me).filter(Objects::nonNull).findFirst().orElse(null);
        }

        Author of(String name) {
            Author author = known.get(name);
            if (author == null) {
                author = new Author(chat.chatNames().contains(name), me != null && ExportChatIdentity.sameName(name, me),
                        WhatsAppJid.fromPhoneNumber(name).orElse(name));
                known.put(name, author);
            }
            return author;
        }

        List<Path> exportFiles() {
            if (exportFiles == null) {
                exportFiles = chat.members().stream().map(m -> m.export().exportFile()).toList();
            }
            return exportFiles;
        }
    }

    private HistoricalMessage toHistorical(ParsedExportCache.CachedMessage cached, Chat chat, Authors authors) {
        ParsedMessage message = cached.message();
        String chatId = chat.description().chatId();
        String author = message.author();
        Authors.Author known = author == null ? null : authors.of(author);
        // A line written under the chat's own name is one of its events, even in words no table knows.
        boolean system = message.system() || known != null && known.chatName();
        boolean fromMe = !system && known != null && known.me();
        String sender;
        if (system || author == null) {
            sender = "system";
        } else if (fromMe) {
            sender = "me";
        } else {
            sender = known.sender();
        }
        Attachment attachment = message.attachment() == null ? null
                : media.attachment(message.attachment(), authors.exportFiles()).orElse(null);
        MessageType type = system && message.type() == MessageType.TEXT ? MessageType.SYSTEM : message.type();
        return new HistoricalMessage(message.id(), chatId, sender, system ? null : author,
                message.content(), ExportChatIndex.toInstant(message.localTime(), settings.zone()), fromMe,
                type, message.edited(), ExportRawRecord.of(message, !system, cached.attachmentIncluded()), attachment);
    }

    private ExportChatIndex index(Catalog current, String chatId) throws ProviderException, InterruptedException {
        ExportChatIndex index = current.indexes.get(chatId);
        if (index != null) {
            return index;
        }
        synchronized (current) {
            index = current.indexes.get(chatId);
            if (index == null) {
                List<Path> files = new ArrayList<>();
                for (Member member : current.chats.get(chatId).members()) {
                    files.add(cache.messagesFile(member.export()));
                }
                try {
                    index = ExportChatIndex.build(files, settings.zone());
                } catch (IOException | UncheckedIOException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException("indexing chat " + chatId + " was interrupted");
                    }
                    catalog = null;
                    throw new PermanentProviderException("The parsed copy of chat " + chatId + " could not be read ("
                            + e.getMessage() + "); list the chats again to parse its exports anew.", e);
                }
                current.indexes.put(chatId, index);
            }
            return index;
        }
    }

    private Catalog current() throws ProviderException, InterruptedException {
        Catalog current = catalog;
        return current != null ? current : refresh();
    }

    private void requireSettings() throws PermanentProviderException {
        if (settingsProblem != null) {
            throw new PermanentProviderException(settingsProblem);
        }
    }

    /**
     * How the user said to read {@code file}'s dates, if they did: its properties file, else what they
     * gave on {@code import --date-order}, else the {@code exports.date-order} setting.
     */
    private DateOrder orderFor(Path file, ExportProperties properties) {
        if (properties.dateOrder() != null) {
            return properties.dateOrder();
        }
        try {
            Optional<DateOrder> remembered = registry.dateOrder(file);
            if (remembered.isPresent()) {
                return remembered.get();
            }
        } catch (IOException e) {
            LOG.warn("Could not read the list of imported exports", e);
        }
        return settings.dateOrder();
    }

    /** Scans folders and the registry, parses what is new, and replaces the catalog. */
    private synchronized Catalog refresh() throws ProviderException, InterruptedException {
        requireSettings();
        List<String> problems = new ArrayList<>();
        Map<Path, ExportProperties> propertiesFiles = new LinkedHashMap<>();
        List<ParsedExportCache.CachedExport> parsed = new ArrayList<>();
        for (Path file : exportFiles(problems)) {
            try {
                ExportProperties properties = ExportProperties.of(file);
                ParsedExportCache.CachedExport export = cache.ensure(file, orderFor(file, properties));
                parsed.add(export);
                propertiesFiles.put(file, properties);
                tell(export, false);
            } catch (PermanentProviderException e) {
                problem(problems, file + ": " + e.getMessage(), e);
            }
        }
        Optional<String> commonAuthor = commonAuthor(parsed);
        Map<String, List<Member>> byChat = new LinkedHashMap<>();
        for (ParsedExportCache.CachedExport export : parsed) {
            ExportChatIdentity identity = ExportChatIdentity.decide(export.exportFile().getFileName().toString(),
                    Optional.ofNullable(export.fileTitle()), export.summary(), propertiesFiles.get(export.exportFile()),
                    settings);
            String me = identity.me() != null ? identity.me()
                    : commonAuthor.filter(export.summary().authors()::containsKey).orElse(null);
            byChat.computeIfAbsent(identity.chatId(), id -> new ArrayList<>()).add(new Member(export, identity, me));
        }
        Map<String, Chat> chats = new LinkedHashMap<>();
        byChat.forEach((chatId, members) -> {
            members.sort(Comparator.comparing((Member m) -> m.export().summary().last(),
                    Comparator.nullsLast(Comparator.reverseOrder())));
            Set<String> chatNames = new java.util.TreeSet<>();
            for (Member member : members) {
                member.export().summary().systemAuthors().keySet().stream()
                        .filter(name -> !member.export().summary().authors().containsKey(name))
                        .forEach(chatNames::add);
            }
            chats.put(chatId, new Chat(describe(chatId, members), List.copyOf(members), Set.copyOf(chatNames)));
        });
        cache.retainOnly(new HashSet<>(parsed.stream().map(ParsedExportCache.CachedExport::key).toList()));
        Catalog next = new Catalog(chats, parsed.size(), List.copyOf(problems));
        Catalog previous = catalog;
        if (previous != null) {
            previous.indexes.forEach((chatId, index) -> {
                Chat before = previous.chats.get(chatId);
                Chat now = chats.get(chatId);
                if (before != null && now != null && before.keys().equals(now.keys())) {
                    next.indexes.put(chatId, index);
                }
            });
        }
        catalog = next;
        return next;
    }

    private ChatDescription describe(String chatId, List<Member> members) {
        ExportChatIdentity newest = members.get(0).identity();
        boolean group = members.stream().anyMatch(m -> m.identity().group());
        Instant last = members.stream().map(m -> m.export().summary().last()).filter(Objects::nonNull)
                .map(t -> ExportChatIndex.toInstant(t, settings.zone())).max(Comparator.naturalOrder()).orElse(null);
        long size = members.stream().mapToLong(m -> m.export().summary().messageCount()).max().orElse(0);
        return new ChatDescription(chatId, newest.title(), group, last, size);
    }

    /** The one author every export of two or more different chats shares: the user, when nothing else tells. */
    private static Optional<String> commonAuthor(List<ParsedExportCache.CachedExport> exports) {
        Set<Set<String>> distinctAuthorSets = new LinkedHashSet<>();
        for (ParsedExportCache.CachedExport export : exports) {
            if (export.summary().authors().size() >= 2) {
                distinctAuthorSets.add(export.summary().authors().keySet());
            }
        }
        if (distinctAuthorSets.size() < 2) {
            return Optional.empty();
        }
        Set<String> common = null;
        for (Set<String> authors : distinctAuthorSets) {
            if (common == null) {
                common = new HashSet<>(authors);
            } else {
                common.retainAll(authors);
            }
        }
        return common.size() == 1 ? Optional.of(common.iterator().next()) : Optional.empty();
    }

    private List<Path> exportFiles(List<String> problems) {
        Set<Path> files = new LinkedHashSet<>();
        try {
            for (Path registered : registry.paths()) {
                if (Files.isRegularFile(registered)) {
                    files.add(registered.toAbsolutePath().normalize());
                } else {
                    problem(problems, "The registered export '" + registered + "' is gone; its messages stay in the"
                            + " archive, but it brings no more.", null);
                }
            }
        } catch (IOException e) {
            problem(problems, "The list of imported exports could not be read (" + e.getMessage() + ").", e);
        }
        for (Path folder : settings.folders()) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> listing = Files.list(folder)) {
                listing.filter(Files::isRegularFile).filter(ExportFile::looksLikeExport).sorted()
                        .forEach(path -> files.add(path.toAbsolutePath().normalize()));
            } catch (IOException e) {
                problem(problems, "The exports folder " + folder + " could not be listed (" + e.getMessage() + ").", e);
            }
        }
        return new ArrayList<>(files);
    }

    private void problem(List<String> problems, String message, Exception cause) {
        problems.add(message);
        if (reported.add(message)) {
            LOG.warn("{}", message, cause);
            if (context != null) {
                context.publish(new ProviderEvent.Notice(message, true));
            }
        }
    }
}
