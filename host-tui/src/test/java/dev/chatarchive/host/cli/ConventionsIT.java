package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.AppProcess;
import dev.chatarchive.host.error.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code chat-archive} process and the conventions of a command-line tool: the data folder
 * follows {@code $HOME} as the environment gives it, a failing command makes nothing, and the screen
 * says in one line that it needs a terminal.
 */
class ConventionsIT {

    @TempDir
    Path tmp;

    private List<String> everything(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.map(path -> folder.relativize(path).toString()).filter(name -> !name.isEmpty()).sorted().toList();
        }
    }

    @Test
    void dataFolder_followsHomeFromTheEnvironment_notJavasUserHome() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path plugins = Files.createDirectories(tmp.resolve("no-plugins"));

        AppProcess.Result result = AppProcess.in(tmp.resolve("runs")).env("HOME", home.toString())
                .run("sync", "--all", "--plugins-dir", plugins.toString());

        assertEquals(ExitCodes.OK, result.exitCode(), result.both());
        assertTrue(Files.isRegularFile(home.resolve(".local/share/chat-archive/archive.db")), result.both()
                + "\nfiles under HOME: " + everything(home));
        assertTrue(Files.isRegularFile(home.resolve(".local/share/chat-archive/logs/chat-archive.log")));
    }

    @Test
    void readCommand_onADataFolderThatDoesNotExist_failsWithASentenceAndMakesNothing() throws Exception {
        Path missing = tmp.resolve("nonexistent").resolve("x");

        AppProcess.Result result = AppProcess.in(tmp.resolve("runs")).env("HOME", tmp.toString())
                .run("chats", "--data-dir", missing.toString());

        assertEquals(ExitCodes.NOT_FOUND, result.exitCode(), result.both());
        assertTrue(result.err().contains("There is no archive at " + missing.resolve("archive.db")), result.both());
        assertFalse(Files.exists(tmp.resolve("nonexistent")), "a failing command made " + everything(tmp));
    }

    @Test
    void dataDirNamingAFile_getsItsOwnSentenceAndMakesNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "not a folder");

        AppProcess.Result result = AppProcess.in(tmp.resolve("runs")).env("HOME", tmp.toString())
                .run("sync", "--all", "--data-dir", file.toString());

        assertEquals(ExitCodes.USAGE, result.exitCode(), result.both());
        assertEquals("--data-dir names " + file + ", which is a file, not a folder. Name a folder for chat-archive's "
                + "data (it is made if it does not exist).", result.err().strip(), result.both());
        assertEquals(List.of("notes.txt", "runs"), everything(tmp).stream().filter(name -> !name.startsWith("runs/")).toList());
    }

    @Test
    void screenWithoutATerminal_saysSoInOneLineAndMakesNothing() throws Exception {
        Path data = tmp.resolve("data");

        AppProcess.Result result = AppProcess.in(tmp.resolve("runs")).env("CHAT_ARCHIVE_HOME", data.toString())
                .env("HOME", tmp.toString()).run();

        assertEquals(ExitCodes.FAILURE, result.exitCode(), result.both());
        assertEquals(1, result.err().lines().count(), result.both());
        assertTrue(result.err().startsWith("chat-archive's screen needs a terminal"), result.both());
        assertEquals("", result.out(), result.both());
        assertFalse(Files.exists(data), "the screen made the data folder before saying it cannot run");
    }
}
