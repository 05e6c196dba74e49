package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated WhatsApp export, imported through the real plugin jar (which pages history from the
 * newest message backwards), then {@code chat-archive search} of a common word: the hits are the
 * newest messages containing it, in the export's own order reversed; the first is the newest.
 */
class SearchImportedExportIT {

    private static final String WORD = "tomorrow";
    private static final DateTimeFormatter HEADER = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm");

    @TempDir
    Path home;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", home.resolve("data").toString()), home,
                home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> {
                }, new PrintWriter(out, true), new PrintWriter(err, true));
        String[] withPlugins = Stream.concat(Stream.of(args),
                Stream.of("--plugins-dir", System.getProperty("chatarchive.plugins.dir"))).toArray(String[]::new);
        return app.run(withPlugins);
    }

    @Test
    void importThenSearch_commonWord_firstHitIsTheNewestMessageContainingIt() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data").resolve("config.properties"), "whatsapp.exports.timezone=UTC\n");
        List<String> texts = new ArrayList<>();
        // Over 10,000 messages: the import pages the chat in more than one run and must still exit 0.
        Path export = writeExport(home.resolve("WhatsApp Chat with Nadia Haddad.txt"), 12_000, texts);

        assertEquals(ExitCodes.OK, run("import", export.toString()), out + "\n" + err);
        assertEquals(ExitCodes.OK, run("search", WORD, "--json", "--limit", "30"), err.toString());

        List<String> found = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString().lines().toList()) {
            found.add(json.readTree(line).get("text").asText());
        }
        List<String> containing = new ArrayList<>(texts.stream().filter(text -> text.contains(WORD)).toList());
        Collections.reverse(containing);
        assertEquals(containing.get(0), found.get(0), "the first hit is the newest message containing the word");
        assertEquals(containing.subList(0, 30), found);

        assertEquals(ExitCodes.OK, run("search", WORD, "--limit", "1"), err.toString());
        assertTrue(out.toString().contains(containing.get(0)), out.toString());
    }

    /**
     * An Android export of {@code messages} lines from 2019 on, several in the same minute, "tomorrow"
     * in about one in six, the newest lines without it; {@code texts} gets every message's text in file
     * order.
     */
    private static Path writeExport(Path file, int messages, List<String> texts) throws Exception {
        SplittableRandom random = new SplittableRandom(17);
        String[] words = {"see", "you", "at", "the", "station", "café", "mañana", "привет", "lunch", "ok", "maybe", "later"};
        StringBuilder export = new StringBuilder();
        LocalDateTime time = LocalDateTime.of(2019, 3, 14, 8, 0);
        for (int i = 0; i < messages; i++) {
            time = time.plusMinutes(random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(300));
            StringBuilder text = new StringBuilder();
            for (int w = 2 + random.nextInt(8); w > 0; w--) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            if (random.nextInt(6) == 0 && i < messages - 5) {
                text.insert(random.nextInt(2) == 0 ? 0 : text.length(), WORD + " ");
            }
            text.append('#').append(i);
            String body = text.toString();
            texts.add(body);
            export.append(HEADER.format(time)).append(" - ").append(i % 3 == 0 ? "Nadia Haddad" : "Sam").append(": ")
                    .append(body).append('\n');
        }
        Files.writeString(file, export, StandardCharsets.UTF_8);
        return file;
    }
}
