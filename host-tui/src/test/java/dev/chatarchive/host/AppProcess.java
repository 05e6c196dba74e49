package dev.chatarchive.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real application in a child JVM ({@code java -cp <test class path> dev.chatarchive.host.app.Main}),
 * with an environment the test chooses (only what it names, plus PATH), its output in files.
 */
public final class AppProcess {

    /** What a finished run came to. */
    public record Result(int exitCode, String out, String err) {
        /** Both streams, for assertion messages. */
        public String both() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path work;
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();

    private AppProcess(Path work) {
        this.work = work;
        String path = System.getenv("PATH");
        if (path != null) {
            environment.put("PATH", path);
        }
    }

    /** A launcher whose output files go to {@code work}. */
    public static AppProcess in(Path work) {
        return new AppProcess(work);
    }

    /** Sets an environment variable of the child. */
    public AppProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Adds a JVM option of the child ({@code -Xmx64m}). */
    public AppProcess jvm(String option) {
        jvmOptions.add(option);
        return this;
    }

    /** The command line that runs the app with {@code args}. */
    public List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), dev.chatarchive.host.app.Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Starts the app with {@code args}; stdin is empty, stdout and stderr go to files in the work folder. */
    public Started start(String... args) throws IOException {
        Files.createDirectories(work);
        String stamp = Long.toString(System.nanoTime());
        Path out = work.resolve("app-" + stamp + ".out");
        Path err = work.resolve("app-" + stamp + ".err");
        ProcessBuilder builder = new ProcessBuilder(command(args))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new Started(builder.start(), out, err);
    }

    /** Runs the app with {@code args} to its end (at most five minutes). */
    public Result run(String... args) throws Exception {
        return start(args).await();
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** A running app. */
    public record Started(Process process, Path out, Path err) {

        /** Waits for the end (at most five minutes) and reads its output. */
        public Result await() throws Exception {
            boolean ended = process.waitFor(300, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            assertTrue(ended, "the app did not end within five minutes: " + read(out) + read(err));
            return new Result(process.exitValue(), read(out), read(err));
        }

        /** What it printed on stdout so far. */
        public String outSoFar() throws IOException {
            return read(out);
        }

        private static String read(Path file) throws IOException {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
    }
}
