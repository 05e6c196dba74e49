package dev.chatarchive.whatsapp.backup;

import dev.chatarchive.api.ChatDescription;
import java.util.List;

/**
 * A chat as a backup holds it: its description for the host, and the keys the backup's own tables
 * use for it (Android: one or more {@code chat._id}, two when a phone-number chat and its LID twin
 * name the same person; legacy Android: the JID string; iPhone: {@code ZWACHATSESSION.Z_PK}).
 */
public record BackupChat(ChatDescription description, List<Object> keys) {

    public BackupChat {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a backup chat has at least one key");
        }
        keys = List.copyOf(keys);
    }

    public String chatId() {
        return description.chatId();
    }
}
