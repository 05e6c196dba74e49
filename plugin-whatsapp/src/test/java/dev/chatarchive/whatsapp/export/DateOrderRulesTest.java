package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.PermanentProviderException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The date order, decided like a careful reader: every rule in the order the parser applies it (each
 * file below is one that no earlier rule settles), then the true tie, which is refused with the way
 * out: one command-line option, or a properties file whose name is given exactly.
 */
class DateOrderRulesTest {

    @TempDir
    Path temp;

    private static LocalDateTime firstTime(String text) throws Exception {
        return ParsedTranscript.of(text).messages().get(0).localTime();
    }

    private static DateOrder order(String text) throws Exception {
        return ParsedTranscript.of(text).summary().dateOrder();
    }

    @Test
    void rule1_aNumberAboveTwelveInAHandEditedLineOfAnotherClock_settlesTheWholeFile() throws Exception {
        // The main (24-hour) layout alone is a tie; the one 12-hour line holds the 13.
        assertEquals(DateOrder.MONTH_DAY_YEAR, order("""
                3/4/22, 10:00 - Ann: a
                3/4/22, 11:00 - Bob: b
                3/4/22, 12:00 - Ann: c
                3/13/22, 1:00 PM - Bob: d
                """));
    }

    @Test
    void rule2_onlyTheFirstNumberChanges_soItIsTheDay() throws Exception {
        assertEquals(DateOrder.DAY_MONTH_YEAR, order("""
                1/3/22, 10:00 - Ann: a
                5/3/22, 10:00 - Bob: b
                9/3/22, 10:00 - Ann: c
                """));
    }

    @Test
    void rule2_onlyTheSecondNumberChanges_soItIsTheDay() throws Exception {
        assertEquals(LocalDateTime.parse("2022-03-01T10:00"), firstTime("""
                3/1/22, 10:00 - Ann: a
                3/5/22, 10:00 - Bob: b
                3/9/22, 10:00 - Ann: c
                """));
    }

    @Test
    void rule3_attachmentNamesCarryTheDate() throws Exception {
        assertEquals(DateOrder.DAY_MONTH_YEAR, order("""
                3/4/22, 10:00 - Ann: IMG-20220403-WA0001.jpg (file attached)
                3/4/22, 10:01 - Bob: nice
                """));
        assertEquals(DateOrder.MONTH_DAY_YEAR, order("""
                [3/4/22, 10:00:00] Ann: <attached: 00000003-PHOTO-2022-03-04-10-00-00.jpg>
                [3/4/22, 10:01:00] Bob: nice
                """));
    }

    @Test
    void rule4_dotsOrDashesWithFourDigitYears_areDayFirst() throws Exception {
        assertEquals(DateOrder.DAY_MONTH_YEAR, order("""
                3.4.2022, 10:00 - Ann: a
                3.4.2022, 10:01 - Bob: b
                """));
        assertEquals(DateOrder.DAY_MONTH_YEAR, order("""
                3-4-2022 10:00 - Ann: a
                3-4-2022 10:01 - Bob: b
                """));
    }

    @Test
    void rule5_languageOfTheFileNameSystemLinesOrMeridiem_isOneThatPutsTheDayFirst() throws Exception {
        assertEquals(DateOrder.DAY_MONTH_YEAR, order("""
                3/4/22, 10:00 - Ann: <Medien ausgeschlossen>
                3/4/22, 10:01 - Bob: danke
                """));
        assertEquals(DateOrder.DAY_MONTH_YEAR, order("""
                3/4/22, 10:00 p. m. - Ana: hola
                3/4/22, 10:01 p. m. - Bob: hola
                """));
        assertEquals(DateOrder.DAY_MONTH_YEAR, order("""
                3/4/22, 10:00 pm - Priya: hi
                3/4/22, 10:01 pm - Bob: hi
                """));
        Path german = Files.writeString(temp.resolve("WhatsApp Chat mit Anna.txt"), """
                3/4/22, 10:00 - Anna: hallo
                3/4/22, 10:01 - Bob: hallo
                """, StandardCharsets.UTF_8);
        try (ExportFile file = ExportFile.open(german)) {
            assertEquals(DateOrder.DAY_MONTH_YEAR, new ExportFileParser().parse(file.transcript(), m -> { })
                    .dateOrder());
        }
    }

    @Test
    void rule6_zeroPaddedDaysOrMonths_areNotWrittenByMonthFirstPhones() throws Exception {
        assertEquals(DateOrder.DAY_MONTH_YEAR, order("""
                11/01/2023, 16:11 - Ann: created the group
                11/01/2023, 16:12 - Bob: hi
                """));
    }

    @Test
    void firstVersionsRules_stayFirst_soNoFileItReadChangesItsDates() throws Exception {
        // German words would say day-first, but only month-first runs forward: that decides, as before.
        assertEquals(DateOrder.MONTH_DAY_YEAR, order("""
                11/11/22, 10:00 - Ann: <Medien ausgeschlossen>
                11/12/22, 10:00 - Ann: b
                12/1/22, 10:00 - Ann: c
                """));
    }

