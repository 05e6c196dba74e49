package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import dev.chatarchive.host.plugin.PluginJar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import} of a file whose provider reports how far it has got ({@code ProviderEvent.Progress}),
 * through a real plugin jar, with the output not a terminal: occasional plain lines, never a bar,
 * never an escape sequence from the file's name.
 */
class ImportProgressTest {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void import_ofAFileAProviderParsesSlowly_printsAFewPlainProgressLines_notABar() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Path data = Files.createDirectories(home.resolve("data"));
        writePlugin(plugins);
        // A name that tries to clear the screen and move the cursor when printed.
        Path file = Files.writeString(home.resolve("chat\u001b[2J\u001b[H.opener"), "anything");

        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", data.toString()), home,
                home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                }, (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
        int code = app.run("import", file.toString(), "--plugins-dir", plugins.toString());

        String printed = out.toString();
        assertEquals(ExitCodes.OK, code, printed + err);
        assertFalse(printed.contains("\u001b"), "no escape sequence reaches the terminal: " + printed);
        assertFalse(printed.contains("\r"), "lines, not a bar redrawn in place: " + printed);
        List<String> lines = printed.lines().filter(line -> line.startsWith("opener: Parsing chat")).toList();
        // 1,001 reports in a few milliseconds: the start, the end, and at most a line each tenth between.
        assertTrue(lines.size() >= 2 && lines.size() <= 11, printed);
        assertTrue(lines.get(0).endsWith(" (messages) [------------------------] 0%"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).endsWith(" (messages) [########################] 100%"), printed);
        int before = -1;
        for (String line : lines) {
            int percent = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1, line.length() - 1));
            assertTrue(percent > before && (before < 0 || percent / 10 > before / 10 || percent == 100), printed);
            before = percent;
        }
        assertTrue(printed.indexOf(lines.get(lines.size() - 1)) < printed.indexOf("Imported 1 of 1 file completely"), printed);
    }

    private static void writePlugin(Path plugins) {
        PluginJar.withId("opener-plugin")
                .source("fixture.opener.OpenerProvider", """
                        package fixture.opener;

                        import dev.chatarchive.api.*;
                        import java.nio.file.Path;
                        import java.time.Instant;
                        import java.util.List;

                        @org.pf4j.Extension
                        public class OpenerProvider implements HistoryProvider {
                            private ProviderContext context;

                            @Override
                            public ProviderInfo info() {
                                return new ProviderInfo("opener", "Opener", "1.0.0");
                            }

                            @Override
                            public void start(ProviderContext context) {
                                this.context = context;
                            }

                            @Override
                            public List<ChatDescription> listChats() {
                                return List.of();
                            }

                            @Override
                            public boolean canImport(Path source) {
                                return source.getFileName().toString().endsWith(".opener");
                            }

                            @Override
                            public List<ChatDescription> importSource(Path source) {
                                String operation = "Parsing " + source.getFileName();
                                for (int done = 0; done <= 1000; done++) {
                                    context.publish(new ProviderEvent.Progress(operation, "messages", done, 1000));
                                }
                                return List.of(new ChatDescription("opened@opener", "Opened", false, null, 1L));
                            }

                            @Override
                            public HistoryPage fetchHistory(HistoryRequest request) {
                                return new HistoryPage(List.of(HistoricalMessage.text("m1", request.chatId(), "friend",
                                        "hello", Instant.parse("2024-01-01T00:00:00Z"), false)), true, 1L);
                            }
                        }
                        """)
                .extension("fixture.opener.OpenerProvider")
                .writeTo(plugins);
    }
}
