package dev.chatarchive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat-archive benchmark} as the launcher runs it: the application's jar, with the checkout
 * as its folder, finds this module's jar and runs it in a JVM of its own.
 */
class BenchmarkCommandIT {

    private static final Path CHECKOUT = Path.of(System.getProperty("chatarchive.checkout", "..")).toAbsolutePath().normalize();

    @TempDir
    Path data;

    @Test
    void benchmarkHelp_throughTheApplication_isTheBenchmarksOwnHelp() throws Exception {
        Path output = data.resolve("output.txt");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dchatarchive.app.dir=" + CHECKOUT, "-jar", CHECKOUT.resolve("host-tui/target/chat-archive.jar").toString(),
                "--data-dir", data.toString(), "benchmark", "--help")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();

        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "chat-archive benchmark --help did not finish");
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, app.exitValue(), printed);
        assertTrue(printed.startsWith("Usage: chat-archive benchmark"), printed);
        for (String option : List.of("--sizes", "--ingest", "--parse", "--work", "--reuse", "--report")) {
            assertTrue(printed.contains(option), option + " is missing from:\n" + printed);
        }
    }

    @Test
    void shippedJars_holdNoBenchmarkCode() throws IOException {
        Path plugin;
        try (var jars = Files.list(Path.of(System.getProperty("chatarchive.plugins.dir")))) {
            plugin = jars.filter(jar -> jar.getFileName().toString().startsWith("chat-archive-plugin-whatsapp")).findFirst()
                    .orElseThrow();
        }
        Set<String> benchmarkClasses = new TreeSet<>(simpleClassNames(CHECKOUT.resolve("benchmarks/target/chat-archive-benchmarks.jar"),
                "dev/chatarchive/benchmarks/"));
        benchmarkClasses.add("SyntheticExport");
        // Every package has its package-info (a description, no code), the shipped ones too.
        benchmarkClasses.remove("package-info");
        assertTrue(benchmarkClasses.containsAll(List.of("Benchmarks", "BenchmarkMain", "ParseBenchmark", "SyntheticCorpus")),
                benchmarkClasses.toString());

        for (Path shipped : List.of(CHECKOUT.resolve("host-tui/target/chat-archive.jar"), plugin)) {
            Set<String> shippedBenchmarkClasses = new TreeSet<>(simpleClassNames(shipped, "dev/chatarchive/"));
            shippedBenchmarkClasses.retainAll(benchmarkClasses);
            assertEquals(Set.of(), shippedBenchmarkClasses, shipped + " ships benchmark code");
        }
    }

    /** The simple names of the top-level classes in {@code jar} under {@code prefix}. */
    private static List<String> simpleClassNames(Path jar, String prefix) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith(prefix) && name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(name.lastIndexOf('/') + 1, name.length() - ".class".length()))
                    .toList();
        }
    }
}
