package dev.chatarchive.host.export;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.store.StoredAttachment;
import dev.chatarchive.host.store.StoredMessage;
import java.nio.file.Path;
import java.util.Map;

/**
 * One message as an export writes it: the stored message, its reactions, its attached file (with the
 * stored bytes' path when the archive has them), and the message it replies to when known.
 *
 * @param stored     the message as the archive holds it
 * @param reactions  who reacted with what (sender → emoji), in the archive's order; empty when none
 * @param attachment the attached file, or {@code null}
 * @param file       the stored bytes of the attached file in the media store, or {@code null} when the
 *                   archive does not have them
 * @param replyTo    the message this one quotes, when the source said so and the archive holds it,
 *                   else {@code null}
 */
public record ExportedMessage(StoredMessage stored, Map<String, String> reactions, StoredAttachment attachment,
                              Path file, Reply replyTo) {

    /**
     * What a reply quotes.
     *
     * @param messageId the quoted message's id
     * @param sender    who wrote it (a display name when known)
     * @param text      its text, as far as known
     */
    public record Reply(String messageId, String sender, String text) {
    }

    public HistoricalMessage message() {
        return stored.message();
    }
}
