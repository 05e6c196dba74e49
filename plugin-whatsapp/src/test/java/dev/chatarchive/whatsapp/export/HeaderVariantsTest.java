package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every header variant the issue lists, each as a two-message file whose second line settles the date
 * order (a day above 12), read into time, author and text.
 */
class HeaderVariantsTest {

    static Stream<Arguments> variants() {
        return Stream.of(
                // name, first line, second line (settles the order), expected time of the first, author, text
                Arguments.of("Android en-US 12h, U+202F before AM",
                        "9/1/26, 9:52\u202FAM - Alice: Hi", "9/19/26, 10:00\u202FPM - Bob: Yo",
                        "2026-09-01T09:52", "Alice", "Hi"),
                Arguments.of("Android en-US 12h, ASCII space before PM",
                        "1/2/18, 12:24 PM - Mallory: Hey! :)", "1/29/18, 12:24 PM - Bob: x",
                        "2018-01-02T12:24", "Mallory", "Hey! :)"),
                Arguments.of("Android en-US 12h, 12 AM is midnight",
                        "1/2/18, 12:05 AM - Mallory: late", "1/29/18, 1:00 AM - Bob: x",
                        "2018-01-02T00:05", "Mallory", "late"),
                Arguments.of("Android en-GB 24h, 4-digit year",
                        "02/03/2022, 13:31 - Dmitry S: Hello", "23/03/2022, 13:31 - Bob: x",
                        "2022-03-02T13:31", "Dmitry S", "Hello"),
                Arguments.of("Android en-IN, lower-case am after U+202F",
                        "09/10/26, 9:52\u202Fam - Priya: Namaste", "19/10/26, 9:52\u202Fpm - Bob: x",
                        "2026-10-09T09:52", "Priya", "Namaste"),
                Arguments.of("Android en-IN older, ASCII space, pm",
                        "01/06/22, 5:31 pm - Priya: ok", "21/06/22, 5:31 pm - Bob: x",
                        "2022-06-01T17:31", "Priya", "ok"),
                Arguments.of("Android German dd.mm.yy",
                        "02.01.18, 12:24 - Mallory: Hallo", "29.01.18, 12:25 - Bob: x",
                        "2018-01-02T12:24", "Mallory", "Hallo"),
                Arguments.of("Android Russian dd.mm.yyyy",
                        "03.03.2022, 13:31 - Дмитрий: Привет", "23.03.2022, 13:31 - Bob: x",
                        "2022-03-03T13:31", "Дмитрий", "Привет"),
                Arguments.of("Android Dutch dashes, no comma",
                        "03-03-2022 13:31 - Daan: Hoi", "23-03-2022 13:31 - Bob: x",
                        "2022-03-03T13:31", "Daan", "Hoi"),
                Arguments.of("Android Portuguese (Brazil), no comma",
                        "05/08/2023 18:16 - Beltrano: Opa, vlw Fulano !", "15/08/2023 18:16 - Bob: x",
                        "2023-08-05T18:16", "Beltrano", "Opa, vlw Fulano !"),
                Arguments.of("Android Spanish a. m. with U+00A0 inside",
                        "10/11/2022, 4:23 a.\u00A0m. - Lucía: Buenos días", "20/11/2022, 4:23 p.\u00A0m. - Bob: x",
                        "2022-11-10T04:23", "Lucía", "Buenos días"),
                Arguments.of("Android Spanish p. m. with plain spaces",
                        "10/11/2022, 4:23 p. m. - Lucía: Buenas tardes", "20/11/2022, 4:23 p. m. - Bob: x",
                        "2022-11-10T16:23", "Lucía", "Buenas tardes"),
                Arguments.of("Android French, à between date and time",
                        "02/07/2017 à 22:35 - Chloé: Salut :)", "13/07/2017 à 22:35 - Bob: x",
                        "2017-07-02T22:35", "Chloé", "Salut :)"),
                Arguments.of("Android Italian",
                        "03/03/22, 13:31 - Marco: Ciao", "23/03/22, 13:31 - Bob: x",
                        "2022-03-03T13:31", "Marco", "Ciao"),
                Arguments.of("Finnish klo with '.' in times and seconds",
                        "3.6.2018 klo 21.25.15 - Aino: moi", "13.6.2018 klo 21.25.16 - Bob: x",
                        "2018-06-03T21:25:15", "Aino", "moi"),
                Arguments.of("Android Indonesian HH.MM, no comma",
                        "03/08/25 18.00 - Budi: halo", "30/08/25 18.00 - Bob: x",
                        "2025-08-03T18:00", "Budi", "halo"),
                Arguments.of("year first with a dot after the time",
                        "2022/12/04, 13:34. - John Doe: hi", "2022/12/14, 13:34. - Bob: x",
                        "2022-12-04T13:34", "John Doe", "hi"),
                Arguments.of("ISO-like year first",
                        "2019-10-02, 10:16 - John: hi", "2019-10-20, 10:16 - Bob: x",
                        "2019-10-02T10:16", "John", "hi"),
                Arguments.of("Android seconds (synthetic variant)",
                        "02/03/2022, 13:31:05 - Ann: hi", "23/03/2022, 13:31:06 - Bob: x",
                        "2022-03-02T13:31:05", "Ann", "hi"),
                Arguments.of("iOS en-US 24h",
                        "[1/2/18, 12:24:12] Mallory: Hey! :)", "[1/29/18, 12:24:13] Bob: x",
                        "2018-01-02T12:24:12", "Mallory", "Hey! :)"),
                Arguments.of("iOS en-US 12h, ASCII space",
                        "[1/2/18, 12:24:12 PM] Mallory: Hey! :)", "[1/29/18, 12:24:13 PM] Bob: x",
                        "2018-01-02T12:24:12", "Mallory", "Hey! :)"),
                Arguments.of("iOS en-GB 12h with U+202F",
                        "[04/10/2021, 3:34:09\u202FPM] Nia: hi", "[14/10/2021, 3:34:09\u202FPM] Bob: x",
                        "2021-10-04T15:34:09", "Nia", "hi"),
                Arguments.of("iOS German",
                        "[02.01.18, 12:24:03] Mallory: Hey! :)", "[29.01.18, 12:24:04] Bob: x",
                        "2018-01-02T12:24:03", "Mallory", "Hey! :)"),
                Arguments.of("iOS Spanish a.m., no comma",
                        "[05/09/20 10:27:18 a.m.] Ana: hola", "[25/09/20 10:27:19 a.m.] Bob: x",
                        "2020-09-05T10:27:18", "Ana", "hola"),
                Arguments.of("iOS p. m. with inner space",
                        "[3/6/18 1:55:00 p. m.] Ana: hola", "[3/16/18 1:55:01 p. m.] Bob: x",
                        "2018-03-06T13:55", "Ana", "hola"),
                Arguments.of("iOS Indonesian '.' in times",
                        "[3/8/22 14.56.01] Budi: halo", "[3/18/22 14.56.02] Bob: x",
                        "2022-03-08T14:56:01", "Budi", "halo"),
                Arguments.of("iOS with LRM before the bracket and the body",
                        "\u200E[3/7/22, 21:41:55] Dmitry S: \u200Ehello", "[3/27/22, 21:41:56] Bob: x",
                        "2022-03-07T21:41:55", "Dmitry S", "hello"),
                Arguments.of("BOM at the start and inside the bracket",
                        "\uFEFF[\uFEFF02.01.18, 12:24:03] Mallory: Hallo", "[29.01.18, 12:24:04] Bob: x",
                        "2018-01-02T12:24:03", "Mallory", "Hallo"),
                Arguments.of("phone author between LRE and PDF",
                        "02/03/2022, 13:31 - \u202A+91 94 04 760132\u202C: hi", "23/03/2022, 13:31 - Bob: x",
                        "2022-03-02T13:31", "+91 94 04 760132", "hi"),
                Arguments.of("iOS push name shown as '~ Name'",
                        "[7/8/21, 18:34:07] ~\u202FNev: That's awesome.", "[7/18/21, 18:34:08] Bob: x",
                        "2021-07-08T18:34:07", "Nev", "That's awesome."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void parse_headerVariant_readsTimeAuthorAndText(String variant, String line, String settling,
                                                    String time, String author, String text) throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of(line + "\n" + settling + "\n");

        ParsedMessage first = parsed.messages().get(0);
        assertEquals(2, parsed.messages().size(), variant);
        assertEquals(LocalDateTime.parse(time), first.localTime(), variant);
        assertEquals(author, first.author(), variant);
        assertEquals(text, first.content(), variant);
    }
}
