package dev.chatarchive.host.export;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.store.ChatRecord;
import dev.chatarchive.host.store.StoredAttachment;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The {@code txt} format: each chat as WhatsApp's own "Export chat" writes it, so that it imports
 * back into chat-archive (and into other tools that read WhatsApp exports).
 *
 * <p>The layout is WhatsApp's Android one, with a year-first date (as WhatsApp writes it in Swedish
 * and other locales) and seconds: {@code 2024-03-14 09:02:05 - Priya Nair: text}. Year first makes the
 * date order certain (a day-first or month-first file whose days never pass 12 cannot be told apart);
 * seconds keep the time as exact as the archive has it. Continuation lines follow as written; events
 * have no author ({@code 2024-03-14 12:01:00 - Tom Baker left}); an attached file is written
 * {@code NAME (file attached)} with its caption on the next line; an edited message ends in
 * {@code <This message was edited>}; the user's own messages carry the name they appear under.
 *
 * <p>Where each chat goes is decided by the caller: a bare transcript ({@code .txt}), or a zip "with
 * media" holding the transcript and the files the archive has ({@code .zip}). Beside a file it writes
 * {@code <file>.properties} with the chat's id, title, group flag and the user's name, which
 * chat-archive's import reads, so the export imports back into the same chat with the same messages.
 */
final class WhatsAppTextExporter implements ChatExporter {

    private static final DateTimeFormatter HEADER_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    static final String EDITED_MARK = " <This message was edited>";

    /** Where one chat is written. */
    interface Target {
        /** The transcript's destination; for a zip, the transcript entry. */
        Writer open(ChatRecord chat) throws IOException;

        /** Called after the transcript with the media it refers to (zip name → stored file); then closed. */
        void finish(ChatRecord chat, Map<String, Path> media, String me) throws IOException;
    }

    private final Target target;
    private final ZoneId zone;
    private final Function<ChatRecord, String> meName;
    private ChatRecord chat;
    private Writer out;
    private String me;
    /** Media names written in this chat's transcript, to the stored file they name. */
    private Map<String, Path> media;
    private Map<String, String> nameOfHash;

    /**
     * @param target where each chat goes
     * @param zone   the time zone times are written in (the one the import will read them in)
     * @param meName the name the user appears under in a chat
     */
    WhatsAppTextExporter(Target target, ZoneId zone, Function<ChatRecord, String> meName) {
        this.target = target;
        this.zone = zone;
        this.meName = meName;
    }

    @Override
    public void startChat(ChatRecord chat) throws IOException {
        this.chat = chat;
        this.me = authorName(meName.apply(chat));
        this.media = new LinkedHashMap<>();
        this.nameOfHash = new HashMap<>();
        this.out = target.open(chat);
    }

    @Override
    public void message(ExportedMessage exported) throws IOException {
        HistoricalMessage message = exported.message();
        StringBuilder line = new StringBuilder(64 + message.content().length());
        line.append(HEADER_TIME.format(message.timestamp().atZone(zone))).append(" - ");
        if (message.type() == MessageType.SYSTEM || "system".equals(message.sender())) {
            line.append(text(message.content()));
        } else {
            line.append(message.fromMe() ? me : authorName(author(message))).append(": ").append(body(exported));
        }
        out.write(line.toString());
        out.write('\n');
    }

    /** What follows "Author: ". */
    private String body(ExportedMessage exported) {
        HistoricalMessage message = exported.message();
        StringBuilder body = new StringBuilder();
        StoredAttachment attachment = exported.attachment();
        if (attachment != null) {
            String name = zipName(attachment, exported.file());
            body.append(name).append(" (file attached)");
            String caption = message.content().strip();
            if (!caption.isEmpty() && !caption.equals(attachment.fileName()) && !caption.equals(name)) {
                body.append('\n').append(text(caption));
            }
        } else if (message.type() == MessageType.VIEW_ONCE && message.content().isBlank()) {
            body.append("null");
        } else {
            body.append(text(message.content()));
        }
        if (message.edited()) {
            body.append(EDITED_MARK);
        }
        return body.toString();
    }

