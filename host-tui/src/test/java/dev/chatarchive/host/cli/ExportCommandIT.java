package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import dev.chatarchive.host.store.AttachmentStore;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StoredMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat-archive export}, {@code media} and the media line of {@code status}, in-process, with the
 * real WhatsApp plugin jar and the samples (Familie Schmidt is a zip with a photo, a voice note and a
 * PDF): each format on every sample, attached files kept once, and the WhatsApp text export imported
 * back, into a new archive and into the same one.
 */
class ExportCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "WhatsApp Chat with Alice Martin.txt";
    private static final String JORDAN = "WhatsApp Chat with +1 415 555 0134.txt";
    private static final String LUCIA = "Chat de WhatsApp con Lucía Gómez.txt";
    private static final String FAMILIE = "WhatsApp Chat - Familie Schmidt.zip";
    private static final String BOOK_CLUB = "WhatsApp Chat - Book Club.zip";
    private static final List<String> SAMPLES = List.of(ALICE, JORDAN, LUCIA, FAMILIE, BOOK_CLUB);

    @TempDir
    Path home;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private static Path sample(String name) {
        String samples = System.getProperty("chatarchive.samples.dir");
        assertNotNull(samples, "surefire passes chatarchive.samples.dir; run the tests with Maven from the root");
        return Path.of(samples, name);
    }

    @BeforeEach
    void configure() throws Exception {
        for (String data : List.of("data", "other")) {
            Files.createDirectories(home.resolve(data));
            Files.writeString(home.resolve(data).resolve("config.properties"), "whatsapp.exports.timezone=Europe/Berlin\n");
        }
    }

    private int run(String data, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", home.resolve(data).toString()),
                home, home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
        String[] withPlugins = Stream.concat(Stream.of(args),
                Stream.of("--plugins-dir", System.getProperty("chatarchive.plugins.dir"))).toArray(String[]::new);
        return app.run(withPlugins);
    }

    private void importSamples() {
        List<String> args = new ArrayList<>(List.of("import"));
        SAMPLES.forEach(name -> args.add(sample(name).toString()));
        assertEquals(ExitCodes.OK, run("data", args.toArray(String[]::new)), out + "\n" + err);
    }

    private <T> T read(String data, Function<ArchiveSession, T> query) {
        try (Archive archive = Archive.openReadOnly(home.resolve(data).resolve("archive.db"), Clock.systemUTC())) {
            return archive.read(query);
        }
    }

    private ChatRecord chatTitled(String data, String title) {
        return read(data, s -> s.chats().list()).stream().filter(chat -> chat.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no chat titled " + title));
    }

    private List<Path> mediaFiles(String data) throws Exception {
        Path media = home.resolve(data).resolve("media");
        if (!Files.isDirectory(media)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(media)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".incoming")).sorted().toList();
        }
    }

    // ---- attachments ---------------------------------------------------------------------------------

    @Test
    void importingAZipWithMediaKeepsEachFileOnceAndAgainStoresNothing() throws Exception {
        importSamples();
        List<Path> files = mediaFiles("data");
        assertEquals(3, files.size(), "the photo, the voice note and the PDF of Familie Schmidt");
        try (ZipFile zip = new ZipFile(sample(FAMILIE).toFile())) {
            byte[] pdf = zip.getInputStream(zip.getEntry("00000014-Einladung.pdf")).readAllBytes();
            assertTrue(files.stream().anyMatch(file -> {
                try {
                    return java.util.Arrays.equals(pdf, Files.readAllBytes(file));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "the PDF's bytes are stored as they are in the zip");
        }
        Map<Path, Instant> written = new java.util.HashMap<>();
        for (Path file : files) {
            written.put(file, Files.getLastModifiedTime(file).toInstant());
        }

        assertEquals(ExitCodes.OK, run("data", "import", sample(FAMILIE).toString()), out + "\n" + err);

        assertEquals(files, mediaFiles("data"));
        for (Path file : files) {
            assertEquals(written.get(file), Files.getLastModifiedTime(file).toInstant(), "rewritten: " + file);
        }
        AttachmentStore.Totals totals = read("data", s -> s.attachments().totals());
        assertEquals(3, totals.files());
        assertEquals(3, totals.attachmentsStored());
    }

    @Test
    void mediaListsAChatsFilesAndStatusShowsTheStoresSize() throws Exception {
        importSamples();

        assertEquals(ExitCodes.OK, run("data", "media", "Familie Schmidt"), err.toString());
        String listing = out.toString();
        assertTrue(listing.contains("3 attached files, 3 stored"), listing);
        assertTrue(listing.contains("00000012-PHOTO-2024-02-02-18-06-33.jpg"), listing);
        assertTrue(listing.contains("00000014-Einladung.pdf"), listing);
        assertTrue(listing.contains("image"), listing);

        assertEquals(ExitCodes.OK, run("data", "media", chatTitled("data", "Familie Schmidt").chatId(), "--paths"));
        List<String> paths = out.toString().lines().toList();
        assertEquals(3, paths.size());
        paths.forEach(path -> assertTrue(Files.isRegularFile(Path.of(path)), path));

        assertEquals(ExitCodes.OK, run("data", "media", "Alice Martin"));
        assertTrue(out.toString().contains("no attached files"), out.toString());
        assertEquals(ExitCodes.NOT_FOUND, run("data", "media", "Nobody"));

        long bytes = 0;
        for (Path file : mediaFiles("data")) {
            bytes += Files.size(file);
        }
        assertEquals(ExitCodes.OK, run("data", "status"));
        assertTrue(out.toString().contains("Media: 3 files, " + dev.chatarchive.host.media.FileSizes.describe(bytes) + " in "
                        + home.resolve("data").resolve("media")),
                out.toString());
        assertEquals(ExitCodes.OK, run("data", "status", "--json"));
        JsonNode media = JSON.readTree(out.toString()).get("media");
        assertEquals(3, media.get("files").asLong());
        assertEquals(bytes, media.get("bytes").asLong());
    }

    // ---- jsonl ---------------------------------------------------------------------------------------

    @Test
    void jsonLinesHaveOneVersionedObjectPerMessageWithTheAttachedFilesPaths() throws Exception {
        importSamples();

        assertEquals(ExitCodes.OK, run("data", "export", "--all", "--format", "jsonl"), err.toString());

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        long total = read("data", s -> s.chats().list()).stream().mapToLong(ChatRecord::messageCount).sum();
        assertEquals(total, lines.size());
        assertEquals(50, lines.size());
        for (JsonNode line : lines) {
            assertEquals(1, line.get("version").asInt());
            for (String field : List.of("chat", "chat_title", "provider", "id", "time", "sender", "sender_name", "from_me",
                    "type", "text", "edited", "reactions", "reply_to", "attachment")) {
                assertTrue(line.has(field), field + " in " + line);
            }
            assertTrue(line.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line.toString());
        }
        JsonNode pdf = lines.stream().filter(l -> !l.get("attachment").isNull()
                && l.get("attachment").get("file_name").asText().equals("00000014-Einladung.pdf")).findFirst().orElseThrow();
        assertEquals("document", pdf.get("type").asText());
        assertEquals("application/pdf", pdf.get("attachment").get("mime_type").asText());
        Path stored = Path.of(pdf.get("attachment").get("path").asText());
        assertTrue(Files.isRegularFile(stored), stored.toString());
        assertEquals(Files.size(stored), pdf.get("attachment").get("size").asLong());
        JsonNode edited = lines.stream().filter(l -> l.get("text").asText().startsWith("Meet at the station"))
                .findFirst().orElseThrow();
        assertTrue(edited.get("edited").asBoolean());
        assertTrue(err.toString().contains("Exported 5 chats, 50 messages as jsonl to standard output."), err.toString());

        Path file = home.resolve("out").resolve("alice.jsonl");
        assertEquals(ExitCodes.OK, run("data", "export", "Alice Martin", "--output", file.toString()), err.toString());
        assertEquals(15, Files.readAllLines(file, StandardCharsets.UTF_8).size());
        assertEquals("", out.toString(), "nothing on standard output when a file is named");
    }

    @Test
    void exportWorksWhileTheArchiveIsOpenForWriting() throws Exception {
        importSamples();
        try (Archive app = Archive.open(home.resolve("data").resolve("archive.db"), Clock.systemUTC())) {
            assertTrue(app.file().toString().endsWith("archive.db"));
            assertEquals(ExitCodes.OK, run("data", "export", "Book Club", "--format", "jsonl"), err.toString());
            assertEquals(11, out.toString().lines().count());
        }
    }

    @Test
    void wrongRequestsAreRefusedWithASentence() throws Exception {
        importSamples();
        assertEquals(ExitCodes.USAGE, run("data", "export", "--format", "jsonl"));
        assertTrue(err.toString().contains("or give --all"), err.toString());
        assertEquals(ExitCodes.USAGE, run("data", "export", "--all", "--format", "pdf"));
        assertTrue(err.toString().contains("--format must be jsonl, html or txt"), err.toString());
        assertEquals(ExitCodes.USAGE, run("data", "export", "--all", "--format", "html"));
        assertTrue(err.toString().contains("--output FOLDER"), err.toString());
        assertEquals(ExitCodes.USAGE, run("data", "export", "--all", "--format", "txt"));
        Path mine = Files.createDirectories(home.resolve("mine"));
        Files.writeString(mine.resolve("thesis.tex"), "precious");
        assertEquals(ExitCodes.USAGE, run("data", "export", "--all", "--format", "html", "--output", mine.toString()));
        assertTrue(err.toString().contains("not empty"), err.toString());
        assertEquals("precious", Files.readString(mine.resolve("thesis.tex")));
        assertEquals(ExitCodes.NOT_FOUND, run("data", "export", "No Such Chat"));
    }

    // ---- html ----------------------------------------------------------------------------------------

    @Test
    void htmlIsAFolderWithAnIndexAPagePerChatAndTheFilesCopied() throws Exception {
        importSamples();
        Path site = home.resolve("site");

        assertEquals(ExitCodes.OK, run("data", "export", "--all", "--format", "html", "--output", site.toString()),
                err.toString());

        String index = Files.readString(site.resolve("index.html"));
        List<Path> pages;
        try (Stream<Path> listing = Files.list(site.resolve("chats"))) {
            pages = listing.sorted().toList();
        }
        assertEquals(5, pages.size());
        for (Path page : pages) {
            assertTrue(index.contains("chats/" + page.getFileName()), page.toString());
            String html = Files.readString(page);
            assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"), page.toString());
            assertTrue(html.contains("Content-Security-Policy"), page.toString());
        }
        String familie = Files.readString(pages.stream().filter(p -> p.toString().contains("familie-schmidt"))
                .findFirst().orElseThrow());
        assertTrue(familie.contains("<img src=\"../media/"), "the photo is shown inline");
        assertTrue(familie.contains("00000014-Einladung.pdf</a>"), "the PDF is linked");
        assertTrue(familie.contains("class=\"day\""), "day separators");
        assertTrue(familie.contains("Friday 2 February 2024"), familie);
        assertTrue(familie.contains("class=\"msg system\""), "events");
        try (Stream<Path> media = Files.list(site.resolve("media"))) {
            assertEquals(3, media.count());
        }
        String bookClub = Files.readString(pages.stream().filter(p -> p.toString().contains("book-club")).findFirst().orElseThrow());
        assertTrue(bookClub.contains("Priya Nair"), "senders");
    }

    @Test
    void hostileTextIsEscapedInHtmlAndEncodedInJson() throws Exception {
        importSamples();
        String chatId = chatTitled("data", "Alice Martin").chatId();
        String hostile = "<script>alert('x')</script> \u001b[2J & <img src=x onerror=alert(1)> \u202Eevil";
        try (Archive archive = Archive.open(home.resolve("data").resolve("archive.db"), Clock.systemUTC())) {
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(HistoricalMessage.text("hostile-1", chatId,
                    "31600000000@s.whatsapp.net", hostile, Instant.parse("2024-03-20T10:00:00Z"), false))));
        }
        Path site = home.resolve("site");
        assertEquals(ExitCodes.OK, run("data", "export", "Alice Martin", "--format", "html", "--output", site.toString()));
        String page;
        try (Stream<Path> listing = Files.list(site.resolve("chats"))) {
            page = Files.readString(listing.findFirst().orElseThrow());
        }
        assertFalse(page.contains("<script>"), page);
        assertFalse(page.contains("<img src=x"), page);
        assertFalse(page.contains("\u001b"), "no escape character reaches the page");
        assertTrue(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; \u241b[2J &amp; &lt;img src=x"), page);

        assertEquals(ExitCodes.OK, run("data", "export", "Alice Martin", "--format", "jsonl"));
        JsonNode line = out.toString().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(l -> l.get("id").asText().equals("hostile-1")).findFirst().orElseThrow();
        assertEquals(hostile, line.get("text").asText(), "JSON keeps the text exactly");
        assertFalse(out.toString().contains("\u001b"), "the escape character is encoded, not written raw");
    }

    // ---- txt -----------------------------------------------------------------------------------------

    @Test
    void theTextExportImportsBackWithTheSameMessagesAndFiles() throws Exception {
        importSamples();
        Path exported = home.resolve("exported");

        assertEquals(ExitCodes.OK, run("data", "export", "--all", "--format", "txt", "--output", exported.toString()),
                err.toString());

        List<Path> files;
        try (Stream<Path> listing = Files.list(exported)) {
            files = listing.filter(p -> !p.toString().endsWith(".properties")).sorted().toList();
        }
        assertEquals(5, files.size(), files.toString());
        assertTrue(files.contains(exported.resolve("WhatsApp Chat - Familie Schmidt.zip")), "the chat with files is a zip");
        assertTrue(files.contains(exported.resolve("WhatsApp Chat - Alice Martin.txt")), files.toString());
        String alice = Files.readString(exported.resolve("WhatsApp Chat - Alice Martin.txt"));
        assertTrue(alice.lines().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d - .+")), alice);

        List<String> args = new ArrayList<>(List.of("import"));
        files.forEach(file -> args.add(file.toString()));
        assertEquals(ExitCodes.OK, run("other", args.toArray(String[]::new)), out + "\n" + err);

        for (ChatRecord original : read("data", s -> s.chats().list())) {
            ChatRecord copy = read("other", s -> s.chats().find(original.chatId())).orElseThrow(
                    () -> new AssertionError("the export of " + original.title() + " came back as another chat"));
            assertEquals(original.title(), copy.title());
            assertEquals(original.group(), copy.group(), original.title());
            assertEquals(comparable("data", original.chatId()), comparable("other", copy.chatId()), original.title());
        }
        AttachmentStore.Totals files2 = read("other", s -> s.attachments().totals());
        assertEquals(3, files2.files(), "the zip brought the files along");
        assertEquals(mediaFiles("data").stream().map(Path::getFileName).toList(),
                mediaFiles("other").stream().map(Path::getFileName).toList(), "the same bytes, by hash");

        // Into the archive it came from: every message is already there (same ids), nothing is doubled.
        assertEquals(ExitCodes.OK, run("data", args.toArray(String[]::new)), out + "\n" + err);
        assertEquals(50, read("data", s -> s.chats().list()).stream().mapToLong(ChatRecord::messageCount).sum(), out.toString());
    }

    /** A chat's messages as an export can carry them: time to the second, who, type, text, edited, file. */
    private List<String> comparable(String data, String chatId) {
        return read(data, s -> {
            List<StoredMessage> messages = s.messages().newestPage(chatId, 10_000);
            return messages.stream().map(stored -> {
                HistoricalMessage m = stored.message();
                String file = s.attachments().find(chatId, m.id()).map(a -> a.fileName() + "#" + a.sha256()).orElse("-");
                return m.timestamp().truncatedTo(ChronoUnit.SECONDS) + " | " + m.id() + " | " + m.sender() + " | "
                        + m.senderName() + " | " + m.fromMe() + " | " + m.type() + " | " + m.content() + " | " + m.edited()
                        + " | " + file;
            }).collect(Collectors.toList());
        });
    }

    @Test
    void aTextExportOfOneChatGoesToStandardOutputOrToTheNamedFile() throws Exception {
        importSamples();
        assertEquals(ExitCodes.OK, run("data", "export", "Book Club", "--format", "txt"), err.toString());
        assertEquals(11, out.toString().lines().filter(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d - .*")).count(),
                out.toString());

        Path zip = home.resolve("familie.zip");
        assertEquals(ExitCodes.OK, run("data", "export", "Familie Schmidt", "--format", "txt", "--output", zip.toString()));
        try (ZipFile file = new ZipFile(zip.toFile())) {
            assertNotNull(file.getEntry("_chat.txt"));
            assertNotNull(file.getEntry("00000014-Einladung.pdf"));
            try (ZipFile original = new ZipFile(sample(FAMILIE).toFile())) {
                assertArrayEquals(original.getInputStream(original.getEntry("00000014-Einladung.pdf")).readAllBytes(),
                        file.getInputStream(file.getEntry("00000014-Einladung.pdf")).readAllBytes());
            }
        }
        assertTrue(Files.isRegularFile(home.resolve("familie.zip.properties")));
    }

    @Test
    void reactionsAndRepliesAppearWhereKnown() throws Exception {
        importSamples();
        String chatId = chatTitled("data", "Book Club").chatId();
        String quotedId;
        try (Archive archive = Archive.open(home.resolve("data").resolve("archive.db"), Clock.systemUTC())) {
            StoredMessage quoted = archive.read(s -> s.messages().newestPage(chatId, 100)).stream()
                    .filter(m -> m.message().content().startsWith("Welcome!")).findFirst().orElseThrow();
            quotedId = quoted.id();
            String raw = "{\"message\":{\"extendedTextMessage\":{\"text\":\"Agreed\",\"contextInfo\":{\"stanzaId\":\""
                    + quotedId + "\",\"quotedMessage\":{\"conversation\":\"Welcome!\"}}}}}";
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(new HistoricalMessage("LIVE1", chatId,
                    "31600000001@s.whatsapp.net", "Tom Baker", "Agreed", Instant.parse("2024-03-15T10:00:00Z"), false,
                    MessageType.TEXT, false, raw))));
            archive.write(s -> s.messages().applyRevision(new ProviderEvent.MessageRevised(chatId, quotedId,
                    ProviderEvent.RevisionKind.REACTION, "👍", "31600000001@s.whatsapp.net", Instant.now())));
        }

        assertEquals(ExitCodes.OK, run("data", "export", "Book Club", "--format", "jsonl"));
        List<JsonNode> lines = out.toString().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        JsonNode reply = lines.stream().filter(l -> l.get("id").asText().equals("LIVE1")).findFirst().orElseThrow();
        assertEquals(quotedId, reply.get("reply_to").asText());
        JsonNode reacted = lines.stream().filter(l -> l.get("id").asText().equals(quotedId)).findFirst().orElseThrow();
        assertEquals("👍", reacted.get("reactions").get(0).get("emoji").asText());

        Path site = home.resolve("site");
        assertEquals(ExitCodes.OK, run("data", "export", "Book Club", "--format", "html", "--output", site.toString()));
        String page;
        try (Stream<Path> listing = Files.list(site.resolve("chats"))) {
            page = Files.readString(listing.findFirst().orElseThrow());
        }
        assertTrue(page.contains("<blockquote class=\"reply\"><b dir=\"auto\">Priya Nair</b><span dir=\"auto\">Welcome!"), page);
        assertTrue(page.contains("<div class=\"reactions\"><span title=\"31600000001@s.whatsapp.net\">👍</span>"), page);
    }
}
