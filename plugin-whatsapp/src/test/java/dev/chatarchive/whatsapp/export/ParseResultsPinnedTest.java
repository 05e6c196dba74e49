package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.chatarchive.api.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Pins what the parser produces today, ids first: archives already hold these ids, so a faster or
 * otherwise rewritten parser must give byte-identical ids and the same messages. The expected results
 * are readable files in {@code src/test/resources/dev/chatarchive/whatsapp/export/pinned/}: one line
 * per message with every field, then the summary; line breaks and invisible characters are written
 * as escapes (backslash-n, backslash-u200E). A failure shows the lines that changed; a changed id
 * means stored archives would gain duplicates on their next import.
 *
 * <p>To re-pin after a deliberate change, run this test with {@code -Dchatarchive.repin=true}: it
 * rewrites the files (and fails, so a re-pin is never silent); review the diff in git before committing.
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

    private static final String PINNED = "pinned/";

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
    void parse_mixedTranscript_givesThePinnedMessagesAndSummary() throws Exception {
        ParsedTranscript parsed = ParsedTranscript.of(MIXED);

        assertPinned("mixed-transcript.pinned", render(parsed.messages(), parsed.summary()));
    }

    @Test
    void parse_everySample_givesThePinnedMessagesAndSummary() throws Exception {
        List<Executable> checks = new ArrayList<>();
        for (String name : List.of(Samples.ALICE, Samples.JORDAN, Samples.LUCIA, Samples.FAMILIE, Samples.BOOK_CLUB)) {
            try (ExportFile file = ExportFile.open(Samples.sample(name))) {
                List<ParsedMessage> messages = new ArrayList<>();
                ExportSummary summary = new ExportFileParser().parse(file.transcript(), messages::add);
                String rendered = render(messages, summary);
                checks.add(() -> assertPinned(fileNameFor(name), rendered));
            }
        }
        assertAll(checks);
    }

    @Test
    void parse_syntheticExport_givesThePinnedMessagesAndSummary() throws Exception {
        List<ParsedMessage> messages = new ArrayList<>();
        ExportSummary summary = new ExportFileParser().parse(SyntheticExport.source(3_000), messages::add);

        // Pinned in part (the file would be 700 kB): every tenth message, every message that is not a
        // plain one-line text, and the last, plus the summary of all 3,000.
        List<ParsedMessage> sample = messages.stream()
                .filter(message -> message.index() % 10 == 0 || message.index() == messages.size() - 1
                        || message.type() != MessageType.TEXT || message.content().contains("\n"))
                .toList();
        assertEquals(3_000, messages.size());
        assertEquals("export-3d93b92260c5a3a0530186c8a51f020f", messages.get(2_999).id());
        assertPinned("synthetic-3000.pinned", render(sample, summary));
    }

    /**
     * One line per message, its components in declaration order separated by {@code " | "} (named
     * in the first line), then the summary, one field a line (maps and sets sorted).
     */
    static String render(List<ParsedMessage> messages, ExportSummary summary) throws Exception {
        RecordComponent[] components = ParsedMessage.class.getRecordComponents();
        StringBuilder text = new StringBuilder("#");
        for (RecordComponent component : components) {
            text.append(component == components[0] ? " " : " | ").append(component.getName());
        }
        text.append('\n');
        for (ParsedMessage message : messages) {
            for (RecordComponent component : components) {
                text.append(component == components[0] ? "" : " | ")
                        .append(visible(String.valueOf(component.getAccessor().invoke(message))));
            }
            text.append('\n');
        }
        text.append("# summary\n");
        field(text, "messageCount", summary.messageCount());
        field(text, "first", summary.first());
        field(text, "last", summary.last());
        field(text, "dateOrder", summary.dateOrder());
        field(text, "authors", new TreeMap<>(summary.authors()));
        field(text, "manyAuthors", summary.manyAuthors());
        field(text, "systemAuthors", new TreeMap<>(summary.systemAuthors()));
        field(text, "groupEvents", summary.groupEvents());
        field(text, "selfAuthors", new TreeSet<>(summary.selfAuthors()));
        field(text, "skippedLines", summary.skippedLines());
        return text.toString();
    }

    private static void field(StringBuilder text, String name, Object value) {
        text.append(name).append(": ").append(visible(String.valueOf(value))).append('\n');
    }

    /** Line breaks, controls and invisible marks written as escapes, so every field is one readable line. */
    private static String visible(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xA0 || c == 0xAD
                    || Character.getType(c) == Character.FORMAT || Character.isWhitespace(c) && c != ' ') {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static void assertPinned(String file, String actual) throws IOException {
        if (Boolean.getBoolean("chatarchive.repin")) {
            Path target = Path.of("src/test/resources/dev/chatarchive/whatsapp/export", PINNED, file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, actual, StandardCharsets.UTF_8);
            throw new AssertionError("Re-pinned " + target + ": review the diff in git, then run without "
                    + "-Dchatarchive.repin");
        }
        String expected;
        try (InputStream in = ParseResultsPinnedTest.class.getResourceAsStream(PINNED + file)) {
            if (in == null) {
                throw new AssertionError("No pinned result " + PINNED + file + " beside this test; run it with "
                        + "-Dchatarchive.repin=true to write it");
            }
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!expected.equals(actual)) {
            fail("The parse result differs from " + PINNED + file + ":\n" + differingLines(expected, actual));
        }
    }

    /** "sample-whatsapp-chat-with-alice-martin-txt.pinned": ASCII, so every file system keeps the name. */
    private static String fileNameFor(String sample) {
        String ascii = java.text.Normalizer.normalize(sample, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return "sample-" + ascii.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".pinned";
    }

    /** The first lines that differ, numbered as in the file, expected above actual. */
    private static String differingLines(String expected, String actual) {
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        StringBuilder report = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < Math.max(want.size(), got.size()) && shown < 10; i++) {
            String a = i < want.size() ? want.get(i) : "(no line)";
            String b = i < got.size() ? got.get(i) : "(no line)";
            if (!a.equals(b)) {
                report.append("line ").append(i + 1).append("\n  expected: ").append(a)
                        .append("\n  actual:   ").append(b).append('\n');
                shown++;
            }
        }
        return report.toString();
    }
}
