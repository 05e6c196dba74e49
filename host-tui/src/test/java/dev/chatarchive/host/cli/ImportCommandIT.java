package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.SourceImporter;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StoredMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat-archive import}, in-process, with the real WhatsApp plugin jar from {@code plugins/}, the
 * exports of {@code samples/} and a real archive file: each sample gives the right chats, senders, UTC
 * times, types and from-me flags; importing again adds nothing.
 */
class ImportCommandIT {

    private static final String ALICE = "WhatsApp Chat with Alice Martin.txt";
    private static final String JORDAN = "WhatsApp Chat with +1 415 555 0134.txt";
    private static final String LUCIA = "Chat de WhatsApp con Lucía Gómez.txt";
    private static final String FAMILIE = "WhatsApp Chat - Familie Schmidt.zip";
    private static final String BOOK_CLUB = "WhatsApp Chat - Book Club.zip";

    @TempDir
    Path home;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private Path data() {
        return home.resolve("data");
    }

    private static Path sample(String name) {
        String samples = System.getProperty("chatarchive.samples.dir");
        assertNotNull(samples, "surefire passes chatarchive.samples.dir; run the tests with Maven from the root");
        return Path.of(samples, name);
    }

    @BeforeEach
    void configure() throws Exception {
        Files.createDirectories(data());
        Files.writeString(data().resolve("config.properties"), "whatsapp.exports.timezone=UTC\n");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", data().toString()), home,
                home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
        String[] withPlugins = Stream.concat(Stream.of(args),
                Stream.of("--plugins-dir", System.getProperty("chatarchive.plugins.dir"))).toArray(String[]::new);
        return app.run(withPlugins);
    }

    private int importFiles(Path... files) {
        return run(Stream.concat(Stream.of("import"), Stream.of(files).map(Path::toString)).toArray(String[]::new));
    }

