package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.SyncCheckpoint;
import dev.chatarchive.host.store.SyncRequest;
import dev.chatarchive.host.sync.SyncRefusedException.Why;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's state machine, enforced on every request. */
class SyncTransitionsTest {

    private static final String CHAT = "alice@test";

    @TempDir
    Path folder;

    private SyncFixture fixture;
    private ScriptedProvider provider;

    private void given(ScriptedProvider scripted) {
        provider = scripted;
        fixture = new SyncFixture(folder, scripted);
    }

    private void givenHistory(int size) {
        given(new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, size)).withPageCap(50));
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private List<SyncRequest> requests() {
        return fixture.archive.read(session -> session.requests().forChat(CHAT));
    }

    @Test
    void start_recordsTheRequestAndGoesThroughInProgress() throws Exception {
        givenHistory(10);
        List<SyncState> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.service.addListener(event -> {
            if (event instanceof SyncEvent.BatchStored) {
                seen.add(fixture.checkpoint(CHAT).status());
            }
        });

        fixture.sync(CHAT, 500, SyncMode.START);

        List<SyncRequest> requests = requests();
        assertEquals(1, requests.size());
        assertEquals(500, requests.get(0).maxMessages());
        assertFalse(requests.get(0).resume());
        assertFalse(requests.get(0).restart());
        assertEquals("test", requests.get(0).requestedBy());
        assertEquals(List.of(SyncState.COMPLETED), seen, "the only page was also the last");
    }

    @Test
    void start_ofANewChat_writesItsCheckpointOnceInProgressThenOnceWhenItEnds() throws Exception {
        givenHistory(10);
        fixture.archive.write(session -> {
            session.handle().execute("CREATE TABLE checkpoint_writes (status TEXT)");
            session.handle().execute("CREATE TRIGGER checkpoint_inserted AFTER INSERT ON sync_checkpoints "
                    + "BEGIN INSERT INTO checkpoint_writes VALUES ('insert ' || new.status); END");
            session.handle().execute("CREATE TRIGGER checkpoint_updated AFTER UPDATE ON sync_checkpoints "
                    + "BEGIN INSERT INTO checkpoint_writes VALUES ('update ' || new.status); END");
            return 0;
        });

        fixture.sync(CHAT, 500, SyncMode.START);

        List<String> writes = fixture.archive.read(session -> session.handle()
                .createQuery("SELECT status FROM checkpoint_writes ORDER BY rowid").mapTo(String.class).list());
        assertEquals(List.of("insert in_progress", "update completed"), writes,
                "accepting the request writes the new checkpoint once; its only page ends it");
    }

    @Test
    void start_ofACompletedChat_isRefusedAsAnEndState() throws Exception {
        givenHistory(10);
        fixture.sync(CHAT, 500, SyncMode.START);

        var refused = assertThrows(SyncRefusedException.class, () -> fixture.service.start(CHAT, 500, SyncMode.START, "test"));
        var continued = assertThrows(SyncRefusedException.class,
                () -> fixture.service.start(CHAT, 500, SyncMode.CONTINUE, "test"));
        var resumed = assertThrows(SyncRefusedException.class,
                () -> fixture.service.start(CHAT, 500, SyncMode.RESUME, "test"));

        assertEquals(Why.COMPLETE, refused.why());
        assertTrue(refused.getMessage().contains("already complete"), refused.getMessage());
        assertEquals(Why.COMPLETE, continued.why());
        assertEquals(Why.NOTHING_TO_RESUME, resumed.why());
        assertEquals(1, requests().size(), "refused requests are not recorded");
        assertEquals(SyncState.COMPLETED, fixture.checkpoint(CHAT).status());
    }

    @Test
    void start_ofAFailedChat_isRefusedWithTheEarlierError() throws Exception {
        given(new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .onCall(1, new ScriptedProvider.Fail(new PermanentProviderException("The export is corrupt."))));
        fixture.sync(CHAT, 500, SyncMode.START);

        var refused = assertThrows(SyncRefusedException.class, () -> fixture.service.start(CHAT, 500, SyncMode.START, "test"));

        assertEquals(Why.FAILED_BEFORE, refused.why());
        assertTrue(refused.getMessage().contains("The export is corrupt."), refused.getMessage());
    }

    @Test
    void restart_ofACompletedChat_isARecordedResetThatWalksBackFromTheNewest() throws Exception {
        var history = Histories.linear(CHAT, 80);
        given(new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(50));
        fixture.sync(CHAT, 500, SyncMode.START);
        // new messages arrived at the source since
        provider.append(CHAT, List.of(Histories.message(CHAT, 81, history.get(79).timestamp().plusSeconds(60))));

        SyncOutcome outcome = fixture.sync(CHAT, 500, SyncMode.RESTART);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(1, outcome.newMessages());
        SyncCheckpoint checkpoint = fixture.checkpoint(CHAT);
        assertEquals(1, checkpoint.messagesSynced(), "a restart starts a new count");
        assertEquals(81, fixture.heldIds(CHAT).size());
        List<SyncRequest> requests = requests();
        assertEquals(2, requests.size());
        assertTrue(requests.get(1).restart());
        assertNull(provider.requests().get(2).cursor(), "the restart asked for the newest messages first");
    }

    @Test
    void restart_ofAFailedChat_runsAgain() throws Exception {
        given(new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 10))
                .onCall(1, new ScriptedProvider.Fail(new PermanentProviderException("The export is corrupt."))));
        fixture.sync(CHAT, 500, SyncMode.START);

        SyncOutcome outcome = fixture.sync(CHAT, 500, SyncMode.RESTART);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertNull(fixture.checkpoint(CHAT).errorMessage());
    }

    @Test
    void resume_ofAChatNeverSynced_isRefused() {
        givenHistory(10);

        var refused = assertThrows(SyncRefusedException.class,
                () -> fixture.service.start(CHAT, 500, SyncMode.RESUME, "test"));

        assertEquals(Why.NOTHING_TO_RESUME, refused.why());
        assertTrue(fixture.service.checkpoint(CHAT).isEmpty());
    }

    @Test
    void start_ofAnInterruptedChat_asksToResumeOrRestart() throws Exception {
        givenHistory(200);
        fixture.sync(CHAT, 50, SyncMode.START);

        var refused = assertThrows(SyncRefusedException.class, () -> fixture.service.start(CHAT, 500, SyncMode.START, "test"));

        assertEquals(Why.RESUMABLE, refused.why());
        assertTrue(refused.getMessage().contains("Resume it"), refused.getMessage());
    }

    @Test
    void continue_resumesAnInterruptedChatAndRecordsItAsAResume() throws Exception {
        givenHistory(200);
        fixture.sync(CHAT, 50, SyncMode.START);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.CONTINUE);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertTrue(requests().get(1).resume());
    }

    @Test
    void start_whileTheChatIsSyncing_isRefusedAsAlreadySyncing() throws Exception {
        given(new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 100))
                .onCall(1, new ScriptedProvider.Block()));
        SyncHandle first = fixture.service.start(CHAT, 500, SyncMode.START, "test");
        assertTrue(provider.awaitBlocked(Duration.ofSeconds(5)));

        for (SyncMode mode : SyncMode.values()) {
            var refused = assertThrows(SyncRefusedException.class, () -> fixture.service.start(CHAT, 500, mode, "test"));
            assertEquals(Why.ALREADY_SYNCING, refused.why(), mode.name());
        }

        provider.release();
        assertEquals(SyncState.COMPLETED, first.await().state());
        assertEquals(1, requests().size());
    }

    @Test
    void start_withALimitOutOfRange_isRefused() {
        givenHistory(10);

        var tooMany = assertThrows(SyncRefusedException.class,
                () -> fixture.service.start(CHAT, 10_001, SyncMode.START, "test"));
        var none = assertThrows(SyncRefusedException.class, () -> fixture.service.start(CHAT, 0, SyncMode.START, "test"));

        assertEquals(Why.INVALID_REQUEST, tooMany.why());
        assertTrue(tooMany.getMessage().contains("between 1 and 10000"), tooMany.getMessage());
        assertEquals(Why.INVALID_REQUEST, none.why());
    }

    @Test
    void start_ofAChatIdTheProviderCannotHave_isRefusedWithItsRule() {
        givenHistory(10);

        var refused = assertThrows(SyncRefusedException.class,
                () -> fixture.service.start("not-a-chat", 10, SyncMode.START, "test"));

        assertEquals(Why.INVALID_REQUEST, refused.why());
        assertTrue(refused.getMessage().contains("ends in @test"), refused.getMessage());
    }

    @Test
    void start_ofAChatNoProviderOffers_isRefused() {
        givenHistory(10);

        var refused = assertThrows(SyncRefusedException.class,
                () -> fixture.service.start("bob@test", 10, SyncMode.START, "test"));

        assertEquals(Why.UNKNOWN_CHAT, refused.why());
    }

    @Test
    void cancel_ofAChatThatIsNotSyncing_isRefused() throws Exception {
        givenHistory(10);
        fixture.sync(CHAT, 500, SyncMode.START);

        var refused = assertThrows(SyncRefusedException.class, () -> fixture.service.cancel(CHAT));

        assertEquals(Why.NOT_SYNCING, refused.why());
        assertEquals(SyncState.COMPLETED, fixture.checkpoint(CHAT).status());
    }
}
