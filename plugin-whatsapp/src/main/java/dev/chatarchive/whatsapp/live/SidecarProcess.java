package dev.chatarchive.whatsapp.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running sidecar: a Node.js child process spoken to in JSON lines (docs/whatsapp-live.md).
 *
 * <p>A reader thread parses stdout: replies complete the future of the command with the same id,
 * events go to the listener (on that thread, in order). Another thread copies stderr, the sidecar's
 * log, into the plugin's log. Commands may be sent from any thread. When the process ends, every
 * waiting command fails with {@link SidecarGoneException}.
 */
final class SidecarProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarProcess.class);
    static final ObjectMapper JSON = new ObjectMapper();

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
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                dispatch(line);
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

    private void dispatch(String line) {
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (IOException e) {
            // Only protocol lines belong on stdout; a stray one is logged, never fatal.
            LOG.warn("The WhatsApp sidecar wrote a line that is not JSON: {}", abbreviate(line));
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
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.contains("\"level\":\"error\"") || line.contains("\"level\":\"fatal\"")) {
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

    /** Asks the sidecar to shut down, and ends it if it does not within a few seconds. */
    @Override
    public void close() {
        closing = true;
        if (process.isAlive()) {
            try {
                send("shutdown", null).get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("The sidecar did not confirm its shutdown", e);
            }
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(2, TimeUnit.SECONDS)) {
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
}
