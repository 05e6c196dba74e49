package dev.chatarchive.host.ui;

/** The user's keymap file cannot be used; the message says where and what to fix. */
public final class KeymapException extends Exception {

    public KeymapException(String message) {
        super(message);
    }
}
