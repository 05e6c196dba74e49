package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.host.app.EngineSyncControls;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.ui.SyncControls;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's controls over the engine: what scrolling, the sync dialog and the status line get. */
class EngineSyncControlsTest {

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
    void loadOlder_storesOnePageAtATimeUntilTheHistoryEnds() throws Exception {
        fixture = new SyncFixture(folder, new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 70)));
        SyncControls controls = new EngineSyncControls(fixture.service);

        int first = controls.loadOlder(CHAT, 30);
        int second = controls.loadOlder(CHAT, 30);
        int third = controls.loadOlder(CHAT, 30);
        int afterTheEnd = controls.loadOlder(CHAT, 30);

        assertEquals(List.of(30, 30, 10, 0), List.of(first, second, third, afterTheEnd));
        assertEquals(SyncState.COMPLETED, fixture.checkpoint(CHAT).status());
    }

    @Test
    void loadOlder_aFailingProvider_reachesTheUiAsASentence() {
        fixture = new SyncFixture(folder, new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 70))
                .withFailingChat(CHAT, new PermanentProviderException("The export is unreadable.")));
        SyncControls controls = new EngineSyncControls(fixture.service);

        var failure = assertThrows(IllegalStateException.class, () -> controls.loadOlder(CHAT, 30));

        assertTrue(failure.getMessage().contains("The export is unreadable."), failure.getMessage());
    }

    @Test
    void listeners_hearOfEveryChangedChatAfterItIsStored() throws Exception {
        fixture = new SyncFixture(folder, new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 70)));
        SyncControls controls = new EngineSyncControls(fixture.service);
        List<Integer> heldWhenTold = new CopyOnWriteArrayList<>();
        controls.addListener(chatId -> heldWhenTold.add(fixture.heldIds(chatId).size()));

        controls.loadOlder(CHAT, 30);

        assertTrue(heldWhenTold.contains(30), heldWhenTold.toString());
    }

    @Test
    void cancel_ofAChatThatIsNotSyncing_doesNothing() {
        fixture = new SyncFixture(folder, new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 70)));

        new EngineSyncControls(fixture.service).cancel(CHAT);

        assertTrue(fixture.service.checkpoint(CHAT).isEmpty());
    }

    @Test
    void overview_countsWhatWasSynced() throws Exception {
        fixture = new SyncFixture(folder, new ScriptedProvider("scripted").withChat(CHAT, Histories.linear(CHAT, 70)));
        SyncControls controls = new EngineSyncControls(fixture.service);
        controls.loadOlder(CHAT, 30);

        var overview = controls.overview();

        assertEquals(0, overview.activeChats());
        assertEquals(30, overview.messagesSynced());
    }
}
