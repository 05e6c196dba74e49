package dev.chatarchive.host.progress;

import java.util.OptionalInt;

/**
 * How far one piece of long work has got: the host's own (adopting a database) or a provider's
 * (decrypting a backup). Texts may come from a plugin or a file: whoever prints them makes them safe.
 *
 * @param source    who does the work: a provider's name, or {@code chat-archive} for the host
 * @param operation what is being done, a short phrase ("Adopting bridge.db"); not blank
 * @param detail    the current step or item, or empty
 * @param done      units done so far, at least 0
 * @param total     units in all, or {@code -1} when unknown; the work has ended when {@code done == total}
 */
public record WorkProgress(String source, String operation, String detail, long done, long total) {

    /** The source of the host's own work. */
    public static final String HOST = "chat-archive";

    public WorkProgress {
        source = source == null ? "" : source;
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be blank");
        }
        detail = detail == null ? "" : detail;
        if (done < 0 || total < -1) {
            throw new IllegalArgumentException("done must be >= 0 and total >= -1, were " + done + " and " + total);
        }
        done = total >= 0 ? Math.min(done, total) : done;
    }

    /** Whether the work has ended (a known total, all of it done). */
    public boolean finished() {
        return total >= 0 && done >= total;
    }

    /** The share done, 0..100, when the total is known. */
    public OptionalInt percent() {
        if (total < 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(total == 0 ? 100 : (int) Math.min(100, done * 100 / total));
    }

    /** Whether {@code other} reports the same piece of work (same source and operation). */
    public boolean sameWork(WorkProgress other) {
        return other != null && source.equals(other.source) && operation.equals(other.operation);
    }
}
