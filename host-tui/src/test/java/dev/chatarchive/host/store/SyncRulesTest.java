package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.NOW;
import static dev.chatarchive.host.store.ArchiveFixture.insert;
import static dev.chatarchive.host.store.ArchiveFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.checkpoint.SyncState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed's validation rules for checkpoints, requests and the global status, each broken once. */
class SyncRulesTest {

    @TempDir
    Path folder;
    Archive archive;

    @BeforeEach
    void openArchive() {
        archive = ArchiveFixture.open(folder);
        insert(archive, message(CHAT, "m1", "2024-01-01T10:00:00Z"));
    }

    @AfterEach
    void closeArchive() {
        archive.close();
    }

    private static SyncCheckpoint checkpoint(SyncState state, long synced, String cursor, Instant cursorTime,
                                             Integer progress, Instant completedAt) {
        return new SyncCheckpoint(CHAT, state, synced, cursor, cursorTime, progress, null, null, NOW, NOW, completedAt);
    }

    @Test
    void checkpoint_progressOutside0To100_isRefused() {
        assertRefused("progress_percent", () -> checkpoint(SyncState.IN_PROGRESS, 0, null, null, 101, null));
        assertRefused("progress_percent", () -> checkpoint(SyncState.IN_PROGRESS, 0, null, null, -1, null));
    }

    @Test
    void checkpoint_negativeMessagesSynced_isRefused() {
        assertRefused("messages_synced", () -> checkpoint(SyncState.IN_PROGRESS, -1, null, null, null, null));
    }

    @Test
    void checkpoint_completedWithoutCompletedAt_isRefused() {
        assertRefused("completed_at", () -> checkpoint(SyncState.COMPLETED, 0, null, null, 100, null));
    }

    @Test
    void checkpoint_cursorIdWithoutTimestamp_isRefused() {
        assertRefused("last_timestamp", () -> checkpoint(SyncState.IN_PROGRESS, 0, "m1", null, null, null));
    }

    @Test
    void checkpoint_cursorThatIsNotAStoredMessage_isRefused() {
        SyncCheckpoint ghost = checkpoint(SyncState.IN_PROGRESS, 0, "ghost", NOW, null, null);
        assertRefused("is not a message the archive holds", () -> archive.write(session -> {
            session.checkpoints().save(ghost);
            return null;
        }));
        assertTrue(archive.read(session -> session.checkpoints().find(CHAT)).isEmpty());
    }

    @Test
    void checkpoint_cursorThatIsAStoredMessage_isSaved() {
        SyncCheckpoint held = checkpoint(SyncState.IN_PROGRESS, 1, "m1", Instant.parse("2024-01-01T10:00:00Z"), 50, null);
        archive.write(session -> {
            session.checkpoints().save(held);
            return null;
        });
        assertEquals(held, archive.read(session -> session.checkpoints().find(CHAT)).orElseThrow());
    }

