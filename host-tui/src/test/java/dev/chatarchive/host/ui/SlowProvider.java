package dev.chatarchive.host.ui;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * An in-memory provider of one chat whose pages come only when the test allows them: a stand-in for
 * a phone that answers slowly, so a test can watch a sync run and cancel it.
 *
 * <p>The chat's history is {@code total} messages, one a minute, ids {@code h000}, {@code h001}, ...
 * oldest first; each page holds up to ten messages strictly older than the cursor.
 */
final class SlowProvider implements HistoryProvider {

    static final String ID = "slow";
    private static final int PAGE = 10;

    private final String chatId;
    private final String title;
    private final List<HistoricalMessage> history = new ArrayList<>();
    private final Semaphore pagesAllowed = new Semaphore(0);

    SlowProvider(String chatId, String title, Instant start, int total) {
        this.chatId = chatId;
        this.title = title;
        for (int i = 0; i < total; i++) {
            history.add(HistoricalMessage.text(String.format("h%03d", i), chatId, chatId, "old message " + i,
                    start.plusSeconds(60L * i), false));
        }
    }

    /** The newest {@code count} messages, for a test to store before the sync starts. */
    List<HistoricalMessage> newest(int count) {
        return List.copyOf(history.subList(history.size() - count, history.size()));
    }

    /** Lets {@code pages} more page requests answer. */
    void allow(int pages) {
        pagesAllowed.release(pages);
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo(ID, "Slow", "1.0");
    }

    @Override
    public List<ChatDescription> listChats() {
        return List.of(new ChatDescription(chatId, title, false, history.get(history.size() - 1).timestamp(),
                (long) history.size()));
    }

    @Override
    public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException, InterruptedException {
        if (!request.chatId().equals(chatId)) {
            throw new PermanentProviderException("There is no chat " + request.chatId() + " here.");
        }
        pagesAllowed.acquire();
        int end = history.size();
        if (request.cursor() != null) {
            end = 0;
            while (end < history.size() && !history.get(end).id().equals(request.cursor().messageId())) {
                end++;
            }
        }
        int start = Math.max(0, end - Math.min(PAGE, request.limit()));
        return new HistoryPage(history.subList(start, end), start == 0, (long) history.size());
    }
}
