package dev.chatarchive.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * kind) is dropped, one to one.
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
}
