package dev.chatarchive.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.error.ExitCodes;
import dev.chatarchive.host.store.Archive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode on, WhatsApp out of reach (the stand-in phone finds no route, as an offline laptop
 * would), and {@code chat-archive import} of an export whose chat the phone could know too (it is
 * named by a phone number): the import pages the export at the export's pace and succeeds. The first
 * round failed here with "WhatsApp is still connecting". The real plugin jar, its sidecar process and
 * the app's command line in a child JVM.
 */
class ImportWithLiveOfflineIT {

    @TempDir
    Path home;

    @Test
    void importingAnExport_whileLiveModeCannotReachWhatsApp_storesTheWholeExport() throws Exception {
        // given live mode on, pointed at a phone that WhatsApp's servers cannot be reached for
        Path data = Files.createDirectories(home.resolve("data"));
        Path phone = home.resolve("phone.json");
        Files.writeString(phone, """
                {"paired": true, "unreachable": {"sockets": 100000, "code": "ENOTFOUND"},
                 "chats": [{"jid": "14155550134@s.whatsapp.net", "name": "Jordan", "count": 10}]}
                """);
        Properties config = new Properties();
        config.setProperty("whatsapp.live.enabled", "true");
        config.setProperty("whatsapp.live.socket-module",
                Path.of(System.getProperty("chatarchive.fake.phone", "../plugin-whatsapp/sidecar/testing/fake-phone.js"))
                        .toAbsolutePath().normalize().toString());
        config.setProperty("whatsapp.live.socket-config", phone.toString());
        config.setProperty("whatsapp.live.pause", "30s");
        config.setProperty("whatsapp.exports.dirs", home.resolve("no-exports").toString());
        try (var writer = Files.newBufferedWriter(data.resolve("config.properties"))) {
            config.store(writer, "live mode that cannot reach WhatsApp");
        }
        String samples = System.getProperty("chatarchive.samples.dir");
        assertNotNull(samples, "failsafe passes chatarchive.samples.dir; run the tests with Maven from the root");
        Path export = Path.of(samples, "WhatsApp Chat with +1 415 555 0134.txt");

        // when the export is imported
        Process process = start(data, "import", export.toString());
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the import never ended");

        // then it succeeds, with every message of the export, though live mode never connected
        String output = Files.readString(home.resolve("import.out"));
        assertEquals(ExitCodes.OK, process.exitValue(), output);
        long held;
        try (Archive archive = Archive.openReadOnly(data.resolve("archive.db"), Clock.systemUTC())) {
            held = archive.read(session -> session.messages().count("14155550134@s.whatsapp.net"));
        }
        assertTrue(held >= 6, "the export's messages are stored: " + held + "\n" + output);
        assertTrue(!output.contains("still connecting"), output);
    }

    private Process start(Path data, String... args) throws Exception {
        String plugins = System.getProperty("chatarchive.plugins.dir");
        assertNotNull(plugins, "failsafe passes chatarchive.plugins.dir; run the tests with Maven from the root");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.chatarchive.host.app.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--plugins-dir", Path.of(plugins).toAbsolutePath().normalize().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("import.out").toFile());
        builder.environment().put("CHAT_ARCHIVE_HOME", data.toString());
        return builder.start();
    }
}
