package dev.chatarchive.host.cli;

import static dev.chatarchive.whatsapp.backup.FixtureDatabases.ANNA;
import static dev.chatarchive.whatsapp.backup.FixtureDatabases.BRAM;
import static dev.chatarchive.whatsapp.backup.FixtureDatabases.GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StoredMessage;
import dev.chatarchive.whatsapp.backup.FixtureDatabases;
import dev.chatarchive.whatsapp.backup.TestBackups;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat-archive import BACKUP [--key K] [--contacts WA_DB]} in-process, with the real WhatsApp
 * plugin jar and a real archive: an encrypted Android backup and an iPhone backup folder give the
 * right chats, senders, UTC times, types, from-me flags and titles; importing again adds nothing; a
 * wrong key stores nothing.
 */
class BackupImportCommandIT {

    @TempDir
    Path home;

    private StringWriter out = new StringWriter();

    private Path data() {
        return home.resolve("data");
    }

    @BeforeEach
    void configure() throws Exception {
        Files.createDirectories(data());
    }

    private int run(String... args) {
        out = new StringWriter();
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", data().toString()), home,
                home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(out, true));
        return app.run(Stream.concat(Stream.of(args),
                Stream.of("--plugins-dir", System.getProperty("chatarchive.plugins.dir"))).toArray(String[]::new));
    }

    private <T> T read(Function<ArchiveSession, T> query) {
        try (Archive archive = Archive.openReadOnly(data().resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(query);
        }
    }

    private List<HistoricalMessage> messagesOf(String chatId) {
        return read(session -> session.messages().newestPage(chatId, 1000)).stream().map(StoredMessage::message).toList();
    }

    private Path encryptedBackup() throws Exception {
        Path plain = FixtureDatabases.modernAndroid(home.resolve("plain.db"));
        return TestBackups.crypt15(plain, Files.createDirectories(home.resolve("phone")).resolve("msgstore.db.crypt15"));
    }

    @Test
    void import_encryptedAndroidBackupWithKey_storesEveryChatCompletely() throws Exception {
        Path contacts = FixtureDatabases.waDb(home.resolve("contacts.db"));

        int code = run("import", encryptedBackup().toString(), "--key", TestBackups.rootKeyHex(),
                "--contacts", contacts.toString());

        assertEquals(ExitCodes.OK, code, out.toString());
        List<ChatRecord> chats = read(session -> session.chats().list());
        assertEquals(3, chats.size(), chats.toString());
        ChatRecord anna = chats.stream().filter(c -> c.chatId().equals(ANNA)).findFirst().orElseThrow();
        assertEquals("Anna de Vries", anna.title());
        assertFalse(anna.group());
        ChatRecord group = chats.stream().filter(c -> c.chatId().equals(GROUP)).findFirst().orElseThrow();
        assertEquals("Climbing Crew", group.title());
        assertTrue(group.group());
        for (ChatRecord chat : chats) {
            assertEquals(SyncState.COMPLETED, read(s -> s.checkpoints().find(chat.chatId())).orElseThrow().status());
        }
        List<HistoricalMessage> annaMessages = messagesOf(ANNA);
        assertEquals(8, annaMessages.size());
        HistoricalMessage first = annaMessages.stream().filter(m -> m.id().equals("3EB0A1")).findFirst().orElseThrow();
        assertEquals(Instant.parse("2024-03-01T09:00:00Z"), first.timestamp());
        assertEquals(ANNA, first.sender());
        assertFalse(first.fromMe());
        assertTrue(annaMessages.stream().filter(m -> m.id().equals("3EB0A2")).allMatch(HistoricalMessage::fromMe));
        assertEquals(MessageType.IMAGE,
                annaMessages.stream().filter(m -> m.id().equals("3EB0A3")).findFirst().orElseThrow().type());
        assertTrue(messagesOf(GROUP).stream().anyMatch(m -> m.sender().equals(BRAM)));
        assertTrue(out.toString().contains("Imported 1 of 1 file completely (3 chats)."), out.toString());
        assertFalse(out.toString().contains(TestBackups.rootKeyHex()), "the key is never printed");
        // opening the backup shows its progress (plain lines here: the output is not a terminal) before the
        // chats' sync progress; which of its steps are printed depends on how fast they follow each other
        // (a step within the progress throttle's interval of the last line is not), so any of them counts
        String printed = out.toString();
        int decrypted = printed.indexOf("whatsapp: Decrypting msgstore.db.crypt15 (");
        int listed = printed.indexOf("whatsapp: Opening msgstore.db.crypt15 (");
        int imported = printed.indexOf("Imported 'msgstore.db.crypt15' with WhatsApp");
        assertTrue(decrypted >= 0 && decrypted < listed && listed < imported, printed);
    }

    @Test
    void import_sameBackupAgain_addsNothing() throws Exception {
        Path backup = encryptedBackup();
        run("import", backup.toString(), "--key", TestBackups.rootKeyHex());
        long before = read(session -> session.messages().count(ANNA));

        int code = run("import", backup.toString(), "--key", TestBackups.rootKeyHex());

        assertEquals(ExitCodes.OK, code, out.toString());
        long after = read(session -> session.messages().count(ANNA));
        assertEquals(before, after);
        assertTrue(out.toString().contains("Stored 0 new messages"), out.toString());
    }

    @Test
    void import_wrongKey_saysSoAndStoresNothing() throws Exception {
        int code = run("import", encryptedBackup().toString(), "--key", "22".repeat(32));

        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(out.toString().contains("The key does not open 'msgstore.db.crypt15'"), out.toString());
        assertEquals(0, read(session -> session.chats().list()).size());
        try (Stream<Path> left = Files.walk(data())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().equals("msgstore.db")),
                    "no decrypted database is left in the data folder");
        }
    }

    @Test
    void import_iphoneBackupFolder_storesItsChats() throws Exception {
        Path chatStorage = FixtureDatabases.iosChatStorage(home.resolve("ChatStorage.sqlite"));
        Path folder = FixtureDatabases.iosBackupFolder(home.resolve("MobileSync/Backup/00008101-000A1B2C"), chatStorage);

        int code = run("import", folder.toString());

        assertEquals(ExitCodes.OK, code, out.toString());
        long anna = read(session -> session.messages().count(ANNA));
        long group = read(session -> session.messages().count(GROUP));
        assertEquals(5, anna);
        assertEquals(4, group);
        assertEquals("Climbing Crew", read(session -> session.chats().list()).stream()
                .filter(c -> c.chatId().equals(GROUP)).findFirst().orElseThrow().title());
    }
}