    private <T> T read(java.util.function.Function<dev.chatarchive.host.store.ArchiveSession, T> query) {
        try (Archive archive = Archive.openReadOnly(data().resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(query);
        }
    }

    private ChatRecord chatTitled(String title) {
        return read(session -> session.chats().list()).stream().filter(chat -> chat.title().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("no chat titled " + title));
    }

    private List<HistoricalMessage> messagesOf(String chatId) {
        return read(session -> session.messages().newestPage(chatId, 1000)).stream().map(StoredMessage::message).toList();
    }

    @Test
    void import_everySample_storesEachChatCompletely() {
        int code = importFiles(sample(ALICE), sample(JORDAN), sample(LUCIA), sample(FAMILIE), sample(BOOK_CLUB));

        assertEquals(ExitCodes.OK, code, out + "\n" + err);
        assertTrue(out.toString().contains("Imported 5 of 5 files completely (5 chats)."), out.toString());
        assertEquals(5, read(session -> session.chats().list()).size());
        assertEquals(15, chatTitled("Alice Martin").messageCount());
        assertEquals(6, chatTitled("+1 415 555 0134").messageCount());
        assertEquals(6, chatTitled("Lucía Gómez").messageCount());
        assertEquals(12, chatTitled("Familie Schmidt").messageCount());
        assertEquals(11, chatTitled("Book Club").messageCount());
        for (String title : List.of("Alice Martin", "+1 415 555 0134", "Lucía Gómez", "Familie Schmidt", "Book Club")) {
            ChatRecord chat = chatTitled(title);
            assertEquals(SyncState.COMPLETED, read(session -> session.checkpoints().find(chat.chatId())).orElseThrow().status());
        }
    }

    @Test
    void import_androidSample_keepsSendersTimesTypesAndFromMe() {
        importFiles(sample(JORDAN));

        ChatRecord chat = chatTitled("+1 415 555 0134");
        List<HistoricalMessage> messages = messagesOf(chat.chatId());

        assertEquals("14155550134@s.whatsapp.net", chat.chatId());
        assertFalse(chat.group());
        HistoricalMessage hi = messages.stream().filter(m -> m.content().startsWith("Hi, this is Jordan")).findFirst().orElseThrow();
        assertEquals("14155550134@s.whatsapp.net", hi.sender());
        assertFalse(hi.fromMe());
        assertEquals(Instant.parse("2025-01-05T20:02:00.001Z"), hi.timestamp());
        HistoricalMessage photo = messages.stream().filter(m -> m.type() == MessageType.IMAGE).findFirst().orElseThrow();
        assertEquals(Instant.parse("2025-01-13T00:03:00Z"), photo.timestamp());
        assertTrue(messages.stream().filter(m -> m.content().equals("Looks steep!")).allMatch(HistoricalMessage::fromMe));
        assertTrue(messages.stream().filter(HistoricalMessage::fromMe).allMatch(m -> m.sender().equals("me")));
    }

    @Test
    void import_iosGroupSample_keepsSystemEventsAndGroupKind() {
        importFiles(sample(FAMILIE));

        ChatRecord chat = chatTitled("Familie Schmidt");
        List<HistoricalMessage> messages = messagesOf(chat.chatId());

        assertTrue(chat.group());
        assertTrue(chat.chatId().endsWith("@g.us"));
        assertEquals(4, messages.stream().filter(m -> m.type() == MessageType.SYSTEM).count());
        assertEquals(Instant.parse("2024-02-02T18:06:33Z"),
                messages.stream().filter(m -> m.type() == MessageType.IMAGE).findFirst().orElseThrow().timestamp());
        assertTrue(messages.stream().filter(m -> "Sam Carter".equals(m.senderName())).allMatch(HistoricalMessage::fromMe));
    }

    @Test
    void import_sameFileAgain_addsNothing() {
        importFiles(sample(ALICE));
        long before = chatTitled("Alice Martin").messageCount();

        int code = importFiles(sample(ALICE));

        assertEquals(ExitCodes.OK, code, out + "\n" + err);
        assertEquals(before, chatTitled("Alice Martin").messageCount());
        assertTrue(out.toString().contains("Stored 0 new messages"), out.toString());
    }

    @Test
    void import_plainMessages_keepOnlyTheirSourceAndTheOthersTheirLines() {
        importFiles(sample(ALICE));

        List<HistoricalMessage> messages = messagesOf(chatTitled("Alice Martin").chatId());
        List<HistoricalMessage> plain = messages.stream()
                .filter(m -> "{\"source\":\"whatsapp-export\"}".equals(m.rawJson())).toList();
        assertTrue(plain.size() >= 10, "most of the sample's messages are plain: " + messages);
        assertTrue(plain.stream().allMatch(m -> m.attachment() == null && !m.edited()), plain.toString());
        // An attachment's or an edited message's record still says what the file held.
        List<HistoricalMessage> others = messages.stream().filter(m -> m.type() == MessageType.IMAGE || m.edited()).toList();
        assertFalse(others.isEmpty(), messages.toString());
        assertTrue(others.stream().allMatch(m -> m.rawJson().startsWith("{\"source\":\"whatsapp-export\",\"line\":")),
                others.toString());
    }

    @Test
    void import_sameFileIntoAnArchiveWithRecordsOfTheOlderFormat_addsNothingAndKeepsThem() throws Exception {
        importFiles(sample(ALICE));
        ChatRecord chat = chatTitled("Alice Martin");
        List<HistoricalMessage> imported = messagesOf(chat.chatId());
        // The same messages as an archive written before plain records held them (schema 5/6: line + header).
        Files.move(data(), home.resolve("first"));
        configure();
        List<HistoricalMessage> older = new java.util.ArrayList<>();
        for (int i = 0; i < imported.size(); i++) {
            HistoricalMessage m = imported.get(i);
            String record = "{\"source\":\"whatsapp-export\",\"line\":" + (i + 1) + ",\"header\":\"older header " + i
                    + ": \"}";
            older.add(new HistoricalMessage(m.id(), m.chatId(), m.sender(), m.senderName(), m.content(), m.timestamp(),
                    m.fromMe(), m.type(), m.edited(), record, null));
        }
        try (Archive archive = Archive.open(data().resolve("archive.db"), Clock.systemUTC())) {
            archive.write(session -> {
                session.chats().upsert(chat.providerId(), new dev.chatarchive.api.ChatDescription(chat.chatId(),
                        chat.title(), chat.group(), null, null));
                return session.messages().insertIfAbsent(chat.providerId(), older);
            });
        }

        int code = importFiles(sample(ALICE));

        assertEquals(ExitCodes.OK, code, out + "\n" + err);
        assertTrue(out.toString().contains("Stored 0 new messages"), out.toString());
        assertEquals(1, read(session -> session.chats().list()).size());
        assertEquals(older.stream().map(HistoricalMessage::rawJson).toList(),
                messagesOf(chat.chatId()).stream().map(HistoricalMessage::rawJson).toList());
    }

    @Test
    void import_newerOverlappingExport_storesOnlyTheNewMessages() throws Exception {
        Path older = Files.writeString(home.resolve("WhatsApp Chat with Ann.txt"), """
                01/05/2024, 10:00 - Ann: one
                01/05/2024, 10:01 - Me: two
                13/05/2024, 12:00 - Ann: three
                """);
        Path newer = Files.writeString(home.resolve("WhatsApp Chat with Ann (1).txt"), """
                01/05/2024, 10:01 - Me: two
                13/05/2024, 12:00 - Ann: three
                14/05/2024, 09:00 - Ann: four
                """);
        importFiles(older);

        int code = importFiles(newer);

        assertEquals(ExitCodes.OK, code, out + "\n" + err);
        assertEquals(1, read(session -> session.chats().list()).size());
        assertEquals(List.of("one", "two", "three", "four"),
                messagesOf(chatTitled("Ann").chatId()).stream().map(HistoricalMessage::content).toList());
    }

    @Test
    void import_unreadableFile_saysWhyAndLeavesTheArchiveAsItWas() throws Exception {
        importFiles(sample(ALICE));
        Path binary = Files.write(home.resolve("broken.txt"), new byte[] {0, 1, 2, (byte) 0xff, 0});

        int code = importFiles(binary);

        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(out.toString().contains("is not a text file"), out.toString());
        assertEquals(1, read(session -> session.chats().list()).size());
        assertEquals(15, chatTitled("Alice Martin").messageCount());
    }

    @Test
    void import_missingFile_exitsWithNotFound() {
        int code = importFiles(home.resolve("nowhere.zip"));

        assertEquals(ExitCodes.NOT_FOUND, code);
        assertTrue(out.toString().contains("does not exist"), out.toString());
    }

    @Test
    void chats_afterImport_listsTheImportedChats() {
        importFiles(sample(LUCIA));

        int code = run("chats");

        assertEquals(ExitCodes.OK, code, err.toString());
        assertTrue(out.toString().contains("Lucía Gómez"), out.toString());
    }

    @Test
    void firstRun_freshDefaultArchive_importsTheSamplesQuietly() throws Exception {
        Path app = Files.createDirectories(home.resolve("app"));
        Path samples = Files.createDirectories(app.resolve("samples"));
        for (String name : List.of(ALICE, JORDAN, LUCIA, FAMILIE, BOOK_CLUB)) {
            Files.copy(sample(name), samples.resolve(name));
        }
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", data().toString()), home, app);
        StringWriter printed = new StringWriter();
        CommandLineApp app2 = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> host.archive().read(session -> session.chats().list()).size(),
                SourceImporter.quiet(), new PrintWriter(printed, true), new PrintWriter(printed, true));

        int chatsSeenByTheUi = app2.run("--plugins-dir", System.getProperty("chatarchive.plugins.dir"));

        assertEquals(5, chatsSeenByTheUi);
        assertEquals("", printed.toString(), "the first run prints nothing before the UI opens");
        assertEquals(15, chatTitled("Alice Martin").messageCount());
    }
}
