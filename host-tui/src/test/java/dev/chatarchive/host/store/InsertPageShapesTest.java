package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.GROUP;
import static dev.chatarchive.host.store.ArchiveFixture.insert;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shapes a page comes in (oldest first, newest first, shuffled, with repeated ids, across chats,
 * with messages held already or merged away) store the same rows in the same order: each new message
 * once, at its first occurrence in the list, oldest first, messages of one time in the list's order.
 */
class InsertPageShapesTest {

    private static final Instant T0 = Instant.parse("2024-01-01T10:00:00Z");

    @TempDir
    Path folder;
    Archive archive;

    @BeforeEach
    void openArchive() {
        archive = ArchiveFixture.open(folder);
    }

    @AfterEach
    void closeArchive() {
        archive.close();
    }

    @Test
    void insertOrder_isTheStableSortByTimeOfEachMessagesFirstOccurrence_whateverTheListsOrder() {
        Random random = new Random(15);
        for (int round = 0; round < 300; round++) {
            boolean oneChat = round % 2 == 0;
            List<HistoricalMessage> page = new ArrayList<>();
            int size = 1 + random.nextInt(60);
            for (int i = 0; i < size; i++) {
                // few distinct times (ties), few distinct ids (repeats), sometimes a nanosecond apart
                Instant time = T0.plusMillis(random.nextInt(8)).plusNanos(random.nextInt(4) == 0 ? 1 : 0);
                String chat = oneChat || random.nextBoolean() ? CHAT : GROUP;
                page.add(message(chat, "m" + random.nextInt(size), time, "copy " + i));
            }
            switch (round % 3) {
                case 0 -> page.sort(Comparator.comparing(HistoricalMessage::timestamp));
                case 1 -> page.sort(Comparator.comparing(HistoricalMessage::timestamp).reversed());
                default -> { }
            }
            assertArrayEquals(straightforwardOrder(page), MessageStore.insertOrder(page, oneChat), "round " + round);
        }
    }

