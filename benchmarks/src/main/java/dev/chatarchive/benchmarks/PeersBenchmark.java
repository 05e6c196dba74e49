package dev.chatarchive.benchmarks;

import dev.chatarchive.host.app.Main;
import dev.chatarchive.host.progress.ProgressListener;
import dev.chatarchive.host.progress.WorkProgress;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The "peers" section of {@code chat-archive benchmark} (issue #12): on one generated multilingual
 * export ({@link MultilingualExport}), in one run,
 * <ul>
 *   <li>whatsapp-chat-parser 4.0.2 (npm) parsing the file in a whole Node process, when {@code node}
 *       and {@code npm} are on the PATH: installed with npm into a temporary folder that is deleted
 *       afterwards; otherwise the row says "not measured" and why;
 *   <li>our export parser parsing the same file in a whole, cold JVM with the application's options;
 *   <li>{@code chat-archive import} of the file, end to end, through the real application in its own
 *       JVM (parse, store, index, exit), and the size of the data folder it leaves;
 *   <li>the raw SQLite insert limit: the ingest section's plain JDBC batch rate, for as many messages.
 * </ul>
 * The two parsers run twice each, alternately, and the faster run of each is kept, so that a burst of
 * load on a shared machine hits both sides alike. The load average is printed before and after.
 */
final class PeersBenchmark {

    /** The peer, exactly as the issue names it. */
    static final String PEER_PACKAGE = "whatsapp-chat-parser@4.0.2";

    private static final long PARSE_TIMEOUT_MINUTES = 20;
    private static final long IMPORT_TIMEOUT_MINUTES = 120;
    /** The size the issue states its targets at. */
    private static final long MILLION = 1_000_000;

    /** Our own few lines of JavaScript that run the peer: parse the file once, print the count and peak memory. */
    private static final String PEER_DRIVER = """
            'use strict';
            const fs = require('fs');
            const { parseString } = require(process.argv[2]);
            const messages = parseString(fs.readFileSync(process.argv[3], 'utf8'));
            console.log('peer-parse ' + messages.length + ' ' + process.resourceUsage().maxRSS);
            """;

    /**
     * One whole-process run: wall seconds, messages it counted, peak resident KB, and the CPU seconds
     * (user + system) it used, or a negative number when GNU time is not installed to tell.
     */
    record Run(double seconds, long messages, long peakKb, double cpuSeconds) {
    }

    /** GNU time, which tells a child's CPU time after it ended; optional. */
    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private final Path work;
    private final Path pluginsDirectory;
    private final Path pluginJar;
    private final long size;
    private final boolean reuse;
    private final double rawInsertsPerSecond;
    private final Consumer<String> out;
    private final Targets targets;
    private final boolean measurePeer;
    /** Where generating the export draws its progress (the suite's own steps); nowhere unless set. */
    private ProgressListener progress = ProgressListener.NONE;

    /**
     * @param rawInsertsPerSecond the ingest section's raw JDBC rate, or {@code NaN} when it ran too few
     *                            messages to give one
     * @param targets             where the targets this section measures are judged
     * @param measurePeer         whether to install and run the peer (tests pass {@code false}: they never
     *                            reach a package registry)
     */
    PeersBenchmark(Path work, Path pluginsDirectory, Path pluginJar, long size, boolean reuse,
                   double rawInsertsPerSecond, Consumer<String> out, Targets targets, boolean measurePeer) {
        this.measurePeer = measurePeer;
        this.targets = targets;
        this.work = work;
        this.pluginsDirectory = pluginsDirectory;
        this.pluginJar = pluginJar;
        this.size = size;
        this.reuse = reuse;
        this.rawInsertsPerSecond = rawInsertsPerSecond;
        this.out = out;
    }

    /** Draws the export's generation on {@code listener}. */
    PeersBenchmark drawingOn(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    void run() throws IOException, InterruptedException {
        Path export = work.resolve("peers-" + size + ".txt");
        if (!reuse || !Files.isRegularFile(export)) {
            String generating = "Generating a multilingual export of " + String.format(Locale.ROOT, "%,d", size) + " messages";
            MultilingualExport.write(export, size, 12, written -> progress.onProgress(
                    new WorkProgress("benchmark", generating, "messages", written, size)));
        }
        long exportBytes = Files.size(export);
        String loadBefore = loadAverage();
        Path peerFolder = Files.createTempDirectory("chat-archive-peer-");
        try {
            String notMeasured = null;
            Path peerModule = null;
            Optional<String> missing = measurePeer ? missingNodeTools() : Optional.of("switched off");
            if (missing.isPresent()) {
                notMeasured = missing.get();
            } else {
                Result installed = install(peerFolder);
                if (installed.problem != null) {
                    notMeasured = installed.problem;
                } else {
                    peerModule = installed.module;
                }
            }
            Run peer = null;
            Run ours = null;
            for (int round = 0; round < 2; round++) {
                if (peerModule != null) {
                    peer = faster(peer, parseWithPeer(peerFolder, peerModule, export));
                }
                ours = faster(ours, parseWithOurs(export));
            }
            Path data = work.resolve("peers-data");
            deleteTree(data);
            Run imported = importWithApp(export, data);
            int exitCode = (int) imported.messages();
            long dataBytes = treeSize(data);
            long cacheBytes = treeSize(data.resolve("providers"));
            long archiveBytes = dataBytes - cacheBytes - treeSize(data.resolve("logs"));
            String loadAfter = loadAverage();
            report(export, exportBytes, peer, notMeasured, ours, imported, exitCode, dataBytes, archiveBytes,
                    cacheBytes, loadBefore, loadAfter);
        } finally {
            deleteTree(peerFolder);
        }
    }

    private void report(Path export, long exportBytes, Run peer, String notMeasured, Run ours, Run imported,
                        int exitCode, long dataBytes, long archiveBytes, long cacheBytes, String loadBefore,
                        String loadAfter) {
        double rawSeconds = rawInsertsPerSecond > 0 ? size / rawInsertsPerSecond : Double.NaN;
        String messages = Targets.count(size) + " messages";
        line("");
        line("### Peers (generated multilingual Android export, " + String.format(Locale.ROOT, "%,d", size)
                + " messages, " + String.format(Locale.ROOT, "%.1f", exportBytes / 1e6) + " MB; " + export.getFileName()
                + ")");
        line("");
        line("Load average (1, 5, 15 min) before: " + loadBefore + "; after: " + loadAfter + ". On a machine shared with"
                + " other work, read the ratios (measured in this run) rather than the seconds.");
        line("");
        line("| | wall s | CPU s (user + system) | peak resident MB | messages | wall / whatsapp-chat-parser "
                + "| CPU / whatsapp-chat-parser |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        if (peer == null) {
            line("| whatsapp-chat-parser 4.0.2, parse only (Node, whole process) | not measured | | | | " + notMeasured
                    + " | |");
        } else {
            line(row("whatsapp-chat-parser 4.0.2, parse only (Node, whole process)", peer, peer));
        }
        line(row("our export parser, parse only (JVM with the app's options, whole process, cold)", ours, peer));
        line(row("chat-archive import, end to end (parse, store, index)" + (exitCode == 0 ? "" : ", exit " + exitCode),
                new Run(imported.seconds(), size, imported.peakKb(), imported.cpuSeconds()), peer));
        if (Double.isNaN(rawSeconds)) {
            line(String.format(Locale.ROOT, "| raw SQLite insert limit (JDBC batches, same schema, at the ingest section's"
                    + " rate) | not measured | | | %,d | the ingest section ran too few messages for a rate: pass"
                    + " --ingest 100k or more | |", size));
        } else {
            line(String.format(Locale.ROOT, "| raw SQLite insert limit (JDBC batches, same schema, at the ingest section's"
                    + " rate) | %.1f | | | %,d | %s | |", rawSeconds, size, ratio(rawSeconds, peer)));
        }
        line("");
        line(String.format(Locale.ROOT, "Storage after the import: data folder %.1f MB = %.2f× the export (archive %.1f MB,"
                        + " the plugin's parse cache %.1f MB).", dataBytes / 1e6, (double) dataBytes / exportBytes,
                archiveBytes / 1e6, cacheBytes / 1e6));
        if (peer != null) {
            double importRatio = imported.seconds() / peer.seconds();
            targets.measured("#12", "import of a 1M-message export ≤ 3× the peer's parse (wall)", String.format(Locale.ROOT,
                    "%.1f× wall%s, %s", importRatio, imported.cpuSeconds() > 0 && peer.cpuSeconds() > 0 ? String.format(
                            Locale.ROOT, ", %.1f× CPU", imported.cpuSeconds() / peer.cpuSeconds()) : "", messages),
                    size, MILLION, importRatio <= 3, importRatio / 3);
            double speedup = peer.seconds() / ours.seconds();
            targets.measured("#12", "export parsing ≥ 2× faster than the peer, cold whole process", String.format(
                    Locale.ROOT, "%.2f× as fast (wall)%s, %s", speedup, ours.cpuSeconds() > 0 && peer.cpuSeconds() > 0
                            ? String.format(Locale.ROOT, ", %.2f× by CPU", peer.cpuSeconds() / ours.cpuSeconds()) : "",
                    messages), size, MILLION, speedup >= 2, 2 / speedup);
            double memory = (double) ours.peakKb() / peer.peakKb();
            targets.measured("#12", "export parsing peak memory ≤ ¼ of the peer's", String.format(Locale.ROOT,
                    "%.2f of it, %s", memory, messages), size, MILLION, memory <= 0.25, memory / 0.25);
        } else {
            targets.notMeasured("#12", "import, parse speed and parse memory against whatsapp-chat-parser", notMeasured);
        }
        double storage = (double) dataBytes / exportBytes;
        targets.measured("#12", "data folder after the import ≤ 2.5× the export", String.format(Locale.ROOT, "%.2f×, %s",
                storage, messages), size, MILLION, storage <= 2.5, storage / 2.5);
    }

    private static String row(String name, Run run, Run peer) {
        return String.format(Locale.ROOT, "| %s | %.1f | %s | %,d | %,d | %s | %s |", name, run.seconds(),
                run.cpuSeconds() < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", run.cpuSeconds()),
                run.peakKb() / 1024, run.messages(), ratio(run.seconds(), peer),
                peer == null || run.cpuSeconds() < 0 || peer.cpuSeconds() <= 0 ? ""
                        : String.format(Locale.ROOT, "%.2f", run.cpuSeconds() / peer.cpuSeconds()));
    }

    private static String ratio(double seconds, Run peer) {
        return peer == null || Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, "%.2f", seconds / peer.seconds());
    }

    private static Run faster(Run best, Run candidate) {
        return best == null || candidate.seconds() < best.seconds() ? candidate : best;
    }

    // ---- the runs --------------------------------------------------------------------------------

    private record Result(Path module, String problem) {
    }

    private static Optional<String> missingNodeTools() {
        for (String tool : List.of("node", "npm")) {
            if (onPath(tool).isEmpty()) {
                return Optional.of(tool + " is not installed");
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Installs the peer with npm into {@code folder}; the module's folder, or why not. */
    private Result install(Path folder) throws IOException, InterruptedException {
        Files.writeString(folder.resolve("peer-parse.cjs"), PEER_DRIVER, StandardCharsets.UTF_8);
        Process npm = new ProcessBuilder("npm", "install", "--prefix", folder.toString(), "--no-audit", "--no-fund",
                "--no-save", "--loglevel=error", PEER_PACKAGE).redirectErrorStream(true)
                .redirectOutput(folder.resolve("npm.log").toFile()).start();
        if (!npm.waitFor(10, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            return new Result(null, "npm install " + PEER_PACKAGE + " did not finish in 10 minutes");
        }
        Path module = folder.resolve("node_modules").resolve("whatsapp-chat-parser");
        if (npm.exitValue() != 0 || !Files.isDirectory(module)) {
            List<String> log = Files.readAllLines(folder.resolve("npm.log"));
            return new Result(null, "npm install " + PEER_PACKAGE + " failed (" + (log.isEmpty() ? "exit "
                    + npm.exitValue() : log.get(log.size() - 1).replace('|', '/')) + ")");
        }
        return new Result(module, null);
    }

    private Run parseWithPeer(Path folder, Path module, Path export) throws IOException, InterruptedException {
        return timedParse(List.of("node", folder.resolve("peer-parse.cjs").toString(), module.toString(),
                export.toString()));
    }

    private Run parseWithOurs(Path export) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(AppJvmOptions.list());
        command.addAll(List.of("-cp", System.getProperty("java.class.path") + File.pathSeparator + pluginJar,
                PeerParse.class.getName(), export.toString()));
        return timedParse(command);
    }

    /** Runs a parser process and times it whole; it prints {@code peer-parse <messages> <peakKb>} last. */
    private Run timedParse(List<String> command) throws IOException, InterruptedException {
        Path cpuFile = work.resolve("peers-cpu.txt");
        Files.deleteIfExists(cpuFile);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(withCpuTime(command, cpuFile)).redirectErrorStream(true).start();
        String last = "";
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (!line.isBlank()) {
                    last = line;
                }
            }
        }
        if (!process.waitFor(PARSE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("A parser did not finish in " + PARSE_TIMEOUT_MINUTES + " minutes: " + command);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (process.exitValue() != 0 || !last.startsWith(PeerParse.RESULT)) {
            throw new IllegalStateException("A parser failed (exit " + process.exitValue() + "): " + last);
        }
        String[] words = last.split(" ");
        return new Run(seconds, Long.parseLong(words[1]), Long.parseLong(words[2]), cpuSeconds(cpuFile));
    }

    /** The real application imports the file; {@link Run#messages()} holds its exit code. */
    private Run importWithApp(Path export, Path data) throws IOException, InterruptedException {
        Files.createDirectories(data);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(AppJvmOptions.list());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--data-dir",
                data.toString(), "--plugins-dir", pluginsDirectory.toString(), "import", export.toString()));
        Path log = work.resolve("peers-import.log");
        Path cpuFile = work.resolve("peers-cpu.txt");
        Files.deleteIfExists(cpuFile);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(withCpuTime(command, cpuFile)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long peakKb = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(IMPORT_TIMEOUT_MINUTES);
        while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, Benchmarks.peakResidentKb(process.pid()));
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The import did not finish in " + IMPORT_TIMEOUT_MINUTES
                        + " minutes; see " + log);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // Under GNU time the sampled process is time itself, so its own maximum (%M) is the JVM's peak.
        return new Run(seconds, process.exitValue(), Math.max(peakKb, timedPeakKb(cpuFile)), cpuSeconds(cpuFile));
    }

    /** {@code command} run under GNU time writing its CPU seconds to {@code cpuFile}, when GNU time is there. */
    private static List<String> withCpuTime(List<String> command, Path cpuFile) {
        if (!Files.isExecutable(GNU_TIME)) {
            return command;
        }
        List<String> timed = new ArrayList<>(List.of(GNU_TIME.toString(), "-f", "cpu %U %S %M", "-o", cpuFile.toString()));
        timed.addAll(command);
        return timed;
    }

    private static long timedPeakKb(Path cpuFile) {
        try {
            for (String line : Files.readAllLines(cpuFile)) {
                if (line.startsWith("cpu ")) {
                    return Long.parseLong(line.split(" ")[3]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no GNU time: the sampled peak stands
        }
        return 0;
    }

    private static double cpuSeconds(Path cpuFile) {
        try {
            for (String line : Files.readAllLines(cpuFile)) {
                if (line.startsWith("cpu ")) {
                    String[] words = line.split(" ");
                    return Double.parseDouble(words[1]) + Double.parseDouble(words[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no GNU time, or it wrote nothing: CPU time unknown
        }
        return -1;
    }

    // ---- files and the machine -------------------------------------------------------------------

    private static String loadAverage() {
        try {
            String[] words = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return words[0] + ", " + words[1] + ", " + words[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static long treeSize(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            long total = 0;
            for (Path path : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(path);
            }
            return total;
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void line(String text) {
        out.accept(text);
    }
}
