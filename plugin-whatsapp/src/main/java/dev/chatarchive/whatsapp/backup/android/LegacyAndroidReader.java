package dev.chatarchive.whatsapp.backup.android;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import dev.chatarchive.whatsapp.backup.BackupChat;
import dev.chatarchive.whatsapp.backup.BackupReader;
import dev.chatarchive.whatsapp.backup.MediaFiles;
import dev.chatarchive.whatsapp.backup.RawRecord;
import dev.chatarchive.whatsapp.backup.SqliteFiles;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Android's legacy msgstore.db schema (before about 2021): one {@code messages} table keyed by the
 * chat's JID string ({@code key_remote_jid}), the group sender in {@code remote_resource}, the type
 * as text in {@code media_wa_type}, group subjects in {@code chat_list}, quotes in
 * {@code messages_quotes}. System rows have {@code status = 6}. The sentinel row with JID
 * {@code -1} is skipped.
 *
 * <p>Media: the file's path is in {@code message_media.file_path} (keyed by {@code messages._id}) in
 * files that have that table; older ones keep it only inside {@code thumb_image}, a Java-serialised
 * object, from which the path string is picked out without deserialising anything
 * ({@link #pathInThumbImage}). Without a path, {@code media_name} describes the file.
 */
final class LegacyAndroidReader implements BackupReader {

    private static final String SOURCE = "whatsapp-android-backup";
    /** Bits of the page query's last column: which groups of columns can hold something for the row. */
    private static final int MEDIA = 1;
    private static final int LOCATION = 2;
    private static final int EDITED = 4;
    private static final int FORWARDED = 8;
    private static final int QUOTED = 16;

    private final Connection connection;
    private final ContactNames contacts;
    private final MediaFiles media;
    private final String pageSql;
    private final RawRecord record = new RawRecord();
    private String skipped = "";

    LegacyAndroidReader(Connection connection, ContactNames contacts, MediaFiles media) throws SQLException {
        this.connection = connection;
        this.contacts = contacts;
        this.media = media;
        Set<String> tables = SqliteFiles.tables(connection);
        Set<String> columns = SqliteFiles.columns(connection, "messages");
        String quoted = tables.contains("messages_quotes") && columns.contains("quoted_row_id")
                ? "(SELECT q.key_id FROM messages_quotes q WHERE q._id = m.quoted_row_id)" : "NULL";
        String action = tables.contains("message_system")
                ? "(SELECT s.action_type FROM message_system s WHERE s.message_row_id = m._id)" : "NULL";
        Set<String> mediaColumns = tables.contains("message_media") ? SqliteFiles.columns(connection, "message_media")
                : Set.of();
        String mediaFile = mediaColumns.contains("file_path") && mediaColumns.contains("message_row_id")
                ? "(SELECT mm.file_path FROM message_media mm WHERE mm.message_row_id = m._id)" : "NULL";
        this.pageSql = "SELECT m._id, m.key_id, m.key_from_me, m.timestamp, m.data, m.media_wa_type, m.status, "
                + column(columns, "remote_resource") + ", " + column(columns, "received_timestamp") + ", "
                + column(columns, "media_mime_type") + ", " + column(columns, "media_name") + ", "
                + column(columns, "media_caption") + ", " + column(columns, "media_size") + ", "
                + column(columns, "media_duration") + ", " + column(columns, "latitude") + ", "
                + column(columns, "longitude") + ", " + column(columns, "edit_version") + ", "
                + column(columns, "forwarded") + ", " + quoted + ", " + action + ", "
                + column(columns, "thumb_image") + ", " + mediaFile + ", " + presentColumns(columns, quoted)
                + " FROM messages m WHERE m.key_remote_jid = ? AND (m.timestamp, m._id) < (?, ?)"
                + " ORDER BY m.timestamp DESC, m._id DESC LIMIT ?";
    }

    private static String column(Set<String> columns, String name) {
        return columns.contains(name) ? "m." + name : "NULL";
    }

    /**
     * The page query's last column: which of the row's optional columns may hold a value, so that
     * only those are read (most rows are plain text, and every column read is a call into the
     * driver's native code). A bit is clear only when reading the columns would give what an
     * absent value gives (NULL text, 0): strings by {@code IS NOT NULL}, numbers by
     * {@link #nonZero}; when set, the columns are read as before.
     */
    private static String presentColumns(Set<String> columns, String quoted) {
        StringJoiner bits = new StringJoiner(" + ");
        bits.add("0");
        List<String> media = new ArrayList<>();
        for (String text : List.of("media_mime_type", "media_name", "media_caption", "thumb_image")) {
            if (columns.contains(text)) {
                media.add("m." + text + " IS NOT NULL");
            }
        }
        for (String number : List.of("media_size", "media_duration")) {
            if (columns.contains(number)) {
                media.add(nonZero("m." + number));
            }
        }
        if (!media.isEmpty()) {
            bits.add(MEDIA + " * (" + String.join(" OR ", media) + ")");
        }
        List<String> location = new ArrayList<>();
        for (String number : List.of("latitude", "longitude")) {
            if (columns.contains(number)) {
                location.add(nonZero("m." + number));
            }
        }
        if (!location.isEmpty()) {
            bits.add(LOCATION + " * (" + String.join(" OR ", location) + ")");
        }
        if (columns.contains("edit_version")) {
            bits.add(EDITED + " * " + nonZero("m.edit_version"));
        }
        if (columns.contains("forwarded")) {
            bits.add(FORWARDED + " * " + nonZero("m.forwarded"));
        }
        if (!"NULL".equals(quoted)) {
            bits.add(QUOTED + " * (m.quoted_row_id IS NOT NULL)");
        }
        return bits.toString();
    }

    /**
     * False only when the column is NULL or numerically zero, so reading it would give 0 (text in a
     * number column, or a fraction, compares unequal and is read as before).
     */
    private static String nonZero(String column) {
        return "(IFNULL(" + column + ", 0) <> 0)";
    }

    @Override
    public String kind() {
        return "Android backup (older layout)";
    }

    @Override
    public List<BackupChat> chats() throws SQLException {
        Map<String, String> subjects = new LinkedHashMap<>();
        if (SqliteFiles.tables(connection).contains("chat_list")
                && SqliteFiles.columns(connection, "chat_list").contains("subject")) {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT key_remote_jid, subject FROM chat_list")) {
                while (rs.next()) {
                    if (rs.getString(1) != null && rs.getString(2) != null && !rs.getString(2).isBlank()) {
                        subjects.put(rs.getString(1), rs.getString(2).strip());
                    }
                }
            }
        }
        List<BackupChat> chats = new ArrayList<>();
        Map<String, Integer> skippedByKind = new LinkedHashMap<>();
        String sql = "SELECT key_remote_jid, COUNT(*), MAX(timestamp) FROM messages WHERE key_remote_jid <> '-1'"
                + " GROUP BY key_remote_jid";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                String jid = rs.getString(1);
                if (jid == null || WhatsAppJid.problem(jid).isPresent()) {
                    skippedByKind.merge(AndroidBackup.skipReason(jid), 1, Integer::sum);
                    continue;
                }
                boolean group = jid.endsWith(WhatsAppJid.GROUP_SERVER);
                String title = subjects.get(jid);
                if (title == null) {
                    title = contacts.nameOf(jid).orElse(AndroidBackup.displayNumber(jid));
                }
                long last = rs.getLong(3);
                chats.add(new BackupChat(new ChatDescription(jid, title, group,
                        last > 0 ? Instant.ofEpochMilli(last) : null, rs.getLong(2)), List.of(jid)));
            }
        }
        skipped = AndroidBackup.describeSkipped(skippedByKind);
        return chats;
    }

    @Override
    public String skippedChats() {
        return skipped;
    }

    @Override
    public List<HistoricalMessage> older(BackupChat chat, HistoryCursor cursor, int limit) throws SQLException {
        String jid = (String) chat.keys().get(0);
        long timestamp = Long.MAX_VALUE;
        long row = Long.MAX_VALUE;
        if (cursor != null) {
            timestamp = cursor.timestamp().toEpochMilli();
            row = Long.MIN_VALUE;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT _id FROM messages WHERE key_remote_jid = ? AND timestamp = ? AND key_id = ?")) {
                statement.setString(1, jid);
                statement.setLong(2, timestamp);
                statement.setString(3, cursor.messageId());
                try (ResultSet rs = statement.executeQuery()) {
                    if (rs.next()) {
                        row = rs.getLong(1);
                    }
                }
            }
        }
        List<HistoricalMessage> messages = new ArrayList<>(Math.min(limit, 1024));
        try (PreparedStatement statement = connection.prepareStatement(pageSql)) {
            statement.setString(1, jid);
            statement.setLong(2, timestamp);
            statement.setLong(3, row);
            statement.setInt(4, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    messages.add(toMessage(chat, rs));
                }
            }
        }
        return messages;
    }

    private HistoricalMessage toMessage(BackupChat chat, ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        String keyId = rs.getString(2);
        boolean fromMe = rs.getInt(3) != 0;
        long timestamp = rs.getLong(4);
        String text = rs.getString(5);
        int code = parseCode(rs.getString(6));
        int status = rs.getInt(7);
        String chatId = chat.chatId();
        boolean group = chat.description().group();
        // Only what the row can hold is read (see presentColumns); the rest keeps what NULL reads as.
        int present = rs.getInt(23);
        String remoteResource = group && !fromMe ? rs.getString(8) : null;
        long received = timestamp > 0 ? 0 : rs.getLong(9);
        String mime = null;
        String mediaName = null;
        String mediaCaption = null;
        long size = 0;
        long duration = 0;
        byte[] thumbImage = null;
        if ((present & MEDIA) != 0) {
            mime = rs.getString(10);
            mediaName = rs.getString(11);
            mediaCaption = rs.getString(12);
            size = rs.getLong(13);
            duration = rs.getLong(14);
            thumbImage = rs.getBytes(21);
        }
        double latitude = 0;
        double longitude = 0;
        if ((present & LOCATION) != 0) {
            latitude = rs.getDouble(15);
            longitude = rs.getDouble(16);
        }
        int editVersion = (present & EDITED) != 0 ? rs.getInt(17) : 0;
        boolean forwarded = (present & FORWARDED) != 0 && rs.getInt(18) != 0;
        String quoted = (present & QUOTED) != 0 ? rs.getString(19) : null;
        int action = rs.getInt(20);
        Integer actionCode = rs.wasNull() ? null : action;
        String filePath = rs.getString(22);
        if (filePath == null || filePath.isBlank()) {
            filePath = pathInThumbImage(thumbImage);
        }

        String sender = fromMe ? "me"
                : group ? (remoteResource != null && !remoteResource.isBlank() ? remoteResource : chatId) : chatId;
        String caption = text != null && !text.isEmpty() ? text : mediaCaption;
        MessageType type;
        if (status == 6) {
            type = MessageType.SYSTEM;
        } else if (code == 15 || (editVersion == 7 && (caption == null || caption.isEmpty()))) {
            type = MessageType.DELETED;
        } else {
            type = AndroidTypes.type(code, caption != null && !caption.isEmpty());
        }
        boolean located = type == MessageType.LOCATION || type == MessageType.LIVE_LOCATION;
        String content = AndroidBackup.content(type, caption, mediaName, actionCode, false,
                located ? latitude : null, located ? longitude : null, null);
        RawRecord raw = record.start(SOURCE, id).put("type", (long) code);
        if (status == 6) {
            raw.put("status", (long) status);
        }
        if (actionCode != null) {
            raw.put("action", (long) actionCode);
        }
        if (mime != null || filePath != null || (mediaName != null && type != MessageType.TEXT)) {
            raw.startObject("media").putEvenIfEmpty("mime", mime).putEvenIfEmpty("path", filePath)
                    .putEvenIfEmpty("name", mediaName);
            if (size > 0) {
                raw.put("size", size);
            }
            if (duration > 0) {
                raw.put("seconds", duration);
            }
            raw.endObject();
        }
        raw.put("quoted", quoted).flag("forwarded", forwarded);
        if (located) {
            raw.put("lat", latitude).put("lon", longitude);
        }
        long millis = timestamp > 0 ? timestamp : received;
        HistoricalMessage message = new HistoricalMessage(keyId == null || keyId.isBlank() ? "row-" + id : keyId,
                chatId, sender, fromMe ? null : contacts.nameOf(sender).orElse(null), content,
                Instant.ofEpochMilli(millis), fromMe, type,
                editVersion > 0 && editVersion != 7 && type != MessageType.DELETED, raw.end());
        Attachment attachment = attachment(type, filePath, mediaName, mime, size);
        return attachment == null ? message : message.withAttachment(attachment);
    }

    /** The file a media row names: by its path when known (with its bytes when in the media folder), else by name. */
    private Attachment attachment(MessageType type, String filePath, String mediaName, String mime, long size) {
        if (type == MessageType.DELETED || type == MessageType.SYSTEM) {
            return null;
        }
        Long declared = size > 0 ? size : null;
        if (filePath != null) {
            return media.attachment(filePath, mime, declared);
        }
        boolean file = switch (type) {
            case IMAGE, VIDEO, AUDIO, STICKER, GIF, DOCUMENT -> true;
            default -> false;
        };
        return file && mediaName != null && !mediaName.isBlank() ? MediaFiles.NONE.attachment(mediaName, mime, declared)
                : null;
    }

    /**
     * The media file's path inside an old row's {@code thumb_image}: a Java-serialised object whose
     * strings are written as {@code 0x74}, a two-byte length and the (modified) UTF-8 bytes. The first
     * such string that names a file under WhatsApp's {@code Media/} folder is the path; nothing is
     * deserialised, so a hostile blob can at worst yield no path.
     */
    static String pathInThumbImage(byte[] blob) {
        if (blob == null) {
            return null;
        }
        for (int i = 0; i + 3 < blob.length; i++) {
            if (blob[i] != 0x74) {
                continue;
            }
            int length = ((blob[i + 1] & 0xFF) << 8) | (blob[i + 2] & 0xFF);
            if (length < 7 || i + 3 + length > blob.length) {
                continue;
            }
            String text = new String(blob, i + 3, length, StandardCharsets.UTF_8);
            boolean media = text.startsWith("Media/") || text.contains("/WhatsApp/Media/")
                    || text.contains("/WhatsApp Business/Media/");
            if (media && text.codePoints().noneMatch(c -> c < 0x20 || c == 0x7F || c == 0xFFFD)) {
                return text;
            }
        }
        return null;
    }

    private static int parseCode(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
