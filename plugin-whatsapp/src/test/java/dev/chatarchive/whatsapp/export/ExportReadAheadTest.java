package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export source reads a chat's next older page while the host stores the one it was given, and
 * answers the host's next request with it: the same messages as reading it then, nothing else.
 */
class ExportReadAheadTest {

    @TempDir
    Path temp;

    @Test
    void fetchHistory_pagingBack_answersEachPageAfterTheFirstFromItsReadAheadWithTheSameMessages() throws Exception {
        TestContext context = TestContext.amsterdam(temp);
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);
        try {
            ChatDescription chat = source.importSource(SyntheticExport.write(
                    temp.resolve("WhatsApp Chat with Synthetic.txt"), 12_000)).get(0);
            List<HistoricalMessage> whole = source.fetchHistory(HistoryRequest.older(chat.chatId(), null, 12_000))
                    .messages();
            assertEquals(0, source.pagesReadAhead(), "one page holds the whole chat: nothing to read ahead");

            List<HistoricalMessage> paged = Paging.all(source, chat.chatId(), 5_000);

            assertEquals(whole, paged, "pages read ahead hold exactly the messages read at once");
            assertEquals(2, source.pagesReadAhead(), "the 2nd and 3rd of the 3 pages were read while the 1st was stored");
        } finally {
            source.stop();
        }
    }

    @Test
    void fetchHistory_aRequestForNewerMessagesBetweenTwoPagesBack_leavesThePageReadAheadForTheNextPageBack()
            throws Exception {
        TestContext context = TestContext.amsterdam(temp);
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);
        try {
            ChatDescription chat = source.importSource(SyntheticExport.write(
                    temp.resolve("WhatsApp Chat with Synthetic.txt"), 3_000)).get(0);
            List<HistoricalMessage> whole = source.fetchHistory(HistoryRequest.older(chat.chatId(), null, 3_000))
                    .messages();
            HistoryPage newest = source.fetchHistory(HistoryRequest.older(chat.chatId(), null, 1_000));
            int readBefore = source.pagesReadAhead();

            // Each run of the host's sync first asks for what is newer than the archive's newest message.
            HistoryPage newer = source.fetchHistory(HistoryRequest.newer(chat.chatId(),
                    newest.messages().get(newest.messages().size() - 1).toCursor(), 1_000));
            HistoryPage next = source.fetchHistory(HistoryRequest.older(chat.chatId(),
                    newest.messages().get(0).toCursor(), 1_000));

            assertEquals(List.of(), newer.messages());
            assertEquals(readBefore + 1, source.pagesReadAhead(), "the page back came from the read-ahead");
            assertEquals(whole.subList(1_000, 2_000), next.messages());
        } finally {
            source.stop();
        }
    }

    @Test
    void fetchHistory_aSmallerLimitEndingAtTheSameMessage_isCutFromThePageReadAhead() throws Exception {
        TestContext context = TestContext.amsterdam(temp);
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);
        try {
            ChatDescription chat = source.importSource(SyntheticExport.write(
                    temp.resolve("WhatsApp Chat with Synthetic.txt"), 3_000)).get(0);
            List<HistoricalMessage> whole = source.fetchHistory(HistoryRequest.older(chat.chatId(), null, 3_000))
                    .messages();
            HistoryPage newest = source.fetchHistory(HistoryRequest.older(chat.chatId(), null, 1_000));
            int readBefore = source.pagesReadAhead();

            // The host's run ends at its message limit: its last request asks for fewer than a page.
            HistoryPage next = source.fetchHistory(HistoryRequest.older(chat.chatId(),
                    newest.messages().get(0).toCursor(), 300));

            assertEquals(readBefore + 1, source.pagesReadAhead());
            assertEquals(whole.subList(1_700, 2_000), next.messages());
            assertFalse(next.endOfHistory());
        } finally {
            source.stop();
        }
    }

    @Test
    void fetchHistory_onAnInterruptedThread_endsInInterruptedExceptionEvenWhenThePageWasReadAhead() throws Exception {
        TestContext context = TestContext.amsterdam(temp);
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);
        try {
            ChatDescription chat = source.importSource(SyntheticExport.write(
                    temp.resolve("WhatsApp Chat with Synthetic.txt"), 3_000)).get(0);
            HistoryPage newest = source.fetchHistory(HistoryRequest.older(chat.chatId(), null, 1_000));
            HistoryRequest next = HistoryRequest.older(chat.chatId(), newest.messages().get(0).toCursor(), 1_000);

            Thread.currentThread().interrupt();
            try {
                assertThrows(InterruptedException.class, () -> source.fetchHistory(next));
            } finally {
                Thread.interrupted();
            }
            assertEquals(1_000, source.fetchHistory(next).messages().size(), "asked again, the page is read");
        } finally {
            source.stop();
        }
    }
}
