package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.StopReason;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forward catch-up pass of providers that page towards newer messages. */
class SyncCatchUpTest {

    private static final String CHAT = "alice@test";

    @TempDir
    Path folder;

    private SyncFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void sync_ofAChatHeldInTheMiddle_catchesUpThenPagesBackToEverything() throws Exception {
        var history = Histories.linear(CHAT, 200);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(30).withNewerPaging();
        fixture = new SyncFixture(folder, provider);
        fixture.preload("scripted", history.subList(80, 120));

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.START);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals(160, outcome.newMessages());
        var requests = provider.requests();
        assertEquals(PagingDirection.NEWER, requests.get(0).direction());
        assertEquals("m0120", requests.get(0).cursor().messageId(), "catching up from the newest held");
        var firstBack = requests.stream().filter(r -> r.direction() == PagingDirection.OLDER).findFirst().orElseThrow();
        assertEquals("m0081", firstBack.cursor().messageId(), "paging back from the oldest held");
        assertEquals("m0001", fixture.checkpoint(CHAT).lastMessageId());
    }

    @Test
    void sync_ofAnEmptyArchive_doesNotCatchUp() throws Exception {
        var provider = new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 50)).withNewerPaging();
        fixture = new SyncFixture(folder, provider);

        fixture.sync(CHAT, 10_000, SyncMode.START);

        assertTrue(provider.requests().stream().allMatch(r -> r.direction() == PagingDirection.OLDER));
    }

    @Test
    void catchUp_doesNotMoveTheCursor() throws Exception {
        var history = Histories.linear(CHAT, 200);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(30).withNewerPaging();
        fixture = new SyncFixture(folder, provider);
        fixture.preload("scripted", history.subList(100, 110));

        // a limit that runs out during the catch-up
        SyncOutcome outcome = fixture.sync(CHAT, 45, SyncMode.START);

        assertEquals(SyncState.INTERRUPTED, outcome.state());
        assertEquals(StopReason.LIMIT_REACHED, outcome.stopReason());
        assertEquals(45, fixture.checkpoint(CHAT).messagesSynced());
        assertNull(fixture.checkpoint(CHAT).lastMessageId(), "no page back yet, so no cursor");
    }

    @Test
    void resume_afterALimitReachedInTheCatchUp_endsWithTheWholeHistory() throws Exception {
        var history = Histories.linear(CHAT, 200);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(30).withNewerPaging();
        fixture = new SyncFixture(folder, provider);
        fixture.preload("scripted", history.subList(100, 110));
        fixture.sync(CHAT, 45, SyncMode.START);

        SyncOutcome outcome = fixture.sync(CHAT, 10_000, SyncMode.RESUME);

        assertEquals(SyncState.COMPLETED, outcome.state());
        assertEquals(SyncFixture.ids(history), fixture.heldIds(CHAT));
        assertEquals(190, fixture.checkpoint(CHAT).messagesSynced());
    }

    @Test
    void loadOlder_pagesBackWithoutCatchingUp() throws Exception {
        var history = Histories.linear(CHAT, 200);
        var provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(30).withNewerPaging();
        fixture = new SyncFixture(folder, provider);
        fixture.preload("scripted", history.subList(100, 110));

        SyncOutcome outcome = fixture.service.loadOlder(CHAT, 30, "test").await();

        assertEquals(30, outcome.newMessages());
        assertTrue(provider.requests().stream().allMatch(r -> r.direction() == PagingDirection.OLDER));
        assertEquals("m0071", fixture.checkpoint(CHAT).lastMessageId(), "30 older than the oldest held (m0101)");
    }
}
