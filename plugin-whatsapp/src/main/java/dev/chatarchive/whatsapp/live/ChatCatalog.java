package dev.chatarchive.whatsapp.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chats the phone told us about (at pairing and in live traffic), with their names and the
 * newest message seen of each, kept in {@code chats.json} so the chat list survives restarts.
 *
 * <p>The newest message is kept because WhatsApp only pages backwards from a message the requester
 * names: for a chat the archive holds nothing of yet, it is the first anchor. Writes replace the file
 * atomically; a damaged file is set aside and the catalog starts empty (the phone resends chats).
 */
final class ChatCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCatalog.class);

    private record Entry(String title, boolean named, long lastActivity, JsonNode newest) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ChatCatalog(Path file) {
        this.file = file;
    }

    static ChatCatalog load(Path file) {
        ChatCatalog catalog = new ChatCatalog(file);
        if (!Files.exists(file)) {
            return catalog;
        }
        try {
            for (JsonNode chat : SidecarProcess.JSON.readTree(file.toFile()).path("chats")) {
                catalog.entries.put(chat.path("id").asText(), new Entry(chat.path("title").asText(),
                        chat.path("named").asBoolean(), chat.path("lastActivity").asLong(), chat.get("newest")));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("The live chat list {} cannot be read; starting an empty one", file, e);
            catalog.entries.clear();
            try {
                Files.move(file, file.resolveSibling(file.getFileName() + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailure) {
                LOG.warn("Cannot set the damaged chat list aside", moveFailure);
            }
        }
        return catalog;
    }

    synchronized List<ChatDescription> chats() {
        List<ChatDescription> chats = new ArrayList<>();
        entries.forEach((id, entry) -> chats.add(describe(id, entry)));
        return chats;
    }

    synchronized boolean contains(String chatId) {
        return entries.containsKey(chatId);
    }

    /** The newest message seen of the chat, if any. */
    synchronized Optional<HistoricalMessage> newestMessage(String chatId) {
        Entry entry = entries.get(chatId);
        if (entry == null || entry.newest() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(WireFormat.message(entry.newest()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** WhatsApp's first year: nothing older is a real message (the host refuses it as well). */
    private static final long EARLIEST = Instant.parse("2010-01-01T00:00:00Z").getEpochSecond();
    /** Phones whose clocks run ahead get this much slack (the host allows the same). */
    private static final long CLOCK_SKEW_SECONDS = 24 * 3600;

    /** Whether a message or chat time may move a chat's last activity: from 2010 to now plus a day. */
    static boolean plausible(long epochSecond, Instant now) {
        return epochSecond >= EARLIEST && epochSecond <= now.getEpochSecond() + CLOCK_SKEW_SECONDS;
    }

    /** Takes chat records (names, activity); returns the chats that are new or changed. */
    synchronized List<ChatDescription> learnChats(JsonNode chats, Instant now) {
        List<ChatDescription> changed = new ArrayList<>();
        for (JsonNode chat : chats) {
            String id = chat.path("id").asText();
            if (WhatsAppJid.problem(id).isPresent()) {
                continue;
            }
            String name = chat.path("name").asText("");
            Entry old = entries.get(id);
            long reported = chat.path("lastActivity").asLong(0);
            long activity = Math.max(plausible(reported, now) ? reported : 0, old == null ? 0 : old.lastActivity());
            boolean named = !name.isBlank() || (old != null && old.named());
            String title = !name.isBlank() ? name : old != null ? old.title() : WireFormat.fallbackTitle(id);
            Entry updated = new Entry(title, named, activity, old == null ? null : old.newest());
            if (!updated.equals(old)) {
                entries.put(id, updated);
                changed.add(describe(id, updated));
            }
        }
        save(changed);
        return changed;
    }

    /** Takes messages seen (wire records of valid chats); returns the chats that are new or changed. */
    synchronized List<ChatDescription> learnMessages(List<JsonNode> messages) {
        Map<String, JsonNode> newestByChat = new LinkedHashMap<>();
        for (JsonNode message : messages) {
            newestByChat.merge(message.path("chat").asText(), message,
                    (a, b) -> a.path("timestamp").asLong() >= b.path("timestamp").asLong() ? a : b);
        }
        List<ChatDescription> changed = new ArrayList<>();
        newestByChat.forEach((id, message) -> {
            Entry old = entries.get(id);
            long timestamp = message.path("timestamp").asLong();
            boolean newer = old == null || old.newest() == null || old.newest().path("timestamp").asLong() <= timestamp;
            if (old != null && !newer) {
                return;
            }
            Entry updated = new Entry(old == null ? WireFormat.fallbackTitle(id) : old.title(),
                    old != null && old.named(), Math.max(timestamp, old == null ? 0 : old.lastActivity()), message);
            entries.put(id, updated);
            changed.add(describe(id, updated));
        });
        save(changed);
        return changed;
    }

    private static ChatDescription describe(String id, Entry entry) {
        return new ChatDescription(id, entry.title(), WhatsAppJid.isGroup(id),
                entry.lastActivity() > 0 ? Instant.ofEpochSecond(entry.lastActivity()) : null, null);
    }

    private void save(List<ChatDescription> changed) {
        if (changed.isEmpty()) {
            return;
        }
        ObjectNode root = SidecarProcess.JSON.createObjectNode();
        ArrayNode chats = root.putArray("chats");
        entries.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder())).forEach(e -> {
            ObjectNode chat = chats.addObject().put("id", e.getKey()).put("title", e.getValue().title())
                    .put("named", e.getValue().named()).put("lastActivity", e.getValue().lastActivity());
            if (e.getValue().newest() != null) {
                chat.set("newest", e.getValue().newest());
            }
        });
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            SidecarProcess.JSON.writeValue(temporary.toFile(), root);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Cannot save the live chat list {}; it will be rebuilt from the phone", file, e);
        }
    }
}