    @Test
    void trueTie_isRefusedNamingTheOptionAndTheExactPropertiesFileOfAZip() throws Exception {
        Path zip = temp.resolve("WhatsApp Chat - Sam.zip");
        try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
            out.putNextEntry(new ZipEntry("_chat.txt"));
            out.write(TIE.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        ExportHistorySource source = started("tie");

        PermanentProviderException error = assertThrows(PermanentProviderException.class, () -> source.importSource(zip));

        String message = error.getMessage();
        assertTrue(message.contains("--date-order day-month-year"), message);
        assertTrue(message.contains("'" + zip.toAbsolutePath() + ".properties'"), message);
        assertTrue(!message.contains("!_chat.txt.properties"), message);
    }

    @Test
    void trueTie_ofAZip_thePropertiesFileTheRefusalNamesIsTheOneThatSettlesIt() throws Exception {
        Path zip = temp.resolve("WhatsApp Chat - Kim.zip");
        try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw)) {
            out.putNextEntry(new ZipEntry("_chat.txt"));
            out.write(TIE.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        String message = assertThrows(PermanentProviderException.class, () -> started("zip-1").importSource(zip))
                .getMessage();
        Matcher named = Pattern.compile("in '([^']+\\.properties)'").matcher(message);
        assertTrue(named.find(), message);
        Path settings = Path.of(named.group(1));
        Files.writeString(settings, "date-order=day-month-year\n");

        List<ChatDescription> chats = started("zip-2").importSource(zip);

        assertEquals(zip.toAbsolutePath() + ".properties", settings.toString());
        assertEquals(1, chats.size());
        assertEquals(2L, chats.get(0).estimatedSize());
    }

    /** A one-day English chat: nothing tells 12/9/20 apart. */
    private static final String TIE = """
            [12/9/20, 10:00:00] Sam: hi
            [12/9/20, 10:01:00] Kim: hello
            """;

    @Test
    void trueTie_theNamedPropertiesFileSettlesIt() throws Exception {
        Path file = Files.writeString(temp.resolve("WhatsApp Chat - Sam.txt"), TIE, StandardCharsets.UTF_8);
        Files.writeString(temp.resolve("WhatsApp Chat - Sam.txt.properties"), "date-order=day-month-year\n");

        List<ChatDescription> chats = started("props").importSource(file);

        assertEquals(1, chats.size());
        assertEquals(2L, chats.get(0).estimatedSize());
    }

    @Test
    void trueTie_theCommandLineOptionSettlesItAndIsRememberedForTheFile() throws Exception {
        Path file = Files.writeString(temp.resolve("WhatsApp Chat - Sam.txt"), TIE, StandardCharsets.UTF_8);
        ExportHistorySource first = started("option");

        List<ChatDescription> chats = first.importSource(file,
                ImportOptions.NONE.with(ImportOptions.DATE_ORDER, "day-month-year"));

        assertEquals(1, chats.size());
        assertEquals(LocalDateTime.parse("2020-09-12T10:00").atZone(java.time.ZoneId.of("Europe/Amsterdam"))
                .toInstant(), chats.get(0).lastActivity().minusSeconds(60));
        // A later run (new process, same data folder) reads the file again with the order it was given.
        ExportHistorySource later = started("option");
        assertEquals(List.of(chats.get(0).chatId()), later.listChats().stream().map(ChatDescription::chatId).toList());
    }

    @Test
    void aWrongDateOrderOption_isRefusedWithTheValuesThatWork() throws Exception {
        Path file = Files.writeString(temp.resolve("WhatsApp Chat - Sam.txt"), TIE, StandardCharsets.UTF_8);

        PermanentProviderException error = assertThrows(PermanentProviderException.class, () -> started("bad")
                .importSource(file, ImportOptions.NONE.with(ImportOptions.DATE_ORDER, "sideways")));

        assertTrue(error.getMessage().contains("day-month-year, month-day-year or year-month-day"), error.getMessage());
    }

    @Test
    void theUsersOrder_givesWayOnlyToImpossibleDates_andSaysSo() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of("""
                12/19/18, 10:00 - Ann: a
                12/21/18, 10:00 - Bob: b
                """, DateOrder.DAY_MONTH_YEAR);

        assertEquals(DateOrder.MONTH_DAY_YEAR, parsed.summary().dateOrder());
        assertEquals(2, parsed.messages().size());
        assertTrue(parsed.summary().notes().get(0).contains("cannot be day-month-year"), parsed.summary().notes().toString());
    }

    private ExportHistorySource started(String name) throws Exception {
        ExportHistorySource source = new ExportHistorySource();
        source.start(TestContext.amsterdam(temp.resolve("data-" + name)));
        return source;
    }
}
