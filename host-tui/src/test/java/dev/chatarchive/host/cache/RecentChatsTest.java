package dev.chatarchive.host.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.app.StoreArchiveReader;
import dev.chatarchive.host.browse.ChatMessage;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentChatsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String CHAT = "31611111111@s.whatsapp.net";

    @TempDir
    Path folder;
    Archive archive;
    AtomicLong nanos = new AtomicLong();
    RecentChats cache;

    @BeforeEach
    void open() {
        archive = Archive.open(folder.resolve("archive.db"), CLOCK);
        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(CHAT, "Alice", false, null, null));
            session.messages().insertIfAbsent("whatsapp", List.of(message("m1", "2026-05-01T10:00:00Z")));
            return null;
        });
        Ticker ticker = nanos::get;
        cache = new RecentChats(new StoreArchiveReader(archive), ticker, Runnable::run);
    }

    @AfterEach
    void close() {
        archive.close();
    }

    private static HistoricalMessage message(String id, String at) {
        return HistoricalMessage.text(id, CHAT, CHAT, "text of " + id, Instant.parse(at), false);
    }

    private void store(HistoricalMessage message) {
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", List.of(message)));
    }

    private List<String> newestIds() {
        return cache.newest(CHAT, 50).stream().map(ChatMessage::id).toList();
    }

    @Test
    void newest_secondRead_isServedFromTheCache() {
        newestIds();
        newestIds();

        assertEquals(1, cache.pageStats().hitCount());
        assertEquals(1, cache.pageStats().missCount());
    }

    @Test
    void newest_afterACommitWithoutInvalidation_stillShowsTheCachedPage() {
        newestIds();

        store(message("m2", "2026-05-02T10:00:00Z"));

        assertEquals(List.of("m1"), newestIds());
    }

    @Test
    void invalidate_afterACommit_makesTheNextReadSeeTheNewMessages() {
        newestIds();
        store(message("m2", "2026-05-02T10:00:00Z"));

        cache.invalidate(CHAT);

        assertEquals(List.of("m1", "m2"), newestIds());
    }

    @Test
    void chats_areCachedAndInvalidatedWithTheirChat() {
        assertEquals(1, cache.chats().get(0).messageCount());
        store(message("m2", "2026-05-02T10:00:00Z"));
        assertEquals(1, cache.chats().get(0).messageCount());

        cache.invalidate(CHAT);

        assertEquals(2, cache.chats().get(0).messageCount());
    }

    @Test
    void newest_unusedLongerThanTheIdleTime_isReadAgain() {
        newestIds();

        nanos.addAndGet(RecentChats.IDLE.plusSeconds(1).toNanos());
        newestIds();

        assertEquals(2, cache.pageStats().missCount());
    }

    @Test
    void newest_askingForMoreThanAPage_readsThroughTheArchive() {
        cache.newest(CHAT, RecentChats.NEWEST_PAGE + 1);

        assertEquals(0, cache.pageStats().requestCount());
    }

    @Test
    void debugLines_reportTheHitRate() {
        newestIds();
        newestIds();

        assertTrue(cache.debugLines().get(0).startsWith("recent chats (newest pages) cache: hit rate 50.0% (1 hits, 1 misses), 1 cached"),
                cache.debugLines().get(0));
    }
}
