package dev.chatarchive.whatsapp.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running sidecar: a Node.js child process spoken to in JSON lines (docs/whatsapp-live.md).
 *
 * <p>A reader thread parses stdout: replies complete the future of the command with the same id,
 * events go to the listener (on that thread, in order). Another thread copies stderr, the sidecar's
 * log, into the plugin's log. Commands may be sent from any thread. When the process ends, every
 * waiting command fails with {@link SidecarGoneException}.
 *
 * <p>Nothing the sidecar writes can exhaust the heap or flood the log: a stdout line longer than
 * {@link #MAX_PROTOCOL_LINE} bytes is dropped and reported (and the command it answered fails), a
 * stderr line is cut at {@link #MAX_LOG_LINE} bytes, and lines that are not the JSON they should be
 * are logged at most {@link #NOISE_PER_MINUTE} a minute, the rest counted.
 */
final class SidecarProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarProcess.class);
    static final ObjectMapper JSON = new ObjectMapper();
    /** The longest protocol line taken; the sidecar keeps its lines far below (docs/whatsapp-live.md). */
    static final int MAX_PROTOCOL_LINE = 8 * 1024 * 1024;
    /** The longest log line copied whole. */
    static final int MAX_LOG_LINE = 64 * 1024;
    /** How many stray lines a minute are logged one by one. */
    static final int NOISE_PER_MINUTE = 5;
    private static final Pattern REPLY_ID = Pattern.compile("\"id\"\\s*:\\s*\"(j\\d+)\"");

    private final Process process;
    private final Writer stdin;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Consumer<JsonNode> events;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean closing;

    private SidecarProcess(Process process, Consumer<JsonNode> events) {
        this.process = process;
        this.events = events;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts {@code command} in {@code folder}; events go to {@code events}. */
    static SidecarProcess start(List<String> command, Path folder, Consumer<JsonNode> events) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        SidecarProcess sidecar = new SidecarProcess(builder.start(), events);
        sidecar.startThreads();
        return sidecar;
    }

    private void startThreads() {
        Thread reader = new Thread(this::readStdout, "whatsapp-sidecar-" + process.pid() + "-out");
        reader.setDaemon(true);
        reader.start();
        Thread logger = new Thread(this::copyStderr, "whatsapp-sidecar-" + process.pid() + "-log");
        logger.setDaemon(true);
        logger.start();
    }

    private void readStdout() {
        try (InputStream out = process.getInputStream()) {
            SidecarLines lines = new SidecarLines(out, MAX_PROTOCOL_LINE);
            SidecarLines.Line line;
            while ((line = lines.next()) != null) {
                if (line.oversize()) {
                    dropOversize(line);
                } else {
                    dispatch(line.text());
                }
            }
        } catch (IOException e) {
            LOG.debug("The sidecar's output closed", e);
        } finally {
            waitForExit();
            SidecarGoneException gone = new SidecarGoneException("The WhatsApp sidecar stopped (exit code "
                    + (process.isAlive() ? "unknown" : String.valueOf(process.exitValue())) + ").");
            waiting.values().forEach(future -> future.completeExceptionally(gone));
            waiting.clear();
            ended.complete(null);
        }
    }

    private void waitForExit() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A line too long to take: reported, and the command it answers (if it says which) fails. */
    private void dropOversize(SidecarLines.Line line) {
        LOG.warn("The WhatsApp sidecar wrote a line of {} bytes, more than the {} allowed; dropped it. It began: {}",
                line.length(), MAX_PROTOCOL_LINE, abbreviate(line.text()));
        Matcher id = REPLY_ID.matcher(line.text());
        if (id.find() && !line.text().contains("\"event\"")) {
            CompletableFuture<JsonNode> future = waiting.remove(id.group(1));
            if (future != null) {
                future.completeExceptionally(new SidecarCommandException("TOO_LARGE", "The WhatsApp sidecar's answer was"
                        + " larger than " + (MAX_PROTOCOL_LINE / (1024 * 1024)) + " MB and was dropped.", true));
            }
        }
    }

    private void dispatch(String line) {
        if (line.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (IOException e) {
            // Only protocol lines belong on stdout; a stray one is logged (within limits), never fatal.
            stdoutNoise.report(line);
            return;
        }
        if (!message.isObject()) {
            stdoutNoise.report(line);
            return;
        }
        if (message.hasNonNull("event")) {
            try {
                events.accept(message);
            } catch (RuntimeException e) {
                LOG.error("Handling the sidecar's '{}' event failed", message.path("event").asText(), e);
            }
            return;
        }
        CompletableFuture<JsonNode> future = waiting.remove(message.path("id").asText());
        if (future == null) {
            LOG.warn("The WhatsApp sidecar answered a command nobody waits for: {}", abbreviate(line));
        } else if (message.path("ok").asBoolean(false)) {
            future.complete(message.path("data"));
        } else {
            JsonNode error = message.path("error");
            future.completeExceptionally(new SidecarCommandException(error.path("code").asText("INTERNAL"),
                    error.path("message").asText("The sidecar failed without saying why."),
                    error.path("retryable").asBoolean(true)));
        }
    }

    private void copyStderr() {
        try (InputStream err = process.getErrorStream()) {
            SidecarLines lines = new SidecarLines(err, MAX_LOG_LINE);
            SidecarLines.Line read;
            while ((read = lines.next()) != null) {
                String line = read.oversize()
                        ? read.text() + "… (" + read.length() + " bytes, cut)"
                        : read.text();
                if (!line.startsWith("{")) {
                    stderrNoise.report(line);
                } else if (line.contains("\"level\":\"error\"") || line.contains("\"level\":\"fatal\"")) {
                    LOG.warn("sidecar: {}", line);
                } else if (line.contains("\"level\":\"warn\"")) {
                    LOG.info("sidecar: {}", line);
                } else {
                    LOG.debug("sidecar: {}", line);
                }
            }
        } catch (IOException e) {
            LOG.debug("The sidecar's log stream closed", e);
        }
    }

    /**
     * Sends a command. The future completes with the reply's {@code data}, or fails with
     * {@link SidecarCommandException} (the sidecar said no) or {@link SidecarGoneException}.
     */
    CompletableFuture<JsonNode> send(String command, ObjectNode args) {
        String id = "j" + nextId.incrementAndGet();
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        if (ended.isDone()) {
            future.completeExceptionally(new SidecarGoneException("The WhatsApp sidecar is not running."));
            return future;
        }
        waiting.put(id, future);
        ObjectNode line = JSON.createObjectNode().put("v", 1).put("id", id).put("cmd", command);
        line.set("args", args == null ? JSON.createObjectNode() : args);
        try {
            synchronized (stdin) {
                stdin.write(JSON.writeValueAsString(line));
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            waiting.remove(id);
            future.completeExceptionally(new SidecarGoneException("The WhatsApp sidecar stopped listening: " + e.getMessage()));
        }
        if (ended.isDone() && waiting.remove(id) != null) {
            future.completeExceptionally(new SidecarGoneException("The WhatsApp sidecar is not running."));
        }
        return future;
    }

    /** Completes when the process has ended and every waiting command has failed. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    boolean closing() {
        return closing;
    }

    long pid() {
        return process.pid();
    }

    /** Ends the process the hard way, as a crash would (for tests of recovery). */
    void kill() {
        process.destroyForcibly();
    }

    /**
     * Asks the sidecar to shut down, which it answers once the link's keys it was writing are on
     * disk; then, if it has not left, SIGTERM (which the sidecar handles the same way); only a
     * sidecar that ignores both is killed.
     */
    @Override
    public void close() {
        closing = true;
        if (process.isAlive()) {
            try {
                send("shutdown", null).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("The sidecar did not confirm its shutdown", e);
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    LOG.warn("The WhatsApp sidecar did not leave after 'shutdown'; sending SIGTERM");
                    process.destroy();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        LOG.warn("The WhatsApp sidecar ignored SIGTERM; killing it");
                        process.destroyForcibly();
                    }
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            ended.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("The sidecar's reader did not finish", e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 300 ? line : line.substring(0, 300) + "…";
    }

    private final NoiseLog stdoutNoise = new NoiseLog("The WhatsApp sidecar wrote a line that is not a protocol message");
    private final NoiseLog stderrNoise = new NoiseLog("The WhatsApp sidecar wrote a log line that is not JSON");

    /** Logs stray lines one by one up to {@link #NOISE_PER_MINUTE} a minute, then only how many were left out. */
    private static final class NoiseLog {
        private final String what;
        private long windowStart = System.nanoTime();
        private int inWindow;
        private long leftOut;

        NoiseLog(String what) {
            this.what = what;
        }

        synchronized void report(String line) {
            long now = System.nanoTime();
            if (now - windowStart > TimeUnit.MINUTES.toNanos(1)) {
                if (leftOut > 0) {
                    LOG.warn("{}: {} more such lines in the last minute were not logged", what, leftOut);
                }
                windowStart = now;
                inWindow = 0;
                leftOut = 0;
            }
            if (inWindow < NOISE_PER_MINUTE) {
                inWindow++;
                LOG.warn("{}: {}", what, abbreviate(line));
            } else {
                leftOut++;
            }
        }
    }
}
