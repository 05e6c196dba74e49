package dev.chatarchive.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.config.HostEnvironment;
import dev.chatarchive.host.config.LocationOverrides;
import dev.chatarchive.host.plugin.CallTimeouts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostTest {

    @TempDir
    Path home;

    private Host open() {
        return Host.open(new HostOptions(LocationOverrides.NONE,
                new HostEnvironment(Map.of("CHAT_ARCHIVE_HOME", home.resolve("data").toString()), home, home.resolve("app")),
                Clock.systemUTC(), CallTimeouts.DEFAULT, false));
    }

    @Test
    void close_closesWhatWasOpenedNewestFirst() {
        List<String> closed = new ArrayList<>();
        Host host = open();
        host.closeOnExit(() -> closed.add("first"));
        host.closeOnExit(() -> closed.add("second"));

        host.close();

        assertEquals(List.of("second", "first"), closed);
    }

    @Test
    void close_goesOnWhenAPartFailsToClose() {
        List<String> closed = new ArrayList<>();
        Host host = open();
        host.closeOnExit(() -> closed.add("first"));
        host.closeOnExit(() -> {
            throw new IllegalStateException("cannot close");
        });

        host.close();

        assertEquals(List.of("first"), closed);
    }

    @Test
    void open_opensNeitherArchiveNorPlugins() {
        try (Host host = open()) {
            assertFalse(Files.exists(host.locations().archiveFile()));
        }
    }

    @Test
    void archive_isOpenedOnceAndCreatedInTheDataFolder() {
        try (Host host = open()) {
            assertSame(host.archive(), host.archive());
            assertTrue(Files.exists(home.resolve("data").resolve("archive.db")));
            assertTrue(host.isFreshDefaultArchive());
        }
        try (Host host = open()) {
            host.archive();
            assertFalse(host.isFreshDefaultArchive());
        }
    }

    @Test
    void providers_areLoadedOnceFromThePluginsFolder() {
        try (Host host = open()) {
            assertSame(host.providers(), host.providers());
            assertEquals(home.resolve("app").resolve("plugins"), host.locations().pluginsDirectory());
        }
    }

    @Test
    void routeStandardStreamsToLog_keepsPrintsOffTheTerminalUntilClose() {
        PrintStream original = System.out;
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        System.setOut(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        try {
            try (Host host = open()) {
                host.routeStandardStreamsToLog();
                System.out.println("stray output from a library");
            }
            System.out.println("after");
        } finally {
            System.setOut(original);
        }

        assertEquals("after" + System.lineSeparator(), terminal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void afterClose_partsCannotBeOpened() {
        Host host = open();
        host.close();

        assertThrows(IllegalStateException.class, host::archive);
    }
}
