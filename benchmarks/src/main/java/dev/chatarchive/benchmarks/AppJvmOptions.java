package dev.chatarchive.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM options the launcher gives the application: host-tui/jvm.options, packaged into this jar by
 * the build (benchmarks/pom.xml), so every probe that starts the app in its own JVM measures what a
 * user runs and a change to that one file reaches every probe.
 */
final class AppJvmOptions {

    /** Where the build puts the copy of host-tui/jvm.options, beside this class. */
    static final String RESOURCE = "jvm.options";

    private static final List<String> OPTIONS = read();

    private AppJvmOptions() {
    }

    /** The options, in the file's order. */
    static List<String> list() {
        return OPTIONS;
    }

    /** The file's lines as the launcher reads them: stripped, blank lines and comments skipped. */
    static List<String> parse(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static List<String> read() {
        try (InputStream in = AppJvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The benchmarks jar holds no copy of host-tui/jvm.options; rebuild it "
                        + "(mvn -B -DskipTests package -pl host-tui,benchmarks -am).");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the packaged host-tui/jvm.options: " + e.getMessage(), e);
        }
    }
}
