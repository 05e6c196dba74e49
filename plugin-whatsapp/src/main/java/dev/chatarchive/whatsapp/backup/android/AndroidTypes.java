package dev.chatarchive.whatsapp.backup.android;

import dev.chatarchive.api.MessageType;
import java.util.Map;

/**
 * Android's message type codes ({@code message.message_type}, legacy {@code messages.media_wa_type})
 * and system action codes ({@code message_system.action_type}), as documented by forensic tools
 * that measured them on real stores (see docs/whatsapp-backups.md). Unknown codes stay numbers in
 * the raw record and become {@link MessageType#TEXT} when there is text, else {@link MessageType#UNKNOWN}.
 */
final class AndroidTypes {

    private static final Map<Integer, MessageType> TYPES = Map.ofEntries(
            Map.entry(0, MessageType.TEXT),
            Map.entry(1, MessageType.IMAGE),
            Map.entry(2, MessageType.AUDIO),
            Map.entry(3, MessageType.VIDEO),
            Map.entry(4, MessageType.CONTACT),
            Map.entry(5, MessageType.LOCATION),
            Map.entry(7, MessageType.SYSTEM),
            Map.entry(8, MessageType.CALL),
            Map.entry(9, MessageType.DOCUMENT),
            Map.entry(10, MessageType.CALL),
            Map.entry(13, MessageType.GIF),
            Map.entry(14, MessageType.CONTACT),
            Map.entry(15, MessageType.DELETED),
            Map.entry(16, MessageType.LIVE_LOCATION),
            Map.entry(20, MessageType.STICKER),
            Map.entry(36, MessageType.SYSTEM),
            Map.entry(42, MessageType.VIEW_ONCE),
            Map.entry(43, MessageType.VIEW_ONCE),
            Map.entry(64, MessageType.DELETED),
            Map.entry(66, MessageType.POLL),
            Map.entry(82, MessageType.VIEW_ONCE),
            Map.entry(90, MessageType.CALL),
            Map.entry(106, MessageType.POLL));

    private static final Map<Integer, String> ACTIONS = Map.ofEntries(
            Map.entry(1, "changed the group subject"),
            Map.entry(4, "added a participant"),
            Map.entry(5, "left"),
            Map.entry(6, "changed the group icon"),
            Map.entry(7, "removed you"),
            Map.entry(10, "changed their phone number"),
            Map.entry(11, "created the group"),
            Map.entry(12, "added a participant"),
            Map.entry(13, "left"),
            Map.entry(14, "removed a participant"),
            Map.entry(15, "made you an admin"),
            Map.entry(18, "Security code changed."),
            Map.entry(19, "Messages and calls are end-to-end encrypted."),
            Map.entry(20, "joined using the group's invite link"),
            Map.entry(27, "changed the group description"),
            Map.entry(28, "changed their phone number"),
            Map.entry(56, "changed the disappearing messages timer"),
            Map.entry(57, "A device was added or removed."),
            Map.entry(58, "Blocked or unblocked this contact."),
            Map.entry(67, "Messages and calls are end-to-end encrypted."),
            Map.entry(69, "This business uses a service to manage this chat."),
            Map.entry(70, "A group call took place."));

    private AndroidTypes() {
    }

    /** The archive's type for Android code {@code code}; {@code hasText} decides for unknown codes. */
    static MessageType type(int code, boolean hasText) {
        MessageType type = TYPES.get(code);
        if (type != null) {
            return type;
        }
        return hasText ? MessageType.TEXT : MessageType.UNKNOWN;
    }

    /** A short description of system action {@code action}, or a neutral one naming the code. */
    static String action(Integer action) {
        if (action == null) {
            return "WhatsApp event";
        }
        return ACTIONS.getOrDefault(action, "WhatsApp event " + action);
    }
}
