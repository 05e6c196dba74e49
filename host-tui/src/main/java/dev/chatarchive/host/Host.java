package dev.chatarchive.host;

import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.host.config.HostLocations;
import dev.chatarchive.host.config.LocationChecks;
import dev.chatarchive.host.config.Settings;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.error.UserFacingException;
import dev.chatarchive.host.logging.FileLogging;
import dev.chatarchive.host.logging.StandardStreams;
import dev.chatarchive.host.plugin.GuardedProvider;
import dev.chatarchive.host.plugin.PluginExits;
import dev.chatarchive.host.plugin.ProviderEventBus;
import dev.chatarchive.host.plugin.ProviderRegistry;
import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveException;
import dev.chatarchive.host.store.ArchiveInUseException;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.LegacyDatabaseException;
import dev.chatarchive.host.sync.CancelOnExit;
import dev.chatarchive.host.sync.SyncService;
import dev.chatarchive.host.sync.SyncSettings;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: one object that owns every long-lived part of a running chat-archive and
 * hands them to the UI and the subcommands.
 *
 * <p>Order: {@link #open} reads the config file, resolves the folders and starts the log file at once.
 * The expensive parts (the plugins, the archive, services built on them) are opened on first use, so
 * {@code chat-archive plugins} never opens the archive and {@code chat-archive chats} never starts a
 * plugin. Whatever was opened is closed in reverse order by {@link #close()}.
 *
 * <p>To add a service (the sync engine, say): add a field and an accessor that creates it on first
 * use from the other accessors and registers it with {@link #closeOnExit}, like {@link #providers()}.
 * Keep it single-threaded to create: accessors are synchronized.
 */
public final class Host implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Host.class);

    private final HostOptions options;
    private final Settings settings;
    private final HostLocations locations;
    private final Deque<AutoCloseable> openedParts = new ArrayDeque<>();
    private ProviderEventBus events;
    private ProviderRegistry providers;
    private volatile boolean providersRequested;
    private Archive archive;
    private Archive readOnlyArchive;
    private SyncService sync;
    private boolean freshDefaultArchive;
    private StandardStreams standardStreams;
    private boolean closed;
    private java.util.function.Consumer<String> noticeSink = text -> { };
    private volatile ProgressListener progressSink = ProgressListener.NONE;

    private Host(HostOptions options, Settings settings, HostLocations locations) {
        this.options = options;
        this.settings = settings;
        this.locations = locations;
    }

    /**
     * Reads the config file, decides where everything lives, and starts logging to the log file.
     *
     * @throws UserFacingException when the config file named on the command line is missing or unreadable
     */
    public static Host open(HostOptions options) {
        var overrides = options.overrides();
        var dataDirectory = HostLocations.dataDirectory(overrides, options.environment());
        var configFile = HostLocations.configFile(overrides, dataDirectory);
        LocationChecks.checkBeforeReadingConfig(overrides, options.environment(), dataDirectory, configFile);
        Settings settings = Settings.load(configFile, overrides.configFile() != null);
        HostLocations locations = HostLocations.resolve(overrides, options.environment(), settings);
        LocationChecks.checkResolved(overrides, locations);
        if (options.logToFile()) {
            // A command must not make the data folder just to log that it failed: until the data folder
            // exists, or this command makes something there, log lines wait in memory (keepLog()).
            if (Files.isDirectory(locations.dataDirectory())) {
                FileLogging.start(locations.logFile());
            } else {
                FileLogging.startDeferred(locations.logFile());
            }
        }
        LOG.info("{} starting: data {}, archive {}, plugins {}", AppVersion.describe(), locations.dataDirectory(),
                locations.archiveFile(), locations.pluginsDirectory());
        return new Host(options, settings, locations);
    }

    /** Where everything lives. */
    public HostLocations locations() {
        return locations;
    }

    /** The config file's settings. */
    public Settings settings() {
        return settings;
    }

    /** The clock every part reads. */
    public Clock clock() {
        return options.clock();
    }

    /** Events from providers (pairing codes, connection states, pushed history); subscribe to listen. */
    public synchronized ProviderEventBus events() {
        requireOpen();
        if (events == null) {
            events = closeOnExit(new ProviderEventBus());
        }
        return events;
    }

    /**
     * Whether the plugins have been asked for ({@link #providers()} called; their loading may still be
     * under way). Never blocks, unlike {@link #providers()} while another thread loads them.
     */
    public boolean providersRequested() {
        return providersRequested;
    }

    /** The plugins and their providers, loaded and started on first use. */
    public synchronized ProviderRegistry providers() {
        requireOpen();
        providersRequested = true;
        if (providers == null) {
            ProviderEventBus bus = events();
            providers = closeOnExit(ProviderRegistry.load(new ProviderRegistry.Setup(locations.pluginsDirectory(),
                    locations.dataDirectory(), settings, bus, options.clock(), options.timeouts(), locations.archiveFile())));
            // A sync waiting at the process's end must know a plugin's System.exit from the user's Ctrl-C.
            CancelOnExit.explainExitsWith(PluginExits::reportIfEndedByPlugin);
            keepLog(); // providers have their folders in the data folder now
        }
        return providers;
    }

    /**
     * The archive, open for reading and writing (created if it does not exist), on first use. Only one
     * process may have an archive open for writing.
     *
     * @throws UserFacingException when the archive is in use by another process (exit code
     *         {@link ExitCodes#ARCHIVE_IN_USE}) or cannot be opened
     */
    public synchronized Archive archive() {
        requireOpen();
        if (archive == null) {
            boolean existed = Files.exists(locations.archiveFile());
            archive = closeOnExit(openArchive(() -> Archive.open(locations.archiveFile(), options.clock(),
                    progress -> progressSink.onProgress(progress))));
            freshDefaultArchive = !existed && locations.defaultArchive();
            archive.adoption().ifPresent(report -> notice(report.sentence(archive.file())));
            archive.upgradeNotice().ifPresent(this::notice);
            keepLog(); // this command writes an archive: its log is worth keeping
        }
        return archive;
    }

    /**
     * The sync engine over the archive and the started providers, on first use. Creating it recovers
     * from a crash: syncs a dead process left {@code in_progress} become {@code interrupted}, so open it
     * early in anything long-running (the UI) even before the first sync is asked for.
     *
     * @throws UserFacingException when the archive cannot be opened for writing (see {@link #archive()})
     */
    public synchronized SyncService sync() {
        requireOpen();
        if (sync == null) {
            // Plugins are not loaded here: the engine asks for them when a sync starts, so the UI can
            // draw while they load in the background.
            Archive writable = archive();
            sync = closeOnExit(new SyncService(writable, this::startedProviders, SyncSettings.defaults(options.clock())));
            // History that providers push unasked (pairing-time history, live messages, edits) is stored by the
            // engine; the subscription closes before the engine does.
            SyncService engine = sync;
            closeOnExit(events().subscribe(published -> engine.recordPublished(published.providerId(), published.event())));
        }
        return sync;
    }

    /**
     * The archive for reading only, without the writer's lock, so commands that only look work while the
     * app runs. Opens the writable archive's connection instead when this host already has it.
     *
     * @throws UserFacingException when there is no archive yet (exit code {@link ExitCodes#NOT_FOUND}),
     *         or it cannot be read
     */
    public synchronized Archive readOnlyArchive() {
        requireOpen();
        if (archive != null) {
            return archive;
        }
        if (readOnlyArchive == null) {
            if (!Files.exists(locations.archiveFile())) {
                throw new UserFacingException("There is no archive at " + locations.archiveFile() + " yet. Run chat-archive "
                        + "once to create it, or name another one with --archive FILE.", ExitCodes.NOT_FOUND);
            }
            try {
                readOnlyArchive = closeOnExit(Archive.openReadOnly(locations.archiveFile(), options.clock()));
            } catch (LegacyDatabaseException legacy) {
                // A baileys-bridge database is read after adopting it, which takes the writer's lock for a moment;
                // archive() tells the user it happened.
                LOG.info("{}; adopting it before reading", legacy.getMessage());
                return archive();
            } catch (ArchiveException e) {
                throw userFacing(e);
            }
        }
        return readOnlyArchive;
    }

    /**
     * Whether {@link #archive()} created the default archive just now (not one named with --archive or in
     * the config): the first run, when sample chats are imported so there is something to look at.
     */
    public synchronized boolean isFreshDefaultArchive() {
        return freshDefaultArchive;
    }

    /** The chat with this id, as the archive lists it. */
    public Optional<ChatRecord> chat(String chatId) {
        return readOnlyArchive().read(session -> session.chats().find(chatId));
    }

    /** The provider a chat came from, if the chat is archived and its plugin is installed and loaded. */
    public Optional<GuardedProvider> providerOfChat(String chatId) {
        return providers().providerOfChat(chatId, id -> chat(id).map(ChatRecord::providerId));
    }

    private static Archive openArchive(java.util.function.Supplier<Archive> opener) {
        try {
            return opener.get();
        } catch (ArchiveException e) {
            throw userFacing(e);
        }
    }

    private static UserFacingException userFacing(ArchiveException e) {
        return new UserFacingException(e.getMessage(), e instanceof ArchiveInUseException ? ExitCodes.ARCHIVE_IN_USE
                : ExitCodes.FAILURE, e);
    }

    /**
     * Where sentences go that the user should read although nothing failed (an adopted database, say):
     * the command line prints them on stderr. They are logged either way.
     */
    public synchronized void onNotice(java.util.function.Consumer<String> sink) {
        this.noticeSink = sink == null ? text -> { } : sink;
    }

    /**
     * Where the progress of the host's own long work goes (adopting a baileys-bridge database, upgrading
     * an archive's schema, while the archive opens): the command line draws it on stderr.
     */
    public void onProgress(ProgressListener sink) {
        this.progressSink = sink == null ? ProgressListener.NONE : sink;
    }

    private void notice(String sentence) {
        LOG.warn("{}", sentence);
        noticeSink.accept(sentence);
    }

    /** The providers that started and can be used, guarded (for the sync engine and the UI). */
    public List<HistoryProvider> startedProviders() {
        return providers().providers().stream().filter(GuardedProvider::isStarted).map(HistoryProvider.class::cast).toList();
    }

    /**
     * From now until the host closes, sends anything printed to {@code System.out} or {@code System.err}
     * to the log file instead of the screen. The terminal UI calls it right after it has created its
     * terminal (Lanterna keeps the stream it was created with, so the UI still draws).
     */
    public synchronized void routeStandardStreamsToLog() {
        requireOpen();
        if (standardStreams == null) {
            keepLog();
            standardStreams = closeOnExit(StandardStreams.captureToLog());
        }
    }

    /**
     * From now on the log goes to its file, with what was logged so far: once a command makes or
     * changes something, its log is kept. Before that (a command that may still fail), lines wait in
     * memory, so a failing command leaves no log folder behind.
     */
    public void keepLog() {
        if (options.logToFile()) {
            FileLogging.keep();
        }
    }

    /** Registers a part to be closed when the host closes, after every part opened after it. */
    public synchronized <T extends AutoCloseable> T closeOnExit(T part) {
        requireOpen();
        openedParts.push(part);
        return part;
    }

    /** Closes every opened part, newest first; a part that fails to close is logged and the rest still close. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!openedParts.isEmpty()) {
            AutoCloseable part = openedParts.pop();
            try {
                part.close();
            } catch (Exception | LinkageError e) {
                LOG.error("Closing {} failed", part, e);
            }
        }
        LOG.info("chat-archive stopped");
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The host is closed");
        }
    }
}
