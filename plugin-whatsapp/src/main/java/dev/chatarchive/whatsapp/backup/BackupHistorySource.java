package dev.chatarchive.whatsapp.backup;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.whatsapp.backup.android.AndroidBackup;
import dev.chatarchive.whatsapp.backup.android.ContactNames;
import dev.chatarchive.whatsapp.backup.crypt.BackupCryptException;
import dev.chatarchive.whatsapp.backup.crypt.BackupDecryptor;
import dev.chatarchive.whatsapp.backup.crypt.BackupKey;
import dev.chatarchive.whatsapp.backup.crypt.CryptVersion;
import dev.chatarchive.whatsapp.backup.ios.IosBackup;
import dev.chatarchive.whatsapp.source.HistorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phone's own database as a history source: an Android backup ({@code msgstore.db}, plain or
 * {@code .crypt12/14/15}), an iPhone {@code ChatStorage.sqlite}, or an unencrypted iPhone backup
 * folder. See docs/whatsapp-backups.md.
 *
 * <p>Lifecycle of an import: {@link #importSource} decrypts or copies the database into a private
 * working folder ({@link WorkingCopies}), adds the indexes paging needs, and opens a
 * {@link BackupReader}; the chats it returns are then paged by the host's sync engine, newest first,
 * through {@link #fetchHistory}. When every chat of the import has been paged to its end (or the
 * plugin stops), the working folder is deleted: a backup is read once, during its import, and
 * neither the decrypted database nor the key is kept. Importing the file again reads it again.
 *
 * <p>Messages carry WhatsApp's own key ids and chat JIDs, so the same message from a backup, from
 * live mode and from another backup is stored once. While a backup holds a chat it answers for it
 * alone ({@link #holdsWholeChat}): it has the chat's whole history with real ids.
 *
 * <p>Threads: calls for one import are serialised on it (one SQLite connection); imports are
 * independent. Reading ahead: after answering a page that is not a chat's last, the import reads the
 * chat's next page on a thread of its own while the host stores the answered one; when the import
 * opens, and as soon as the last page of a chat the host is paging has been read, it reads the newest
 * page of the next chat in the order it named them (the host's order) if the host has not asked for it,
 * and when that page is all of that chat, the next chat's, and so on, while fewer than
 * {@link #READ_AHEAD_CHATS} pages are held (a run of short chats is read ahead before the host gets to
 * them). A backup is read only by
 * us, so a page is the same whenever it is read: a request from the same cursor with at most the
 * same limit is answered from it (the first {@code limit} messages), any other request reads as
 * before. At most {@link #READ_AHEAD_CHATS} pages are held ahead per import.
 */
public final class BackupHistorySource implements HistorySource {

    private static final Logger LOG = LoggerFactory.getLogger(BackupHistorySource.class);

    private ProviderContext context;
    private WorkingCopies workingCopies;
    private final Map<String, Session> byChat = new ConcurrentHashMap<>();
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private volatile String lastImport = "";
    private final AtomicInteger pagesReadAhead = new AtomicInteger();
    private Thread shutdownHook;

    /** One imported database, open until its chats are read. */
    private static final class Session {
        final String name;
        final Path folder;
        final BackupReader reader;
        final Map<String, BackupChat> chats = new ConcurrentHashMap<>();
        final Set<String> unfinished = ConcurrentHashMap.newKeySet();
        /** The chats in the order the import named them, which is the order the host syncs them in. */
        final List<BackupChat> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** Chats the host has asked for at least once. */
        final Set<String> asked = ConcurrentHashMap.newKeySet();
        /** Pages read ahead, by chat: at most {@link #READ_AHEAD_CHATS}; guarded by itself. */
        private final Map<String, ReadAhead> ahead = new LinkedHashMap<>();
        /** The thread that reads ahead; made on first use, ended on close. Guarded by {@link #ahead}. */
        private ExecutorService readAheadThread;
        boolean closed;
        /** Pages read by the read-ahead, pages answered from it, pages read on request: said at close. */
        final AtomicInteger readAheadPages = new AtomicInteger();
        final AtomicInteger answeredAhead = new AtomicInteger();
        final AtomicInteger readOnRequest = new AtomicInteger();

        Session(String name, Path folder, BackupReader reader) {
            this.name = name;
            this.folder = folder;
            this.reader = reader;
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (ahead) {
                ahead.values().forEach(page -> page.future.cancel(false));
                ahead.clear();
                if (readAheadThread != null) {
                    readAheadThread.shutdown();
                }
            }
            try {
                reader.close();
            } catch (SQLException e) {
                LOG.warn("Closing the working copy of {} failed", name, e);
            }
            WorkingCopies.deleteTree(folder);
            LOG.info("Closed {}: {} pages answered from the {} read ahead, {} read on request", name,
                    answeredAhead.get(), readAheadPages.get(), readOnRequest.get());
        }

        /**
         * Starts reading the page of {@code chat} older than {@code cursor} (its newest when null) on the
         * session's own thread, so that it is read while the host stores the page just answered (the host
         * asks for the next page only then).
         */
        void readAhead(BackupChat chat, HistoryCursor cursor, int limit) {
            synchronized (ahead) {
                if (closed) {
                    return;
                }
                ReadAhead pending = ahead.get(chat.chatId());
                if (pending != null && sameCursor(pending.cursor, cursor) && pending.limit >= limit
                        && !pending.future.isCancelled()) {
                    return; // being read, or read, already
                }
                if (readAheadThread == null) {
                    readAheadThread = Executors.newSingleThreadExecutor(runnable -> {
                        Thread thread = new Thread(runnable, "whatsapp-backup-read-ahead");
                        thread.setDaemon(true);
                        return thread;
                    });
                }
                Future<List<HistoricalMessage>> future = readAheadThread.submit(() -> {
                    List<HistoricalMessage> page;
                    synchronized (this) {
                        if (closed) {
                            throw new IllegalStateException("closed");
                        }
                        page = reader.older(chat, cursor, limit);
                        readAheadPages.incrementAndGet();
                    }
                    if (page.size() < limit && (cursor == null || asked.contains(chat.chatId()))) {
                        // The last page of the chat the host is paging, or of a chat read ahead before the host
                        // got to it: the host asks for the next chat's newest page as soon as it has stored
                        // this one, so read that now, not only once this page is answered. A run of short
                        // chats is so read ahead as deep as there is room for.
                        readAheadTheChatsAfter(chat.chatId(), LOCAL_FILES.maxPageSize());
                    }
                    return page;
                });
                ReadAhead previous = ahead.put(chat.chatId(), new ReadAhead(cursor, limit, future));
                if (previous != null) {
                    previous.future.cancel(false);
                }
                if (ahead.size() > READ_AHEAD_CHATS) {
                    Iterator<ReadAhead> eldest = ahead.values().iterator();
                    eldest.next().future.cancel(false);
                    eldest.remove();
                }
            }
        }

        /**
         * The page read ahead for {@code request}, when one was read from the same cursor with at least
         * its limit; {@code null} otherwise (also when reading it failed: the caller reads again and says
         * why the usual way).
         */
        List<HistoricalMessage> takeReadAhead(HistoryRequest request) throws InterruptedException {
            ReadAhead page;
            synchronized (ahead) {
                page = ahead.remove(request.chatId());
            }
            if (page == null) {
                return null;
            }
            if (!sameCursor(request.cursor(), page.cursor) || request.limit() > page.limit) {
                page.future.cancel(false);
                return null;
            }
            List<HistoricalMessage> messages;
            try {
                messages = page.future.get();
            } catch (ExecutionException | CancellationException e) {
                return null;
            } catch (InterruptedException e) {
                page.future.cancel(false);
                throw e;
            }
            return messages.size() > request.limit() ? List.copyOf(messages.subList(0, request.limit())) : messages;
        }

        private static boolean sameCursor(HistoryCursor a, HistoryCursor b) {
            return a == null ? b == null : b != null && a.messageId().equals(b.messageId()) && a.timestamp().equals(b.timestamp());
        }

        /** The chats with a page read ahead, or being read (for tests). */
        Set<String> chatsReadAhead() {
            synchronized (ahead) {
                return new HashSet<>(ahead.keySet());
            }
        }

        /**
         * When the host has read a chat to its end, it starts the next chat of the import: read that
         * one's newest page ahead, if the host has not asked for it yet (and it is not being read). When
         * that chat's newest page is read already and is all of it (a short chat), the chat after it
         * is next, and so on: the first chat of the import's order without a page read ahead gets one,
         * as long as fewer than {@link #READ_AHEAD_CHATS} pages are held (the chat right after a chat
         * the host has asked for always, as the host goes there next). A chat whose page is still being
         * read continues the run when read.
         */
        void readAheadTheChatsAfter(String chatId, int limit) {
            synchronized (ahead) {
                int at = -1;
                for (int i = 0; i < order.size(); i++) {
                    if (order.get(i).chatId().equals(chatId)) {
                        at = i;
                        break;
                    }
                }
                for (int i = at + 1; at >= 0 && i < order.size(); i++) {
                    BackupChat next = order.get(i);
                    if (!unfinished.contains(next.chatId()) || asked.contains(next.chatId())) {
                        return;
                    }
                    ReadAhead pending = ahead.get(next.chatId());
                    if (pending == null) {
                        if ((i == at + 1 && asked.contains(chatId)) || ahead.size() < READ_AHEAD_CHATS) {
                            readAhead(next, null, limit);
                        }
                        return;
                    }
                    if (pending.cursor != null || !pending.isShortPage()) {
                        return; // not the chat's whole history, or not read yet (its read goes on from there)
                    }
                }
            }
        }
    }

    /** A chat's next page, being read (or read) from {@code cursor} with {@code limit}. */
    private record ReadAhead(HistoryCursor cursor, int limit, Future<List<HistoricalMessage>> future) {

        /** Whether the page is read, and is shorter than its limit: the chat's last. */
        boolean isShortPage() {
            if (!future.isDone() || future.isCancelled()) {
                return false;
            }
            try {
                return future.get().size() < limit;
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * How many chats of one import may have a page read ahead at once: the sync engine pages up to
     * {@link HistorySource#LOCAL_FILES}' concurrent requests, one chat each; a page is at most 5,000 messages.
     */
    static final int READ_AHEAD_CHATS = 4;

    @Override
    public String name() {
        return "backups";
    }

    @Override
    public void start(ProviderContext context) {
        this.context = context;
        this.workingCopies = new WorkingCopies(context.dataDirectory().resolve("backup-work"));
        workingCopies.sweep();
        // A decrypted database must not outlive the process, even when the host is ended by a signal
        // without stopping its providers.
        shutdownHook = new Thread(this::closeAll, "whatsapp-backup-cleanup");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            shutdownHook = null; // already shutting down
        }
    }

    @Override
    public void stop() {
        closeAll();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down; the hook runs anyway
            }
            shutdownHook = null;
        }
    }

    private void closeAll() {
        for (Session session : List.copyOf(sessions)) {
            session.close();
        }
        sessions.clear();
        byChat.clear();
    }

    @Override
    public ProviderStatus status() {
        int open = byChat.size();
        String detail = open > 0 ? "importing " + open + (open == 1 ? " chat" : " chats") + " from a phone backup"
                : lastImport;
        return new ProviderStatus(ConnectionState.OFFLINE_READY, detail);
    }

    @Override
    public List<ChatDescription> listChats() {
        return byChat.values().stream().distinct()
                .flatMap(session -> session.chats.values().stream())
                .filter(chat -> byChat.get(chat.chatId()) != null)
                .map(BackupChat::description).distinct().toList();
    }

    @Override
    public boolean owns(String chatId) {
        return byChat.containsKey(chatId);
    }

    @Override
    public boolean holdsWholeChat(String chatId) {
        return byChat.containsKey(chatId);
    }

    /** A file on this computer: {@link HistorySource#LOCAL_FILES}, whatever live mode is doing. */
    @Override
    public SyncPolicy syncPolicy() {
        return LOCAL_FILES;
    }

    @Override
    public Set<PagingDirection> supportedDirections() {
        return EnumSet.of(PagingDirection.OLDER);
    }

    @Override
    public boolean canImport(Path source) {
        return BackupKind.of(source).isPresent();
    }

    @Override
    public List<ChatDescription> importSource(Path source) throws ProviderException, InterruptedException {
        return importSource(source, ImportOptions.NONE);
    }

    @Override
    public List<ChatDescription> importSource(Path source, ImportOptions options)
            throws ProviderException, InterruptedException {
        Path file = source.toAbsolutePath().normalize();
        BackupKind kind = BackupKind.of(file).orElseThrow(() -> new PermanentProviderException("'" + source
                + "' is not a WhatsApp backup: expected msgstore.db (or .crypt12/.crypt14/.crypt15),"
                + " ChatStorage.sqlite, or an iPhone backup folder."));
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        Path folder;
        try {
            folder = workingCopies.newFolder();
        } catch (IOException e) {
            throw new PermanentProviderException("The WhatsApp plugin could not make its private working folder ("
                    + e.getMessage() + "): check free space and permissions of the data folder.", e);
        }
        BackupReader reader = null;
        Opening opening = new Opening(name);
        try {
            reader = open(kind, file, name, folder, options, opening);
            opening.step("reading the list of chats");
            List<BackupChat> chats = reader.chats();
            opening.end(chats.size() + (chats.size() == 1 ? " chat" : " chats"));
            Session session = new Session(name, folder, reader);
            for (BackupChat chat : chats) {
                session.chats.put(chat.chatId(), chat);
                session.unfinished.add(chat.chatId());
                session.order.add(chat);
            }
            sessions.add(session);
            for (BackupChat chat : chats) {
                Session previous = byChat.put(chat.chatId(), session);
                if (previous != null && previous != session) {
                    release(previous, chat.chatId());
                }
            }
            String skipped = reader.skippedChats();
            if (!skipped.isEmpty() && context != null) {
                context.publish(new ProviderEvent.Notice(name + ": " + skipped, false));
            }
            lastImport = "last backup: " + name + " (" + reader.kind() + ", " + chats.size()
                    + (chats.size() == 1 ? " chat)" : " chats)");
            LOG.info("Opened {} ({}): {} chats. {}", name, reader.kind(), chats.size(), skipped);
            if (chats.isEmpty()) {
                session.close();
                sessions.remove(session);
            } else {
                // The host syncs the chats in this order, starting as soon as it has recorded them.
                session.readAhead(chats.get(0), null, LOCAL_FILES.maxPageSize());
            }
            return chats.stream().map(BackupChat::description).toList();
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            opening.end("stopped");
            closeQuietly(reader);
            WorkingCopies.deleteTree(folder);
            throw e;
        } catch (SQLException e) {
            opening.end("stopped");
            closeQuietly(reader);
            WorkingCopies.deleteTree(folder);
            LOG.warn("Reading {} failed", file, e);
            throw new PermanentProviderException("'" + name + "' could not be read as a WhatsApp database ("
                    + firstLine(e.getMessage()) + "): is the file complete? Copy it from the phone again.", e);
        }
    }

    private BackupReader open(BackupKind kind, Path file, String name, Path folder, ImportOptions options,
                              Opening opening) throws ProviderException, InterruptedException, SQLException {
        try {
            return switch (kind) {
                case ANDROID_ENCRYPTED -> {
                    BackupKey key = keyFor(file, name, options);
                    Path plain = WorkingCopies.newFile(folder, "msgstore.db");
                    LOG.info("Decrypting {}", name);
                    BackupDecryptor.decrypt(file, key, plain, opening.decrypting(size(file)));
                    opening.step("preparing the database for reading (indexes)");
                    yield AndroidBackup.open(plain, name, contacts(file, options, key, folder),
                            MediaFiles.besideAndroidBackup(file));
                }
                case DATABASE -> {
                    opening.step("copying " + size(file) + " to a private working folder");
                    Path copy = copyWithSidecars(file, folder, "phone.db");
                    opening.step("preparing the database for reading (indexes)");
                    yield IosBackup.isChatStorage(copy)
                            ? IosBackup.openDatabase(copy, name, MediaFiles.besideChatStorage(file))
                            : AndroidBackup.open(copy, name, contacts(file, options, null, folder),
                                    MediaFiles.besideAndroidBackup(file));
                }
                case IOS_BACKUP_FOLDER -> {
                    opening.step("finding WhatsApp in the backup, copying and preparing its database");
                    yield IosBackup.openBackupFolder(file, folder);
                }
            };
        } catch (BackupCryptException e) {
            throw new PermanentProviderException(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new PermanentProviderException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PermanentProviderException("'" + name + "' could not be read or copied (" + e.getMessage()
                    + "): check that it is readable and that the data folder has room for a copy of it.", e);
        }
    }

    /**
     * Tells the user how far the opening of a backup has got (decrypting, copying, adding indexes,
     * reading the chat list: seconds to minutes for a large one, before any chat's sync progress
     * starts), as {@link ProviderEvent.Progress}, which the host draws as a bar: "Decrypting NAME" in
     * bytes, reported at each percent, then "Opening NAME" step by step (the steps have no measure).
     * Each piece of work always ends (done == total), also when opening fails.
     */
    private final class Opening {

        private final String name;
        private final java.util.Set<String> running = new java.util.LinkedHashSet<>();
        private boolean ended;

        Opening(String name) {
            this.name = name;
        }

        void step(String detail) {
            LOG.info("Opening {}: {}", name, detail);
            publish("Opening " + name, detail, 0, -1);
        }

        /** The decryptor's byte count as "Decrypting NAME", reported each time its percentage grows. */
        BackupDecryptor.Progress decrypting(String detail) {
            String operation = "Decrypting " + name;
            LOG.info("{} ({})", operation, detail);
            publish(operation, detail, 0, -1);
            int[] said = {-1};
            return (done, total) -> {
                if (total <= 0) {
                    return;
                }
                long clamped = Math.max(0, Math.min(done, total));
                int percent = (int) (clamped * 100 / total);
                if (percent > said[0]) {
                    said[0] = percent;
                    publish(operation, detail, clamped, total);
                }
            };
        }

        /** Ends whatever is still running, the opening last, with {@code detail}. */
        void end(String detail) {
            if (ended) {
                return;
            }
            ended = true;
            running.add("Opening " + name);
            for (String operation : List.copyOf(running)) {
                publish(operation, detail, 1, 1);
            }
        }

        private void publish(String operation, String detail, long done, long total) {
            if (done == total) {
                running.remove(operation);
            } else {
                running.add(operation);
            }
            if (context != null) {
                context.publish(new ProviderEvent.Progress(operation, detail, done, total));
            }
        }
    }

    private static String size(Path file) {
        try {
            long bytes = Files.size(file);
            return bytes >= 10L << 20 ? (bytes >> 20) + " MB" : bytes >= 10L << 10 ? (bytes >> 10) + " KB" : bytes + " bytes";
        } catch (IOException e) {
            return "the file";
        }
    }

    /** The key: --key, else a key file beside the backup that fits its version. */
    private static BackupKey keyFor(Path file, String name, ImportOptions options) throws BackupCryptException {
        Optional<String> given = options.get(ImportOptions.KEY);
        if (given.isPresent()) {
            return BackupKey.parse(given.get());
        }
        CryptVersion version = CryptVersion.ofFileName(name).orElse(CryptVersion.CRYPT15);
        Path folder = file.getParent();
        String keyFile = version == CryptVersion.CRYPT15 ? "encrypted_backup.key" : "key";
        if (folder != null && Files.isRegularFile(folder.resolve(keyFile))) {
            return BackupKey.fromFile(folder.resolve(keyFile));
        }
        throw new BackupCryptException(version == CryptVersion.CRYPT15
                ? "'" + name + "' is encrypted: give its key with --key, either the 64-digit key WhatsApp showed when"
                        + " you turned on end-to-end encrypted backup, or the encrypted_backup.key file. A backup"
                        + " protected by a password or passkey cannot be opened offline: turn on a 64-digit key in"
                        + " WhatsApp (Settings > Chats > Chat backup > End-to-end encrypted backup) and back up again."
                : "'" + name + "' is encrypted: give the 'key' file from the phone with --key K (on a rooted phone it"
                        + " is /data/data/com.whatsapp/files/key), or put it beside the backup.");
    }

    /** Contact names: --contacts, else wa.db (or wa.db.crypt15 with the same key) beside the backup. */
    private ContactNames contacts(Path backup, ImportOptions options, BackupKey key, Path folder)
            throws ProviderException, InterruptedException, IOException, BackupCryptException {
        Optional<String> given = options.get(ImportOptions.CONTACTS);
        Path candidate = null;
        if (given.isPresent()) {
            candidate = Path.of(given.get());
            if (!Files.isRegularFile(candidate)) {
                throw new PermanentProviderException("The contacts file '" + given.get() + "' does not exist: give"
                        + " the path of wa.db with --contacts, or leave the option out.");
            }
        } else if (backup.getParent() != null) {
            for (String name : List.of("wa.db", "wa.db.crypt15", "wa.db.crypt14", "wa.db.crypt12")) {
                Path beside = backup.getParent().resolve(name);
                if (Files.isRegularFile(beside) && (!name.contains("crypt") || key != null)) {
                    candidate = beside;
                    break;
                }
            }
        }
        if (candidate == null) {
            return ContactNames.NONE;
        }
        Path readable = candidate;
        if (CryptVersion.looksEncrypted(candidate.getFileName().toString())) {
            if (key == null) {
                throw new PermanentProviderException("The contacts file '" + candidate.getFileName() + "' is encrypted;"
                        + " give a decrypted wa.db, or import an encrypted backup whose key opens both.");
            }
            readable = WorkingCopies.newFile(folder, "wa.db");
            BackupDecryptor.decrypt(candidate, key, readable, null);
        }
        try {
            ContactNames names = ContactNames.read(readable);
            LOG.info("{} contact names from {}", names.size(), candidate.getFileName());
            return names;
        } catch (SQLException e) {
            if (given.isPresent()) {
                throw new PermanentProviderException("The contacts file '" + candidate.getFileName() + "' could not be"
                        + " read as wa.db (" + firstLine(e.getMessage()) + ").", e);
            }
            LOG.warn("Ignoring {} beside the backup: {}", candidate, e.getMessage());
            return ContactNames.NONE;
        }
    }

    /** Copies a database with its -wal and -shm files (a live copy from a rooted phone or a Mac). */
    private static Path copyWithSidecars(Path file, Path folder, String name) throws IOException {
        Path copy = WorkingCopies.copy(file, folder, name);
        for (String suffix : List.of("-wal", "-shm")) {
            Path sidecar = file.resolveSibling(file.getFileName() + suffix);
            if (Files.isRegularFile(sidecar)) {
                WorkingCopies.copy(sidecar, folder, name + suffix);
            }
        }
        return copy;
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws ProviderException, InterruptedException {
        Session session = byChat.get(request.chatId());
        if (session == null) {
            throw new PermanentProviderException("No backup being imported holds chat " + request.chatId()
                    + ": import the backup again (chat-archive import FILE).");
        }
        if (request.direction() != PagingDirection.OLDER) {
            return HistoryPage.last(List.of());
        }
        BackupChat chat = session.chats.get(request.chatId());
        session.asked.add(request.chatId());
        List<HistoricalMessage> messages = session.takeReadAhead(request);
        if (messages != null) {
            pagesReadAhead.incrementAndGet();
            session.answeredAhead.incrementAndGet();
        } else {
            synchronized (session) {
                if (session.closed) {
                    throw new PermanentProviderException("The backup " + session.name + " was closed; import it again.");
                }
                try {
                    messages = session.reader.older(chat, request.cursor(), request.limit());
                    session.readOnRequest.incrementAndGet();
                } catch (SQLException e) {
                    LOG.warn("Reading chat {} of {} failed", request.chatId(), session.name, e);
                    throw new PermanentProviderException("Chat " + chat.description().title() + " could not be read from "
                            + session.name + " (" + firstLine(e.getMessage()) + "); import the backup again.", e);
                }
            }
        }
        boolean end = messages.size() < request.limit();
        if (end) {
            release(session, request.chatId());
            session.readAheadTheChatsAfter(request.chatId(), LOCAL_FILES.maxPageSize());
        } else {
            session.readAhead(chat, messages.get(messages.size() - 1).toCursor(), request.limit());
        }
        return new HistoryPage(messages, end, chat.description().estimatedSize());
    }

    /** The chat is read: forget it, and close the import when it was the last. */
    private void release(Session session, String chatId) {
        byChat.remove(chatId, session);
        session.unfinished.remove(chatId);
        if (session.unfinished.isEmpty() || !byChat.containsValue(session)) {
            session.close();
            sessions.remove(session);
        }
    }

    private static void closeQuietly(BackupReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (SQLException e) {
                LOG.debug("closing a reader failed", e);
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** Pages answered from a read-ahead so far (for tests). */
    int pagesReadAhead() {
        return pagesReadAhead.get();
    }

    /** The chats of open imports with a page read ahead, or being read (for tests). */
    Set<String> chatsReadAhead() {
        Set<String> chats = new HashSet<>();
        for (Session session : sessions) {
            chats.addAll(session.chatsReadAhead());
        }
        return chats;
    }

    /** Chats in {@code chats} whose session is still open (for tests). */
    Set<String> openChats() {
        return new HashSet<>(byChat.keySet());
    }
}
