package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.HostOptions;
import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.plugin.CallTimeouts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chat-archive plugins}, in-process, on the WhatsApp plugin jar this build packaged. */
class PluginsCommandIT {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        HostEnvironment environment = new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", home.resolve("data").toString()),
                home, home.resolve("app"));
        CommandLineApp app = new CommandLineApp(
                overrides -> new HostOptions(overrides, environment, Clock.systemUTC(), CallTimeouts.DEFAULT, false),
                host -> {
                    throw new AssertionError("the UI must not open for a subcommand");
                },
                (host, sources) -> { }, new PrintWriter(out, true), new PrintWriter(err, true));
        return app.run(args);
    }

    @Test
    void plugins_showsTheWhatsAppPluginStartedWithItsProvider() {
        int code = run("plugins", "--plugins-dir", System.getProperty("chatarchive.plugins.dir"));

        assertEquals(ExitCodes.OK, code, err.toString());
        String printed = out.toString();
        assertTrue(printed.contains("whatsapp " ), printed);
        assertTrue(printed.matches("(?s).*\\nwhatsapp [^\\n]*: started\\n.*"), printed);
        assertTrue(printed.contains("  provider whatsapp (WhatsApp "), printed);
        assertTrue(printed.matches("(?s).*provider whatsapp \\(WhatsApp [^)]*\\): started, .*"), printed);
    }
}
