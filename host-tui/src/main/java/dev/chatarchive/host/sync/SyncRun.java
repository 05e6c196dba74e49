package dev.chatarchive.host.sync;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.media.MediaStore.StoredFile;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.CheckpointTally;
import dev.chatarchive.host.store.DiskFullException;
import dev.chatarchive.host.store.InsertResult;
import dev.chatarchive.host.store.MessageRules;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync of one chat, from an accepted request to a final state: the loop at the heart of the
 * engine.
 *
 * <p>Design. The run owns the chat's checkpoint while it is {@code in_progress} (the service moved
 * it there; nobody else writes it until the run ends). It pages in two passes:
 * <ol>
 *   <li>catching up (only when the provider pages newer and the archive holds messages): pages newer
 *       than the archive's newest message, until the provider says there is nothing newer or sends
 *       an empty page. The checkpoint's cursor does not move in this pass: the cursor names the
 *       oldest message reached by paging back, and new messages are not older than it.
 *   <li>paging back from the plan's cursor until the provider says history ends.
 * </ol>
 * Every page is stored in ONE write transaction together with the checkpoint (cursor, counts,
 * progress, and, for the last page, the final state) and the global status. So at any instant the
 * archive holds whole pages only, and the cursor always names a stored message; a crash between two
 * transactions loses at most the page in flight, which a resume fetches again (insert-or-ignore makes
 * that harmless).
 *
 * <p>Overlap. While paging back, the next page is asked for (and reviewed) on another thread while
 * this page is written, when the sync will want it whatever the write does; see {@link #askAhead}.
 * The provider sees the same requests in the same order; events keep their order; a stop drops the
 * page asked ahead.
 *
 * <p>Stops: end of history ({@code completed}), {@code max_messages} new messages stored while more
 * history exists ({@code interrupted}, {@code limit_reached}), a cancel ({@code cancelled}), a shutdown
 * ({@code interrupted}, {@code shutdown}), retries used up ({@code interrupted},
 * {@code retries_exhausted}), a full disk ({@code interrupted}, {@code disk_full}), a permanent failure ({@code failed}), and a bug or archive error of our
 * own ({@code interrupted}, {@code crashed}: never an end state, since the chat is not to blame).
 * Stops are seen at every wait through {@link StopSignal} and between pages.
 *
 * <p>Events are published after the transaction they describe has committed, never before. The
 * service publishes {@link SyncEvent.Finished} once the run has returned and the chat is free again.
 */
final class SyncRun implements Callable<SyncOutcome> {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);

    /** Raised when retries of one page are used up. */
    private static final class RetriesExhausted extends Exception {
        RetriesExhausted(String message) {
            super(message, null, false, false);
        }
    }

    /** The provider said it can fetch nothing older although history goes on; the message is its sentence. */
    private static final class SourceExhausted extends Exception {
        SourceExhausted(String message) {
            super(message, null, false, false);
        }
    }

    /** What one page's transaction did, and the checkpoint it saved. */
    private record Committed(int newMessages, long heldMessages, SyncState state, int percent, SyncCheckpoint checkpoint) {
    }

    private final Archive archive;
    private final ProviderCaller caller;
    private final SyncPlan plan;
    private final SyncSettings settings;
    private final SyncListeners listeners;
    private final ProgressBoard board;
    private final StopSignal signal;
    private final ThroughputMeter meter;
    private final AttachmentIntake attachments;
    /** Where the next page is asked for while this one is stored; {@code null}: one page at a time. */
    private final ExecutorService aheadThreads;
    /** The first page, asked for before the run started ({@link SyncService#askFirstPageAhead}), or {@code null}. */
    private Future<Ahead> firstPage;
    /** Told, past the stop point of the page that ends the chat's history, that no page of it will follow; or {@code null}. */
    private final Runnable whenLastPage;
    private final String chatId;
    private final int maxMessages;
    private Long estimatedSize;
    private long newMessages;
    private long skippedMessages;
    /** The checkpoint the last page's transaction saved: the run's end state once it ended between pages. */
    private SyncCheckpoint lastSaved;

    SyncRun(Archive archive, ProviderCaller caller, SyncPlan plan, SyncSettings settings, SyncListeners listeners,
            ProgressBoard board, StopSignal signal, ExecutorService aheadThreads, Future<Ahead> firstPage,
            Runnable whenLastPage) {
        this.archive = archive;
        this.aheadThreads = aheadThreads;
        this.firstPage = firstPage;
        this.whenLastPage = whenLastPage;
        this.signal = signal;
        this.caller = caller;
        this.plan = plan;
        this.settings = settings;
        this.listeners = listeners;
        this.board = board;
        this.meter = new ThroughputMeter(settings.clock(), settings.progressWindow());
        this.attachments = new AttachmentIntake(archive);
        this.chatId = plan.chatId();
        this.maxMessages = plan.request().maxMessages();
        this.estimatedSize = plan.estimatedSize();
    }

    @Override
    public SyncOutcome call() {
        try {
            SyncState state = SyncState.IN_PROGRESS;
            if (plan.catchUpFrom() != null && firstPage != null) {
                firstPage.cancel(true); // asked for the paging back; a catch-up comes first
                firstPage = null;
            }
            if (plan.catchUpFrom() != null) {
                state = catchUp(plan.catchUpFrom());
            }
            if (state == SyncState.IN_PROGRESS) {
                pageBack(plan.pageBackFrom());
            }
            return outcome(finalCheckpoint());
        } catch (StopSignal.Stopped stopped) {
            return switch (stopped.kind()) {
                case CANCEL -> end(SyncState.CANCELLED, null, null);
                case SHUTDOWN -> end(SyncState.INTERRUPTED, StopReason.SHUTDOWN, null);
                case PLUGIN_EXIT -> end(SyncState.INTERRUPTED, StopReason.CRASHED, signal.detail());
            };
        } catch (RetriesExhausted e) {
            return end(SyncState.INTERRUPTED, StopReason.RETRIES_EXHAUSTED, e.getMessage());
        } catch (SourceExhausted e) {
            return end(SyncState.INTERRUPTED, StopReason.SOURCE_EXHAUSTED, e.getMessage());
        } catch (PermanentProviderException e) {
            return end(SyncState.FAILED, null, e.getMessage());
        } catch (ProviderException e) {
            // Every ProviderException is one of the two kinds; this keeps the compiler honest.
            return end(SyncState.FAILED, null, e.getMessage());
        } catch (DiskFullException e) {
            // Not a bug and not the chat's fault: the page in flight was rolled back, the pages before it
            // are stored, and a resume goes on from there once the disk has room.
            LOG.warn("The sync of {} stopped after {} new messages: {}", chatId, newMessages, e.getMessage());
            return end(SyncState.INTERRUPTED, StopReason.DISK_FULL, diskFullSentence(e));
        } catch (RuntimeException e) {
            LOG.error("The sync of {} stopped on an unexpected error", chatId, e);
            return end(SyncState.INTERRUPTED, StopReason.CRASHED,
                    "An unexpected error stopped the sync (" + e.getClass().getSimpleName() + "); see the log file.");
        } finally {
            if (firstPage != null) {
                firstPage.cancel(true);
            }
            board.remove(chatId);
        }
    }

    // ---- the two passes --------------------------------------------------------------------------

    private SyncState catchUp(HistoryCursor from) throws StopSignal.Stopped, ProviderException, RetriesExhausted {
        HistoryCursor anchor = from;
        while (true) {
            signal.check();
            HistoryRequest provisional = HistoryRequest.newer(chatId, anchor, remaining());
            ProviderThrottle throttle = caller.throttleFor(provisional);
            int limit = throttle.pageSize(provisional.limit());
            HistoryRequest request = HistoryRequest.newer(chatId, anchor, limit);
            HistoryPage page = fetch(request, throttle, null, null);
            noteEstimate(page);
            PageReview review = PageReview.of(page, chatId, PagingDirection.NEWER, limit, archive.rules());
            if (review.anchor() == null || review.anchor().id().equals(anchor.messageId()) || page.exhausted()) {
                // Nothing newer now (or a provider repeating itself, or one that can fetch nothing
                // newer); the catch-up is done either way.
                if (review.anchor() != null && !review.anchor().id().equals(anchor.messageId())) {
                    Committed committed = commit(review, null, SyncPhase.CATCHING_UP, false);
                    return committed.state();
                }
                return SyncState.IN_PROGRESS;
            }
            boolean lastPage = review.endOfHistory();
            Committed committed = commit(review, null, SyncPhase.CATCHING_UP, false);
            if (committed.state() != SyncState.IN_PROGRESS || lastPage) {
                return committed.state();
            }
            anchor = review.anchor().toCursor();
        }
    }

    private void pageBack(HistoryCursor from)
            throws StopSignal.Stopped, ProviderException, RetriesExhausted, SourceExhausted {
        HistoryCursor anchor = from;
        Future<Ahead> ahead = firstPage;
        firstPage = null;
        try {
            while (true) {
                signal.check();
                Ahead asked = ahead == null ? null : awaitAhead(ahead);
                ahead = null;
                HistoryRequest request;
                ProviderThrottle throttle;
                OlderPageCheck check;
                Attempt first = null;
                if (asked != null && asked.fits(anchor, throttleLimit(asked.throttle()))) {
                    request = asked.request();
                    throttle = asked.throttle();
                    check = asked.check();
                    first = asked.attempt();
                } else {
                    HistoryRequest provisional = HistoryRequest.older(chatId, anchor, remaining());
                    throttle = caller.throttleFor(provisional);
                    request = HistoryRequest.older(chatId, anchor, throttle.pageSize(provisional.limit()));
                    check = olderPageCheck(request.limit(), anchor);
                }
                HistoryPage page = fetch(request, throttle, check, first);
                noteEstimate(page);
                PageReview review = check.last;
                warnIfTimestampsGoForward(review, anchor);
                Map<String, StoredFile> files = files(review);
                // Past the page's last stop point: from here the page is stored (or the write fails).
                ahead = askAhead(page, review);
                if (review.endOfHistory() && whenLastPage != null) {
                    whenLastPage.run();
                }
                Committed committed = store(review, files, review.cursor(), SyncPhase.PAGING_BACK,
                        review.endOfHistory());
                if (committed.state() != SyncState.IN_PROGRESS) {
                    return;
                }
                if (page.exhausted()) {
                    throw new SourceExhausted(page.exhaustedBecause());
                }
                anchor = review.anchor().toCursor();
            }
        } finally {
            if (ahead != null) {
                // The run stopped (a stop, an error) while the next page was asked for: its answer is dropped.
                ahead.cancel(true);
            }
        }
    }

    /** The page size the run would ask for now under {@code throttle}. */
    private int throttleLimit(ProviderThrottle throttle) {
        return throttle.pageSize(remaining());
    }

    /**
     * Asks for the page after {@code page} on another thread while {@code page} is being stored, when
     * the sync will want it whatever the store does: history goes on, and the run goes on even if every
     * storable message of {@code page} is new (so it cannot reach {@code max_messages}). The request is
     * the one the run would make after storing: same cursor, and a limit that does not depend on how
     * many of {@code page}'s messages turn out new (else nothing is asked ahead). Only the first
     * attempt is made there; a failure is counted, retried and reported by the run, after the page is
     * stored, as if the run had met it itself. Returns {@code null} when nothing was asked.
     */
    private Future<Ahead> askAhead(HistoryPage page, PageReview review) {
        if (aheadThreads == null || review.endOfHistory() || page.exhausted() || review.anchor() == null) {
            return null;
        }
        long fewest = remainingRaw() - review.storable().size();
        if (fewest < 1) {
            return null;
        }
        int most = (int) Math.max(1, remainingRaw());
        HistoryCursor next = review.anchor().toCursor();
        try {
            return aheadThreads.submit(() -> {
                HistoryRequest provisional = HistoryRequest.older(chatId, next, most);
                ProviderThrottle throttle = caller.throttleFor(provisional);
                int limit = throttle.pageSize((int) fewest);
                if (throttle.pageSize(most) != limit) {
                    return null;
                }
                HistoryRequest request = HistoryRequest.older(chatId, next, limit);
                OlderPageCheck check = olderPageCheck(limit, next);
                return new Ahead(request, throttle, check, attempt(request, throttle, check));
            });
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    /**
     * The page asked ahead, once its first attempt has ended; {@code null} when nothing was asked after
     * all or the asking thread was stopped from outside (the run then asks itself).
     */
    private Ahead awaitAhead(Future<Ahead> ahead) throws StopSignal.Stopped, ProviderException {
        return signal.during(() -> {
            try {
                return ahead.get();
            } catch (java.util.concurrent.CancellationException dropped) {
                return null;
            } catch (ExecutionException e) {
                Throwable failure = e.getCause();
                if (failure instanceof ProviderException typed) {
                    throw typed;
                }
                if (failure instanceof RuntimeException unchecked) {
                    throw unchecked;
                }
                if (failure instanceof Error error) {
                    throw error;
                }
                return null;
            }
        });
    }

    /** One attempt at a page: the page when {@code check} accepts it, else the retryable failure to count. */
    private Attempt attempt(HistoryRequest request, ProviderThrottle throttle, PageCheck check)
            throws ProviderException, InterruptedException {
        return attempt(caller, request, throttle, check);
    }

    private static Attempt attempt(ProviderCaller caller, HistoryRequest request, ProviderThrottle throttle,
                                   PageCheck check) throws ProviderException, InterruptedException {
        try {
            HistoryPage page = caller.fetch(request, throttle);
            Optional<String> problem = check == null ? Optional.empty() : check.problem(page);
            return problem.isEmpty() ? new Attempt(page, null) : new Attempt(null, new RetryableProviderException(problem.get()));
        } catch (RetryableProviderException e) {
            return new Attempt(null, e);
        }
    }

    /** A check of this run's pages of {@code limit} messages older than {@code previous}. */
    private OlderPageCheck olderPageCheck(int limit, HistoryCursor previous) {
        return new OlderPageCheck(caller, chatId, named(), archive.rules(), limit, previous);
    }

    /**
     * Reviews each page given for one older-page request, and keeps the last review. Why a page
     * cannot move the sync back: both cases may pass if asked again (the api says an empty page that
     * does not end history means "nothing now"), so they are retried like a retryable failure and, if
     * they persist, leave the chat resumable.
     */
    static final class OlderPageCheck implements PageCheck {
        private final ProviderCaller caller;
        private final String chatId;
        private final String chatName;
        private final MessageRules rules;
        private final int limit;
        private final HistoryCursor previous;
        private PageReview last;

        OlderPageCheck(ProviderCaller caller, String chatId, String chatName, MessageRules rules, int limit,
                       HistoryCursor previous) {
            this.caller = caller;
            this.chatId = chatId;
            this.chatName = chatName;
            this.rules = rules;
            this.limit = limit;
            this.previous = previous;
        }

        @Override
        public Optional<String> problem(HistoryPage page) {
            last = PageReview.of(page, chatId, PagingDirection.OLDER, limit, rules);
            if (last.endOfHistory() || page.exhausted()) {
                return Optional.empty();
            }
            if (last.anchor() == null) {
                return Optional.of(caller.provider().info().name() + " sent no older messages of " + chatName
                        + " without saying its history ends.");
            }
            if (previous != null && last.anchor().id().equals(previous.messageId())) {
                return Optional.of(caller.provider().info().name() + " sent the same page of " + chatName
                        + " again instead of older messages.");
            }
            return Optional.empty();
        }
    }

    /**
     * Asks, on the calling thread, for the first page a run of {@code chatId} paging back from
     * {@code from} for {@code maxMessages} would ask for; {@code chatName} names the chat in sentences.
     * See {@link SyncService#askFirstPageAhead}.
     */
    static Ahead firstPage(ProviderCaller caller, MessageRules rules, String chatId, String chatName, HistoryCursor from,
                           int maxMessages) throws ProviderException, InterruptedException {
        HistoryRequest provisional = HistoryRequest.older(chatId, from, maxMessages);
        ProviderThrottle throttle = caller.throttleFor(provisional);
        HistoryRequest request = HistoryRequest.older(chatId, from, throttle.pageSize(maxMessages));
        OlderPageCheck check = new OlderPageCheck(caller, chatId, chatName, rules, request.limit(), from);
        return new Ahead(request, throttle, check, attempt(caller, request, throttle, check));
    }

    private void noteEstimate(HistoryPage page) {
        if (page.totalEstimate() != null) {
            estimatedSize = page.totalEstimate();
        }
    }

    private long remainingRaw() {
        return maxMessages - newMessages;
    }

    private int remaining() {
        return (int) Math.max(1, remainingRaw());
    }

    // ---- asking the provider ---------------------------------------------------------------------

    @FunctionalInterface
    interface PageCheck {
        Optional<String> problem(HistoryPage page);
    }

    /** What one attempt at a page came to: the page, or the retryable failure to count (one is {@code null}). */
    record Attempt(HistoryPage page, RetryableProviderException failure) {
    }

    /**
     * A page asked for while the page before it was stored: the request, its throttle and check, and
     * the first attempt at it.
     */
    record Ahead(HistoryRequest request, ProviderThrottle throttle, OlderPageCheck check, Attempt attempt) {

        /** Whether this is the request the run would make now: from {@code anchor}, of {@code limit} messages. */
        boolean fits(HistoryCursor anchor, int limit) {
            return java.util.Objects.equals(request.cursor(), anchor) && request.limit() == limit;
        }
    }

    /**
     * One page, retried with backoff on retryable failures (and on pages {@code check} refuses);
     * {@code first}, when given, is the first attempt, already made ahead.
     */
    private HistoryPage fetch(HistoryRequest request, ProviderThrottle throttle, PageCheck check, Attempt first)
            throws StopSignal.Stopped, ProviderException, RetriesExhausted {
        int failures = 0;
        Attempt made = first;
        while (true) {
            Attempt attempt = made != null ? made : signal.during(() -> attempt(request, throttle, check));
            made = null;
            if (attempt.failure() == null) {
                return attempt.page();
            }
            RetryableProviderException failure = attempt.failure();
            failures++;
            Optional<Duration> wait = settings.retry().delayBeforeRetry(failures, failure);
            if (wait.isEmpty()) {
                LOG.warn("Giving up on a page of {} after {} failed attempts: {}", chatId, failures, failure.getMessage());
                throw new RetriesExhausted(failure.getMessage());
            }
            LOG.info("A page of {} failed (attempt {} of {}), retrying in {}: {}", chatId, failures,
                    settings.retry().maxAttempts(), wait.get(), failure.getMessage());
            listeners.publish(new SyncEvent.Retrying(chatId, failures, settings.retry().maxAttempts(), wait.get(),
                    failure.getMessage()));
            signal.during(() -> {
                settings.sleeper().sleep(wait.get());
                return null;
            });
        }
    }

    // ---- storing ---------------------------------------------------------------------------------

    /**
     * The seed's timestamp monotonicity rule: each page should be no newer than the cursor it was
     * asked from. Phones' clocks are wrong often enough that this is a warning, never an error.
     */
    private void warnIfTimestampsGoForward(PageReview review, HistoryCursor cursor) {
        HistoricalMessage oldest = review.cursor();
        if (cursor != null && oldest != null && oldest.timestamp().isAfter(cursor.timestamp())) {
            LOG.warn("Timestamp ordering violation in {}: the oldest message of a page ({}, {}) is newer than the "
                    + "cursor ({}, {}); possible provider timestamp inconsistency", chatId, oldest.id(),
                    oldest.timestamp(), cursor.messageId(), cursor.timestamp());
        }
    }

    /**
     * Store one page in one transaction: the messages, the checkpoint (moving the cursor to
     * {@code cursor} when given, and to its final state when this page ends the run), and the
     * global status. Then, and only then, tell the listeners.
     */
    private Committed commit(PageReview review, HistoricalMessage cursor, SyncPhase phase, boolean endOfHistory)
            throws StopSignal.Stopped, ProviderException {
        return store(review, files(review), cursor, phase, endOfHistory);
    }

    /** The attached files of the page's messages, brought into the media store: the page's last stop point. */
    private Map<String, StoredFile> files(PageReview review) throws StopSignal.Stopped, ProviderException {
        return signal.during(() -> attachments.fetch(chatId, review.storable()));
    }

    /** {@link #commit} once the page's files are in: no stop is seen from here on. */
    private Committed store(PageReview review, Map<String, StoredFile> files, HistoricalMessage cursor, SyncPhase phase,
                            boolean endOfHistory) {
        Committed committed = archive.write(session -> {
            InsertResult inserted = session.messages().insertIfAbsent(plan.providerId(), review.storable());
            AttachmentIntake.link(session, chatId, files);
            long held = session.chats().find(chatId).map(ChatRecord::messageCount).orElse(0L);
            long stored = newMessages + inserted.inserted();
            SyncState state = endOfHistory ? SyncState.COMPLETED
                    : stored >= maxMessages ? SyncState.INTERRUPTED
                    : SyncState.IN_PROGRESS;
            int percent = state == SyncState.COMPLETED ? 100 : percent(held, stored);
            SyncCheckpoint current = running(session);
            // The cursor must be a message the archive holds; one a remembered merge kept out is not.
            HistoricalMessage heldCursor = cursor == null || session.messages().exists(chatId, cursor.id()) ? cursor : null;
            SyncCheckpoint next = current.advance(
                    heldCursor == null ? current.lastMessageId() : heldCursor.id(),
                    heldCursor == null ? current.lastTimestamp() : heldCursor.timestamp(),
                    inserted.inserted(), percent, session.now());
            if (state == SyncState.COMPLETED) {
                next = next.moveTo(SyncState.COMPLETED, session.now());
            } else if (state == SyncState.INTERRUPTED) {
                next = next.interrupted(StopReason.LIMIT_REACHED, session.now());
            }
            session.checkpoints().save(next);
            refreshGlobalStatus(session, inserted.inserted());
            return new Committed(inserted.inserted(), held, state, percent, next);
        });
        lastSaved = committed.checkpoint();
        newMessages += committed.newMessages();
        skippedMessages += review.skipped();
        meter.record(committed.newMessages());
        listeners.publish(new SyncEvent.BatchStored(chatId, committed.newMessages()));
        publishProgress(phase, committed);
        return committed;
    }

    private int percent(long held, long stored) {
        if (estimatedSize != null && estimatedSize > 0) {
            return (int) Math.min(99, held * 100 / estimatedSize);
        }
        return (int) Math.min(99, stored * 100 / maxMessages);
    }

    private void publishProgress(SyncPhase phase, Committed committed) {
        long remainingWork = Math.max(0, remainingRaw());
        if (estimatedSize != null) {
            remainingWork = Math.min(remainingWork, Math.max(0, estimatedSize - committed.heldMessages()));
        }
        if (committed.state() != SyncState.IN_PROGRESS) {
            remainingWork = 0;
        }
        ChatProgress progress = new ChatProgress(chatId, phase, newMessages, skippedMessages, committed.percent(),
                remainingWork, meter.messagesPerSecond(), meter.timeFor(remainingWork).orElse(null));
        OverallProgress overall = board.update(progress);
        listeners.publish(new SyncEvent.ProgressChanged(progress, overall));
    }

    private SyncCheckpoint running(ArchiveSession session) {
        SyncCheckpoint current = session.checkpoints().find(chatId).orElseThrow(() ->
                new IllegalStateException("the checkpoint of " + chatId + " vanished during its sync"));
        if (current.status() != SyncState.IN_PROGRESS) {
            throw new IllegalStateException("the checkpoint of " + chatId + " left in_progress during its sync ("
                    + current.status().wireName() + ")");
        }
        return current;
    }

    private static void refreshGlobalStatus(ArchiveSession session, long newMessages) {
        CheckpointTally overview = CheckpointTally.read(session);
        session.status().save(overview.applyTo(session.status().get(), newMessages, session.now()));
    }

    // ---- ending ----------------------------------------------------------------------------------

    /** Commit the final state of a run that stopped between pages, then report it. */
    private SyncOutcome end(SyncState state, StopReason reason, String error) {
        try {
            SyncCheckpoint ended = archive.write(session -> {
                SyncCheckpoint current = running(session);
                SyncCheckpoint next = switch (state) {
                    case CANCELLED -> current.moveTo(SyncState.CANCELLED, session.now());
                    case FAILED -> current.failed(error, session.now());
                    case INTERRUPTED -> withError(current.interrupted(reason, session.now()), error);
                    default -> throw new IllegalArgumentException("not a stop state: " + state);
                };
                session.checkpoints().save(next);
                refreshGlobalStatus(session, 0);
                return next;
            });
            return outcome(ended);
        } catch (RuntimeException e) {
            // The archive refused the final write (disk full, file gone): the checkpoint stays
            // in_progress and the next start turns it into interrupted (crashed), so nothing is lost.
            LOG.error("Could not record the end ({}) of the sync of {}", state.wireName(), chatId, e);
            if (reason == StopReason.DISK_FULL || e instanceof DiskFullException) {
                // What this run stored is kept; the next start records the stop (as crashed: it could not be written).
                return new SyncOutcome(chatId, plan.request().requestId(), SyncState.INTERRUPTED, StopReason.DISK_FULL,
                        newMessages, skippedMessages, maxMessages, e instanceof DiskFullException full
                        ? diskFullSentence(full) : error, title());
            }
            SyncOutcome outcome = new SyncOutcome(chatId, plan.request().requestId(), SyncState.INTERRUPTED,
                    StopReason.CRASHED, newMessages, skippedMessages, maxMessages,
                    "The archive could not record the end of the sync; see the log file.", title());
            return outcome;
        }
    }

    /** What a disk-full stop records as the chat's error: which disk, with how much room it has left. */
    private static String diskFullSentence(DiskFullException e) {
        return "The disk is full: " + e.disk() + ".";
    }

    /** The interrupted checkpoint keeps the last error, so the user can see why the provider gave up. */
    private static SyncCheckpoint withError(SyncCheckpoint interrupted, String error) {
        if (error == null) {
            return interrupted;
        }
        return new SyncCheckpoint(interrupted.chatId(), interrupted.status(), interrupted.messagesSynced(),
                interrupted.lastMessageId(), interrupted.lastTimestamp(), interrupted.progressPercent(), error,
                interrupted.stopReason(), interrupted.createdAt(), interrupted.updatedAt(), interrupted.completedAt());
    }

    /**
     * The checkpoint the run ended with: the one its last page's transaction saved (the run owns the
     * checkpoint until it returns, so reading it back would give the same), read only if that page
     * did not end the run.
     */
    private SyncCheckpoint finalCheckpoint() {
        if (lastSaved != null && lastSaved.status() != SyncState.IN_PROGRESS) {
            return lastSaved;
        }
        return archive.read(session -> session.checkpoints().find(chatId)).orElseThrow();
    }

    /** The chat's title for the outcome's sentence, as it was when the run started; null (the id is used) when none. */
    private String title() {
        return plan.title();
    }

    /** The chat as sentences name it: its title, else its id. */
    private String named() {
        String title = title();
        return title == null || title.isBlank() ? chatId : title;
    }

    private SyncOutcome outcome(SyncCheckpoint ended) {
        return new SyncOutcome(chatId, plan.request().requestId(), ended.status(), ended.stopReason(),
                newMessages, skippedMessages, maxMessages, ended.errorMessage(), title());
    }
}
