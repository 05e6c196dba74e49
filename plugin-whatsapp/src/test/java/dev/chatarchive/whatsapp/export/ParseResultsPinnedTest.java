package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins what the parser produces today, ids first: archives already hold these ids, so a faster or
 * otherwise rewritten parser must give byte-identical ids and the same messages. The expected values
 * were recorded from the parser before its performance work; a change here means stored archives
 * would gain duplicates on their next import.
 */
class ParseResultsPinnedTest {

    /** A transcript with a bit of everything the classifier and the header grammar tell apart. */
    private static final String MIXED = String.join("\n",
            "\uFEFF13/01/2019, 08:00 - Messages and calls are end-to-end encrypted. Tap to learn more.",
            "13/01/2019, 08:00 - Ann Example created group \"Trip\"",
            "13/01/2019, 08:01 - Ann Example: \u200EHello",
            "13/01/2019, 08:01 - Ann Example: Hello",
            "13/01/2019, 08:01 - Ann Example: Hello",
            "13/01/2019, 08:02 - Bob Example: a pasted line follows",
            "[1/2/19, 9:41:55 PM] Somebody: not a header of this file",
            "12/01/2019, 07:00 - Not me: a header-looking line written in the message",
            "13/01/2019, 08:03 - \u202A+1 415 555 0134\u202C: <Media omitted>",
            "13/01/2019, 08:03 - Bob Example: IMG-20190113-WA0002.jpg (file attached)",
            "a caption",
            "13/01/2019, 08:04 - Cleo Example: This message was deleted",
            "13/01/2019, 08:04 - Ann Example: You deleted this message",
            "13/01/2019, 08:05 - Bob Example: fixed it <This message was edited>",
            "13/01/2019, 08:05 - Bob Example: location: https://maps.google.com/?q=52.37,4.89",
            "13/01/2019, 08:06 - Cleo Example: POLL:",
            "Where?",
            "OPTION: Beach (2 votes)",
            "13/01/2019, 08:06 - Ann Example: Missed voice call",
            "13/01/2019, 08:07 - Ann Example: live location shared",
            "13/01/2019, 08:07 - Ann Example: null",
            "13/01/2019, 08:08 - Bob Example left",
            "13/01/2019, 08:08 - ~\u00A0Dora: hi from outside the contacts",
            "14/01/2019, 09:10 - Cleo Example: two lines",
            "",
            "and a blank one before");

    @Test
    void ids_ofTheMixedTranscript_areTheOnesArchivesAlreadyHold() throws Exception {
        List<ParsedMessage> messages = ParsedTranscript.of(MIXED).messages();

        assertEquals("export-246dfa1f25633efb7af18cd1e1a51a8f", messages.get(0).id());
        assertEquals("export-0d57df775c83844cddac5001bf789232", messages.get(2).id());
        assertEquals("export-9c78d9db201e7db3ae99c0e49258771e", messages.get(3).id());
        assertEquals("export-aad65caefe27f92f7d48381183584b11", messages.get(4).id());
        assertEquals("export-b7ab8922d821339b8a349646e2733236", messages.get(7).id());
    }

    @Test
    void parse_mixedTranscript_givesTheSameMessagesAndSummaryAsBefore() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of(MIXED);

        // Re-pinned once, when a view-once message stopped showing WhatsApp's "null" as its text (ids unchanged).
        assertEquals("20:389831894365edfae03d767354908ddb", fingerprint(parsed.messages(), parsed.summary()));
    }

    @Test
    void parse_everySample_givesTheSameMessagesAndSummaryAsBefore() throws Exception {
        TreeMap<String, String> fingerprints = new TreeMap<>();
        for (String name : List.of(Samples.ALICE, Samples.JORDAN, Samples.LUCIA, Samples.FAMILIE, Samples.BOOK_CLUB)) {
            try (ExportFile file = ExportFile.open(Samples.sample(name))) {
                List<ParsedMessage> messages = new ArrayList<>();
                ExportSummary summary = new ExportFileParser().parse(file.transcript(), messages::add);
                fingerprints.put(name, fingerprint(messages, summary));
            }
        }

        assertEquals("{Chat de WhatsApp con Lucía Gómez.txt=6:7663a0a112c40cfe0676dc300f2b0fe9"
                + ", WhatsApp Chat - Book Club.zip=11:6608ec89d37b913e396f74dc5427c6d4"
                + ", WhatsApp Chat - Familie Schmidt.zip=12:0599d365f221b8944861b3e36c72cbfc"
                + ", WhatsApp Chat with +1 415 555 0134.txt=6:8933c4f700f879ea1681b19e4c05a7c3"
                + ", WhatsApp Chat with Alice Martin.txt=15:c1d99cd171257f3dd5deaceba1e4ea6d}",
                fingerprints.toString());
    }

    @Test
    void parse_syntheticExport_givesTheSameMessagesAndSummaryAsBefore() throws Exception {
        List<ParsedMessage> messages = new ArrayList<>();
        ExportSummary summary = new ExportFileParser().parse(SyntheticExport.source(3_000), messages::add);

        assertEquals("export-3d93b92260c5a3a0530186c8a51f020f", messages.get(2_999).id());
        assertEquals("3000:f1b0c944fb18d10c25cc09932b775737", fingerprint(messages, summary));
    }

    /** SHA-256 over every field of every message and the summary (maps sorted, so order cannot matter). */
    private static String fingerprint(List<ParsedMessage> messages, ExportSummary summary) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (ParsedMessage message : messages) {
            digest.update((message + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String summaryText = summary.messageCount() + "|" + summary.first() + "|" + summary.last() + "|"
                + summary.dateOrder() + "|" + new TreeMap<>(summary.authors()) + "|" + summary.manyAuthors() + "|"
                + new TreeMap<>(summary.systemAuthors()) + "|" + summary.groupEvents() + "|"
                + new java.util.TreeSet<>(summary.selfAuthors()) + "|" + summary.skippedLines();
        digest.update(summaryText.getBytes(StandardCharsets.UTF_8));
        return messages.size() + ":" + HexFormat.of().formatHex(digest.digest(), 0, 16);
    }
}
