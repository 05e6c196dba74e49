package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.PermanentProviderException;
import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How the parser cuts a transcript into messages and what it makes of them. */
class ExportFileParserTest {

    @Test
    void parse_continuationLines_joinIntoOneMessageKeepingBlankLines() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                23/03/2022, 13:31 - Ann: first line

                third line
                23/03/2022, 13:32 - Bob: next
                """);

        assertEquals(2, parsed.messages().size());
        assertEquals("first line\n\nthird line", parsed.messages().get(0).content());
    }

    @Test
    void parse_lineInsideAMessageThatLooksLikeAnotherLayoutsHeader_doesNotSplitIt() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                23/03/2022, 13:31 - Ann: I pasted this from my other phone:
                [3/20/22, 10:00:00] Bob: hello there
                3/20/22 10:00 - Bob: and this
                23/03/2022, 13:32 - Bob: ok
                """);

        assertEquals(2, parsed.messages().size());
        assertEquals("I pasted this from my other phone:\n[3/20/22, 10:00:00] Bob: hello there\n3/20/22 10:00 - Bob: and this",
                parsed.messages().get(0).content());
    }

    @Test
    void parse_lineWithTheFilesLayoutButNoValidDate_continuesTheMessage() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                23/03/2022, 13:31 - Ann: the code is
                45/99/2022, 13:31 - not a date
                24/03/2022, 13:32 - Bob: ok
                """);

        assertEquals(2, parsed.messages().size());
        assertTrue(parsed.messages().get(0).content().endsWith("45/99/2022, 13:31 - not a date"));
    }

    @Test
    void parse_crlfBetweenMessagesAndLfInside_likeIos() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of(
                "[23/03/2022, 13:31:00] Ann: one\ntwo\r\n[23/03/2022, 13:32:00] Bob: three\r\n");

        assertEquals("one\ntwo", parsed.messages().get(0).content());
        assertEquals("three", parsed.messages().get(1).content());
    }

    @Test
    void parse_dayAboveTwelveAnywhereInTheFile_decidesDayFirstForEveryLine() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                03/04/2022, 10:00 - Ann: early
                25/04/2022, 10:00 - Ann: late
                """);

        assertEquals(LocalDateTime.parse("2022-04-03T10:00"), parsed.messages().get(0).localTime());
        assertEquals(DateOrder.DAY_MONTH_YEAR, parsed.summary().dateOrder());
    }

    @Test
    void parse_secondPartAboveTwelve_decidesMonthFirst() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                3/4/22, 10:00 - Ann: early
                4/25/22, 10:00 - Ann: late
                """);

        assertEquals(LocalDateTime.parse("2022-03-04T10:00"), parsed.messages().get(0).localTime());
        assertEquals(DateOrder.MONTH_DAY_YEAR, parsed.summary().dateOrder());
    }

    @Test
    void parse_noPartAboveTwelve_butDatesOnlyRunForwardOneWay_decidesThatWay() throws Exception {
        // Read day-first: 11 Nov, 12 Nov, 1 Dec. Month-first: 11 Nov, 11 Dec, 12 Jan (backwards).
        ParsedTranscript parsed = ParsedTranscript.of("""
                11/11/2022, 10:00 - Ann: a
                12/11/2022, 10:00 - Ann: b
                01/12/2022, 10:00 - Ann: c
                """);

        assertEquals(DateOrder.DAY_MONTH_YEAR, parsed.summary().dateOrder());
        assertEquals(LocalDateTime.parse("2022-12-01T10:00"), parsed.messages().get(2).localTime());
    }

    @Test
    void parse_ambiguousDates_failsWithASentenceNamingTheOverride() {
        // Unpadded, two-digit years, English: both readings run forward and both numbers change.
        PermanentProviderException error = assertThrows(PermanentProviderException.class, () -> ParsedTranscript.of("""
                3/4/22, 10:00 - Ann: a
                5/6/22, 10:00 - Ann: b
                """));

        assertTrue(error.getMessage().contains("day-first or month-first"), error.getMessage());
        assertTrue(error.getMessage().contains("--date-order day-month-year"), error.getMessage());
        assertTrue(error.getMessage().contains("date-order=day-month-year"), error.getMessage());
    }

    @Test
    void parse_ambiguousDatesWithAnOverride_usesTheOverride() throws Exception {
        String text = """
                03/04/2022, 10:00 - Ann: a
                05/06/2022, 10:00 - Ann: b
                """;

        assertEquals(LocalDateTime.parse("2022-03-04T10:00"),
                ParsedTranscript.of(text, DateOrder.MONTH_DAY_YEAR).messages().get(0).localTime());
        assertEquals(LocalDateTime.parse("2022-04-03T10:00"),
                ParsedTranscript.of(text, DateOrder.DAY_MONTH_YEAR).messages().get(0).localTime());
    }

    @Test
    void parse_everyDateReadsTheSameEitherWay_needsNoOverride() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                04/04/2022, 10:00 - Ann: a
                04/04/2022, 11:00 - Ann: b
                """);

        assertEquals(LocalDateTime.parse("2022-04-04T10:00"), parsed.messages().get(0).localTime());
    }

    @Test
    void parse_twoDigitAndFourDigitYears_meanTheSameYear() throws Exception {
        LocalDateTime two = ParsedTranscript.of("23/03/22, 13:31 - Ann: a\n").only().localTime();
        LocalDateTime four = ParsedTranscript.of("23/03/2022, 13:31 - Ann: a\n").only().localTime();

        assertEquals(four, two);
    }

    @Test
    void parse_invisibleMarksAroundAuthorAndBody_neverReachNamesOrText() throws Exception {
        ParsedMessage message = ParsedTranscript.of(
                "\u200E\uFEFF[23/03/2022, 13:31:00] \u202A+7 999 999-99-99\u202C: \u200Fhello \u2068@Ann\u2069\n").only();

        assertEquals("+7 999 999-99-99", message.author());
        assertEquals("hello @Ann", message.content());
        assertTrue(message.raw().contains("\u202A"), "the raw line is kept as written");
    }

    @Test
    void parse_emojiWithZeroWidthJoiner_keepsTheJoiner() throws Exception {
        ParsedMessage message = ParsedTranscript.of("23/03/2022, 13:31 - Ann: \uD83E\uDD37\u200D\u2640\uFE0F\n").only();

        assertEquals("\uD83E\uDD37\u200D\u2640\uFE0F", message.content());
    }

    @Test
    void parse_androidLineWithoutAuthor_isASystemEvent() throws Exception {
        ParsedMessage message = ParsedTranscript.of("23/03/2022, 13:31 - Ann created group \"Trip: Rome\"\n").only();

        assertNull(message.author());
        assertTrue(message.system());
        assertEquals(MessageType.SYSTEM, message.type());
    }

    @Test
    void parse_textBeforeTheFirstHeader_isCountedAsSkipped() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("garbage\n23/03/2022, 13:31 - Ann: a\n");

        assertEquals(1, parsed.messages().size());
        assertEquals(1, parsed.summary().skippedLines());
    }

    @Test
    void parse_sameExportTwice_givesTheSameIds() throws Exception {
        String text = "23/03/2022, 13:31 - Ann: a\n23/03/2022, 13:31 - Ann: a\n24/03/2022, 09:00 - Bob: b\n";

        assertEquals(ParsedTranscript.of(text).messages().stream().map(ParsedMessage::id).toList(),
                ParsedTranscript.of(text).messages().stream().map(ParsedMessage::id).toList());
    }

    @Test
    void parse_exportWithAndWithoutMedia_giveTheMediaMessageTheSameId() throws Exception {
        String without = ParsedTranscript.of("23/03/2022, 13:31 - Ann: <Media omitted>\n").only().id();
        String with = ParsedTranscript.of("23/03/2022, 13:31 - Ann: IMG-20220323-WA0002.jpg (file attached)\n").only().id();

        assertEquals(without, with);
    }

    @Test
    void parse_renamedAuthorBetweenExports_keepsTheMessagesId() throws Exception {
        String before = ParsedTranscript.of("23/03/2022, 13:31 - Ann: hello\n").only().id();
        String after = ParsedTranscript.of("23/03/2022, 13:31 - Ann Smith: hello\n").only().id();

        assertEquals(before, after);
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("23/03/2022, 13:31 - Ann: <Media omitted>", MessageType.MEDIA_OMITTED),
                Arguments.of("23/03/2022, 13:31 - Ann: <Medien weggelassen>", MessageType.MEDIA_OMITTED),
                Arguments.of("23/03/2022, 13:31 - Ann: <Archivo omitido>", MessageType.MEDIA_OMITTED),
                Arguments.of("23/03/2022, 13:31 - Ann: <Mídia omitida>", MessageType.MEDIA_OMITTED),
                Arguments.of("23/03/2022, 13:31 - Ann: <Fichier omis>", MessageType.MEDIA_OMITTED),
                Arguments.of("23/03/2022, 13:31 - Ann: <Media omesso>", MessageType.MEDIA_OMITTED),
                Arguments.of("23/03/2022, 13:31 - Ann: <Media weggelaten>", MessageType.MEDIA_OMITTED),
                Arguments.of("23.03.2022, 13:31 - Анна: <Без медиафайлов>", MessageType.MEDIA_OMITTED),
                Arguments.of("23/03/2022, 13:31 - Ann: <Video message omitted>", MessageType.VIDEO),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200Eimage omitted", MessageType.IMAGE),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200Evideo omitted", MessageType.VIDEO),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200Eaudio omitted", MessageType.AUDIO),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200Esticker omitted", MessageType.STICKER),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200EGIF omitted", MessageType.GIF),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200EContact card omitted", MessageType.CONTACT),
                Arguments.of("[23/03/2022, 13:31:00] Ann: Plan.pdf \u2022 \u200E3 pages document omitted", MessageType.DOCUMENT),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200EBild weggelassen", MessageType.IMAGE),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200Eimagen omitida", MessageType.IMAGE),
                Arguments.of("23/03/2022, 13:31 - Ann: PTT-20220323-WA0000.opus (file attached)", MessageType.AUDIO),
                Arguments.of("23/03/2022, 13:31 - Ann: STK-20220323-WA0003.webp (file attached)", MessageType.STICKER),
                Arguments.of("23/03/2022, 13:31 - Ann: VID-20220323-WA0001.mp4 (file attached)", MessageType.VIDEO),
                Arguments.of("23/03/2022, 13:31 - Ann: Alex.vcf (file attached)", MessageType.CONTACT),
                Arguments.of("23/03/2022, 13:31 - Ann: Report 2022.pdf (file attached)", MessageType.DOCUMENT),
                Arguments.of("23/03/2022, 13:31 - Ann: IMG-20220323-WA0002.jpg (Datei angehängt)", MessageType.IMAGE),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200E<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>", MessageType.IMAGE),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200E<attached: 00000036-GIF-2022-03-27-21-41-55.mp4>", MessageType.GIF),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200E<attached: 00000042-TR.vcf>", MessageType.CONTACT),
                Arguments.of("23/03/2022, 13:31 - Ann: This message was deleted", MessageType.DELETED),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200EThis message was deleted.", MessageType.DELETED),
                Arguments.of("23/03/2022, 13:31 - Ann: Diese Nachricht wurde gelöscht", MessageType.DELETED),
                Arguments.of("23/03/2022, 13:31 - Ann: Dit bericht is verwijderd", MessageType.DELETED),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200EDit bericht is verwijderd.", MessageType.DELETED),
                Arguments.of("23/03/2022, 13:31 - Ann: location: https://maps.google.com/?q=1.5,2.5", MessageType.LOCATION),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200ELocation: https://maps.google.com/?q=1.5,2.5", MessageType.LOCATION),
                Arguments.of("23/03/2022, 13:31 - Ann: live location shared", MessageType.LIVE_LOCATION),
                Arguments.of("23/03/2022, 13:31 - Ann: POLL:\nLunch?\nOPTION: Pizza (1 vote)", MessageType.POLL),
                Arguments.of("23/03/2022, 13:31 - Ann: Missed voice call", MessageType.CALL),
                Arguments.of("23/03/2022, 13:31 - Ann: Missed group video call", MessageType.CALL),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200EMissed voice call. \u200ETap to call back", MessageType.CALL),
                Arguments.of("23/03/2022, 13:31 - Ann: Verpasster Sprachanruf", MessageType.CALL),
                Arguments.of("23/03/2022, 13:31 - Ann: null", MessageType.VIEW_ONCE),
                Arguments.of("[23/03/2022, 13:31:00] Ann:", MessageType.VIEW_ONCE),
                Arguments.of("[23/03/2022, 13:31:00] Ann: \u200EYour security code with Ann changed. \u200ETap to learn more.", MessageType.SYSTEM),
                Arguments.of("[23/03/2022, 13:31:00] Trip: \u200EAnn added Bob", MessageType.SYSTEM),
                Arguments.of("23/03/2022, 13:31 - Ann: the voice call was fun", MessageType.TEXT),
                Arguments.of("23/03/2022, 13:31 - Ann: I added salt", MessageType.TEXT),
                Arguments.of("23/03/2022, 13:31 - Ann: <Something new WhatsApp invented>", MessageType.TEXT));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("bodies")
    void parse_body_isClassifiedByTheWordsWhatsAppWrites(String line, MessageType expected) throws Exception {
        assertEquals(expected, ParsedTranscript.of(line + "\n").only().type());
    }

    @Test
    void parse_editedMark_isRemovedFromTheTextAndFlagged() throws Exception {
        ParsedMessage ios = ParsedTranscript.of("[23/03/2022, 13:31:00] Ann: fixed it \u200E<This message was edited.>\n").only();
        ParsedMessage german = ParsedTranscript.of("23.03.22, 13:31 - Ann: korrigiert <Diese Nachricht wurde bearbeitet>\n").only();

        assertTrue(ios.edited());
        assertEquals("fixed it", ios.content());
        assertTrue(german.edited());
        assertEquals("korrigiert", german.content());
        assertFalse(ParsedTranscript.of("23/03/2022, 13:31 - Ann: plain\n").only().edited());
    }

    @Test
    void parse_androidAttachmentWithCaption_keepsTheFileNameAndTheCaption() throws Exception {
        ParsedMessage message = ParsedTranscript.of(
                "23/03/2022, 13:31 - Ann: IMG-20220323-WA0002.jpg (file attached)\nsunset\nat the beach\n").only();

        assertEquals("IMG-20220323-WA0002.jpg", message.attachment());
        assertEquals("sunset\nat the beach", message.content());
    }

    @Test
    void parse_mediaWithoutCaption_showsWhatWasThereAsContent() throws Exception {
        assertEquals("<Media omitted>", ParsedTranscript.of("23/03/2022, 13:31 - Ann: <Media omitted>\n").only().content());
        assertEquals("image omitted", ParsedTranscript.of("[23/03/2022, 13:31:00] Ann: \u200Eimage omitted\n").only().content());
        assertEquals("00000035-PHOTO-2022-03-27-21-41-55.jpg", ParsedTranscript.of(
                "[23/03/2022, 13:31:00] Ann: \u200E<attached: 00000035-PHOTO-2022-03-27-21-41-55.jpg>\n").only().content());
    }
}
