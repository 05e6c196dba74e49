package dev.chatarchive.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 2 (attached files) applied to an archive written at version 1. */
class AttachmentsMigrationTest {

    @TempDir
    Path folder;

    @Test
    void anArchiveOfVersionOneGainsTheAttachmentTablesAndKeepsItsMessages() {
        Path file = folder.resolve("archive.db");
        Jdbi v1 = Jdbi.create("jdbc:sqlite:" + file);
        v1.useHandle(handle -> {
            Migrations.schemaV1().executeIn(handle);
            handle.execute("PRAGMA user_version = 1");
            handle.execute("INSERT INTO chats (chat_jid, provider_id, title, created_at, updated_at, message_count) "
                    + "VALUES ('c@s.whatsapp.net', 'whatsapp', 'C', 0, 0, 1)");
            handle.execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, created_at) "
                    + "VALUES ('m1', 'c@s.whatsapp.net', 's', 'IMG-1.jpg (file attached)', 1700000000000, 0)");
        });

        try (Archive archive = Archive.open(file, ArchiveFixture.CLOCK)) {
            assertTrue(Archive.schemaVersion() >= 2, "version 2 is applied, and any later one");
            int version = archive.read(s -> s.handle().createQuery("PRAGMA user_version").mapTo(Integer.class).one());
            assertEquals(Archive.schemaVersion(), version);
            assertTrue(ArchiveFixture.holds(archive, "c@s.whatsapp.net", "m1"));
            assertEquals(new AttachmentStore.Totals(0, 0, 0, 0), archive.read(s -> s.attachments().totals()));

            HistoricalMessage again = archive.read(s -> s.messages().find("c@s.whatsapp.net", "m1")).orElseThrow()
                    .message().withAttachment(Attachment.named("IMG-1.jpg"));
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(again)));
            StoredAttachment described = archive.read(s -> s.attachments().find("c@s.whatsapp.net", "m1")).orElseThrow();
            assertEquals("IMG-1.jpg", described.fileName());
            assertFalse(described.isStored());
            assertEquals(1, archive.read(s -> s.chats().find("c@s.whatsapp.net")).orElseThrow().messageCount(),
                    "describing a held message's file adds no message");
        }
    }

    @Test
    void anAttachmentCannotPointAtAFileTheArchiveDoesNotRecord() {
        try (Archive archive = ArchiveFixture.open(folder)) {
            ArchiveFixture.insert(archive, ArchiveFixture.message(ArchiveFixture.CHAT, "m1", "2024-01-01T10:00:00Z")
                    .withAttachment(Attachment.named("a.jpg")));
            assertThrows(RuntimeException.class, () -> archive.write(s -> s.handle().execute(
                    "UPDATE attachments SET sha256 = '" + "a".repeat(64) + "'")));
            boolean first = archive.write(s -> s.attachments().link(ArchiveFixture.CHAT, "m1", "a".repeat(64), 5));
            boolean second = archive.write(s -> s.attachments().link(ArchiveFixture.CHAT, "m1", "b".repeat(64), 6));
            assertTrue(first);
            assertFalse(second, "a message's file, once stored, never changes");
            assertEquals("a".repeat(64), archive.read(s -> s.attachments().find(ArchiveFixture.CHAT, "m1")).orElseThrow().sha256());
        }
    }
}
