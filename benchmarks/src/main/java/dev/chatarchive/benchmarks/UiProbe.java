package dev.chatarchive.benchmarks;

import dev.chatarchive.host.app.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real application in a real terminal: starts chat-archive on an archive inside a detached tmux
 * session (a pseudo-terminal, as a user's), measures the time from launch to the first screen showing
 * the chat list and the CPU the app had used by then, then optionally browses with keys (open the
 * largest chat, page back a long way, search) and reads the process's peak resident memory from
 * {@code /proc}.
 *
 * <p>Two ways to start it: through the launcher ({@code ./chat-archive}, as a user does, so with the
 * AppCDS archive the launcher keeps when it is current), or a plain {@code java -cp ... Main} with the
 * launcher's JVM options (what this probe did before: no class-data sharing). Each probe runs its own tmux
 * server (a socket named after this process), so two benchmarks on one machine never touch each other's
 * session.
 */
final class UiProbe {

    /**
     * What was measured.
     *
     * @param firstScreenMillis    launch (JVM start included) to the chat list on screen
     * @param cpuAtFirstScreenMillis user + system CPU of the app's process when the chat list showed (all its
     *                             threads: plugin loading in the background included)
     * @param peakResidentMb       the app's peak resident memory after browsing (0 when it did not browse)
     * @param throughLauncher      whether the process was started by {@code ./chat-archive}
     * @param classDataSharing     whether the JVM was given the launcher's AppCDS archive
     */
    record Result(long firstScreenMillis, long cpuAtFirstScreenMillis, long peakResidentMb, boolean throughLauncher,
                  boolean classDataSharing) {
    }

    /** How the probe starts the app. */
    record Launch(Path launcher) {

        /** Through {@code launcher} ({@code ./chat-archive} of a checkout). */
        static Launch through(Path launcher) {
            return new Launch(launcher);
        }

        /** A plain {@code java -cp} of this JVM's class path with the launcher's JVM options. */
        static Launch plainJava() {
            return new Launch(null);
        }
    }

    private static final String SESSION = "chat-archive-benchmark";
    private static final String SOCKET = "chat-archive-benchmark-" + ProcessHandle.current().pid();

    private UiProbe() {
    }

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The launcher of the checkout this runs from ({@code chatarchive.app.dir}, set by it), if there is one. */
    static java.util.Optional<Path> checkoutLauncher() {
        String folder = System.getProperty("chatarchive.app.dir");
        if (folder == null) {
            return java.util.Optional.empty();
        }
        Path launcher = Path.of(folder, "chat-archive");
        return Files.isExecutable(launcher) ? java.util.Optional.of(launcher) : java.util.Optional.empty();
    }

    /**
     * Makes sure the launcher's AppCDS archive is current before a measured launch: one launch that quits at
     * the first screen (it starts the launcher's training run when the archive is missing or stale), then
     * waits while that run works (its lock folder, {@code host-tui/target/cds/making}, is there), at most
     * ten minutes (the training run's own limit).
     */
    static void prepareClassDataSharing(Path archive, Path pluginsDirectory, Path dataDirectory, String firstScreenText,
                                        Path launcher) throws IOException, InterruptedException {
        run(archive, pluginsDirectory, dataDirectory, firstScreenText, null, Launch.through(launcher));
        Path making = launcher.toAbsolutePath().getParent().resolve("host-tui/target/cds/making");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        Thread.sleep(1_000);
        while (Files.exists(making) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
    }

    /**
     * Starts the app on {@code archive}, waits for {@code firstScreenText}, then browses into
     * {@code largestChatTitle} (null: quits at once) and quits.
     */
    static Result run(Path archive, Path pluginsDirectory, Path dataDirectory, String firstScreenText,
                      String largestChatTitle, Launch launch)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDirectory);
        List<String> app = new ArrayList<>();
        if (launch.launcher() != null) {
            app.add(launch.launcher().toAbsolutePath().toString());
        } else {
            app.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            app.addAll(AppJvmOptions.list());
            app.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        app.addAll(List.of("--archive", archive.toString(), "--plugins-dir", pluginsDirectory.toString(),
                "--data-dir", dataDirectory.toString()));
        tmux("kill-session", "-t", SESSION);
        long started = System.nanoTime();
        // One shell command: tmux runs it with sh -c; exec makes the pane's process the launcher, which execs
        // java, so the pane's process is the app's JVM either way.
        tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40",
                "exec " + String.join(" ", app.stream().map(UiProbe::quoted).toList()));
        try {
            waitForScreen(firstScreenText, 120_000);
            long firstScreen = (System.nanoTime() - started) / 1_000_000;
            String pid = tmuxOutput("display-message", "-p", "-t", SESSION, "#{pane_pid}").strip();
            long cpuMillis = cpuMillis(pid);
            String commandLine = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
            boolean throughLauncher = commandLine.contains("-Dchatarchive.app.dir=");
            boolean sharing = commandLine.contains("-XX:SharedArchiveFile=");
            long peakKb = 0;
            if (largestChatTitle != null) {
                // Open the largest chat: filter the list by its title, then open the match.
                keys("f");
                keys("-l", largestChatTitle);
                Thread.sleep(500);
                keys("Enter");
                Thread.sleep(1_000);
                for (int i = 0; i < 150; i++) {
                    keys("PPage");
                    Thread.sleep(20);
                }
                keys("/");
                keys("-l", SyntheticCorpus.COMMON_WORD);
                keys("Enter");
                Thread.sleep(2_000);
                keys("Escape");
                keys("G");
                Thread.sleep(500);
                peakKb = peakResidentKb(pid);
            }
            keys("q");
            return new Result(firstScreen, cpuMillis, peakKb / 1024, throughLauncher, sharing);
        } finally {
            Thread.sleep(500);
            tmux("kill-server");
        }
    }

    /** User + system CPU time of process {@code pid} so far, from {@code /proc/PID/stat} (clock ticks of 10 ms). */
    static long cpuMillis(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command's name: state is field 3 of the man page, utime 14 and stime 15
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static void waitForScreen(String text, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (tmuxOutput("capture-pane", "-p", "-t", SESSION).contains(text)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("chat-archive did not show '" + text + "' within " + timeoutMillis
                + " ms; the screen was:\n" + tmuxOutput("capture-pane", "-p", "-t", SESSION));
    }

    private static long peakResidentKb(String pid) throws IOException, InterruptedException {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("chat-archive (process " + pid + ") is no longer running after the keys were "
                + "sent, so its memory cannot be read; the screen was:\n" + tmuxOutput("capture-pane", "-p", "-t", SESSION));
    }

    private static void keys(String... keys) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        command.addAll(List.of(keys));
        tmux(command.toArray(String[]::new));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void tmux(String... arguments) throws IOException, InterruptedException {
        tmuxOutput(arguments);
    }

    private static String tmuxOutput(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", SOCKET));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }
}
