package dev.chatarchive.api;

import java.util.Objects;

/**
 * A provider's state as one line: a state and a sentence for the user.
 *
 * @param state  the connection state
 * @param detail a short sentence for the status line, for example "Connected as +31 6 1234 5678";
 *               may be empty, never {@code null}
 */
public record ProviderStatus(ConnectionState state, String detail) {

    public ProviderStatus {
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(detail, "detail must not be null (use \"\")");
    }
}
