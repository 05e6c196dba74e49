package dev.chatarchive.whatsapp.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderException;
import dev.chatarchive.api.RetryableProviderException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one sidecar running for one account: installs its packages if needed, starts it, checks the
 * protocol version ("hello"), tells it to connect, and starts it again after it stops, with pauses
 * that double from {@code live.restart-delay} up to a minute (back to the first after it ran a
 * minute). It never restarts after {@link #close()}, nor after a failure no restart can mend (Node.js
 * missing, a protocol mismatch, packages that will not install).
 */
final class SidecarSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SidecarSupervisor.class);
    static final int PROTOCOL_VERSION = 1;
    private static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /** What the supervisor reports to its source. */
    interface Listener {
        /** An event line from the sidecar. */
        void onEvent(JsonNode event);

        /** The sidecar is being installed or started. */
        void onStarting(String sentence);

        /** The sidecar stopped; {@code restarting} tells whether it will be started again. */
        void onDown(String sentence, boolean restarting);
    }

    private final LiveSettings settings;
    private final Path folder;
    private final Path authFolder;
    private final Listener listener;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "whatsapp-sidecar-supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private volatile SidecarProcess current;
    private volatile boolean closed;
    private volatile String downReason = "The WhatsApp sidecar is starting.";
    private volatile boolean gaveUp;
    private int failures;

    SidecarSupervisor(LiveSettings settings, Path folder, Path authFolder, Listener listener) {
        this.settings = settings;
        this.folder = folder;
        this.authFolder = authFolder;
        this.listener = listener;
    }

    /** Starts the sidecar in the background. */
    void start() {
        scheduler.execute(this::launch);
    }

    /**
     * The running sidecar.
     *
     * @throws RetryableProviderException while it is starting or restarting
     * @throws PermanentProviderException when it could not start and will not be retried
     */
    SidecarProcess current() throws ProviderException {
        SidecarProcess process = current;
        if (process != null) {
            return process;
        }
        if (gaveUp) {
            throw new PermanentProviderException(downReason);
        }
        throw new RetryableProviderException(downReason);
    }

    private void launch() {
        if (closed) {
            return;
        }
        SidecarProcess process = null;
        try {
            if (settings.usesBaileys()) {
                if (!SidecarFiles.dependenciesInstalled(folder)) {
                    if (!settings.autoInstall()) {
                        throw new PermanentProviderException("Live mode needs the sidecar's npm packages: run 'npm ci"
                                + " --omit=dev --prefix " + folder + "', or set whatsapp.live.install=auto.");
                    }
                    listener.onStarting("Installing WhatsApp live support (one time, needs npm)…");
                }
                SidecarFiles.installDependencies(folder, settings.npm());
            }
            if (closed) {
                return;
            }
            listener.onStarting("Starting WhatsApp live support…");
            process = SidecarProcess.start(command(), folder, listener::onEvent);
            JsonNode hello = process.send("hello", SidecarProcess.JSON.createObjectNode().put("protocol", PROTOCOL_VERSION))
                    .get(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("WhatsApp sidecar {} (pid {}) on {} {}, Node {}", hello.path("sidecar").asText(), process.pid(),
                    hello.path("socket").asText(), hello.path("baileys").asText(), hello.path("node").asText());
            // Requests reach the sidecar from here on (until connect is taken it answers "not connected",
            // retryable): the link may open, and say so, before this thread sees connect's reply.
            current = process;
            process.send("connect", connectArguments()).get(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Instant startedAt = Instant.now();
            SidecarProcess started = process;
            process.ended().thenRun(() -> onEnded(started, startedAt));
            if (closed) { // close() ran while this start was under way
                current = null;
                process.close();
            }
        } catch (PermanentProviderException e) {
            giveUp(process, e.getMessage());
        } catch (IOException e) {
            giveUp(process, "Live mode needs Node.js 20 or newer, and '" + settings.node() + "' cannot be started ("
                    + e.getMessage() + "). Install Node.js, or set whatsapp.live.node to its path.");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SidecarCommandException refused && !refused.retryable()) {
                giveUp(process, "The WhatsApp sidecar refused to start: " + refused.getMessage());
            } else {
                retryLater(process, "The WhatsApp sidecar failed to start: " + e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            retryLater(process, "The WhatsApp sidecar did not answer within " + HANDSHAKE_TIMEOUT.toSeconds() + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                forget(process);
                process.kill();
            }
        } catch (RuntimeException e) {
            LOG.error("Starting the WhatsApp sidecar failed", e);
            retryLater(process, "The WhatsApp sidecar failed to start: " + e.getMessage());
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of(settings.node(), folder.resolve(SidecarFiles.entryPoint()).toString()));
        if (settings.socketModule() != null) {
            command.add("--socket-module");
            command.add(settings.socketModule().toAbsolutePath().toString());
        }
        if (settings.socketConfig() != null) {
            command.add("--socket-config");
            command.add(settings.socketConfig().toAbsolutePath().toString());
        }
        return command;
    }

    private ObjectNode connectArguments() {
        ObjectNode args = SidecarProcess.JSON.createObjectNode()
                .put("authDir", authFolder.toAbsolutePath().toString())
                .put("pauseMs", settings.pause().toMillis())
                .put("requestTimeoutMs", settings.requestTimeout().toMillis())
                .put("quietPeriodMs", settings.quietPeriod().toMillis())
                .put("timestampUnit", settings.anchorTimestampUnit().wireName())
                .put("reconnectBaseMs", Math.max(settings.restartDelay().toMillis(), 1));
        if (settings.waVersion() != null) {
            args.put("waVersion", settings.waVersion());
        }
        ObjectNode pairing = args.putObject("pairing");
        if (settings.pairingPhone() != null) {
            pairing.put("mode", "code").put("phone", settings.pairingPhone());
        } else {
            pairing.put("mode", "qr");
        }
        return args;
    }

    private void onEnded(SidecarProcess process, Instant startedAt) {
        if (current == process) {
            current = null;
        }
        if (closed || process.closing()) {
            return;
        }
        synchronized (this) {
            if (Duration.between(startedAt, Instant.now()).compareTo(MAX_RESTART_DELAY) > 0) {
                failures = 0;
            }
        }
        retryLater(null, "The WhatsApp sidecar stopped unexpectedly; it is being restarted.");
    }

    /** A process that failed to start is no longer the one requests go to. */
    private void forget(SidecarProcess failed) {
        if (current == failed) {
            current = null;
        }
    }

    private void retryLater(SidecarProcess failed, String sentence) {
        if (failed != null) {
            forget(failed);
            failed.kill();
        }
        if (closed) {
            return;
        }
        Duration delay;
        synchronized (this) {
            long factor = 1L << Math.min(failures, 16);
            delay = settings.restartDelay().multipliedBy(factor);
            if (delay.compareTo(MAX_RESTART_DELAY) > 0) {
                delay = MAX_RESTART_DELAY;
            }
            failures++;
        }
        downReason = sentence + " Try again in a moment.";
        LOG.warn("{} Restarting in {} ms.", sentence, delay.toMillis());
        listener.onDown(sentence, true);
        try {
            scheduler.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("The supervisor closed while scheduling a restart", e);
        }
    }

    private void giveUp(SidecarProcess failed, String sentence) {
        if (failed != null) {
            forget(failed);
            failed.kill();
        }
        downReason = sentence;
        gaveUp = true;
        LOG.error("{}", sentence);
        listener.onDown(sentence, false);
    }

    /** Stops the sidecar (politely, then firmly) and never starts it again. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            // A start under way must finish (and see 'closed') before the caller removes our folders.
            if (!scheduler.awaitTermination(35, TimeUnit.SECONDS)) {
                LOG.warn("The WhatsApp sidecar supervisor did not stop within 35 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SidecarProcess process = current;
        current = null;
        if (process != null) {
            process.close();
        }
        downReason = "WhatsApp live support has stopped.";
    }
}
