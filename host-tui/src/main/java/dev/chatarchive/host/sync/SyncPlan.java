package dev.chatarchive.host.sync;

import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.host.store.SyncRequest;
import java.util.Objects;

/**
 * Where an accepted request starts, decided in the transaction that moved the checkpoint to
 * {@code in_progress}.
 *
 * @param request       the recorded request
 * @param providerId    the chat's provider
 * @param pageBackFrom  the cursor to page back from: the checkpoint's cursor when resuming, the
 *                      oldest message held for a fresh sync, {@code null} (the newest messages) when
 *                      the archive holds none or the chat is started over
 * @param catchUpFrom   the newest message held, when the provider pages newer and the run should
 *                      first catch up from it; else {@code null}
 * @param estimatedSize the provider's last estimate of the chat's size, or {@code null}
 * @param title         the chat's title as the run starts (for the outcome's sentence), or {@code null}
 */
record SyncPlan(SyncRequest request, String providerId, HistoryCursor pageBackFrom, HistoryCursor catchUpFrom,
                Long estimatedSize, String title) {

    SyncPlan {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(providerId, "providerId must not be null");
    }

    String chatId() {
        return request.chatId();
    }
}