    @Test
    void stateMachine_isTheSeeds() {
        assertEquals(Set.of(SyncState.IN_PROGRESS), SyncState.NOT_STARTED.successors());
        assertEquals(EnumSet.of(SyncState.COMPLETED, SyncState.INTERRUPTED, SyncState.CANCELLED, SyncState.FAILED),
                SyncState.IN_PROGRESS.successors());
        assertEquals(Set.of(SyncState.IN_PROGRESS), SyncState.INTERRUPTED.successors());
        assertEquals(Set.of(SyncState.IN_PROGRESS), SyncState.CANCELLED.successors());
        assertTrue(SyncState.COMPLETED.successors().isEmpty());
        assertTrue(SyncState.FAILED.successors().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(SyncState.class)
    void save_refusesEveryTransitionTheSeedForbids(SyncState from) {
        for (SyncState to : SyncState.values()) {
            if (from == to || from.canMoveTo(to)) {
                continue;
            }
            archive.write(session -> session.handle().execute("DELETE FROM sync_checkpoints"));
            seed(from);
            SyncCheckpoint next = new SyncCheckpoint(CHAT, to, 0, null, null, null, null, null, NOW, NOW,
                    to == SyncState.COMPLETED ? NOW : null);
            assertRefused("cannot go from " + from.wireName() + " to " + to.wireName(), () -> archive.write(session -> {
                session.checkpoints().save(next);
                return null;
            }));
            assertEquals(from, archive.read(session -> session.checkpoints().find(CHAT)).orElseThrow().status());
        }
    }

    @Test
    void save_secondStartOfARunningSync_saysItIsAlreadySyncing() {
        seed(SyncState.IN_PROGRESS);
        SyncCheckpoint again = checkpoint(SyncState.NOT_STARTED, 0, null, null, null, null);
        assertRefused("already syncing", () -> archive.write(session -> {
            session.checkpoints().save(again);
            return null;
        }));
    }

    @Test
    void reset_ofACompletedSync_startsAFreshCheckpointAndKeepsMessages() {
        seed(SyncState.COMPLETED);
        SyncCheckpoint fresh = archive.write(session -> session.checkpoints().reset(CHAT, NOW));
        assertEquals(SyncState.NOT_STARTED, fresh.status());
        assertEquals(SyncState.NOT_STARTED, archive.read(session -> session.checkpoints().find(CHAT)).orElseThrow().status());
        assertTrue(ArchiveFixture.holds(archive, CHAT, "m1"));
    }

    @Test
    void reset_ofARunningSync_isRefused() {
        seed(SyncState.IN_PROGRESS);
        assertRefused("cancel it before restarting", () -> archive.write(session -> session.checkpoints().reset(CHAT, NOW)));
    }

    @Test
    void interruptRunning_turnsInProgressIntoInterruptedWithAReason() {
        seed(SyncState.IN_PROGRESS);
        int changed = archive.write(session -> session.checkpoints().interruptRunning(StopReason.CRASHED, NOW));
        SyncCheckpoint after = archive.read(session -> session.checkpoints().find(CHAT)).orElseThrow();
        assertEquals(1, changed);
        assertEquals(SyncState.INTERRUPTED, after.status());
        assertEquals(StopReason.CRASHED, after.stopReason());
    }

    @Test
    void database_refusesCheckpointRowsThatBreakTheRulesEvenWhenWrittenDirectly() {
        assertDatabaseRefuses("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, progress_percent, created_at, updated_at) "
                + "VALUES ('" + CHAT + "', '" + CHAT + "', 'in_progress', 150, 0, 0)");
        assertDatabaseRefuses("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, created_at, updated_at) "
                + "VALUES ('" + CHAT + "', '" + CHAT + "', 'completed', 0, 0)");
        assertDatabaseRefuses("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, last_message_id, last_timestamp, "
                + "created_at, updated_at) VALUES ('" + CHAT + "', '" + CHAT + "', 'in_progress', 'ghost', 1, 0, 0)");
        assertDatabaseRefuses("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, last_message_id, created_at, "
                + "updated_at) VALUES ('" + CHAT + "', '" + CHAT + "', 'in_progress', 'm1', 0, 0)");
        assertDatabaseRefuses("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, created_at, updated_at) "
                + "VALUES ('" + CHAT + "', '" + CHAT + "', 'paused', 0, 0)");
        assertDatabaseRefuses("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, messages_synced, created_at, "
                + "updated_at) VALUES ('" + CHAT + "', '" + CHAT + "', 'in_progress', -5, 0, 0)");
    }

    @Test
    void request_maxMessagesOutside1To10000_isRefused() {
        assertRefused("max_messages", () -> SyncRequest.create(CHAT, 0, false, false, NOW, "test"));
        assertRefused("max_messages", () -> SyncRequest.create(CHAT, 10_001, false, false, NOW, "test"));
        assertEquals(10_000, SyncRequest.create(CHAT, 10_000, false, false, NOW, "test").maxMessages());
        assertDatabaseRefuses("INSERT INTO sync_requests (request_id, chat_jid, max_messages, requested_at) "
                + "VALUES ('r', '" + CHAT + "', 10001, 0)");
    }

    @Test
    void request_isImmutableOnceRecorded() {
        SyncRequest request = SyncRequest.create(CHAT, 50, false, false, NOW, "test");
        archive.write(session -> {
            session.requests().record(request);
            return null;
        });
        assertDatabaseRefuses("UPDATE sync_requests SET max_messages = 10");
        assertEquals(request, archive.read(session -> session.requests().find(request.requestId())).orElseThrow());
    }

    @Test
    void request_resumeAndRestartTogether_isRefused() {
        assertRefused("both resume and restart", () -> SyncRequest.create(CHAT, 50, true, true, NOW, "test"));
    }

    @Test
    void syncStatus_hasExactlyOneRow() {
        assertEquals(1, (int) archive.read(session -> session.handle().createQuery("SELECT count(*) FROM sync_status")
                .mapTo(Integer.class).one()));
        assertDatabaseRefuses("INSERT INTO sync_status (id) VALUES (2)");
        assertDatabaseRefuses("DELETE FROM sync_status");
        assertEquals(1, (int) archive.read(session -> session.handle().createQuery("SELECT count(*) FROM sync_status")
                .mapTo(Integer.class).one()));
    }

    @Test
    void syncStatus_progressOutside0To100_isRefused() {
        assertRefused("progress_percent", () -> new GlobalSyncStatus(true, 0, null, 101, false));
        assertDatabaseRefuses("UPDATE sync_status SET progress_percent = 101");
    }

    @Test
    void syncStatus_roundTrips() {
        GlobalSyncStatus status = new GlobalSyncStatus(true, 42, NOW, 30, false);
        archive.write(session -> {
            session.status().save(status);
            return null;
        });
        assertEquals(status, archive.read(session -> session.status().get()));
    }

    private void seed(SyncState state) {
        archive.write(session -> session.handle().createUpdate("INSERT INTO sync_checkpoints (sync_id, chat_jid, status, "
                        + "created_at, updated_at, completed_at) VALUES (:chat, :chat, :status, 0, 0, :completed)")
                .bind("chat", CHAT).bind("status", state.wireName())
                .bind("completed", state == SyncState.COMPLETED ? 1L : null).execute());
    }

    private void assertDatabaseRefuses(String sql) {
        assertThrows(UnableToExecuteStatementException.class, () -> archive.write(session -> session.handle().execute(sql)),
                "the database accepted: " + sql);
    }

    private static void assertRefused(String expected, org.junit.jupiter.api.function.Executable action) {
        ValidationException refused = assertThrows(ValidationException.class, action);
        assertTrue(refused.getMessage().contains(expected), "'" + refused.getMessage() + "' should mention '" + expected + "'");
    }
}
