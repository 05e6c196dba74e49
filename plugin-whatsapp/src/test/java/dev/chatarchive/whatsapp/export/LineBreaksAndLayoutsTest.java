package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which lines start a message: only LF and CRLF end a line; lines of the file's own layout class
 * (12- and 24-hour times, a lost dash) start messages; lines that look like headers but cannot be
 * read, or belong to another chat pasted into a message, stay text and are reported.
 */
class LineBreaksAndLayoutsTest {

    @Test
    void parse_unicodeLineAndParagraphSeparatorsNextLineAndLoneCr_areTextNotLineEnds() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("12/03/2022, 10:00 - Ann: first\u2028still first\n"
                + "12/03/2022, 10:01 - Bob: second\u2029still second\n"
                + "12/03/2022, 10:02 - Cem: third\u0085still third\n"
                + "12/03/2022, 10:03 - Dee: fourth\rstill fourth\r\n"
                + "12/03/2022, 10:04 - Eve: fifth\n");

        List<ParsedMessage> messages = parsed.messages();
        assertEquals(5, messages.size());
        assertEquals(List.of("Ann", "Bob", "Cem", "Dee", "Eve"), messages.stream().map(ParsedMessage::author).toList());
        assertEquals("first\u2028still first", messages.get(0).content());
        assertEquals("second\u2029still second", messages.get(1).content());
        assertEquals("third\u0085still third", messages.get(2).content());
        assertEquals("fourth\rstill fourth", messages.get(3).content());
        assertEquals(LocalDateTime.parse("2022-03-12T10:04"), messages.get(4).localTime());
    }

    @Test
    void parse_headerWhoseTextHoldsALineSeparator_startsItsOwnMessage() throws Exception {
        // The first version read a header followed by U+2028 as text of the message before it.
        ParsedTranscript parsed = ParsedTranscript.of("""
                13/01/2019, 08:00 - Ann: hello
                13/01/2019, 08:05 - Bob: a\u2028b
                """);

        assertEquals(2, parsed.messages().size());
        assertEquals("hello", parsed.messages().get(0).content());
        assertEquals("Bob", parsed.messages().get(1).author());
    }

    @Test
    void parse_twelveAndTwentyFourHourLinesInOneFile_areAllMessagesInOneDateOrder() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                12/19/18 7:26 PM - Carlos: evening
                12/21/18 15:15 - Ana: afternoon
                12/21/18 23:59 PM - Carlos: written by hand
                12/22/18. 6:49 PM - Ana: a dot after the date
                12/23/18,9:30 PM - Carlos: no space after the comma
                12/24/18 8:00 AM - Ana: morning
                """);

        assertEquals(6, parsed.messages().size());
        assertEquals(DateOrder.MONTH_DAY_YEAR, parsed.summary().dateOrder());
        assertEquals(LocalDateTime.parse("2018-12-21T15:15"), parsed.messages().get(1).localTime());
        assertEquals(LocalDateTime.parse("2018-12-21T23:59"), parsed.messages().get(2).localTime());
        assertEquals(LocalDateTime.parse("2018-12-22T18:49"), parsed.messages().get(3).localTime());
        assertEquals(LocalDateTime.parse("2018-12-23T21:30"), parsed.messages().get(4).localTime());
        assertTrue(parsed.summary().lineReports().isEmpty(), parsed.summary().lineReports().toString());
    }

    @Test
    void parse_headerLikeLinesWithImpossibleDatesOrTimes_stayTextAndAreReportedWithTheirLineNumbers()
            throws Exception {
        StringBuilder text = new StringBuilder("12/03/2022, 10:00 - Ann: the list follows\n");
        for (int i = 0; i < 6; i++) {
            text.append("31/02/2022, 10:0").append(i).append(" - Ann: no such day\n");
        }
        text.append("12/03/2022, 25:70 - Ann: no such time\n");
        text.append("13/03/2022, 11:00 - Bob: next\n");

        ParsedTranscript parsed = ParsedTranscript.of(text.toString());

        assertEquals(2, parsed.messages().size(), "no impossible line became a message");
        assertTrue(parsed.messages().get(0).content().contains("31/02/2022, 10:05 - Ann: no such day"));
        LineReport report = parsed.summary().report(LineReport.Kind.UNREADABLE_HEADER).orElseThrow();
        assertEquals(7, report.count());
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L), report.firstLines());
        String sentence = parsed.summary().messagesFor("chat.txt").get(0);
        assertTrue(sentence.contains("7 lines") && sentence.contains("first on lines 2, 3, 4, 5 and 6"), sentence);
    }

    @Test
    void parse_chatPastedIntoAMessage_staysInThatMessageAndIsReported() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                08/01/2020, 22:22 - Jen: look what she wrote
                [19/12/2019, 08:00] Anu: first pasted line
                [19/12/2019, 08:01] Jen: second pasted line
                08/01/2020, 22:23 - Jen: crazy
                """);

        assertEquals(2, parsed.messages().size());
        assertTrue(parsed.messages().get(0).content().endsWith("[19/12/2019, 08:01] Jen: second pasted line"));
        LineReport report = parsed.summary().report(LineReport.Kind.OTHER_LAYOUT).orElseThrow();
        assertEquals(2, report.count());
        assertEquals(List.of(2L, 3L), report.firstLines());
    }

    @Test
    void parse_headerWhoseDashWasLost_isStillAMessageOfTheFile() throws Exception {
        // Exports read back from screenshots lose the odd character.
        ParsedTranscript parsed = ParsedTranscript.of("""
                2/23/19, 8:52 PM - Romil: hmm
                2/23/19, 8:53 PM Romil: ok
                2/23/19, 8:54 PM
                2/23/19, 8:55 PM - Rushabh: sure
                """);

        assertEquals(4, parsed.messages().size());
        assertEquals("Romil", parsed.messages().get(1).author());
        assertEquals("ok", parsed.messages().get(1).content());
    }

    @Test
    void parse_dateAndTimeWrittenOtherwiseInsideAMessage_staysText() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                04/05/2020, 10:00 - Teacher: Live sessions:
                04/05/2020 at 3:00 PM to 4:00 PM
                05/05/2020 at 3:00 PM to 4:00 PM
                06/05/2020, 10:00 - Teacher: see you
                """);

        assertEquals(2, parsed.messages().size());
        assertEquals("Live sessions:\n04/05/2020 at 3:00 PM to 4:00 PM\n05/05/2020 at 3:00 PM to 4:00 PM",
                parsed.messages().get(0).content());
    }

    @Test
    void parse_cleanFile_reportsNothing() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                12/03/2022, 10:00 - Ann: hi
                13/03/2022, 10:01 - Bob: hello
                """);

        assertTrue(parsed.summary().lineReports().isEmpty());
        assertFalse(parsed.summary().messagesFor("x.txt").iterator().hasNext());
    }
}
