package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat of one million messages opens at its newest message, scrolls, jumps to its oldest and to a
 * date, all through keyset pages: the message window never holds more than {@link MessagePane#MAX_WINDOW}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MillionMessageChatTest {

    private static final int MESSAGES = 1_000_000;
    private static final String CHAT = "31699999999@s.whatsapp.net";
    private static final long START = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    Archive archive;

    @BeforeAll
    void buildArchive(@TempDir Path folder) {
        archive = Archive.open(folder.resolve("archive.db"), SampleChats.CLOCK);
        archive.write(session -> {
            session.chats().upsert("whatsapp", new ChatDescription(CHAT, "Huge chat", false, null, null));
            return null;
        });
        // A raw batch insert in one statement: the store's row format, a minute between messages. This test
        // pages and jumps, it does not search: the search index, built beside the archive by its own thread,
        // is not waited for (closing the archive stops it where it is).
        archive.jdbi().useTransaction(handle -> {
            handle.execute("WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < ?) "
                    + "INSERT INTO message_rows (id, chat_key, sender, sender_name, content, timestamp, is_from_me, "
                    + "message_type, is_edited, created_at) "
                    + "SELECT printf('m%07d', n), (SELECT chat_key FROM chats WHERE chat_jid = ?), ?, 'Hugo', 'message ' || n, ? + n * ?, n % 3 = 0, 'text', 0, 0 "
                    + "FROM seq", MESSAGES - 1, CHAT, CHAT, START, MINUTE);
            handle.execute("UPDATE chats SET message_count = ?, last_activity = ? WHERE chat_jid = ?",
                    MESSAGES, START + (MESSAGES - 1) * MINUTE, CHAT);
        });
    }

    @AfterAll
    void closeArchive() {
        archive.close();
    }

    @Test
    void millionMessageChat_opensScrollsAndJumpsWithABoundedWindow() throws Exception {
        try (UiHarness harness = new UiHarness(archive, SyncControls.NONE, SampleChats.CLOCK, 80, 24)) {
            assertTrue(harness.text().contains("1000000 msgs"), harness.text());

            harness.press(KeyType.Enter);
            assertTrue(harness.text().contains("You: message 999999"), harness.text());

            for (int i = 0; i < 60; i++) {
                harness.press(KeyType.PageUp);
            }
            String scrolled = harness.text();
            assertTrue(scrolled.contains("message 998" + "7"), scrolled);
            assertTrue(harness.debugWindowSize() <= MessagePane.MAX_WINDOW, "window " + harness.debugWindowSize());

            harness.press('g');
            assertTrue(harness.text().contains("You: message 0"), harness.text());
            harness.press(KeyType.PageDown).press(KeyType.PageDown);
            assertTrue(harness.text().contains("message 40"), harness.text());

            harness.press('d').type("2021-06-15");
            String jumped = harness.text();
            assertTrue(jumped.contains("Tuesday 15 June 2021"), jumped);
            long expected = (Instant.parse("2021-06-15T00:00:00Z").toEpochMilli() - START) / MINUTE;
            assertTrue(jumped.contains("00:00 " + (expected % 3 == 0 ? "You" : "Hugo") + ": message " + expected), jumped);

            harness.press('G');
            assertTrue(harness.text().contains("message 999999"), harness.text());
            assertEquals(true, harness.debugWindowSize() <= MessagePane.MAX_WINDOW);
        }
    }
}
