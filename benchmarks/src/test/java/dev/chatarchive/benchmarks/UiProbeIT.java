package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chatarchive.host.store.Archive;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application probe starts the app as a user does: through the checkout's launcher, whose AppCDS
 * archive it makes current first and then uses; the plain java -cp start beside it uses none.
 */
class UiProbeIT {

    private static final Path CHECKOUT = Path.of(System.getProperty("chatarchive.checkout", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void throughTheLauncher_usesItsClassDataSharingArchive_plainJavaDoesNot() throws Exception {
        assumeTrue(UiProbe.available(), "tmux is not installed");
        Path plugins = Path.of(System.getProperty("chatarchive.plugins.dir", "../plugins"));
        SyntheticCorpus corpus = new SyntheticCorpus(2_000, 42);
        Path file = work.resolve("bench-2000.db");
        try (Archive archive = Archive.open(file, Clock.systemUTC())) {
            RawArchiveWriter.write(archive, corpus);
        }
        String screen = "Chats (" + corpus.chatCount() + ")";
        Path launcher = CHECKOUT.resolve("chat-archive");

        UiProbe.prepareClassDataSharing(file, plugins, work.resolve("ui-data"), screen, launcher);
        UiProbe.Result user = UiProbe.run(file, plugins, work.resolve("ui-data"), screen, SyntheticCorpus.title(0),
                UiProbe.Launch.through(launcher));
        UiProbe.Result plain = UiProbe.run(file, plugins, work.resolve("ui-data"), screen, null, UiProbe.Launch.plainJava());

        assertTrue(user.throughLauncher(), "started by ./chat-archive");
        assertTrue(user.classDataSharing(), "the launcher's AppCDS archive was current and given to the JVM");
        assertTrue(user.firstScreenMillis() > 0 && user.cpuAtFirstScreenMillis() > 0, user.toString());
        assertTrue(user.peakResidentMb() > 0, "browsed, then its memory was read: " + user);
        assertFalse(plain.throughLauncher(), plain.toString());
        assertFalse(plain.classDataSharing(), plain.toString());
        assertTrue(plain.cpuAtFirstScreenMillis() > 0, plain.toString());
    }
}
