package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.AppProcess;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export sources registered by {@code import} belong to the archive they were imported into: with the
 * real WhatsApp plugin jar and real {@code chat-archive} processes, a second archive named with
 * {@code --archive} in the same data folder starts empty, {@code sync --all} on it pages in nothing of
 * the first one's exports (and the other way round), and the default archive keeps its list where it
 * always was ({@code providers/whatsapp/registered-exports.txt}), so a data folder from before needs no
 * migration.
 */
class SourcesPerArchiveIT {

    private static final String ALICE = "WhatsApp Chat with Alice Martin.txt";
    // A file name in ASCII: the child process runs without a locale, so its file names are ASCII.
    private static final String PHONE = "WhatsApp Chat with +1 415 555 0134.txt";

    @TempDir
    Path home;

    private AppProcess.Result run(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--plugins-dir";
        all[args.length + 1] = System.getProperty("chatarchive.plugins.dir");
        return AppProcess.in(home.resolve("runs")).env("CHAT_ARCHIVE_HOME", data().toString()).env("HOME", home.toString())
                .run(all);
    }

    private Path data() {
        return home.resolve("data");
    }

    private static Path sample(String name) {
        return Path.of(System.getProperty("chatarchive.samples.dir"), name);
    }

    private static long messages(Path archiveFile) {
        try (Archive archive = Archive.openReadOnly(archiveFile, Clock.systemUTC())) {
            return archive.read(session -> session.chats().list().stream().mapToLong(chat -> chat.messageCount()).sum());
        }
    }

    @Test
    void aSecondArchiveInTheSameDataFolder_startsEmpty_andNeitherSyncsTheOthersImports() throws Exception {
        Path other = data().resolve("other.db");

        AppProcess.Result imported = run("import", sample(ALICE).toString());
        assertEquals(ExitCodes.OK, imported.exitCode(), imported.both());
        long defaultHeld = messages(data().resolve("archive.db"));
        assertTrue(defaultHeld > 0, imported.both());
        // The default archive's list stays where it was before archives had their own: nothing to migrate.
        assertTrue(Files.readString(data().resolve("providers/whatsapp/registered-exports.txt")).contains(ALICE));

        AppProcess.Result otherAll = run("sync", "--all", "--archive", other.toString());
        assertEquals(ExitCodes.OK, otherAll.exitCode(), otherAll.both());
        assertTrue(otherAll.out().contains("There are no chats to sync."), otherAll.both());
        AppProcess.Result otherChats = run("chats", "--archive", other.toString());
        assertFalse(otherChats.out().contains("Alice"), otherChats.both());
        assertEquals(0, messages(other), "the second archive got the first one's export:\n" + otherAll.both());

        AppProcess.Result importedThere = run("import", sample(PHONE).toString(), "--archive", other.toString());
        assertEquals(ExitCodes.OK, importedThere.exitCode(), importedThere.both());
        long otherHeld = messages(other);
        assertTrue(otherHeld > 0, importedThere.both());

        AppProcess.Result defaultAll = run("sync", "--all");
        assertEquals(ExitCodes.OK, defaultAll.exitCode(), defaultAll.both());
        assertFalse(defaultAll.out().contains("415"), defaultAll.both());
        assertEquals(defaultHeld, messages(data().resolve("archive.db")), "the default archive got the second one's export");
        assertFalse(Files.readString(data().resolve("providers/whatsapp/registered-exports.txt")).contains(PHONE));

        // Both lists persist: the second archive's chat is still its own on the next run, and the
        // same archive through a symbolic link is the same archive.
        Path link = Files.createSymbolicLink(home.resolve("link.db"), other);
        AppProcess.Result viaLink = run("sync", "--all", "--archive", link.toString());
        assertEquals(ExitCodes.OK, viaLink.exitCode(), viaLink.both());
        assertTrue(viaLink.out().contains("already complete"), viaLink.both());
        assertFalse(viaLink.out().contains("Alice"), viaLink.both());
        assertEquals(otherHeld, messages(other));
    }
}
