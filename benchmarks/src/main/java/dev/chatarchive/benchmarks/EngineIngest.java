package dev.chatarchive.benchmarks;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderInfo;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.sync.ProviderDirectory;
import dev.chatarchive.host.sync.SyncOutcome;
import dev.chatarchive.host.sync.SyncService;
import dev.chatarchive.host.sync.SyncSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest through the real sync engine: an in-memory provider holding a corpus pages it back, page by
 * page, and the engine stores each page with its checkpoint and the global status in one
 * transaction, exactly as a real sync does. Requests are capped at 10,000 messages (the seed's
 * limit), so a large chat takes several resumed requests, as it would for a user.
 */
final class EngineIngest {

    private EngineIngest() {
    }

    /** Syncs every chat of {@code corpus} into {@code archive}; returns the nanoseconds it took. */
    static long ingest(Archive archive, SyntheticCorpus corpus) throws InterruptedException {
        CorpusProvider provider = new CorpusProvider(corpus);
        archive.write(session -> {
            for (int chat = 0; chat < corpus.chatCount(); chat++) {
                session.chats().upsert(CorpusProvider.ID, new ChatDescription(SyntheticCorpus.chatId(chat),
                        SyntheticCorpus.title(chat), chat % 5 == 0, null, corpus.chatSize(chat)));
            }
            return null;
        });
        long started = System.nanoTime();
        try (SyncService service = new SyncService(archive, ProviderDirectory.of(List.of(provider)),
                SyncSettings.defaults(Clock.systemUTC()))) {
            for (int chat = 0; chat < corpus.chatCount(); chat++) {
                String chatId = SyntheticCorpus.chatId(chat);
                SyncMode mode = SyncMode.START;
                while (true) {
                    SyncOutcome outcome = service.start(chatId, 10_000, mode, "benchmark").await();
                    if (outcome.state() == SyncState.COMPLETED) {
                        break;
                    }
                    if (!outcome.resumable()) {
                        throw new IllegalStateException("The benchmark sync of " + chatId + " stopped: " + outcome.describe());
                    }
                    mode = SyncMode.RESUME;
                }
            }
        }
        return System.nanoTime() - started;
    }

    /** A provider answering from a corpus held in memory, newest page first. */
    static final class CorpusProvider implements HistoryProvider {

        static final String ID = "bench";
        private final Map<String, List<HistoricalMessage>> chats = new HashMap<>();

        CorpusProvider(SyntheticCorpus corpus) {
            for (int chat = 0; chat < corpus.chatCount(); chat++) {
                List<HistoricalMessage> messages = new ArrayList<>((int) corpus.chatSize(chat));
                corpus.forEachMessage(chat, messages::add);
                chats.put(SyntheticCorpus.chatId(chat), messages);
            }
        }

        @Override
        public ProviderInfo info() {
            return new ProviderInfo(ID, "Benchmark corpus", "1");
        }

        @Override
        public SyncPolicy syncPolicy() {
            return SyncPolicy.LOCAL_SOURCE;
        }

        @Override
        public List<ChatDescription> listChats() {
            return List.of();
        }

        @Override
        public HistoryPage fetchHistory(HistoryRequest request) throws PermanentProviderException {
            List<HistoricalMessage> messages = chats.get(request.chatId());
            if (messages == null || request.direction() != PagingDirection.OLDER) {
                throw new PermanentProviderException("The benchmark corpus has no such chat or direction.");
            }
            int end = request.cursor() == null ? messages.size() : indexOf(messages, request.cursor().messageId());
            int start = Math.max(0, end - request.limit());
            return new HistoryPage(messages.subList(start, end), start == 0, (long) messages.size());
        }

        private static int indexOf(List<HistoricalMessage> messages, String id) {
            // Ids are "M<chat>x<index>": the index is the position, oldest first.
            return Integer.parseInt(id.substring(id.indexOf('x') + 1));
        }
    }
}
