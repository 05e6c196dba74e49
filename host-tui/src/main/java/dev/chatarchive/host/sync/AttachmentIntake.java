package dev.chatarchive.host.sync;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.media.MediaStore;
import dev.chatarchive.host.media.MediaStore.StoredFile;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.ArchiveSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the bytes of attached files into the media store before their messages are stored, so that
 * a committed link never points at a file that is not there (a crash in between leaves at most an
 * unlinked file, which the next delivery reuses).
 *
 * <p>Reads only what the archive lacks: a message whose attachment already has its bytes (and whose
 * file is still in the media store) is skipped without opening its content; a source that declares
 * the bytes' SHA-256 is not read at all when the store holds that file. A file that cannot be read
 * is logged and skipped: its message is stored with the description only, and a later delivery of
 * the same message (a sync, the same export imported again) fills it in.
 */
final class AttachmentIntake {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentIntake.class);

    private final Archive archive;

    AttachmentIntake(Archive archive) {
        this.archive = archive;
    }

    /**
     * Stores the files of {@code messages} (all of chat {@code chatId}) that the archive lacks.
     *
     * @return the stored file for each message id that needs linking
     * @throws InterruptedException when the calling thread is interrupted; nothing is linked then
     */
    Map<String, StoredFile> fetch(String chatId, List<HistoricalMessage> messages) throws InterruptedException {
        Map<String, HistoricalMessage> withContent = new LinkedHashMap<>();
        for (HistoricalMessage message : messages) {
            if (message.chatId().equals(chatId) && message.attachment() != null && message.attachment().hasContent()) {
                withContent.putIfAbsent(message.id(), message);
            }
        }
        if (withContent.isEmpty()) {
            return Map.of();
        }
        MediaStore media = archive.media();
        Map<String, Optional<String>> held = archive.read(session ->
                session.attachments().storedHashes(chatId, withContent.keySet()));
        Map<String, StoredFile> stored = new LinkedHashMap<>();
        for (HistoricalMessage message : withContent.values()) {
            Optional<String> linked = held.getOrDefault(message.id(), Optional.empty());
            if (linked.isPresent() && media.find(linked.get()).isPresent()) {
                continue;
            }
            store(chatId, message.id(), message.attachment()).ifPresent(file -> stored.put(message.id(), file));
        }
        return stored;
    }

    /** Links what {@link #fetch} stored, inside the caller's transaction (after the messages were inserted). */
    static int link(ArchiveSession session, String chatId, Map<String, StoredFile> files) {
        int linked = 0;
        for (Map.Entry<String, StoredFile> entry : files.entrySet()) {
            if (session.attachments().link(chatId, entry.getKey(), entry.getValue().sha256(), entry.getValue().size())) {
                linked++;
            }
        }
        return linked;
    }

    /**
     * Stores one attachment's bytes (unless the store holds the file its source says it is).
     *
     * @return the stored file, or empty when its content could not be read (logged)
     */
    Optional<StoredFile> store(String chatId, String messageId, Attachment attachment) throws InterruptedException {
        MediaStore media = archive.media();
        if (attachment.sha256() != null) {
            Optional<StoredFile> known = media.find(attachment.sha256());
            if (known.isPresent()) {
                return known;
            }
        }
        try {
            StoredFile file = media.store(attachment.content());
            if (attachment.sha256() != null && !attachment.sha256().equals(file.sha256())) {
                LOG.warn("The file {} of message {} in {} has SHA-256 {}, not {} as its source said; kept as read",
                        attachment.fileName(), messageId, chatId, file.sha256(), attachment.sha256());
            }
            if (attachment.size() != null && attachment.size() != file.size()) {
                LOG.info("The file {} of message {} in {} has {} bytes, not {} as its source said; kept as read",
                        attachment.fileName(), messageId, chatId, file.size(), attachment.size());
            }
            return Optional.of(file);
        } catch (IOException e) {
            LOG.warn("The file {} of message {} in {} was not stored: {}", attachment.fileName(), messageId, chatId,
                    e.getMessage());
            return Optional.empty();
        }
    }
}
