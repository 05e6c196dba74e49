package dev.chatarchive.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small, full-able disk for tests: a tmpfs of a few hundred kilobytes, mounted at a folder
 * inside a private mount namespace ({@code unshare --user --map-root-user --mount}, no root needed
 * where the kernel allows unprivileged user namespaces, as Debian and Ubuntu do), for the length of
 * one shell script. Everything outside the mount point is the test's ordinary file system, so the
 * script copies what the test must look at afterwards out of it.
 */
public final class SmallDisk {

    private SmallDisk() {
    }

    /**
     * Runs {@code script} with {@code sh} while a tmpfs of {@code size} (as mount takes it: {@code 512k})
     * is mounted at {@code mountPoint}; the script finds the mount point in {@code $DISK}.
     *
     * @return the script's exit code
     */
    public static int run(Path mountPoint, String size, String script, Path log) throws Exception {
        return run(mountPoint, size, script, log, 180);
    }

    /** {@link #run(Path, String, String, Path)} for a script that may take up to {@code timeoutSeconds}. */
    public static int run(Path mountPoint, String size, String script, Path log, int timeoutSeconds) throws Exception {
        Files.createDirectories(mountPoint);
        String wrapped = "set -u\nmount -t tmpfs -o size=" + size + " tmpfs \"$DISK\" || exit 97\n" + script;
        ProcessBuilder builder = new ProcessBuilder(List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", wrapped))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DISK", mountPoint.toString());
        Process process = builder.start();
        boolean ended = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "the script on the small disk did not end within " + timeoutSeconds + " s:\n" + output);
        int code = process.exitValue();
        assertTrue(code != 97 && !output.contains("unshare: "), "This test needs a small real disk: a tmpfs mounted in "
                + "a private user and mount namespace (unshare --user --map-root-user --mount). This machine refused:\n" + output);
        return code;
    }

    /** A shell word for {@code text}, single-quoted. */
    public static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** {@code command} as one line of shell words. */
    public static String shell(List<String> command) {
        return String.join(" ", command.stream().map(SmallDisk::quote).toList());
    }

    /** Asserts the log shows the script ran to its end (it echoes {@code marker} last). */
    public static void assertFinished(Path log, String marker) throws Exception {
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(true, output.contains(marker), output);
    }
}
