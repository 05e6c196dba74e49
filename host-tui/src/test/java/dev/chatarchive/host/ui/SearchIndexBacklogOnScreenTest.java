package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.SearchIndexChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search list while the search index is behind the archive (just after an import): a line says
 * how many messages still wait and that results may be incomplete, shrinks as the index catches up,
 * and once it has, says to search again.
 */
class SearchIndexBacklogOnScreenTest {

    @TempDir
    Path folder;

    @Test
    void search_whileMessagesWaitForTheIndex_saysHowManyAndRefreshesAsItShrinks() throws Exception {
        try (Archive archive = SearchIndexChecks.openPaused(folder.resolve("archive.db"), SampleChats.CLOCK)) {
            archive.write(session -> {
                session.chats().upsert("whatsapp", new ChatDescription(SampleChats.ALICE, "Alice", false, null, null));
                List<HistoricalMessage> messages = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    messages.add(SampleChats.text("t" + i, SampleChats.ALICE, SampleChats.ALICE, "Alice", "see you tomorrow " + i,
                            "2026-05-30T09:1" + i + ":00Z", false));
                }
                return session.messages().insertIfAbsent("whatsapp", messages);
            });
            try (UiHarness harness = new UiHarness(archive, SyncControls.NONE, SampleChats.CLOCK, 100, 24)) {
                harness.press('/').type("tomorrow");

                String screen = harness.text();
                assertTrue(screen.contains("Search index: 5 messages still being indexed; results may be incomplete."), screen);

                SearchIndexChecks.step(archive);
                harness.settleUntilShown("Search index: 3 messages still being indexed; results may be incomplete.");

                SearchIndexChecks.catchUp(archive);
                harness.settleUntilShown("Search index: now current; search again to include every message.");

                harness.press(KeyType.Escape).press('/').type("tomorrow");
                screen = harness.text();
                assertTrue(screen.contains("Search: \"tomorrow\" · 5 hits"), screen);
                assertFalse(screen.contains("Search index"), screen);
            }
        }
    }
}
