package dev.chatarchive.whatsapp.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.ProviderEvent.MessageRevised;
import dev.chatarchive.api.ProviderEvent.RevisionKind;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import java.time.Instant;
import java.util.Locale;

/**
 * Reads the sidecar's message, revision and chat records (docs/whatsapp-live.md, "Records") into the
 * api's value types. A record the api refuses (a blank id, say) throws IllegalArgumentException; the
 * caller skips it.
 */
final class WireFormat {

    private WireFormat() {
    }

    static HistoricalMessage message(JsonNode node) {
        JsonNode raw = node.get("raw");
        return new HistoricalMessage(
                node.path("id").asText(),
                node.path("chat").asText(),
                node.path("sender").asText(),
                node.hasNonNull("senderName") ? node.get("senderName").asText() : null,
                node.path("text").asText(""),
                Instant.ofEpochSecond(node.path("timestamp").asLong()),
                node.path("fromMe").asBoolean(),
                MessageType.fromWireName(node.path("type").asText(null)),
                node.path("edited").asBoolean(),
                raw == null || raw.isNull() ? null : raw.toString());
    }

    static MessageRevised revision(JsonNode node) {
        return new MessageRevised(
                node.path("chat").asText(),
                node.path("messageId").asText(),
                RevisionKind.valueOf(node.path("kind").asText().toUpperCase(Locale.ROOT)),
                node.path("value").asText(""),
                node.path("actor").asText(""),
                Instant.ofEpochSecond(node.path("timestamp").asLong()));
    }

    /** A chat record, titled by its name or, without one, by its phone number or group id. */
    static ChatDescription chat(JsonNode node) {
        String id = node.path("id").asText();
        String name = node.path("name").asText("");
        long lastActivity = node.path("lastActivity").asLong(0);
        return new ChatDescription(id, name.isBlank() ? fallbackTitle(id) : name, WhatsAppJid.isGroup(id),
                lastActivity > 0 ? Instant.ofEpochSecond(lastActivity) : null, null);
    }

    static String fallbackTitle(String chatId) {
        String user = chatId.contains("@") ? chatId.substring(0, chatId.indexOf('@')) : chatId;
        return WhatsAppJid.isGroup(chatId) ? "Group " + user : "+" + user;
    }
}
