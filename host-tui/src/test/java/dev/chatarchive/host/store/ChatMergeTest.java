package dev.chatarchive.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge rule: an export chat's messages move onto the real chat, and each one the real chat
 * already holds (same minute, direction, sender and text; media, deleted and system messages by
 * kind) is dropped, one to one; and a merge is remembered, so storing the export's messages again
 * (an import of the same export) brings back nothing.
 */
class ChatMergeTest {

    private static final String EXPORT = "export-0123456789abcdef01234567@s.whatsapp.net";
    private static final String REAL = "31612345678@s.whatsapp.net";
    private static final String RAW_EXPORT = "{\"source\":\"whatsapp-export\"}";
    private static final String RAW_BACKUP = "{\"source\":\"whatsapp-android-backup\"}";

    @TempDir
    Path folder;
    Archive archive;

    @BeforeEach
    void openArchive() {
        archive = ArchiveFixture.open(folder);
        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(EXPORT, "Anna", false, null, null));
            session.chats().upsert("whatsapp", new ChatDescription(REAL, "Anna de Vries", false, null, null));
            return null;
        });
    }

    @AfterEach
    void closeArchive() {
        archive.close();
    }

    private static HistoricalMessage exported(String id, String sender, String text, String at, boolean me,
                                              MessageType type) {
        return new HistoricalMessage(id, EXPORT, me ? "me" : sender, me ? null : "Anna", text, Instant.parse(at), me,
                type, false, RAW_EXPORT);
    }

    private static HistoricalMessage real(String chat, String id, String text, String at, boolean me, MessageType type) {
        return new HistoricalMessage(id, chat, me ? "me" : REAL, me ? null : "Anna de Vries", text, Instant.parse(at), me,
                type, false, RAW_BACKUP);
    }

    private List<String> idsOf(String chat) {
        return archive.read(session -> session.messages().newestPage(chat, 100)).stream()
                .map(stored -> stored.message().id()).toList();
    }

    @Test
    void merge_dropsWhatTheRealChatHolds_movesTheRest_andRemovesTheExportChat() {
        ArchiveFixture.insert(archive,
                exported("e1", REAL, "Hoi!  Are we\u200E climbing?", "2024-03-01T09:00:00.001Z", false, MessageType.TEXT),
                exported("e2", REAL, "Yes", "2024-03-01T09:01:00Z", true, MessageType.TEXT),
                exported("e3", REAL, "", "2024-03-01T09:02:00Z", false, MessageType.MEDIA_OMITTED),
                exported("e4", REAL, "older than the backup", "2023-12-24T18:00:00Z", false, MessageType.TEXT),
                exported("e5", REAL, "Yes", "2024-03-01T09:01:00.001Z", true, MessageType.TEXT));
        ArchiveFixture.insert(archive,
                real(REAL, "3EB0A1", "Hoi! Are we climbing?", "2024-03-01T09:00:41.250Z", false, MessageType.TEXT),
                real(REAL, "3EB0A2", "Yes", "2024-03-01T09:01:07Z", true, MessageType.TEXT),
                real(REAL, "3EB0A3", "The new wall", "2024-03-01T09:02:30Z", false, MessageType.IMAGE));

        ChatMerge.Outcome outcome = archive.write(session -> session.merge(EXPORT, REAL));

        assertEquals(3, outcome.matched(), "text with invisible marks and doubled spaces, from me, media by kind");
        assertEquals(2, outcome.moved(), "the older line, and the second 'Yes' of the same minute (one to one)");
        assertEquals(List.of("e4", "3EB0A1", "3EB0A2", "e5", "3EB0A3").stream().sorted().toList(),
                idsOf(REAL).stream().sorted().toList());
        assertTrue(archive.read(session -> session.chats().find(EXPORT)).isEmpty(), "the emptied export chat is gone");
        assertEquals(5, archive.read(session -> session.chats().find(REAL)).orElseThrow().messageCount());
    }

    @Test
    void merge_otherTextOrOtherMinuteOrOtherDirection_isKept() {
        ArchiveFixture.insert(archive,
                exported("e1", REAL, "see you", "2024-03-01T09:00:00Z", false, MessageType.TEXT),
                exported("e2", REAL, "bring rope", "2024-03-01T09:05:00Z", false, MessageType.TEXT),
                exported("e3", REAL, "ok", "2024-03-01T09:06:00Z", false, MessageType.TEXT));
        ArchiveFixture.insert(archive,
                real(REAL, "R1", "see you there", "2024-03-01T09:00:10Z", false, MessageType.TEXT),
                real(REAL, "R2", "bring rope", "2024-03-01T09:06:10Z", false, MessageType.TEXT),
                real(REAL, "R3", "ok", "2024-03-01T09:06:20Z", true, MessageType.TEXT));

        ChatMerge.Outcome outcome = archive.write(session -> session.merge(EXPORT, REAL));

        assertEquals(0, outcome.matched());
        assertEquals(3, outcome.moved());
    }

    @Test
    void mergeAgain_changesNothing() {
        ArchiveFixture.insert(archive,
                exported("e1", REAL, "one", "2024-03-01T09:00:00Z", false, MessageType.TEXT),
                exported("e2", REAL, "two", "2024-03-01T09:01:00Z", false, MessageType.TEXT));
        ArchiveFixture.insert(archive, real(REAL, "R1", "one", "2024-03-01T09:00:10Z", false, MessageType.TEXT));
        archive.write(session -> session.merge(EXPORT, REAL));
        List<String> before = idsOf(REAL);

        ChatMerge.Outcome again = archive.write(session -> session.merge(REAL, REAL));

        assertEquals(0, again.matched(), "a moved export message has no twin among the real ones");
        assertEquals(before, idsOf(REAL));
    }

    @Test
    void mergeSameChat_dropsExportMessagesImportedUnderTheRealId() {
        ArchiveFixture.insert(archive,
                real(REAL, "R1", "hello", "2024-03-01T09:00:10Z", false, MessageType.TEXT),
                new HistoricalMessage("x1", REAL, REAL, "Anna", "hello", Instant.parse("2024-03-01T09:00:00Z"), false,
                        MessageType.TEXT, false, RAW_EXPORT),
                new HistoricalMessage("x2", REAL, REAL, "Anna", "only in the export",
                        Instant.parse("2024-03-01T08:00:00Z"), false, MessageType.TEXT, false, RAW_EXPORT));

        ChatMerge.Outcome outcome = archive.write(session -> session.merge(REAL, REAL));

        assertEquals(1, outcome.matched());
        assertEquals(List.of("R1", "x2").stream().sorted().toList(), idsOf(REAL).stream().sorted().toList());
    }

    /** The same export stored again, as an import of the file does, and the engine's step after the run. */
    private void importExportAgain(HistoricalMessage... messages) {
        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(EXPORT, "Anna", false, null, null));
            session.messages().insertIfAbsent("whatsapp", List.of(messages));
            return session.merges().afterSync(EXPORT, 0);
        });
    }

    @Test
    void merge_isRemembered_storingTheSameExportAgainAddsNothingAndRemovesTheExportChatAgain() {
        HistoricalMessage[] export = {
                exported("e1", REAL, "one", "2024-03-01T09:00:00Z", false, MessageType.TEXT),
                exported("e2", REAL, "two", "2024-03-01T09:01:00Z", false, MessageType.TEXT)};
        ArchiveFixture.insert(archive, export);
        ArchiveFixture.insert(archive, real(REAL, "R1", "one", "2024-03-01T09:00:10Z", false, MessageType.TEXT));
        archive.write(session -> session.merge(EXPORT, REAL));

        InsertResult again = archive.write(session -> session.messages().insertIfAbsent("whatsapp", List.of(export)));
        assertEquals(0, again.inserted(), "the dropped line and the moved line are both known to the merge");
        archive.write(session -> session.merges().afterSync(EXPORT, 0));

        assertEquals(List.of("R1", "e2"), idsOf(REAL).stream().sorted().toList());
        assertTrue(archive.read(session -> session.chats().find(EXPORT)).isEmpty());
        assertEquals(REAL, archive.read(session -> session.merges().mergedInto(EXPORT)).orElseThrow());
    }

    @Test
    void rememberedMerge_aNewerExportsNewLines_areMergedByTheSameRule() {
        ArchiveFixture.insert(archive, exported("e1", REAL, "one", "2024-03-01T09:00:00Z", false, MessageType.TEXT));
        ArchiveFixture.insert(archive,
                real(REAL, "R1", "one", "2024-03-01T09:00:10Z", false, MessageType.TEXT),
                real(REAL, "R3", "three", "2024-03-01T09:02:10Z", false, MessageType.TEXT));
        archive.write(session -> session.merge(EXPORT, REAL));

        importExportAgain(
                exported("e1", REAL, "one", "2024-03-01T09:00:00Z", false, MessageType.TEXT),
                exported("e2", REAL, "only in the newer export", "2024-03-01T09:01:00Z", false, MessageType.TEXT),
                exported("e3", REAL, "three", "2024-03-01T09:02:00Z", false, MessageType.TEXT));

        assertEquals(List.of("R1", "R3", "e2"), idsOf(REAL).stream().sorted().toList());
        assertTrue(archive.read(session -> session.chats().find(EXPORT)).isEmpty());
    }

    @Test
    void rememberedMerge_realHistoryArrivingLater_absorbsTheExportLinesThatWereMovedOver() {
        ArchiveFixture.insert(archive, exported("e1", REAL, "one", "2024-03-01T09:00:00Z", false, MessageType.TEXT));
        archive.write(session -> session.merge(EXPORT, REAL));
        assertEquals(List.of("e1"), idsOf(REAL), "nothing to match yet: the line moves over");

        ArchiveFixture.insert(archive, real(REAL, "R1", "one", "2024-03-01T09:00:10Z", false, MessageType.TEXT));
        archive.write(session -> session.merges().afterSync(REAL, 1));

        assertEquals(List.of("R1"), idsOf(REAL));
        importExportAgain(exported("e1", REAL, "one", "2024-03-01T09:00:00Z", false, MessageType.TEXT));
        assertEquals(List.of("R1"), idsOf(REAL));
    }

    @Test
    void rememberedMerge_ofAnExportImportedUnderTheRealId_keepsItsDroppedLinesOut() {
        HistoricalMessage line = new HistoricalMessage("x1", REAL, REAL, "Anna", "hello",
                Instant.parse("2024-03-01T09:00:00Z"), false, MessageType.TEXT, false, RAW_EXPORT);
        ArchiveFixture.insert(archive, real(REAL, "R1", "hello", "2024-03-01T09:00:10Z", false, MessageType.TEXT), line);
        archive.write(session -> session.merge(REAL, REAL));

        assertEquals(0, ArchiveFixture.insert(archive, line).inserted());
        assertEquals(List.of("R1"), idsOf(REAL));
        assertTrue(archive.read(session -> session.merges().mergedInto(REAL)).isEmpty(), "merged into itself");
    }

    @Test
    void rememberedMerge_ofAChatIntoAChatMergedOnLater_leadsToTheLastOne() {
        String other = "31699999999@s.whatsapp.net";
        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(other, "Anna (new number)", false, null, null));
            return null;
        });
        ArchiveFixture.insert(archive, exported("e1", REAL, "one", "2024-03-01T09:00:00Z", false, MessageType.TEXT));
        archive.write(session -> session.merge(EXPORT, REAL));
        archive.write(session -> session.merge(REAL, other));

        assertEquals(other, archive.read(session -> session.merges().mergedInto(EXPORT)).orElseThrow());
        importExportAgain(exported("e9", REAL, "new line", "2024-03-02T09:00:00Z", false, MessageType.TEXT));
        assertEquals(List.of("e1", "e9"), idsOf(other).stream().sorted().toList());
        assertFalse(archive.read(session -> session.chats().find(REAL)).isPresent());
    }

    @Test
    void merge_theFileOfADroppedExportMessage_goesToTheRealMessageThatHasNoBytes() {
        String sha = "ab".repeat(32);
        ArchiveFixture.insert(archive, exported("e1", REAL, "", "2024-03-01T09:02:00Z", false, MessageType.IMAGE)
                .withAttachment(new Attachment("IMG-20240301-WA0001.jpg", "image/jpeg", 4L, null, null)));
        archive.write(session -> session.attachments().link(EXPORT, "e1", sha, 4));
        ArchiveFixture.insert(archive, real(REAL, "3EB0A3", "The new wall", "2024-03-01T09:02:30Z", false, MessageType.IMAGE)
                .withAttachment(new Attachment("IMG_0001.jpg", "image/jpeg", 48213L, null, null)));

        archive.write(session -> session.merge(EXPORT, REAL));

        StoredAttachment kept = archive.read(session -> session.attachments().find(REAL, "3EB0A3")).orElseThrow();
        assertEquals(sha, kept.sha256());
        assertEquals("IMG_0001.jpg", kept.fileName(), "the real message keeps its own description");
        assertEquals(4L, kept.size());
    }

    @Test
    void merge_ofChatsWithCheckpointsWhoseCursorsAreMergedMessages_keepsEveryCheckpointConsistent() {
        ArchiveFixture.insert(archive,
                exported("e1", REAL, "one", "2024-03-01T09:00:00Z", false, MessageType.TEXT),
                exported("e2", REAL, "two", "2024-03-01T09:01:00Z", false, MessageType.TEXT));
        ArchiveFixture.insert(archive, real(REAL, "R1", "one", "2024-03-01T09:00:10Z", false, MessageType.TEXT),
                new HistoricalMessage("x2", REAL, REAL, "Anna", "two", Instant.parse("2024-03-01T09:01:00Z"), false,
                        MessageType.TEXT, false, RAW_EXPORT),
                real(REAL, "R2", "two", "2024-03-01T09:01:20Z", false, MessageType.TEXT));
        archive.write(session -> {
            // as imports leave them: each cursor at the oldest message the last run stored
            session.checkpoints().save(SyncCheckpoint.notStarted(EXPORT, session.now()).advance("e1",
                    Instant.parse("2024-03-01T09:00:00Z"), 2, 100, session.now()));
            session.checkpoints().save(SyncCheckpoint.notStarted(REAL, session.now()).advance("x2",
                    Instant.parse("2024-03-01T09:01:00Z"), 3, 100, session.now()));
            return null;
        });

        archive.write(session -> session.merge(REAL, REAL));
        archive.write(session -> session.merge(EXPORT, REAL));

        assertEquals(List.of("R1", "R2"), idsOf(REAL).stream().sorted().toList());
        assertEquals("R1", archive.read(session -> session.checkpoints().find(REAL)).orElseThrow().lastMessageId(),
                "the dropped cursor moves to the chat's oldest message");
        assertTrue(archive.read(session -> session.checkpoints().find(EXPORT)).isEmpty());
        archive.read(session -> session.handle().createQuery("PRAGMA foreign_key_check").mapToMap().list())
                .forEach(violation -> { throw new AssertionError("foreign key violated: " + violation); });
    }
}
