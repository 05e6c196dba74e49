package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ChatRecord;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML export checked in a real browser: Debian's Chromium, headless, renders the exported pages
 * of the samples (plus a hostile message) at a phone's width; the test asserts on the DOM as the
 * browser built it after rendering, and on the screenshot it took. Slow (a browser starts twice), so
 * it runs in the slow phase. Set {@code chatarchive.screenshot} to a path to keep the screenshot
 * (the README's picture is made that way).
 */
class HtmlExportBrowserIT {

    private static final String HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=alert(1)> \u001b[2J done";
    private static final int PHONE_WIDTH = 412;
    private static final int PHONE_HEIGHT = 915;

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void configure() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data").resolve("config.properties"), "whatsapp.exports.timezone=Europe/Berlin\n");
    }

    private int run(String... args) {
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", home.resolve("data").toString()),
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

    @Test
    void theExportedPagesRenderInChromiumWithThePhotoInlineAndHostileTextAsText() throws Exception {
        String samples = System.getProperty("chatarchive.samples.dir");
        assertNotNull(samples, "surefire passes chatarchive.samples.dir; run the tests with Maven from the root");
        List<String> args = new ArrayList<>(List.of("import"));
        try (Stream<Path> files = Files.list(Path.of(samples))) {
            files.filter(p -> p.toString().endsWith(".txt") || p.toString().endsWith(".zip")).sorted()
                    .forEach(p -> args.add(p.toString()));
        }
        assertEquals(ExitCodes.OK, run(args.toArray(String[]::new)), out + "\n" + err);
        Path archiveFile = home.resolve("data").resolve("archive.db");
        try (Archive archive = Archive.open(archiveFile, Clock.systemUTC())) {
            ChatRecord familie = archive.read(s -> s.chats().list()).stream()
                    .filter(chat -> chat.title().equals("Familie Schmidt")).findFirst().orElseThrow();
            archive.write(s -> s.messages().insertIfAbsent("whatsapp", List.of(HistoricalMessage.text("hostile", familie.chatId(),
                    "Jonas Schmidt", HOSTILE, Instant.parse("2024-02-14T19:02:00Z"), false))));
        }
        Path site = home.resolve("site");
        assertEquals(ExitCodes.OK, run("export", "--all", "--format", "html", "--output", site.toString()), err.toString());
        Path page;
        try (Stream<Path> pages = Files.list(site.resolve("chats"))) {
            page = pages.filter(p -> p.getFileName().toString().contains("familie-schmidt")).findFirst().orElseThrow();
        }

        String dom = chromium("--dump-dom", page.toUri().toString());
        assertEquals(0, count(dom, "<script"), "no script element in the rendered page");
        assertFalse(Pattern.compile("<[a-zA-Z][^<>]*\\son[a-z]+=").matcher(dom).find(), "no element with an event handler");
        assertEquals(1, count(dom, "<img "), "one image element: the photo, not the one in the hostile text");
        assertEquals(13, count(dom, "<div class=\"msg "), "every message of the chat is on the page");
        assertEquals(3, count(dom, "<div class=\"day\""), "a separator before each of the three days");
        assertTrue(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; \u241b[2J done"),
                "the hostile message is shown as text");
        assertTrue(dom.contains("<title>Familie Schmidt</title>"), "no script changed the title");
        Matcher photo = Pattern.compile("<img src=\"(\\.\\./media/[^\"]+)\"").matcher(dom);
        assertTrue(photo.find(), "the photo is an image element");
        assertTrue(Files.isRegularFile(page.getParent().resolve(photo.group(1)).normalize()), "the photo's file is there");
        assertTrue(dom.contains("00000014-Einladung.pdf</a>"), "the PDF is linked");

        String index = chromium("--dump-dom", site.resolve("index.html").toUri().toString());
        assertEquals(5, count(index, "<li><a href=\"chats/"), "the index lists every chat");

        Path screenshot = home.resolve("familie.png");
        chromium("--screenshot=" + screenshot, "--window-size=" + PHONE_WIDTH + "," + PHONE_HEIGHT, page.toUri().toString());
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertNotNull(image, "Chromium wrote a PNG");
        assertEquals(PHONE_WIDTH, image.getWidth());
        assertEquals(PHONE_HEIGHT, image.getHeight());
        assertTrue(distinctColours(image) > 200, "the screenshot shows text and a photo, not an empty page");
        String keep = System.getProperty("chatarchive.screenshot");
        if (keep != null && !keep.isBlank()) {
            Files.copy(screenshot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs headless Chromium on a fresh profile with nothing reaching the network; its standard output. */
    private String chromium(String... args) throws IOException, InterruptedException {
        String binary = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").filter(b -> Files.isExecutable(Path.of(b)))
                .findFirst().orElseThrow(() -> new AssertionError("Chromium is not installed: apt-get install chromium "
                        + "(.ci/run does it)"));
        Path profile = Files.createTempDirectory(home, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path output = home.resolve("chromium-" + System.nanoTime() + ".out");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 3 minutes: " + command);
        }
        assertEquals(0, process.exitValue(), "Chromium failed: " + command);
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertFalse(printed.isBlank() && args[0].equals("--dump-dom"), "Chromium printed no DOM");
        return printed;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
