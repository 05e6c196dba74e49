package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MessageStore#insertIfAbsent}'s statements are prepared once per shape and handle and kept
 * ({@link InsertStatements}), padded to a few shapes ({@link MessageStore#shapeRows}): what is stored is exactly
 * what was stored when every call prepared its own statement of the exact size.
 */
class InsertStatementsTest {

    private static final Instant T0 = Instant.parse("2024-01-01T10:00:00Z");
    private static final String THIRD = "31633333333@s.whatsapp.net";

    @TempDir
    Path folder;
    Archive archive;
    MovingClock clock = new MovingClock();

    @BeforeEach
    void openArchive() {
        archive = Archive.open(folder.resolve("archive.db"), clock);
    }

    @AfterEach
    void closeArchive() {
        archive.close();
    }

    @Test
    void fullPagesOfSeveralChatsAndWrites_preparesTheirStatementOnce() {
        for (String chat : List.of(CHAT, GROUP, THIRD)) {
            InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp",
                    page(chat, "m", 2 * MessageStore.ROWS_PER_STATEMENT, T0)));
            assertEquals(2 * MessageStore.ROWS_PER_STATEMENT, result.inserted());
        }

        long prepared = archive.write(session -> InsertStatements.of(session.handle()).prepared());
        // the 2,500-row INSERT, the highest-row_id query and the merges lookup: nine statements run, three prepared
        assertEquals(3, prepared);
        assertEquals(3L * 2 * MessageStore.ROWS_PER_STATEMENT, count("SELECT count(*) FROM message_rows"));
    }

    @Test
    void shapeRows_roundsUpToAPowerOfTwoThenToSteps_neverBeyondAStatement() {
        int[][] expected = {{1, 1}, {2, 2}, {3, 4}, {5, 8}, {64, 64}, {65, 128}, {128, 128}, {129, 500}, {500, 500},
                {501, 1000}, {2001, 2500}, {2500, 2500}};
        for (int[] pair : expected) {
            assertEquals(pair[1], MessageStore.shapeRows(pair[0]), "rows " + pair[0]);
        }
        for (int rows = 1; rows <= MessageStore.ROWS_PER_STATEMENT; rows++) {
            int shape = MessageStore.shapeRows(rows);
            assertTrue(shape >= rows && shape <= MessageStore.ROWS_PER_STATEMENT, "rows " + rows);
        }
    }

    @Test
    void pagesOfEverySizeBetweenShapes_storeExactlyTheirMessages_noPaddingRow() {
        int[] sizes = {1, 2, 3, 5, 127, 128, 129, 499, 500, 501, 2499, 2500, 2501, 4999, 5001};
        long total = 0;
        for (int s = 0; s < sizes.length; s++) {
            int size = sizes[s];
            boolean mixed = s % 2 == 1;
            List<HistoricalMessage> page = new ArrayList<>(page(CHAT, "p" + s + "-", size, T0.plusSeconds(s * 10_000L)));
            if (mixed) {
                page.replaceAll(m -> m.id().hashCode() % 3 == 0 ? withChat(m, GROUP) : m);
            }
            InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));
            assertEquals(page.stream().map(HistoricalMessage::id).toList(), result.newIds(), "size " + size);
            assertEquals(0, result.ignored());
            total += size;
            assertEquals(total, count("SELECT count(*) FROM message_rows"), "size " + size);
        }
        assertEquals(0, count("SELECT count(*) FROM message_rows WHERE id IS NULL OR content IS NULL"));
        assertEquals(total, (long) archive.read(session -> session.messages().count(CHAT) + session.messages().count(GROUP)));
        SearchIndexChecks.current(archive);
        assertEquals(total, count("SELECT count(*) FROM search.messages_fts WHERE messages_fts MATCH 'text'"));
    }

    @Test
    void aPaddedStatement_withHeldAndNewMessages_reportsExactlyTheNewOnes() {
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", page(CHAT, "m", 300, T0)));
        List<HistoricalMessage> page = new ArrayList<>(page(CHAT, "n", 350, T0.minusSeconds(1_000)));
        page.addAll(page(CHAT, "m", 300, T0)); // held already: 650 rows, a statement of 1,000

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));

        assertEquals(page.subList(0, 350).stream().map(HistoricalMessage::id).toList(), result.newIds());
        assertEquals(300, result.ignored());
        assertEquals(650L, (long) archive.read(session -> session.messages().count(CHAT)));
        assertEquals(650L, count("SELECT count(*) FROM message_rows"));
    }

    @Test
    void theKeptStatement_bindsEachCallsOwnChatAndTime() {
        Instant first = clock.instant();
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", page(CHAT, "a", 300, T0)));
        clock.advance(3_600_000);
        Instant second = clock.instant();
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", page(GROUP, "b", 300, T0)));

        assertEquals(List.of(CHAT + "|" + first.toEpochMilli() + "|300", GROUP + "|" + second.toEpochMilli() + "|300"),
                archive.read(session -> session.handle().createQuery("SELECT chat_jid || '|' || created_at || '|' "
                        + "|| count(*) FROM messages GROUP BY chat_jid, created_at ORDER BY chat_key")
                        .mapTo(String.class).list()));
        assertEquals(3L, (long) archive.write(session -> InsertStatements.of(session.handle()).prepared()),
                "one INSERT statement (500 rows) for both pages, the highest-row_id query and the merges lookup");
    }

    @Test
    void aStatementThatFailed_isPreparedAfresh_andTheNextPageIsStored() {
        List<HistoricalMessage> bad = new ArrayList<>(page(CHAT, "m", 300, T0));
        HistoricalMessage broken = bad.get(150);
        bad.set(150, new HistoricalMessage(broken.id(), CHAT, broken.sender(), null, broken.content(), broken.timestamp(),
                false, MessageType.TEXT, false, "{not json"));

        assertThrows(ValidationException.class,
                () -> archive.write(session -> session.messages().insertIfAbsent("whatsapp", bad)));
        assertEquals(0, (int) archive.write(session -> InsertStatements.of(session.handle()).kept()));

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page(CHAT, "m", 300, T0)));
        assertEquals(300, result.inserted());
        assertEquals(300L, count("SELECT count(*) FROM message_rows"));
    }

    @Test
    void keptStatements_areClosedWhenTheArchiveCloses() {
        List<PreparedStatement> kept = archive.write(session -> {
            session.messages().insertIfAbsent("whatsapp", page(CHAT, "m", MessageStore.ROWS_PER_STATEMENT + 600, T0));
            InsertStatements statements = InsertStatements.of(session.handle());
            return List.of(statements.get(new MessageStore.Shape(MessageStore.ROWS_PER_STATEMENT, true, false, false)),
                    statements.get(new MessageStore.Shape(1000, true, false, false)));
        });
        for (PreparedStatement statement : kept) {
            assertNotNull(statement);
            assertFalse(isClosed(statement));
        }

        archive.close();

        for (PreparedStatement statement : kept) {
            assertTrue(isClosed(statement), "closed with the writer's handle");
        }
        archive = Archive.open(folder.resolve("archive.db"), clock);
    }

    @Test
    void aChatWithoutRememberedMerges_isStoredWithoutLookingEachRowUpInMergedMessages() {
        archive.write(session -> session.handle().execute(
                "INSERT INTO merged_messages (chat_jid, message_id) VALUES (?, ?)", GROUP, "gone"));

        archive.write(session -> session.messages().insertIfAbsent("whatsapp", page(CHAT, "m", 300, T0)));
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", page(GROUP, "m", 300, T0)));

        archive.write(session -> {
            InsertStatements statements = InsertStatements.of(session.handle());
            assertNotNull(statements.get(new MessageStore.Shape(500, true, false, false)), "the chat without merges");
            assertNotNull(statements.get(new MessageStore.Shape(500, true, false, true)), "the chat with one");
            return null;
        });
        assertEquals(600L, count("SELECT count(*) FROM message_rows"));
    }

    @Test
    void aMergeRememberedAfterAPageWasStoredWithoutTheLookup_stillKeepsItsMessageOut() {
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", page(CHAT, "m", 300, T0)));
        archive.write(session -> session.handle().execute(
                "INSERT INTO merged_messages (chat_jid, message_id) VALUES (?, ?)", CHAT, "n7"));
        List<HistoricalMessage> mixed = new ArrayList<>(page(CHAT, "n", 300, T0.minusSeconds(1_000)));
        mixed.add(HistoricalMessage.text("n7", GROUP, "31622222222@s.whatsapp.net", "other chat", T0, false));

        InsertResult oneChat = archive.write(session -> session.messages().insertIfAbsent("whatsapp",
                page(CHAT, "n", 300, T0.minusSeconds(1_000))));
        InsertResult both = archive.write(session -> session.messages().insertIfAbsent("whatsapp", mixed));

        assertEquals(299, oneChat.inserted());
        assertEquals(1, oneChat.ignored());
        boolean mergedAwayStored = archive.read(session -> session.messages().exists(CHAT, "n7"));
        assertFalse(mergedAwayStored, "the merged-away message");
        assertEquals(List.of("n7"), both.newIds(), "the same id in another chat is stored");
        boolean otherChatStored = archive.read(session -> session.messages().exists(GROUP, "n7"));
        assertTrue(otherChatStored);
    }

    @Test
    void eachHandle_keepsItsOwnStatements() {
        try (Handle one = archive.jdbi().open(); Handle other = archive.jdbi().open()) {
            assertSame(InsertStatements.of(one), InsertStatements.of(one));
            assertNotSame(InsertStatements.of(one), InsertStatements.of(other));
        }
    }

    private long count(String sql) {
        return archive.read(session -> session.handle().createQuery(sql).mapTo(Long.class).one());
    }

    private static boolean isClosed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code size} messages of {@code chat}, ids prefix0.., newest first (as a sync page comes), one second apart. */
    private static List<HistoricalMessage> page(String chat, String prefix, int size, Instant newest) {
        List<HistoricalMessage> page = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            page.add(HistoricalMessage.text(prefix + i, chat, "31622222222@s.whatsapp.net", "text " + i,
                    newest.minusSeconds(i), false));
        }
        return page;
    }

    private static HistoricalMessage withChat(HistoricalMessage m, String chat) {
        return new HistoricalMessage(m.id(), chat, m.sender(), m.senderName(), m.content(), m.timestamp(), m.fromMe(),
                m.type(), m.edited(), m.rawJson());
    }

    /** A clock the test moves on. */
    private static final class MovingClock extends Clock {
        private long millis = ArchiveFixture.NOW.toEpochMilli();

        void advance(long by) {
            millis += by;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
