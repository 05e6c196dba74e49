package dev.chatarchive.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.whatsapp.export.Samples;
import dev.chatarchive.whatsapp.export.TestContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider as PF4J creates it, with the export source inside, answering the host's questions. */
class WhatsAppHistoryProviderTest {

    @TempDir
    Path temp;

    private WhatsAppHistoryProvider started() throws Exception {
        WhatsAppHistoryProvider provider = new WhatsAppHistoryProvider();
        provider.start(TestContext.amsterdam(temp));
        return provider;
    }

    @Test
    void supportedDirections_withExports_pagesBothWays() throws Exception {
        assertEquals(Set.of(PagingDirection.OLDER, PagingDirection.NEWER), started().supportedDirections());
    }

    @Test
    void importSource_sample_listsItsChatAndPagesIt() throws Exception {
        WhatsAppHistoryProvider provider = started();
        Path sample = Samples.sample(Samples.BOOK_CLUB);

        assertTrue(provider.canImport(sample));
        List<ChatDescription> imported = provider.importSource(sample);
        HistoryPage newest = provider.fetchHistory(HistoryRequest.older(imported.get(0).chatId(), null, 4));

        assertEquals(imported, provider.listChats());
        assertEquals(4, newest.messages().size());
        assertFalse(newest.endOfHistory());
        assertEquals(11L, newest.totalEstimate());
        assertTrue(provider.chatIdProblem(imported.get(0).chatId()).isEmpty());
    }

    @Test
    void canImport_otherFiles_saysNo() throws Exception {
        WhatsAppHistoryProvider provider = started();

        assertFalse(provider.canImport(temp.resolve("missing.txt")));
        assertFalse(provider.canImport(temp));
    }

    @Test
    void fetchHistory_chatNoExportHolds_failsPermanentlyWithWhatToDo() throws Exception {
        WhatsAppHistoryProvider provider = started();

        PermanentProviderException error = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older("31600000000@s.whatsapp.net", null, 10)));

        assertTrue(error.getMessage().contains("chat-archive import"), error.getMessage());
    }

    @Test
    void fetchHistory_notAJid_failsPermanentlyNamingTheRule() throws Exception {
        PermanentProviderException error = assertThrows(PermanentProviderException.class,
                () -> started().fetchHistory(HistoryRequest.older("family chat", null, 10)));

        assertTrue(error.getMessage().contains("JID"), error.getMessage());
    }

    @Test
    void status_afterImport_countsFilesAndChats() throws Exception {
        WhatsAppHistoryProvider provider = started();
        provider.importSource(Samples.sample(Samples.ALICE));

        assertEquals("1 export file, 1 chat", provider.status().detail());
    }
}
