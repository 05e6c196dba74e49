package dev.chatarchive.whatsapp.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.whatsapp.WhatsAppHistoryProvider;
import dev.chatarchive.whatsapp.export.Samples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode on, WhatsApp unreachable (the stand-in phone finds no route), and the user imports an
 * export: the export's chats page from the file at the file's speed, whatever live mode is doing.
 * The first round failed here with "WhatsApp is still connecting".
 */
class LiveNeverBlocksExportsIT {

    @TempDir
    Path root;

    private WhatsAppHistoryProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.stop();
        }
    }

    private WhatsAppHistoryProvider offlineLiveProvider() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(true).unreachable(1000)
                .chat(SimulatedPhone.ALICE, SimulatedPhone.ALICE_LID, "Alice", 10))
                .with("live.pause", "3s");
        provider = new WhatsAppHistoryProvider();
        provider.start(host);
        LiveTestHost.await(() -> provider.status().detail().contains("Cannot reach WhatsApp"),
                () -> "live mode never said it cannot reach WhatsApp: " + provider.status());
        return provider;
    }

    private static List<String> pageBack(WhatsAppHistoryProvider provider, String chat) throws Exception {
        List<String> ids = new ArrayList<>();
        HistoryPage page = provider.fetchHistory(HistoryRequest.older(chat, null, 2));
        while (true) {
            page.messages().forEach(m -> ids.add(m.id()));
            if (page.endOfHistory() || page.messages().isEmpty()) {
                return ids;
            }
            HistoricalMessage oldest = page.messages().stream()
                    .min(java.util.Comparator.comparing(HistoricalMessage::timestamp)).orElseThrow();
            page = provider.fetchHistory(HistoryRequest.older(chat, oldest.toCursor(), 2));
        }
    }

    @Test
    void anExportOfAChatWithAPhoneNumber_pagesFromTheFile_whileLiveModeCannotConnect() throws Exception {
        WhatsAppHistoryProvider provider = offlineLiveProvider();

        List<ChatDescription> imported = provider.importSource(Samples.sample(Samples.JORDAN));
        String chat = imported.get(0).chatId();

        assertEquals("14155550134@s.whatsapp.net", chat, "a chat the phone could know as well");
        ConnectionState live = provider.status().state();
        assertTrue(live == ConnectionState.DISCONNECTED || live == ConnectionState.CONNECTING,
                "live mode keeps retrying an unreachable WhatsApp in the background: " + live);
        List<String> ids = pageBack(provider, chat);
        assertEquals(6, ids.size(), "every message of the export: " + ids);
        assertEquals(dev.chatarchive.whatsapp.source.HistorySource.LOCAL_FILES, provider.syncPolicy(HistoryRequest.older(chat, null, 50)),
                "the export's pace, not the phone's");
    }

    @Test
    void anExportWithoutAPhoneNumber_isNeverClaimedByLiveMode() throws Exception {
        WhatsAppHistoryProvider provider = offlineLiveProvider();

        List<ChatDescription> imported = provider.importSource(Samples.sample(Samples.ALICE));
        String chat = imported.get(0).chatId();

        assertTrue(chat.startsWith("export-"), chat);
        List<String> ids = pageBack(provider, chat);
        assertFalse(ids.isEmpty());
        assertEquals(dev.chatarchive.whatsapp.source.HistorySource.LOCAL_FILES, provider.syncPolicy(HistoryRequest.older(chat, null, 50)));
        assertEquals(new SyncPolicy(1, java.time.Duration.ofSeconds(3), 50),
                provider.syncPolicy(HistoryRequest.older(SimulatedPhone.ALICE, null, 50)),
                "a chat only the phone knows keeps the phone's pace");
    }
}
