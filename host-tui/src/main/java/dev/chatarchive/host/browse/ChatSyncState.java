package dev.chatarchive.host.browse;

import java.util.Objects;

/**
 * How a chat's sync stands, as the chat list and the status line show it.
 *
 * @param phase          the checkpoint's state
 * @param percent        progress 0..100, or {@code null} when unknown
 * @param messagesSynced messages stored by the sync so far, >= 0
 * @param error          the failure's sentence for {@link Phase#FAILED}, else "" (raw, sanitised when drawn)
 * @param stoppedUnexpectedly for {@link Phase#INTERRUPTED}: whether the sync was cut short (a crash, the app
 *                       closing, the provider failing) rather than stopping at the number of messages asked for
 */
public record ChatSyncState(Phase phase, Integer percent, long messagesSynced, String error,
                            boolean stoppedUnexpectedly) {

    /** The seed's checkpoint states, plus "never synced". */
    public enum Phase {
        NOT_SYNCED("not synced"), SYNCING("syncing"), INTERRUPTED("interrupted"), CANCELLED("cancelled"),
        COMPLETED("complete"), FAILED("failed");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static final ChatSyncState NOT_SYNCED = new ChatSyncState(Phase.NOT_SYNCED, null, 0, "", false);

    public ChatSyncState {
        Objects.requireNonNull(phase, "phase must not be null");
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("percent must be 0..100, was " + percent);
        }
        if (messagesSynced < 0) {
            throw new IllegalArgumentException("messagesSynced must be >= 0, was " + messagesSynced);
        }
        error = error == null ? "" : error;
    }

    /** Whether older history may still come from the provider. */
    public boolean historyMayContinue() {
        return phase != Phase.COMPLETED;
    }

    /** A short label for the chat list: "syncing 45%", "complete", "failed". */
    public String shortLabel() {
        if (phase == Phase.SYNCING && percent != null) {
            return "syncing " + percent + "%";
        }
        return phase.label();
    }
}
