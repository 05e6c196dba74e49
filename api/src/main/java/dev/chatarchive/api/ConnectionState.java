package dev.chatarchive.api;

/** How a provider stands with its source, as the status line shows it. */
public enum ConnectionState {
    /** Local sources (files) that need no connection; always ready. */
    OFFLINE_READY,
    /** Not connected and not trying, for example live mode switched off. */
    DISCONNECTED,
    /** Trying to connect or reconnect. */
    CONNECTING,
    /** Connected and able to answer. */
    CONNECTED,
    /** The user must pair the account (scan a QR code or enter a pairing code). */
    NEEDS_PAIRING,
    /** The account was logged out, from the phone or here; pairing again is needed. */
    LOGGED_OUT,
    /** Something is wrong that the user must look at; the detail says what. */
    ERROR
}
