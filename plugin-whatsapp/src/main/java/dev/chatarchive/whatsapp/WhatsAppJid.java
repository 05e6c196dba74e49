package dev.chatarchive.whatsapp;

import java.util.Optional;

/**
 * The one place the WhatsApp chat-id rule lives (the seed: a chat id is a JID ending in
 * {@code @s.whatsapp.net} or {@code @g.us}).
 */
public final class WhatsAppJid {

    public static final String USER_SERVER = "@s.whatsapp.net";
    public static final String GROUP_SERVER = "@g.us";

    private WhatsAppJid() {
    }

    /** Why {@code chatId} is not a WhatsApp chat JID, or empty when it is one. */
    public static Optional<String> problem(String chatId) {
        if (chatId == null || chatId.isBlank()) {
            return Optional.of("a WhatsApp chat id must not be blank");
        }
        int at = chatId.indexOf('@');
        if (at <= 0) {
            return Optional.of("'" + chatId + "' is not a WhatsApp JID: expected a user part, then "
                    + USER_SERVER + " or " + GROUP_SERVER);
        }
        String server = chatId.substring(at);
        if (!server.equals(USER_SERVER) && !server.equals(GROUP_SERVER)) {
            return Optional.of("'" + chatId + "' is not a WhatsApp chat JID: it must end in "
                    + USER_SERVER + " (a person) or " + GROUP_SERVER + " (a group)");
        }
        String user = chatId.substring(0, at);
        if (!user.matches("[0-9A-Za-z.:_-]+")) {
            return Optional.of("'" + chatId + "' has characters a WhatsApp JID cannot have before the '@'");
        }
        return Optional.empty();
    }
}
