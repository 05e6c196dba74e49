package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.StopReason;
import dev.chatarchive.host.store.SyncCheckpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the checkpoints in the archive look like on screen, and what is announced at start. */
class SyncStatesOnScreenTest {

    private static final Instant NOW = SampleChats.NOW;

    @TempDir
    Path folder;
    Archive archive;
    UiHarness harness;

    private void checkpoint(String chatId, UnaryOperator<SyncCheckpoint> then) {
        archive.write(session -> {
            SyncCheckpoint running = SyncCheckpoint.notStarted(chatId, NOW).moveTo(SyncState.IN_PROGRESS, NOW);
            session.checkpoints().save(running);
            SyncCheckpoint next = then.apply(running);
            if (next != running) {
                session.checkpoints().save(next);
            }
            return null;
        });
    }

    @BeforeEach
    void open() throws Exception {
        archive = SampleChats.create(folder);
        checkpoint(SampleChats.ALICE, running -> running.interrupted(StopReason.CRASHED, NOW));
        checkpoint(SampleChats.FAMILY, running -> running.failed("The export file is unreadable.", NOW));
        checkpoint(SampleChats.MALLORY, running -> running.moveTo(SyncState.COMPLETED, NOW));
        checkpoint(SampleChats.LI, running -> running.interrupted(StopReason.LIMIT_REACHED, NOW));
        checkpoint(SampleChats.LONG, running -> running.advance("n000", Instant.parse("2026-04-01T00:00:00Z"), 40, 40, NOW));
        harness = new UiHarness(archive, SyncControls.NONE, SampleChats.CLOCK, 120, 24);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        archive.close();
    }

    @Test
    void start_announcesSyncsCutShortWithTheKeyToResumeThem() {
        assertTrue(harness.text().contains("1 sync was interrupted: select a chat marked \"interrupted\" and press r to "
                + "resume it, or S to sync all chats."), harness.text());
    }

    @Test
    void chatList_showsEachChatsSyncState() {
        String screen = harness.text();

        assertTrue(screen.contains("interrupted"), screen);
        assertTrue(screen.contains("failed"), screen);
        assertTrue(screen.contains("complete"), screen);
        assertTrue(screen.contains("syncing 40%"), screen);
    }

    @Test
    void failedChat_showsItsErrorWhenOpened() {
        harness.press('j').press(KeyType.Enter);

        assertTrue(harness.text().contains("failed: The export file is unreadable."), harness.text());
    }

    @Test
    void completeChat_saysItsBeginningIsTheConversationsBeginning() {
        harness.press('j', 'j').press(KeyType.Enter);

        assertTrue(harness.text().contains("· Beginning of the conversation ·"), harness.text());
    }
}
