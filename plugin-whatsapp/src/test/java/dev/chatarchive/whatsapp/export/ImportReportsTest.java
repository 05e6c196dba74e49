package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an import tells the user (as notices the host prints): lines that could not be read, and
 * messages dated past this computer's clock by more than a plausible skew, each with how many and the
 * first line. The clock of {@link TestContext} stands at 2026-01-01T00:00Z; exports are read in
 * Europe/Amsterdam.
 */
class ImportReportsTest {

    @TempDir
    Path temp;

    private TestContext context;

    private ExportHistorySource started() throws Exception {
        context = TestContext.amsterdam(temp.resolve("data"));
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);
        return source;
    }

    @Test
    void importSource_messagesFarInTheFuture_areCountedWithTheirFirstLine_andNearFutureOnesAreNot() throws Exception {
        Path file = Files.writeString(temp.resolve("WhatsApp Chat with Ann.txt"), """
                31/12/2025, 23:00 - Ann: last year
                01/01/2026, 20:00 - Ann: twenty hours ahead of this computer: a phone in another zone
                15/03/2031, 10:00 - Ann: a phone whose clock was years ahead
                16/03/2031, 10:00 - Ann: and again
                """, StandardCharsets.UTF_8);

        started().importSource(file);

        List<String> notices = EncodingsAndZipsTest.notices(context);
        assertEquals(1, notices.size(), notices.toString());
        String notice = notices.get(0);
        assertTrue(notice.contains("2 messages are dated after this computer's clock by more than 27 hours"), notice);
        assertTrue(notice.contains("the first on line 3, 2031-03-15 10:00"), notice);
    }

    @Test
    void importSource_linesThatCouldNotBeRead_areToldWithCountAndLines() throws Exception {
        Path file = Files.writeString(temp.resolve("WhatsApp Chat with Ann.txt"), """
                12/03/2022, 10:00 - Ann: a list
                31/02/2022, 10:00 - Ann: not a day
                13/03/2022, 10:00 - Bob: ok
                """, StandardCharsets.UTF_8);

        started().importSource(file);

        List<String> notices = EncodingsAndZipsTest.notices(context);
        assertEquals(List.of("'WhatsApp Chat with Ann.txt': 1 line starts like a message but with a date or time"
                + " that does not exist (line 2); each was kept as text of the message before it."), notices);
    }

    @Test
    void importSource_textBeforeTheFirstMessage_isToldWithItsLines_andTheMessagesAreAllRead() throws Exception {
        Path file = Files.writeString(temp.resolve("WhatsApp Chat with Ann.txt"), """
                WhatsApp Chat - Ann

                12/03/2022, 10:00 - Ann: hi
                13/03/2022, 10:00 - Bob: ok
                """, StandardCharsets.UTF_8);

        List<ChatDescription> chats = started().importSource(file);

        assertEquals(2L, chats.get(0).estimatedSize());
        assertEquals(List.of("'WhatsApp Chat with Ann.txt': 1 line before the first message belongs to no message"
                + " (line 1); it was not imported."), EncodingsAndZipsTest.notices(context));
    }

    @Test
    void importSource_cleanFile_tellsNothing() throws Exception {
        Path file = Files.writeString(temp.resolve("WhatsApp Chat with Ann.txt"), """
                12/03/2022, 10:00 - Ann: hi
                13/03/2022, 10:00 - Bob: ok
                """, StandardCharsets.UTF_8);

        started().importSource(file);

        assertTrue(EncodingsAndZipsTest.notices(context).isEmpty());
    }
}
