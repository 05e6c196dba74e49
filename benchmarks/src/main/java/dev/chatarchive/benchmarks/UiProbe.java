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
 * the chat list, then browses with keys (open the largest chat, page back a long way, search) and
 * reads the process's peak resident memory from {@code /proc}.
 */
final class UiProbe {

    /**
     * What was measured.
     *
     * @param firstScreenMillis launch (JVM start included) to the chat list on screen
     * @param peakResidentMb    the app's peak resident memory after browsing
     */
    record Result(long firstScreenMillis, long peakResidentMb) {
    }

    private static final String SESSION = "chat-archive-benchmark";

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

    static Result run(Path archive, Path pluginsDirectory, Path dataDirectory, String firstScreenText,
                      String largestChatTitle)
            throws IOException, InterruptedException {
        Files.createDirectories(dataDirectory);
        List<String> app = new ArrayList<>();
        app.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        app.addAll(AppJvmOptions.list());
        app.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--archive", archive.toString(), "--plugins-dir", pluginsDirectory.toString(),
                "--data-dir", dataDirectory.toString()));
        tmux("kill-session", "-t", SESSION);
        long started = System.nanoTime();
        // One shell command: tmux runs it with sh -c, and exec makes the pane's process the app itself.
        tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40",
                "exec " + String.join(" ", app.stream().map(UiProbe::quoted).toList()));
        try {
            waitForScreen(firstScreenText, 120_000);
            long firstScreen = (System.nanoTime() - started) / 1_000_000;
            String pid = tmuxOutput("display-message", "-p", "-t", SESSION, "#{pane_pid}").strip();
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
            long peakKb = peakResidentKb(pid);
            keys("q");
            return new Result(firstScreen, peakKb / 1024);
        } finally {
            Thread.sleep(500);
            tmux("kill-session", "-t", SESSION);
        }
    }

    private static void waitForScreen(String text, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (tmuxOutput("capture-pane", "-p", "-t", SESSION).contains(text)) {
                return;
            }
            Thread.sleep(20);
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
        List<String> command = new ArrayList<>();
        command.add("tmux");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }
}
