package dev.chatarchive.host.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatarchive.host.media.MediaStore;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.store.StoredAttachment;
import dev.chatarchive.host.store.StoredMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads one chat for an export, oldest message first, a page at a time: each page is one short read
 * transaction (keyset paging on {@code (timestamp, id)}), so a chat of millions of messages is
 * exported in bounded memory, and a running app that writes the archive is never held up (nor does
 * the export need its lock).
 */
final class ChatReader implements Iterable<ExportedMessage> {

    static final int PAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Archive archive;
    private final String chatId;

    ChatReader(Archive archive, String chatId) {
        this.archive = archive;
        this.chatId = chatId;
    }

    @Override
    public Iterator<ExportedMessage> iterator() {
        return new Iterator<>() {
            private List<ExportedMessage> page = List.of();
            private int next;
            private StoredMessage last;
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (next < page.size()) {
                    return true;
                }
                if (exhausted) {
                    return false;
                }
                page = readPage(last);
                next = 0;
                if (page.size() < PAGE) {
                    exhausted = true;
                }
                if (!page.isEmpty()) {
                    last = page.get(page.size() - 1).stored();
                }
                return !page.isEmpty();
            }

            @Override
            public ExportedMessage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(next++);
            }
        };
    }

    private List<ExportedMessage> readPage(StoredMessage after) {
        return archive.read(session -> {
            List<StoredMessage> messages = after == null
                    ? session.messages().pageFrom(chatId, java.time.Instant.EPOCH.minusSeconds(1), PAGE)
                    : session.messages().pageAfter(chatId, after.timestamp(), after.id(), PAGE);
            Map<Long, StoredAttachment> attachments = session.attachments().forMessages(
                    messages.stream().map(StoredMessage::rowId).toList());
            MediaStore media = archive.media();
            List<ExportedMessage> page = new ArrayList<>(messages.size());
            for (StoredMessage message : messages) {
                StoredAttachment attachment = attachments.get(message.rowId());
                Path file = attachment != null && attachment.isStored() && media.find(attachment.sha256()).isPresent()
                        ? media.pathOf(attachment.sha256()) : null;
                ExportedMessage.Reply reply = quotedId(message)
                        .flatMap(id -> session.messages().find(chatId, id))
                        .map(quoted -> new ExportedMessage.Reply(quoted.id(), quoted.message().senderName() != null
                                ? quoted.message().senderName() : quoted.message().sender(), quoted.message().content()))
                        .orElse(null);
                page.add(new ExportedMessage(message, reactions(message.reactions()), attachment, file, reply));
            }
            return page;
        });
    }

    /** Reactions as stored (a JSON object sender → emoji), in order; empty when none or unreadable. */
    static Map<String, String> reactions(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, String> reactions = new LinkedHashMap<>();
            node.fields().forEachRemaining(entry -> {
                if (entry.getValue().isTextual() && !entry.getValue().asText().isEmpty()) {
                    reactions.put(entry.getKey(), entry.getValue().asText());
                }
            });
            return Collections.unmodifiableMap(reactions);
        } catch (IOException e) {
            return Map.of();
        }
    }

    /**
     * The id of the message this one quotes, when its source record says so: WhatsApp's records carry
     * it as {@code contextInfo.stanzaId} next to the quoted message, at whatever depth the message
     * kind nests it.
     */
    static Optional<String> quotedId(StoredMessage message) {
        String raw = message.message().rawJson();
        if (raw == null || !raw.contains("\"stanzaId\"")) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(raw);
            for (JsonNode context : node.findValues("contextInfo")) {
                JsonNode id = context.get("stanzaId");
                if (id != null && id.isTextual() && !id.asText().isBlank() && context.has("quotedMessage")) {
                    return Optional.of(id.asText());
                }
            }
        } catch (IOException e) {
            // A record that is not JSON says nothing about replies.
        }
        return Optional.empty();
    }
}
