package dev.chatarchive.host.sync;

import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.store.DiskFullException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A queue of chats synced one after the other, several providers side by side.
 *
 * <p>Design. Chats are grouped by provider and by the policy their requests fall under (the
 * service's grouping: WhatsApp chats read from the phone in one queue, those read from exports or
 * backups in another). Each group is worked by as many lanes as its
 * {@link dev.chatarchive.api.SyncPolicy#maxConcurrentRequests()} allows (the phone: one), each lane
 * taking the next chat when its last one ends; the throttle of each request's policy adds the pause
 * between requests on top. Every chat is an ordinary sync ({@link SyncMode#CONTINUE}) with its own request
 * and checkpoint, so a failing chat is reported and can be retried alone while the others go on,
 * and a complete chat is skipped.
 */
public final class BulkSync {

    private static final Logger LOG = LoggerFactory.getLogger(BulkSync.class);

    private final SyncService service;
    private final int maxMessages;
    private final String requestedBy;
    private final List<BulkResult> results = new CopyOnWriteArrayList<>();
    private final List<SyncHandle> active = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final CountDownLatch done;
    private final ExecutorService lanes;
    private volatile boolean cancelled;
    /** The first chat whose sync stopped on a full disk, or {@code null}: the chats after it would meet the same disk. */
    private volatile String fullDiskChat;

    private BulkSync(SyncService service, int maxMessages, String requestedBy, int laneCount) {
        this.service = service;
        this.maxMessages = maxMessages;
        this.requestedBy = requestedBy;
        this.done = new CountDownLatch(laneCount);
        this.lanes = Executors.newFixedThreadPool(Math.max(1, laneCount), ProviderCaller.daemonThreads("bulk-sync"));
    }

    /** Start syncing {@code chatsByProvider} (provider id to its chats, in order). */
    static BulkSync start(SyncService service, Map<String, List<String>> chatsByProvider, Map<String, Integer> lanesByProvider,
                          int maxMessages, String requestedBy) {
        int laneCount = 0;
        Map<String, Integer> lanes = new LinkedHashMap<>();
        for (var group : chatsByProvider.entrySet()) {
            int count = Math.min(group.getValue().size(), lanesByProvider.getOrDefault(group.getKey(), 1));
            lanes.put(group.getKey(), count);
            laneCount += count;
        }
        BulkSync bulk = new BulkSync(service, maxMessages, requestedBy, laneCount);
        for (var group : chatsByProvider.entrySet()) {
            Queue<String> queue = new ConcurrentLinkedQueue<>(group.getValue());
            for (int lane = 0; lane < lanes.get(group.getKey()); lane++) {
                bulk.lanes.execute(() -> bulk.work(queue));
            }
        }
        if (laneCount == 0) {
            bulk.lanes.shutdown();
        }
        return bulk;
    }

    /** A chat that was refused before the queue started. */
    void addResult(BulkResult result) {
        results.add(result);
    }

    /** A problem that concerns no single chat (a provider that could not list its chats). */
    void addWarning(String sentence) {
        warnings.add(sentence);
    }

    /** Problems that concern no single chat, as sentences. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void work(Queue<String> queue) {
        try {
            String chatId;
            while ((chatId = queue.poll()) != null) {
                if (cancelled) {
                    results.add(BulkResult.notRun(chatId));
                    continue;
                }
                if (fullDiskChat != null) {
                    results.add(BulkResult.notRunDiskFull(chatId, fullDiskChat));
                    continue;
                }
                BulkResult result = syncOne(chatId);
                if (result.stoppedByFullDisk()) {
                    fullDiskChat = chatId;
                }
                results.add(result);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            String left;
            while ((left = queue.poll()) != null) {
                results.add(BulkResult.notRun(left));
            }
        } finally {
            done.countDown();
            if (done.getCount() == 0) {
                lanes.shutdown(); // nobody need await a bulk sync (the UI does not) for its threads to end
            }
        }
    }

    private BulkResult syncOne(String chatId) throws InterruptedException {
        SyncHandle handle;
        try {
            handle = service.start(chatId, maxMessages, SyncMode.CONTINUE, requestedBy);
        } catch (SyncRefusedException refusal) {
            return BulkResult.refused(chatId, refusal);
        } catch (DiskFullException e) {
            fullDiskChat = chatId;
            return new BulkResult(chatId, BulkResult.Kind.REFUSED, null, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Could not start the sync of {} in a bulk sync", chatId, e);
            return new BulkResult(chatId, BulkResult.Kind.REFUSED, null,
                    "The sync of " + chatId + " could not start (" + e.getMessage() + ").");
        }
        active.add(handle);
        try {
            if (cancelled) {
                handle.cancel();
            }
            return BulkResult.synced(handle.await());
        } finally {
            active.remove(handle);
        }
    }

    /** Cancel the running syncs and skip the chats still waiting. Returns at once. */
    public void cancel() {
        cancelled = true;
        active.forEach(SyncHandle::cancel);
    }

    /** A plugin is ending the process: stop the running syncs as interrupted, saying so, and skip the rest. */
    public void stopBecausePluginEnded(String sentence) {
        cancelled = true;
        active.forEach(handle -> handle.stopBecausePluginEnded(sentence));
    }

    /** Whether every chat has had its turn. */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Wait until every chat has had its turn; the results, in the order chats finished. */
    public List<BulkResult> await() throws InterruptedException {
        done.await();
        lanes.shutdown();
        return new ArrayList<>(results);
    }
}
