package dev.chatarchive.host.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StoredAttachment;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;

/**
 * The {@code jsonl} format: one JSON object per message, one per line, UTF-8, chats one after the
 * other, each oldest message first. Version {@value #VERSION}; the fields are documented in
 * {@code docs/export.md}, and only ever added to within a version.
 */
final class JsonLinesExporter implements ChatExporter {

    /** The format's version, written on every line as {@code "version"}. */
    static final int VERSION = 1;

    private final Writer out;
    private final boolean closeStream;
    private final JsonGenerator json;
    private ChatRecord chat;

    /**
     * @param out         where the lines go (UTF-8 when it is a file)
     * @param closeStream whether {@link #close()} closes {@code out} (not standard output)
     */
    JsonLinesExporter(Writer out, boolean closeStream) throws IOException {
        this.out = out;
        this.closeStream = closeStream;
        this.json = new JsonFactory().createGenerator(out);
        json.setRootValueSeparator(new SerializedString(""));
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void startChat(ChatRecord chat) {
        this.chat = chat;
    }

    @Override
    public void message(ExportedMessage exported) throws IOException {
        HistoricalMessage message = exported.message();
        json.writeStartObject();
        json.writeNumberField("version", VERSION);
        json.writeStringField("chat", chat.chatId());
        json.writeStringField("chat_title", chat.title());
        json.writeStringField("provider", chat.providerId());
        json.writeStringField("id", message.id());
        json.writeStringField("time", time(message.timestamp()));
        json.writeStringField("sender", message.sender());
        json.writeStringField("sender_name", message.senderName());
        json.writeBooleanField("from_me", message.fromMe());
        json.writeStringField("type", message.type().wireName());
        json.writeStringField("text", message.content());
        json.writeBooleanField("edited", message.edited());
        json.writeArrayFieldStart("reactions");
        for (Map.Entry<String, String> reaction : exported.reactions().entrySet()) {
            json.writeStartObject();
            json.writeStringField("sender", reaction.getKey());
            json.writeStringField("emoji", reaction.getValue());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("reply_to", exported.replyTo() == null ? null : exported.replyTo().messageId());
        StoredAttachment attachment = exported.attachment();
        if (attachment == null) {
            json.writeNullField("attachment");
        } else {
            json.writeObjectFieldStart("attachment");
            json.writeStringField("file_name", attachment.fileName());
            json.writeStringField("mime_type", attachment.mimeType());
            if (attachment.size() == null) {
                json.writeNullField("size");
            } else {
                json.writeNumberField("size", attachment.size());
            }
            json.writeStringField("sha256", attachment.sha256());
            json.writeStringField("path", exported.file() == null ? null : exported.file().toString());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** UTC, ISO 8601, always with milliseconds, so the field sorts as text: {@code 2024-03-14T09:02:05.000Z}. */
    static String time(Instant instant) {
        return UTC_MILLIS.format(instant);
    }

    private static final java.time.format.DateTimeFormatter UTC_MILLIS = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    @Override
    public void endChat() throws IOException {
        json.flush();
    }

    @Override
    public void finish() throws IOException {
        json.flush();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
        if (closeStream) {
            out.close();
        } else {
            out.flush();
        }
    }
}
