package dev.chatarchive.host.app;

import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.sync.OverallProgress;
import dev.chatarchive.host.sync.SyncEvent;
import dev.chatarchive.host.sync.SyncOutcome;
import dev.chatarchive.host.sync.SyncRefusedException;
import dev.chatarchive.host.sync.SyncService;
import dev.chatarchive.host.ui.SyncControls;
import dev.chatarchive.host.ui.SyncOverview;
import java.util.Objects;

/**
 * The UI's {@link SyncControls} over the sync engine. Requests from the UI are recorded as asked by
 * "tui"; refusals reach the UI as the engine's sentences.
 */
public final class EngineSyncControls implements SyncControls {

    private static final String REQUESTED_BY = "tui";

    private final SyncService service;

    public EngineSyncControls(SyncService service) {
        this.service = Objects.requireNonNull(service, "service must not be null");
    }

    @Override
    public void syncChat(String chatId, int maxMessages, SyncMode mode) {
        service.start(chatId, maxMessages, mode, REQUESTED_BY);
    }

    @Override
    public void syncAll(int maxMessagesPerChat) {
        service.syncAll(null, maxMessagesPerChat, REQUESTED_BY);
    }

    @Override
    public void cancel(String chatId) {
        if (service.isSyncing(chatId)) {
            try {
                service.cancel(chatId);
            } catch (SyncRefusedException endedMeanwhile) {
                // It ended between the check and the cancel: nothing to do, as promised.
            }
        }
    }

    @Override
    public String importWithDateOrder(java.nio.file.Path file, String dateOrder) throws InterruptedException {
        StringBuilder problem = new StringBuilder();
        java.util.List<dev.chatarchive.host.sync.SourceImport.FileResult> results =
                new dev.chatarchive.host.sync.SourceImport(service).run(java.util.List.of(file),
                        dev.chatarchive.api.ImportOptions.NONE.with(dev.chatarchive.api.ImportOptions.DATE_ORDER,
                                dateOrder), new dev.chatarchive.host.sync.SourceImport.Listener() {
                            @Override
                            public void refused(java.nio.file.Path source, String sentence) {
                                problem.append(sentence);
                            }

                            @Override
                            public void providerRefused(java.nio.file.Path source,
                                                        dev.chatarchive.api.ProviderException refusal) {
                                problem.append(refusal.getMessage());
                            }
                        });
        dev.chatarchive.host.sync.SourceImport.FileResult result = results.get(0);
        if (result.problem() != null) {
            throw new IllegalStateException(problem.length() > 0 ? problem.toString() : result.problem());
        }
        long stored = result.outcomes().stream().mapToLong(SyncOutcome::newMessages).sum();
        String chats = String.join(", ", result.chats().stream().map(chat -> chat.title()).toList());
        return "Imported " + file.getFileName() + " (" + chats + ") with its dates read " + dateOrder + ": " + stored
                + (stored == 1 ? " new message" : " new messages") + (result.fine() ? "." : "; its sync did not"
                + " complete, see the chat's state.");
    }

    @Override
    public boolean isSyncing(String chatId) {
        return service.isSyncing(chatId);
    }

    @Override
    public java.util.OptionalInt lastAskedMax(String chatId) {
        return service.lastAskedMax(chatId);
    }

    /**
     * One request of {@code pageSize} new older messages: the chat's sync continues (or starts)
     * without catching up, and stops at the limit, resumable, so the next scroll continues from there.
     */
    @Override
    public int loadOlder(String chatId, int pageSize) throws InterruptedException {
        SyncOutcome outcome;
        try {
            outcome = service.loadOlder(chatId, pageSize, REQUESTED_BY).await();
        } catch (SyncRefusedException refusal) {
            if (refusal.why() == SyncRefusedException.Why.COMPLETE) {
                return 0;
            }
            throw refusal;
        }
        if (outcome.state() == SyncState.FAILED
                || (outcome.state() == SyncState.INTERRUPTED && outcome.stopReason() != StopReason.LIMIT_REACHED)) {
            throw new IllegalStateException(outcome.describe());
        }
        return (int) outcome.newMessages();
    }

    @Override
    public SyncOverview overview() {
        OverallProgress progress = service.overallProgress();
        long synced = service.status().messagesSynced();
        return new SyncOverview(progress.activeSyncs(), synced,
                progress.activeSyncs() == 0 ? null : progress.percent(), progress.remaining());
    }

    @Override
    public void addListener(Listener listener) {
        service.addListener(event -> {
            if (!(event instanceof SyncEvent.Retrying)) {
                listener.chatChanged(event.chatId());
            }
        });
    }
}
