package dev.chatarchive.whatsapp.live;

/** The sidecar process ended (crashed, was killed, or was stopped) before it answered. */
final class SidecarGoneException extends Exception {

    SidecarGoneException(String message) {
        super(message);
    }
}
