package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.host.store.Archive;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat of a million messages exports in bounded memory: each format is written by the real
 * application in a separate JVM whose heap is capped at 64 MB, far less than the chat's messages
 * take (about 200 MB of text alone), so an export that gathered the chat in memory would die of it.
 * Slow (a million rows written, three exports), so it runs in the slow phase.
 */
class LargeExportIT {

    private static final int MESSAGES = 1_000_000;
    private static final String CHAT = "31611111111@s.whatsapp.net";

    @TempDir
    Path home;

    @Test
    void aMillionMessageChatExportsInEveryFormatWithA64MegabyteHeap() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        Path archiveFile = data.resolve("archive.db");
        try (Archive archive = Archive.open(archiveFile, Clock.systemUTC())) {
            archive.write(s -> {
                s.chats().upsert("whatsapp", new ChatDescription(CHAT, "Big Chat", false, null, null));
                return null;
            });
            long start = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
            for (int from = 0; from < MESSAGES; from += 50_000) {
                int first = from;
                archive.write(s -> {
                    PreparedBatch batch = s.handle().prepareBatch("INSERT INTO message_rows (id, chat_key, sender, sender_name, "
                            + "content, timestamp, is_from_me, message_type, created_at) VALUES (:id, "
                            + "(SELECT chat_key FROM chats WHERE chat_jid = :chat), :sender, :name, "
                            + ":content, :time, :me, 'text', 0)");
                    for (int i = first; i < first + 50_000; i++) {
                        boolean me = i % 3 == 0;
                        batch.bind("id", String.format("m%07d", i)).bind("chat", CHAT)
                                .bind("sender", me ? "me" : "31622222222@s.whatsapp.net").bind("name", me ? "Sam" : "Alex")
                                .bind("content", "Message number " + i + " of the big chat, with a few words to carry"
                                        + (i % 10 == 0 ? "\nand a second line" : ""))
                                .bind("time", start + i * 60_000L).bind("me", me ? 1 : 0).add();
                    }
                    batch.execute();
                    s.handle().execute("UPDATE chats SET message_count = message_count + 50000 WHERE chat_jid = ?", CHAT);
                    return null;
                });
            }
        }
        Path plugins = Files.createDirectories(home.resolve("no-plugins"));

        Path jsonl = home.resolve("big.jsonl");
        export(data, plugins, "jsonl", jsonl);
        assertEquals(MESSAGES, countLines(jsonl, line -> line.startsWith("{\"version\":1,")));

        Path text = home.resolve("big.txt");
        export(data, plugins, "txt", text);
        assertEquals(MESSAGES, countLines(text, line -> line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d - .*")));

        Path site = home.resolve("site");
        export(data, plugins, "html", site);
        Path page;
        try (Stream<Path> pages = Files.list(site.resolve("chats"))) {
            page = pages.findFirst().orElseThrow();
        }
        assertEquals(MESSAGES, countLines(page, line -> line.startsWith("<div class=\"msg ")));
    }

    private void export(Path data, Path plugins, String format, Path output) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "dev.chatarchive.host.app.Main",
                "--data-dir", data.toString(), "--plugins-dir", plugins.toString(),
                "export", CHAT, "--format", format, "--output", output.toString(), "--zone", "UTC"));
        Path log = home.resolve(format + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(15, TimeUnit.MINUTES), "the " + format + " export did not finish in 15 minutes");
        String printed = Files.readString(log);
        assertEquals(0, process.exitValue(), format + ": " + printed);
        assertTrue(printed.contains("Exported 1 chat, " + MESSAGES + " messages as " + format), printed);
    }

    private static long countLines(Path file, Predicate<String> counted) throws IOException {
        long count = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (counted.test(line)) {
                    count++;
                }
            }
        }
        return count;
    }
}
