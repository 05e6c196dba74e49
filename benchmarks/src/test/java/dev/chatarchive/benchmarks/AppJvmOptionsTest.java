package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probes start the app with the launcher's options, read from the one file the launcher reads. */
class AppJvmOptionsTest {

    private static final Path CHECKOUT = Path.of(System.getProperty("chatarchive.checkout", "..")).toAbsolutePath().normalize();

    @Test
    void list_isTheLauncherFile_host_tui_jvm_options_asTheLauncherReadsIt() throws Exception {
        String file = Files.readString(CHECKOUT.resolve("host-tui/jvm.options"), StandardCharsets.UTF_8);

        assertEquals(AppJvmOptions.parse(file), AppJvmOptions.list());
        assertFalse(AppJvmOptions.list().isEmpty(), "the app runs with options of its own (serial GC, a heap cap)");
    }

    @Test
    void parse_skipsCommentsAndBlankLines_keepsTheOrder_andReadsALastLineWithoutNewline() {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xmx200m", "-Dx=a b"),
                AppJvmOptions.parse("# why\n-XX:+UseSerialGC\n\n  -Xmx200m  \r\n  # indented comment\n-Dx=a b"));
    }
}
