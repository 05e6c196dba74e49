package dev.chatarchive.host.ui;

import dev.chatarchive.host.browse.ChatMessage;
import dev.chatarchive.host.text.TerminalSanitizer;

/** How a message is named in one line: who sent it and what kind of message it is. */
public final class MessageLabels {

    private MessageLabels() {
    }

    /**
     * Who sent it, as shown: "You", the display name, the other party's name in a one-to-one chat
     * ({@code otherParty}, may be null), or the sender id without its domain.
     */
    public static String senderLabel(ChatMessage message, String otherParty) {
        if (message.fromMe()) {
            return "You";
        }
        if (message.senderName() != null && !message.senderName().isBlank()) {
            return TerminalSanitizer.sanitizeLine(message.senderName());
        }
        if (otherParty != null && !otherParty.isBlank()) {
            return TerminalSanitizer.sanitizeLine(otherParty);
        }
        String sender = message.sender();
        int at = sender.indexOf('@');
        return TerminalSanitizer.sanitizeLine(at > 0 ? sender.substring(0, at) : sender);
    }

    /** The bracketed word that stands for a message's kind ({@code [photo]}), or "" for text. */
    public static String marker(ChatMessage message) {
        return switch (message.type()) {
            case IMAGE -> "[photo]";
            case VIDEO -> "[video]";
            case AUDIO -> "[audio]";
            case STICKER -> "[sticker]";
            case GIF -> "[GIF]";
            case DOCUMENT -> "[document]";
            case CONTACT -> "[contact]";
            case LOCATION -> "[location]";
            case LIVE_LOCATION -> "[live location]";
            case POLL -> "[poll]";
            case CALL -> "[call]";
            case VIEW_ONCE -> "[view once]";
            case DELETED -> "[deleted]";
            case MEDIA_OMITTED -> "[media omitted]";
            case UNKNOWN -> message.content().isEmpty() ? "[unsupported message]" : "";
            case TEXT, SYSTEM -> "";
        };
    }
}
