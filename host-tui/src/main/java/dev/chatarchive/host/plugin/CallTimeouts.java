package dev.chatarchive.host.plugin;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the host waits for each kind of call into plugin code before giving up on it. A call
 * that runs over is abandoned (its thread is interrupted) and fails with a retryable error.
 *
 * @param lifecycle  plugin start and stop, provider start and stop
 * @param quick      questions that must answer at once: status, chat-id checks, directions, policy
 * @param history    listing chats and fetching a page of history
 * @param importing  registering an import source (a large export can take a while)
 */
public record CallTimeouts(Duration lifecycle, Duration quick, Duration history, Duration importing) {

    /** What the application uses. */
    public static final CallTimeouts DEFAULT = new CallTimeouts(
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(30));

    public CallTimeouts {
        requirePositive(lifecycle, "lifecycle");
        requirePositive(quick, "quick");
        requirePositive(history, "history");
        requirePositive(importing, "importing");
    }

    private static void requirePositive(Duration duration, String field) {
        Objects.requireNonNull(duration, field + " must not be null");
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, was " + duration);
        }
    }
}
