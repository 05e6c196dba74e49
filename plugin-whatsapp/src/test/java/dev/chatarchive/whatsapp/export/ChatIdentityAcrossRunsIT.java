package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat's identity is a function of the file and the user's settings only: the same file imported
 * in separate processes (separate JVMs, whose hash seeds differ) gives one chat, and importing another
 * chat's export never moves it.
 */
class ChatIdentityAcrossRunsIT {

    @TempDir
    Path temp;

    /** A 1:1 chat with no name in the file's name and nothing that says who the user is. */
    private static final String UNNAMED_ONE_TO_ONE = """
            12/03/2022, 10:00 - Zoë Quinn: hi
            12/03/2022, 10:01 - Abel Moss: hello
            13/03/2022, 09:00 - Zoë Quinn: coffee?
            """;

    /** Run in a separate JVM by the test: imports the file into the data folder and prints the chats listed. */
    public static void main(String[] args) throws Exception {
        ExportHistorySource source = new ExportHistorySource();
        source.start(new TestContext(Path.of(args[1]), Map.of("exports.timezone", "Europe/Amsterdam")));
        source.importSource(Path.of(args[0]));
        for (ChatDescription chat : source.listChats()) {
            System.out.println(chat.chatId() + "|" + chat.title() + "|" + chat.group());
        }
    }

    @Test
    void importSource_sameFileInFourSeparateProcesses_isOneChat() throws Exception {
        Path file = Files.writeString(temp.resolve("chat.txt"), UNNAMED_ONE_TO_ONE, StandardCharsets.UTF_8);
        List<List<String>> listed = new ArrayList<>();
        // Two runs with data folders of their own (the parse itself decides), two into one shared folder
        // (the second reads the first's cached parse).
        for (String data : List.of("fresh-1", "fresh-2", "shared", "shared")) {
            listed.add(runInOwnProcess(file, temp.resolve(data)));
        }

        for (List<String> chats : listed) {
            assertEquals(1, chats.size(), listed.toString());
            assertEquals(listed.get(0), chats, "every process names the same chat: " + listed);
        }
        assertEquals("Abel Moss & Zoë Quinn", listed.get(0).get(0).split("\\|")[1]);
    }

    @Test
    void identity_doesNotDependOnTheOrderNamesWereMet() throws Exception {
        ExportSettings settings = new ExportSettings(List.of(), java.time.ZoneOffset.UTC, java.util.Set.of(), null);
        ExportSummary one = ParsedTranscript.of(UNNAMED_ONE_TO_ONE).summary();
        ExportSummary other = ParsedTranscript.of("""
                12/03/2022, 10:00 - Abel Moss: hi
                12/03/2022, 10:01 - Zoë Quinn: hello
                """).summary();

        ExportChatIdentity a = ExportChatIdentity.decide("chat.txt", java.util.Optional.empty(), one,
                ExportProperties.NONE, settings);
        ExportChatIdentity b = ExportChatIdentity.decide("chat.txt", java.util.Optional.empty(), other,
                ExportProperties.NONE, settings);

        assertEquals(a.chatId(), b.chatId());
        assertEquals(a.title(), b.title());
    }

    @Test
    void importingAnotherChatsExport_neverMovesAChat() throws Exception {
        ExportHistorySource source = new ExportHistorySource();
        source.start(TestContext.amsterdam(temp.resolve("data")));
        Path first = Files.writeString(temp.resolve("chat.txt"), UNNAMED_ONE_TO_ONE, StandardCharsets.UTF_8);
        String before = source.importSource(first).get(0).chatId();

        // Abel writes in both chats: he is the user, which now marks his messages, but the first chat stays.
        Path second = Files.writeString(temp.resolve("other.txt"), """
                14/03/2022, 10:00 - Abel Moss: hey Cleo
                14/03/2022, 10:01 - Cleo Park: hey
                """, StandardCharsets.UTF_8);
        source.importSource(second);

        List<String> ids = source.listChats().stream().map(ChatDescription::chatId).toList();
        assertEquals(2, ids.size());
        assertTrue(ids.contains(before), ids + " still holds " + before);
    }

    private static List<String> runInOwnProcess(Path file, Path data) throws IOException, InterruptedException {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                ChatIdentityAcrossRunsIT.class.getName(), file.toString(), data.toString())
                .redirectErrorStream(false).start();
        process.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the import process ended");
        assertEquals(0, process.exitValue(), out);
        return out.lines().filter(line -> !line.isBlank()).toList();
    }
}