    @Test
    void pageNewestFirst_withSeveralMessagesOfOneMillisecond_isStoredOldestFirstKeepingTheListsOrderWithinTheMillisecond() {
        List<HistoricalMessage> page = List.of(
                message(CHAT, "d", T0.plusMillis(2), "d"),
                message(CHAT, "b", T0.plusMillis(1), "b"),
                message(CHAT, "c", T0.plusMillis(1), "c"),
                message(CHAT, "a", T0, "a"));

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));

        assertEquals(List.of("d", "b", "c", "a"), result.newIds());
        assertEquals(List.of("a", "b", "c", "d"), idsByRowId());
        assertEquals(List.of(T0.toEpochMilli() * 1024, (T0.toEpochMilli() + 1) * 1024,
                (T0.toEpochMilli() + 1) * 1024 + 1, (T0.toEpochMilli() + 2) * 1024), searchKeysByRowId());
    }

    @Test
    void pageWithARepeatedId_storesTheFirstCopyOnceAndCountsTheRepeatAsIgnored() {
        List<HistoricalMessage> page = List.of(
                message(CHAT, "x", T0.plusSeconds(5), "first copy"),
                message(CHAT, "y", T0.plusSeconds(3), "y"),
                message(CHAT, "x", T0.plusSeconds(1), "second copy, older"));

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));

        assertEquals(2, result.inserted());
        assertEquals(1, result.ignored());
        assertEquals(List.of("x", "y"), result.newIds());
        assertEquals(List.of("y", "x"), idsByRowId());
        assertEquals("first copy", content(CHAT, "x"));
    }

    @Test
    void pageAcrossChats_withTheSameIdInBoth_storesBothInTimeOrderAndCountsEachChat() {
        insert(archive, message(GROUP, "held", T0.plusSeconds(2), "held"));
        List<HistoricalMessage> page = List.of(
                message(CHAT, "m1", T0.plusSeconds(3), "chat m1"),
                message(GROUP, "m1", T0.plusSeconds(1), "group m1"),
                message(GROUP, "held", T0.plusSeconds(2), "held again"),
                message(CHAT, "m2", T0.plusSeconds(4), "chat m2"),
                message(GROUP, "m2", T0.plusSeconds(4), "group m2"));

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));

        assertEquals(List.of("m1", "m1", "m2", "m2"), result.newIds());
        assertEquals(1, result.ignored());
        assertEquals(List.of("held", "m1", "m1", "m2", "m2"), idsByRowId());
        assertEquals("group m1", content(GROUP, "m1"));
        assertEquals("chat m2", content(CHAT, "m2"));
        assertEquals(2L, (long) archive.read(session -> session.messages().count(CHAT)));
        assertEquals(3L, (long) archive.read(session -> session.messages().count(GROUP)));
    }

    @Test
    void pageSpanningStatements_withHeldAndMergedAwayMessagesScattered_reportsExactlyTheNewOnes() {
        int size = MessageStore.ROWS_PER_STATEMENT * 2 + 7;
        List<HistoricalMessage> page = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            page.add(message(CHAT, "m" + i, T0.plusSeconds(size - i), "text " + i));
        }
        Set<String> heldOrMerged = new HashSet<>();
        for (int i = 0; i < size; i += 13) {
            insert(archive, page.get(i));
            heldOrMerged.add("m" + i);
        }
        archive.write(session -> {
            for (int i = 5; i < size; i += 101) {
                session.handle().execute("INSERT INTO merged_messages (chat_jid, message_id) VALUES (?, ?)", CHAT, "m" + i);
                heldOrMerged.add("m" + i);
            }
            return null;
        });

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));

        List<String> expected = page.stream().map(HistoricalMessage::id).filter(id -> !heldOrMerged.contains(id)).toList();
        assertEquals(expected, result.newIds());
        assertEquals(heldOrMerged.size(), result.ignored());
        boolean mergedAwayStored = archive.read(session -> session.messages().exists(CHAT, "m5"));
        assertFalse(mergedAwayStored, "a merged-away message is not stored");
        List<String> newOnesOldestFirst = new ArrayList<>(expected);
        Collections.reverse(newOnesOldestFirst);
        List<String> stored = idsByRowId();
        assertEquals(newOnesOldestFirst, stored.subList(stored.size() - expected.size(), stored.size()));
    }

    @Test
    void pageAcrossChats_aMessageMergedAwayFromOneChat_isNotStoredThere_butTheSameIdInTheOtherChatIs() {
        archive.write(session -> session.handle().execute(
                "INSERT INTO merged_messages (chat_jid, message_id) VALUES (?, ?)", GROUP, "gone"));
        List<HistoricalMessage> page = List.of(
                message(GROUP, "gone", T0, "merged away"),
                message(CHAT, "gone", T0.plusSeconds(1), "kept in this chat"),
                message(GROUP, "stays", T0.plusSeconds(2), "stays"));

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));

        assertEquals(List.of("gone", "stays"), result.newIds());
        assertEquals(1, result.ignored());
        boolean mergedAwayStored = archive.read(session -> session.messages().exists(GROUP, "gone"));
        assertFalse(mergedAwayStored, "the merged-away message");
        assertEquals("kept in this chat", content(CHAT, "gone"));
    }

    @Test
    void afterARowNumberedTheHighestPossible_aPageWithHeldMessages_stillReportsExactlyTheNewOnes() {
        insert(archive, message(CHAT, "held", T0, "held"));
        // A tool's raw insert with the highest row_id: SQLite then numbers new rows at random.
        archive.write(session -> session.handle().execute("INSERT INTO message_rows (row_id, id, chat_key, sender, "
                + "content, timestamp, created_at) SELECT 9223372036854775807, 'top', chat_key, 'x', 'top', ?, 0 "
                + "FROM chats WHERE chat_jid = ?", T0.toEpochMilli() - 5, CHAT));
        List<HistoricalMessage> page = List.of(
                message(CHAT, "new1", T0.minusSeconds(2), "new1"),
                message(CHAT, "held", T0, "held again"),
                message(CHAT, "top", T0.plusSeconds(1), "top again"),
                message(CHAT, "new2", T0.plusSeconds(3), "new2"));

        InsertResult result = archive.write(session -> session.messages().insertIfAbsent("whatsapp", page));

        assertEquals(List.of("new1", "new2"), result.newIds());
        assertEquals(2, result.ignored());
        assertEquals("new2", content(CHAT, "new2"));
    }

    @Test
    void pageOfOnlyHeldMessages_reportsNothingNew() {
        insert(archive, message(CHAT, "a", T0, "a"), message(CHAT, "b", T0.plusSeconds(1), "b"));

        InsertResult again = insert(archive, message(CHAT, "b", T0.plusSeconds(1), "b"), message(CHAT, "a", T0, "a"));

        assertEquals(List.of(), again.newIds());
        assertEquals(2, again.ignored());
    }

    @Test
    void everyColumnIsStoredAsGiven_includingNullsAndTheFlags() {
        HistoricalMessage mine = new HistoricalMessage("own", CHAT, "me", null, "mine", T0, true, MessageType.IMAGE,
                true, "{\"k\":1}");
        HistoricalMessage theirs = new HistoricalMessage("their", CHAT, "31622222222@s.whatsapp.net", "Anna", "theirs",
                T0.plusMillis(1), false, MessageType.TEXT, false, null);

        insert(archive, theirs, mine);
        // the same two in another chat, in one page with a third chat: each row binds its chat
        insert(archive, withChat(theirs, GROUP), withChat(mine, GROUP), message("31633333333@s.whatsapp.net", "x", T0, "x"));

        List<String> rows = archive.read(session -> session.handle().createQuery("SELECT id || '|' || sender || '|' "
                        + "|| quote(sender_name) || '|' || content || '|' || timestamp || '|' || is_from_me || typeof(is_from_me) "
                        + "|| '|' || message_type || '|' || quote(raw_proto) || '|' || is_edited || typeof(is_edited) "
                        + "|| '|' || created_at FROM message_rows WHERE chat_key IN (SELECT chat_key FROM chats "
                        + "WHERE chat_jid IN (?, ?)) ORDER BY chat_key, row_id")
                .bind(0, CHAT).bind(1, GROUP)
                .mapTo(String.class).list());
        String own = "own|me|NULL|mine|" + T0.toEpochMilli() + "|1integer|image|'{\"k\":1}'|1integer|"
                + ArchiveFixture.NOW.toEpochMilli();
        String their = "their|31622222222@s.whatsapp.net|'Anna'|theirs|" + (T0.toEpochMilli() + 1) + "|0integer|text|NULL|0integer|"
                + ArchiveFixture.NOW.toEpochMilli();
        assertEquals(List.of(own, their, own, their), rows);
    }

    /** What the order was before it was tuned: first occurrences by (chat, id), then a stable sort by time. */
    private static int[] straightforwardOrder(List<HistoricalMessage> page) {
        Set<String> seen = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            if (seen.add(page.get(i).chatId() + '\u0000' + page.get(i).id())) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparing(i -> page.get(i).timestamp()));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static HistoricalMessage message(String chat, String id, Instant time, String text) {
        return HistoricalMessage.text(id, chat, "31622222222@s.whatsapp.net", text, time, false);
    }

    private static HistoricalMessage withChat(HistoricalMessage m, String chat) {
        return new HistoricalMessage(m.id(), chat, m.sender(), m.senderName(), m.content(), m.timestamp(), m.fromMe(),
                m.type(), m.edited(), m.rawJson());
    }

    private List<String> idsByRowId() {
        return archive.read(session -> session.handle().createQuery("SELECT id FROM message_rows ORDER BY row_id")
                .mapTo(String.class).list());
    }

    private List<Long> searchKeysByRowId() {
        return archive.read(session -> session.handle().createQuery("SELECT search_key FROM message_rows ORDER BY row_id")
                .mapTo(Long.class).list());
    }

    private String content(String chat, String id) {
        return archive.read(session -> session.messages().find(chat, id)).orElseThrow().message().content();
    }
}
