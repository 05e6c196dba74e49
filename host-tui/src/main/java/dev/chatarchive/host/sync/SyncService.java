package dev.chatarchive.host.sync;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.CheckpointTally;
import dev.chatarchive.host.store.GlobalSyncStatus;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.StoredMessage;
import dev.chatarchive.host.store.SyncCheckpoint;
import dev.chatarchive.host.store.SyncRequest;
import dev.chatarchive.host.store.ValidationException;
import dev.chatarchive.host.sync.SyncRefusedException.Why;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine's front door: accepts sync requests, runs them, cancels them, and reports on them.
 *
 * <p>Design. A request is checked and accepted in ONE write transaction: the checkpoint's state
 * decides whether the request may run (the seed's state machine, see docs/sync.md), the request is
 * recorded, the checkpoint moves to {@code in_progress}, and the start point is read. Write
 * transactions of the archive run one at a time, so of two requests for one chat exactly one finds
 * the chat not syncing; the other is refused ("already syncing"). Each accepted request then runs as
 * a {@link SyncRun} on a worker thread of its own. Calls into a provider go through one
 * {@link ProviderCaller} per provider, whose {@link ProviderThrottle} holds every chat of that
 * provider to its {@link dev.chatarchive.api.SyncPolicy}.
 *
 * <p>Creating the service recovers from a crash: checkpoints left {@code in_progress} by a process
 * that died become {@code interrupted} ({@code crashed}), resumable. An archive has one writing
 * process at a time (the archive's lock), so any {@code in_progress} checkpoint found at start is a
 * leftover.
 *
 * <p>Thread-safe.
 */
public final class SyncService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final Archive archive;
    private final ProviderDirectory providers;
    private final SyncSettings settings;
    private final SyncListeners listeners = new SyncListeners();
    private final ProgressBoard board = new ProgressBoard();
    private final Map<String, SyncHandle> running = new ConcurrentHashMap<>();
    private final Map<String, ProviderCaller> callers = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(ProviderCaller.daemonThreads("sync"));
    /** Where runs ask for their next page while they store the last one ({@link SyncRun}). */
    private final ExecutorService aheadThreads = Executors.newCachedThreadPool(ProviderCaller.daemonThreads("sync-ahead"));
    /** First pages asked for before their run starts ({@link #askFirstPageAhead}), by chat. */
    private final Map<String, java.util.concurrent.Future<SyncRun.Ahead>> firstPages = new ConcurrentHashMap<>();
    private final PushedHistory pushed;
    private volatile boolean closed;

    /**
     * A sync service over {@code archive}, calling {@code providers}. Recovers from a crash first.
     */
    public SyncService(Archive archive, ProviderDirectory providers, SyncSettings settings) {
        this.archive = Objects.requireNonNull(archive, "archive must not be null");
        this.providers = Objects.requireNonNull(providers, "providers must not be null");
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.pushed = new PushedHistory(archive, providers, listeners);
        int recovered = recoverFromCrash();
        if (recovered > 0) {
            LOG.warn("{} sync(s) were running when chat-archive last stopped; they are now interrupted and can be resumed",
                    recovered);
        }
    }

    /** Crash recovery: every {@code in_progress} checkpoint becomes {@code interrupted} (crashed). */
    private int recoverFromCrash() {
        return archive.write(session -> {
            int count = session.checkpoints().interruptRunning(StopReason.CRASHED, session.now());
            CheckpointTally overview = CheckpointTally.read(session);
            session.status().save(overview.applyTo(session.status().get(), 0, null));
            return count;
        });
    }

    // ---- history nobody asked for ---------------------------------------------------------------

    /**
     * Stores what provider {@code providerId} published without being asked: pushed or live messages,
     * edits, deletions and reactions, new or renamed chats; other events are ignored. Returns at once;
     * listeners hear {@link SyncEvent.BatchStored} for each chat after its write commits. See
     * {@link PushedHistory}.
     */
    public void recordPublished(String providerId, ProviderEvent event) {
        pushed.accept(Objects.requireNonNull(providerId, "providerId"), Objects.requireNonNull(event, "event"));
    }

    /**
     * Stores what provider {@code providerId} says of these chats (titles, group flags, activity) in
     * one transaction; then, as after every write, listeners hear {@link SyncEvent.BatchStored} (of no
     * new messages) for each chat, so a screen showing the chat list picks them up.
     *
     * @throws dev.chatarchive.host.store.ValidationException when a chat belongs to another provider
     *         (nothing is stored then)
     */
    public void recordChats(String providerId, List<ChatDescription> chats) {
        archive.write(session -> {
            chats.forEach(chat -> session.chats().upsert(providerId, chat));
            return null;
        });
        chats.forEach(chat -> listeners.publish(new SyncEvent.BatchStored(chat.chatId(), 0)));
    }

    // ---- listeners -------------------------------------------------------------------------------

    public void addListener(SyncListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
    }

    public void removeListener(SyncListener listener) {
        listeners.remove(listener);
    }

    // ---- starting --------------------------------------------------------------------------------

    /**
     * Accept and start a sync of {@code chatId}: at most {@code maxMessages} new messages, the
     * checkpoint treated as {@code mode} says. Returns once the request is recorded and the chat is
     * {@code in_progress}; the sync itself runs on its own thread.
     *
     * @param requestedBy who asks ("cli", "tui", "bulk"), recorded with the request
     * @throws SyncRefusedException when the request may not run (nothing was recorded)
     */
    public SyncHandle start(String chatId, int maxMessages, SyncMode mode, String requestedBy) {
        return start(chatId, maxMessages, mode, requestedBy, true, null);
    }

    /**
     * {@link #start}, telling {@code whenLastPage} (on the run's thread) once the page that ends the
     * chat's history has been fetched and is about to be stored: no page of this chat follows.
     */
    SyncHandle start(String chatId, int maxMessages, SyncMode mode, String requestedBy, Runnable whenLastPage) {
        return start(chatId, maxMessages, mode, requestedBy, true, whenLastPage);
    }

    /**
     * Asks now, on a thread of its own, for the first page that a run of {@code chatId} started next
     * with the mode {@code mode} gives for its checkpoint and {@code maxMessages} will ask for (the same plan {@link #start}'s
     * transaction makes, read now), so that run finds it answered and reviewed: what an import does
     * with its next chat while the chat before it stores its last page. The run uses the page only if
     * it asks exactly that request (same cursor, same limit); otherwise the page is dropped. Nothing
     * is asked when the run would catch up first or would be refused. {@link #dropPagesAskedAhead}
     * drops what no run took.
     */
    void askFirstPageAhead(String chatId, int maxMessages,
                           java.util.function.Function<Optional<SyncCheckpoint>, SyncMode> mode) {
        if (closed || firstPages.containsKey(chatId)) {
            return;
        }
        try {
            firstPages.put(chatId, aheadThreads.submit(() -> firstPageOf(chatId, maxMessages, mode)));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The service is closing: nothing is asked.
        }
    }

    private SyncRun.Ahead firstPageOf(String chatId, int maxMessages,
                                      java.util.function.Function<Optional<SyncCheckpoint>, SyncMode> mode) throws Exception {
        Optional<ChatRecord> chat = archive.read(session -> session.chats().find(chatId));
        Optional<HistoryProvider> provider = chat.flatMap(known -> providers.provider(known.providerId()));
        if (provider.isEmpty() || running.containsKey(chatId)) {
            return null;
        }
        boolean catchUpNewer = provider.get().supportedDirections().contains(PagingDirection.NEWER);
        SyncPlan plan = archive.read(session -> {
            Optional<SyncCheckpoint> existing = session.checkpoints().find(chatId);
            SyncState state = existing.map(SyncCheckpoint::status).orElse(SyncState.NOT_STARTED);
            SyncMode effective;
            try {
                effective = resolve(mode.apply(existing), state, existing, chatId);
            } catch (SyncRefusedException refused) {
                return null;
            }
            SyncCheckpoint checkpoint = existing.orElseGet(() -> SyncCheckpoint.notStarted(chatId, session.now()));
            SyncRequest request = SyncRequest.create(chatId, maxMessages, false, false, settings.clock().instant(), "ahead");
            return plan(session, request, provider.get().info().id(), checkpoint, effective, catchUpNewer);
        });
        if (plan == null || plan.catchUpFrom() != null) {
            return null;
        }
        String name = plan.title() == null || plan.title().isBlank() ? chatId : plan.title();
        return SyncRun.firstPage(callerFor(provider.get()), archive.rules(), chatId, name, plan.pageBackFrom(),
                maxMessages);
    }

    /** Drops every first page asked ahead that no run took (the import that asked has ended). */
    void dropPagesAskedAhead() {
        firstPages.values().forEach(page -> page.cancel(true));
        firstPages.clear();
    }

    /**
     * Continue paging a chat back by up to {@code maxMessages} new messages, without the catch-up
     * pass: what scrolling above the oldest stored message asks for (the reader wants older
     * messages, not newer ones). Otherwise exactly {@link #start} with {@link SyncMode#CONTINUE}.
     *
     * @throws SyncRefusedException as {@link #start} does
     */
    public SyncHandle loadOlder(String chatId, int maxMessages, String requestedBy) {
        return start(chatId, maxMessages, SyncMode.CONTINUE, requestedBy, false, null);
    }

    private SyncHandle start(String chatId, int maxMessages, SyncMode mode, String requestedBy, boolean catchUp,
                             Runnable whenLastPage) {
        Objects.requireNonNull(mode, "mode must not be null");
        if (closed) {
            throw new IllegalStateException("the sync service is closed");
        }
        if (chatId == null || chatId.isBlank()) {
            throw new SyncRefusedException(Why.INVALID_REQUEST, "Name the chat to sync.");
        }
        checkLimit(maxMessages);
        HistoryProvider provider = providerOf(chatId);
        StopSignal signal = new StopSignal();
        SyncRequest request = SyncRequest.create(chatId, maxMessages, false, false, settings.clock().instant(),
                requestedBy);
        SyncHandle handle = new SyncHandle(chatId, request.requestId(), signal);
        if (running.putIfAbsent(chatId, handle) != null) {
            throw alreadySyncing(named(chatId));
        }
        try {
            SyncPlan plan = accept(request, mode, provider, catchUp);
            listeners.publish(new SyncEvent.Started(chatId, request.requestId(), plan.request().resume(),
                    plan.request().restart(), plan.catchUpFrom() != null));
            java.util.concurrent.Future<SyncRun.Ahead> firstPage = firstPages.remove(chatId);
            SyncRun run = new SyncRun(archive, callerFor(provider), plan, settings, listeners, board, signal, aheadThreads,
                    firstPage, whenLastPage);
            workers.execute(() -> {
                SyncOutcome outcome = null;
                try {
                    outcome = run.call();
                } finally {
                    if (outcome == null) {
                        // Only an Error gets here (SyncRun handles everything else); the next start recovers the chat.
                        outcome = new SyncOutcome(chatId, request.requestId(), SyncState.INTERRUPTED,
                                StopReason.CRASHED, 0, 0, maxMessages, "The sync stopped on a fatal error; see the log file.");
                    }
                    keepMergesInEffect(chatId, outcome);
                    // Free the chat before telling anyone, so a listener may start it again at once.
                    running.remove(chatId, handle);
                    listeners.publish(new SyncEvent.Finished(outcome));
                    handle.finish(outcome);
                }
            });
            return handle;
        } catch (RuntimeException e) {
            running.remove(chatId, handle);
            throw e;
        }
    }

    /**
     * The one transaction that accepts a request: check the state machine, reset on restart, record
     * the request, move the checkpoint to {@code in_progress}, and read the start point.
     */
    private SyncPlan accept(SyncRequest asked, SyncMode mode, HistoryProvider provider, boolean catchUp) {
        String chatId = asked.chatId();
        String providerId = provider.info().id();
        // Asked of the plugin before the write transaction, which then holds the writer for archive work only.
        boolean catchUpNewer = catchUp && provider.supportedDirections().contains(PagingDirection.NEWER);
        try {
            return archive.write(session -> {
                Optional<SyncCheckpoint> existing = session.checkpoints().find(chatId);
                SyncState state = existing.map(SyncCheckpoint::status).orElse(SyncState.NOT_STARTED);
                String chat = session.chats().find(chatId).map(ChatRecord::title).filter(title -> !title.isBlank())
                        .orElse(chatId);
                SyncMode effective = resolve(mode, state, existing, chat);
                SyncRequest request = new SyncRequest(asked.requestId(), chatId, asked.maxMessages(),
                        effective == SyncMode.RESUME, effective == SyncMode.RESTART, session.now(), asked.requestedBy());
                SyncCheckpoint checkpoint = effective == SyncMode.RESTART
                        ? session.checkpoints().reset(chatId, session.now())
                        : existing.orElseGet(() -> SyncCheckpoint.notStarted(chatId, session.now()));
                session.requests().record(request);
                // A chat without a checkpoint is not_started (find says so); it goes on to in_progress
                // in this same transaction, so its first row is written once, already in_progress.
                session.checkpoints().save(checkpoint.moveTo(SyncState.IN_PROGRESS, session.now()));
                CheckpointTally overview = CheckpointTally.read(session);
                session.status().save(overview.applyTo(session.status().get(), 0, session.now()));
                return plan(session, request, providerId, checkpoint, effective, catchUpNewer);
            });
        } catch (ValidationException e) {
            throw new SyncRefusedException(Why.INVALID_REQUEST, sentence(e.getMessage()));
        }
    }

    /** The mode {@code mode} comes to in {@code state}, or the refusal; {@code chat} names the chat in sentences. */
    private static SyncMode resolve(SyncMode mode, SyncState state, Optional<SyncCheckpoint> checkpoint, String chat) {
        if (state == SyncState.IN_PROGRESS) {
            throw alreadySyncing(chat);
        }
        return switch (mode) {
            case RESTART -> SyncMode.RESTART;
            case RESUME -> {
                if (!state.isResumable()) {
                    throw new SyncRefusedException(Why.NOTHING_TO_RESUME, "There is no interrupted or cancelled sync of "
                            + chat + " to resume (it is " + describe(state) + ")." + hintFor(state));
                }
                yield SyncMode.RESUME;
            }
            case START -> {
                if (state != SyncState.NOT_STARTED) {
                    throw refusedStart(state, checkpoint.orElseThrow(), chat);
                }
                yield SyncMode.START;
            }
            case CONTINUE -> {
                if (state.isResumable()) {
                    yield SyncMode.RESUME;
                }
                if (state != SyncState.NOT_STARTED) {
                    throw refusedStart(state, checkpoint.orElseThrow(), chat);
                }
                yield SyncMode.START;
            }
        };
    }

    private static SyncRefusedException refusedStart(SyncState state, SyncCheckpoint checkpoint, String chat) {
        return switch (state) {
            case COMPLETED -> new SyncRefusedException(Why.COMPLETE, "The history of " + chat
                    + " is already complete. Restart its sync to fetch it again from the newest message.");
            case FAILED -> new SyncRefusedException(Why.FAILED_BEFORE, "The last sync of " + chat + " failed: "
                    + checkpoint.errorMessage() + " Once that is fixed, restart its sync.");
            case INTERRUPTED, CANCELLED -> new SyncRefusedException(Why.RESUMABLE, "The sync of " + chat + " was "
                    + describe(state) + " after " + checkpoint.messagesSynced()
                    + " messages. Resume it to continue, or restart it to start over.");
            default -> alreadySyncing(chat);
        };
    }

    private static String hintFor(SyncState state) {
        return switch (state) {
            case NOT_STARTED -> " Start a sync of it instead.";
            case COMPLETED, FAILED -> " Restart its sync to fetch it again.";
            default -> "";
        };
    }

    private static String describe(SyncState state) {
        return switch (state) {
            case NOT_STARTED -> "not started";
            case IN_PROGRESS -> "syncing";
            case INTERRUPTED -> "interrupted";
            case CANCELLED -> "cancelled";
            case COMPLETED -> "complete";
            case FAILED -> "failed";
        };
    }

    private static SyncRefusedException alreadySyncing(String chat) {
        return new SyncRefusedException(Why.ALREADY_SYNCING, "The chat " + chat + " is already syncing.");
    }

    /** How sentences name the chat: its title as the archive records it, else its id. */
    private String named(String chatId) {
        try {
            return archive.read(session -> session.chats().find(chatId)).map(ChatRecord::title)
                    .filter(title -> !title.isBlank()).orElse(chatId);
        } catch (RuntimeException unreadable) {
            return chatId;
        }
    }

    /**
     * Where the run starts. Resume: the checkpoint's cursor. Restart: the newest message (no cursor),
     * so the walk back passes every message and fills any gap. Otherwise: the oldest message held, or
     * the newest when none is held. Unless restarting, a provider that pages newer first catches up
     * from the newest message held.
     */
    private static SyncPlan plan(ArchiveSession session, SyncRequest request, String providerId,
                                 SyncCheckpoint checkpoint, SyncMode mode, boolean catchUpNewer) {
        String chatId = request.chatId();
        HistoryCursor pageBackFrom = null;
        if (mode == SyncMode.RESUME && checkpoint.lastMessageId() != null) {
            pageBackFrom = session.messages().find(chatId, checkpoint.lastMessageId())
                    .map(StoredMessage::toCursor).orElse(null);
        }
        if (pageBackFrom == null && mode != SyncMode.RESTART) {
            pageBackFrom = session.messages().oldest(chatId).map(StoredMessage::toCursor).orElse(null);
        }
        HistoryCursor catchUpFrom = null;
        if (catchUpNewer && mode != SyncMode.RESTART) {
            catchUpFrom = session.messages().newest(chatId).map(StoredMessage::toCursor).orElse(null);
        }
        Optional<ChatRecord> chat = session.chats().find(chatId);
        return new SyncPlan(request, providerId, pageBackFrom, catchUpFrom,
                chat.map(ChatRecord::estimatedSize).orElse(null), chat.map(ChatRecord::title).orElse(null));
    }

    /**
     * A merge the user made stays in effect after a sync run of one of its chats (see
     * {@link dev.chatarchive.host.store.ChatMerges#afterSync}): what an export chat's run brought back
     * is merged into the real chat again, new real history is matched against the export lines it
     * absorbed. Listeners then hear of both chats (the export chat is gone again). A failure here
     * leaves the run's result as it is; the next run of the chat tries again.
     */
    private void keepMergesInEffect(String chatId, SyncOutcome outcome) {
        try {
            // Most chats are in no remembered merge: a read says so without a write transaction per run.
            boolean concerned = archive.read(session -> session.merges().list()).stream()
                    .anyMatch(merge -> merge.from().equals(chatId) || merge.into().equals(chatId));
            if (!concerned) {
                return;
            }
            archive.write(session -> session.merges().afterSync(chatId, outcome.newMessages())).ifPresent(done -> {
                LOG.info("Merge of {} into {} applied again after its sync: {} already there, {} moved", done.from(),
                        done.into(), done.outcome().matched(), done.outcome().moved());
                listeners.publish(new SyncEvent.BatchStored(done.from(), 0));
                if (!done.into().equals(done.from())) {
                    listeners.publish(new SyncEvent.BatchStored(done.into(), done.outcome().moved()));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Could not apply the remembered merge of {} after its sync", chatId, e);
        }
    }

    // ---- bulk ------------------------------------------------------------------------------------

    /**
     * Sync every chat of one provider ({@code providerId}), or of all providers ({@code null}): the
     * chats the provider lists now (added to the archive) and those the archive already knows.
     * Complete chats are skipped; stopped ones are resumed.
     */
    public BulkSync syncAll(String providerId, int maxMessages, String requestedBy) {
        checkLimit(maxMessages);
        List<HistoryProvider> chosen = providers.providers().stream()
                .filter(provider -> providerId == null || provider.info().id().equals(providerId)).toList();
        if (providerId != null && chosen.isEmpty()) {
            throw new SyncRefusedException(Why.UNKNOWN_CHAT, "There is no loaded provider '" + providerId + "'.");
        }
        Map<String, List<String>> chats = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (HistoryProvider provider : chosen) {
            String id = provider.info().id();
            try {
                List<ChatDescription> listed = provider.listChats();
                archive.write(session -> {
                    listed.forEach(chat -> session.chats().upsert(id, chat));
                    return null;
                });
            } catch (ProviderException | RuntimeException e) {
                LOG.warn("{} could not list its chats", provider.info().name(), e);
                warnings.add(provider.info().name() + " could not list its chats (" + e.getMessage()
                        + "); only the chats the archive already knows were synced.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncRefusedException(Why.INVALID_REQUEST, "Interrupted while listing chats.");
            }
            List<String> known = archive.read(session -> session.chats().listOf(id)).stream()
                    .map(ChatRecord::chatId).toList();
            chats.put(id, known);
        }
        Lanes lanes = lanesFor(chats);
        BulkSync bulk = BulkSync.start(this, lanes.chats(), lanes.counts(), maxMessages, requestedBy);
        warnings.forEach(bulk::addWarning);
        return bulk;
    }

    /** Sync these chats as one queue, each provider at the pace its policy allows. */
    public BulkSync syncChats(List<String> chatIds, int maxMessages, String requestedBy) {
        checkLimit(maxMessages);
        Map<String, List<String>> chats = new LinkedHashMap<>();
        List<BulkResult> refused = new ArrayList<>();
        for (String chatId : chatIds.stream().distinct().toList()) {
            try {
                chats.computeIfAbsent(providerOf(chatId).info().id(), id -> new ArrayList<>()).add(chatId);
            } catch (SyncRefusedException refusal) {
                refused.add(BulkResult.refused(chatId, refusal));
            }
        }
        Lanes lanes = lanesFor(chats);
        BulkSync bulk = BulkSync.start(this, lanes.chats(), lanes.counts(), maxMessages, requestedBy);
        refused.forEach(bulk::addResult);
        return bulk;
    }

    /** A bulk sync's queues (chats in order) and how many lanes work each. */
    private record Lanes(Map<String, List<String>> chats, Map<String, Integer> counts) {
    }

    /**
     * One queue per provider and policy: a provider's chats are grouped by the policy their requests
     * fall under ({@link HistoryProvider#syncPolicy(HistoryRequest)}), each group worked by as many
     * lanes as that policy allows, so chats a provider reads from files never queue behind a chat
     * that waits for a phone. The throttles still keep every request to its own policy.
     */
    private Lanes lanesFor(Map<String, List<String>> chatsByProvider) {
        Map<String, List<String>> queues = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        chatsByProvider.forEach((id, chatIds) -> providers.provider(id).ifPresentOrElse(provider -> {
            for (String chatId : chatIds) {
                SyncPolicy policy = policyOf(provider, chatId);
                String queue = id + " " + policy;
                queues.computeIfAbsent(queue, q -> new ArrayList<>()).add(chatId);
                counts.put(queue, policy.maxConcurrentRequests());
            }
        }, () -> queues.put(id, chatIds)));
        return new Lanes(queues, counts);
    }

    /** The policy of a chat's first request, or the provider's own when it cannot say. */
    private static SyncPolicy policyOf(HistoryProvider provider, String chatId) {
        try {
            SyncPolicy policy = provider.syncPolicy(HistoryRequest.older(chatId, null, 1));
            return policy != null ? policy : provider.syncPolicy();
        } catch (RuntimeException e) {
            LOG.warn("{} failed to give the sync policy of {}; using its general one", provider.info().name(), chatId, e);
            return provider.syncPolicy();
        }
    }

    private static void checkLimit(int maxMessages) {
        if (maxMessages < 1 || maxMessages > SyncRequest.MAX_MESSAGES_LIMIT) {
            throw new SyncRefusedException(Why.INVALID_REQUEST, "The most messages to sync must be between 1 and "
                    + SyncRequest.MAX_MESSAGES_LIMIT + ", not " + maxMessages + ".");
        }
    }

    // ---- providers -------------------------------------------------------------------------------

    /**
     * The provider of {@code chatId}: the one stored with the chat, or, for a chat the archive does
     * not know yet, the loaded provider that lists it (the chat is then added to the archive).
     */
    private HistoryProvider providerOf(String chatId) {
        Optional<ChatRecord> known = archive.read(session -> session.chats().find(chatId));
        if (known.isPresent()) {
            String providerId = known.get().providerId();
            HistoryProvider provider = providers.provider(providerId).orElseThrow(() ->
                    new SyncRefusedException(Why.UNKNOWN_CHAT, "The chat " + known.get().title() + " comes from the provider '"
                            + providerId + "', which is not loaded. Check the plugins folder."));
            checkChatId(provider, chatId);
            return provider;
        }
        List<String> problems = new ArrayList<>();
        for (HistoryProvider provider : providers.providers()) {
            Optional<String> problem = provider.chatIdProblem(chatId);
            if (problem.isPresent()) {
                problems.add(provider.info().name() + ": " + problem.get());
                continue;
            }
            Optional<ChatDescription> listed = listedChat(provider, chatId);
            if (listed.isPresent()) {
                archive.write(session -> {
                    session.chats().upsert(provider.info().id(), listed.get());
                    return null;
                });
                return provider;
            }
        }
        if (!providers.providers().isEmpty() && problems.size() == providers.providers().size()) {
            throw new SyncRefusedException(Why.INVALID_REQUEST, "'" + chatId + "' is not a chat id any provider knows ("
                    + String.join("; ", problems) + ").");
        }
        throw new SyncRefusedException(Why.UNKNOWN_CHAT, "No provider offers a chat " + chatId
                + ". List the chats you can sync with 'chat-archive chats'.");
    }

    private static void checkChatId(HistoryProvider provider, String chatId) {
        provider.chatIdProblem(chatId).ifPresent(problem -> {
            throw new SyncRefusedException(Why.INVALID_REQUEST, "'" + chatId + "' is not a valid "
                    + provider.info().name() + " chat id: " + problem);
        });
    }

    private static Optional<ChatDescription> listedChat(HistoryProvider provider, String chatId) {
        try {
            return provider.listChats().stream().filter(chat -> chat.chatId().equals(chatId)).findFirst();
        } catch (ProviderException | RuntimeException e) {
            LOG.warn("{} could not list its chats", provider.info().name(), e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private ProviderCaller callerFor(HistoryProvider provider) {
        return callers.computeIfAbsent(provider.info().id(), id -> new ProviderCaller(provider,
                new ProviderThrottle(provider.syncPolicy(), settings.clock(), settings.sleeper()),
                settings.turnTimeout()));
    }

    // ---- cancelling and asking -------------------------------------------------------------------

    /**
     * Cancel the running sync of {@code chatId}; returns at once with its handle (await it to know the
     * checkpoint is {@code cancelled}).
     *
     * @throws SyncRefusedException when the chat is not syncing
     */
    public SyncHandle cancel(String chatId) {
        SyncHandle handle = running.get(chatId);
        if (handle == null) {
            SyncState state = checkpoint(chatId).map(SyncCheckpoint::status).orElse(SyncState.NOT_STARTED);
            throw new SyncRefusedException(Why.NOT_SYNCING, "The chat " + named(chatId) + " is not syncing (it is "
                    + describe(state) + "), so there is nothing to cancel.");
        }
        handle.cancel();
        return handle;
    }

    /**
     * How many messages the chat's last sync request asked for (its {@code max_messages}), so a resume
     * can ask for the same; empty when the chat was never asked for.
     */
    public java.util.OptionalInt lastAskedMax(String chatId) {
        List<SyncRequest> requests = archive.read(session -> session.requests().forChat(chatId));
        return requests.isEmpty() ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(requests.get(requests.size() - 1).maxMessages());
    }

    /** Whether a sync of {@code chatId} runs in this process. */
    public boolean isSyncing(String chatId) {
        return running.containsKey(chatId);
    }

    public Optional<SyncCheckpoint> checkpoint(String chatId) {
        return archive.read(session -> session.checkpoints().find(chatId));
    }

    public List<SyncCheckpoint> checkpoints() {
        return archive.read(session -> session.checkpoints().list());
    }

    public GlobalSyncStatus status() {
        return archive.read(session -> session.status().get());
    }

    /** How the running syncs stand together. */
    public OverallProgress overallProgress() {
        return board.overall();
    }

    /** The providers this service calls. */
    public ProviderDirectory providers() {
        return providers;
    }

    Archive archive() {
        return archive;
    }

    // ---- closing ---------------------------------------------------------------------------------

    /**
     * Stop every running sync, leaving each {@code interrupted} (shutdown) and resumable, and wait a
     * few seconds for their final states to be committed.
     */
    @Override
    public void close() {
        closed = true;
        List<SyncHandle> stopping = List.copyOf(running.values());
        stopping.forEach(SyncHandle::stopForShutdown);
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (SyncHandle handle : stopping) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || handle.await(Duration.ofNanos(left)).isEmpty()) {
                    LOG.warn("The sync of {} did not stop in time; it will be recovered as interrupted on the next start",
                            handle.chatId());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.shutdownNow();
        dropPagesAskedAhead();
        aheadThreads.shutdownNow();
        pushed.close();
        callers.values().forEach(ProviderCaller::close);
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "The request was refused.";
        }
        String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