    /**
     * The name a file has in this chat's zip: its own, unless another file of the chat already took
     * it, then with a number ({@code IMG.jpg}, {@code IMG (2).jpg}).
     */
    private String zipName(StoredAttachment attachment, Path file) {
        String name = oneLine(attachment.fileName()).replace('/', '_').replace('\\', '_');
        if (file == null) {
            return name;
        }
        String known = nameOfHash.get(attachment.sha256());
        if (known != null) {
            return known;
        }
        String candidate = name;
        int dot = name.lastIndexOf('.');
        for (int n = 2; media.containsKey(candidate); n++) {
            candidate = dot > 0 ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot) : name + " (" + n + ")";
        }
        media.put(candidate, file);
        nameOfHash.put(attachment.sha256(), candidate);
        return candidate;
    }

    /** Who wrote a message as an export would name them: a display name, else a phone number, else the id. */
    static String author(HistoricalMessage message) {
        if (message.senderName() != null) {
            return message.senderName();
        }
        String sender = message.sender();
        int at = sender.indexOf('@');
        String user = at > 0 ? sender.substring(0, at) : sender;
        if (at > 0 && user.matches("\\d{6,15}")) {
            return "+" + user;
        }
        return sender;
    }

    /** An author's name that cannot break the header: one line, no ": " inside. */
    static String authorName(String name) {
        String line = oneLine(name).replace(": ", ":\u00A0").strip();
        return line.isEmpty() ? "?" : line;
    }

    private static String oneLine(String text) {
        return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** Message text with line ends as WhatsApp writes them. */
    private static String text(String content) {
        return content.replace("\r\n", "\n").replace('\r', '\n');
    }

    @Override
    public void endChat() throws IOException {
        out.flush();
        target.finish(chat, media, me);
        out = null;
    }

    @Override
    public void finish() {
        // Every chat is complete when it ends.
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    // ---- targets ---------------------------------------------------------------------------------

    /** The transcript alone, to a stream (standard output), without media or properties. */
    static Target toStream(Writer stream) {
        return new Target() {
            @Override
            public Writer open(ChatRecord chat) {
                return new BufferedWriter(stream);
            }

            @Override
            public void finish(ChatRecord chat, Map<String, Path> media, String me) {
                // Standard output stays open.
            }
        };
    }

    /** The transcript to {@code file}, with its properties beside it; media are not written. */
    static Target toTextFile(Function<ChatRecord, Path> file) {
        return new Target() {
            private Path temp;
            private Path destination;
            private Writer writer;

            @Override
            public Writer open(ChatRecord chat) throws IOException {
                destination = file.apply(chat);
                temp = destination.resolveSibling(destination.getFileName() + ".part");
                writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                return writer;
            }

            @Override
            public void finish(ChatRecord chat, Map<String, Path> media, String me) throws IOException {
                writer.close();
                Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                writeProperties(destination, chat, me);
            }
        };
    }

    /** A zip like WhatsApp's "with media" export: the transcript, then every file the archive holds. */
    static Target toZip(Function<ChatRecord, Path> file) {
        return new Target() {
            private Path temp;
            private Path destination;
            private ZipOutputStream zip;

            @Override
            public Writer open(ChatRecord chat) throws IOException {
                destination = file.apply(chat);
                temp = destination.resolveSibling(destination.getFileName() + ".part");
                zip = new ZipOutputStream(Files.newOutputStream(temp));
                zip.putNextEntry(new ZipEntry("_chat.txt"));
                return new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8)) {
                    @Override
                    public void close() throws IOException {
                        zip.close();
                    }
                };
            }

            @Override
            public void finish(ChatRecord chat, Map<String, Path> media, String me) throws IOException {
                zip.closeEntry();
                for (Map.Entry<String, Path> file : media.entrySet()) {
                    ZipEntry entry = new ZipEntry(file.getKey());
                    // Photos and videos are compressed already; storing them spares the time.
                    zip.putNextEntry(entry);
                    Files.copy(file.getValue(), zip);
                    zip.closeEntry();
                }
                zip.close();
                Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                writeProperties(destination, chat, me);
            }
        };
    }

    /** What chat-archive's WhatsApp import reads beside an export: the chat it belongs to. */
    static void writeProperties(Path export, ChatRecord chat, String me) throws IOException {
        Properties properties = new Properties();
        if ("whatsapp".equals(chat.providerId())) {
            properties.setProperty("jid", chat.chatId());
        }
        properties.setProperty("title", chat.title());
        properties.setProperty("group", Boolean.toString(chat.group()));
        properties.setProperty("me", me);
        Path file = export.resolveSibling(export.getFileName() + ".properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "written by chat-archive export: the chat this file belongs to");
        }
    }
}
