package dev.chatarchive.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A common word at a million messages, stored newest page first (as a sync pages backwards, so row
 * ids run against time) in three interleaved chats: search returns the newest matches, the same as a
 * plain scan ordered by timestamp. Slow (it indexes a million messages through the real triggers).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MillionMessageSearchIT {

    private static final int MESSAGES = 1_000_000;
    private static final int PAGE = 1_000;
    private static final long START = Instant.parse("2019-01-01T00:00:00Z").toEpochMilli();
    private static final String[] CHATS = {"31600000001@s.whatsapp.net", "31600000002@s.whatsapp.net",
        "120363000000000003@g.us"};

    Archive archive;

    @BeforeAll
    void buildArchive(@TempDir Path folder) {
        archive = Archive.open(folder.resolve("archive.db"), ArchiveFixture.CLOCK);
        archive.write(session -> {
            for (String chat : CHATS) {
                session.chats().ensure("whatsapp", chat);
            }
            return null;
        });
        // Message n is sent at START + 20 s * (n / 2) (pairs share a millisecond); pages are stored newest
        // first, each page oldest first as MessageStore does. "tomorrow" is in every third message.
        for (int firstOfBatch = MESSAGES - 50 * PAGE; firstOfBatch >= 0; firstOfBatch -= 50 * PAGE) {
            int batchStart = firstOfBatch;
            archive.jdbi().useTransaction(handle -> {
                for (int page = 49; page >= 0; page--) {
                    int from = batchStart + page * PAGE;
                    handle.execute("WITH RECURSIVE seq(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM seq WHERE n < ?) "
                            + "INSERT INTO message_rows (id, chat_key, sender, content, timestamp, created_at) "
                            + "SELECT printf('m%07d', n), (SELECT chat_key FROM chats WHERE chat_jid = "
                            + "CASE n % 3 WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END), 's', "
                            + "CASE WHEN n % 3 = n / 3 % 3 THEN 'see you tomorrow ' ELSE 'see you later ' END || n, "
                            + "? + (n / 2) * 20000, 0 FROM seq",
                            from, from + PAGE - 1, CHATS[0], CHATS[1], CHATS[2], START);
                }
            });
        }
        SearchIndexChecks.current(archive); // written beside the archive by its own thread (schema version 9)
    }

    @AfterAll
    void closeArchive() {
        archive.close();
    }

    @Test
    void search_commonWord_returnsTheNewestMatches_likeAPlainQueryByTimestamp() {
        List<String> hits = archive.read(s -> new MessageSearch(s.handle()).search("tomorrow", 200)).stream()
                .map(hit -> hit.message().message().id()).toList();
        List<String> plain = archive.read(s -> s.handle().createQuery("SELECT id FROM messages WHERE content LIKE "
                + "'%tomorrow%' ORDER BY timestamp DESC, id DESC LIMIT 200").mapTo(String.class).list());

        assertEquals(plain, hits);
        assertTrue(hits.get(0).compareTo("m0999990") > 0, hits.get(0));
    }

    @Test
    void search_commonWordInOneChat_returnsThatChatsNewestMatches() {
        List<String> hits = archive.read(s -> new MessageSearch(s.handle()).search("tomorrow", CHATS[2], 100)).stream()
                .map(hit -> hit.message().message().id()).toList();
        List<String> plain = archive.read(s -> s.handle().createQuery("SELECT id FROM messages WHERE chat_jid = :chat "
                + "AND content LIKE '%tomorrow%' ORDER BY timestamp DESC, id DESC LIMIT 100")
                .bind("chat", CHATS[2]).mapTo(String.class).list());

        assertEquals(plain, hits);
    }

    @Test
    void count_commonWord_stopsAtTheCap() {
        assertEquals(new MessageSearch.Count(10_000, true),
                archive.read(s -> new MessageSearch(s.handle()).count("tomorrow", 10_000)));
    }
}
