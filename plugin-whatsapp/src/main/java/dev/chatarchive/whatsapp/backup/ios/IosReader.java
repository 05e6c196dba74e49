package dev.chatarchive.whatsapp.backup.ios;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.whatsapp.backup.BackupChat;
import dev.chatarchive.whatsapp.backup.BackupReader;
import dev.chatarchive.whatsapp.backup.MediaFiles;
import dev.chatarchive.whatsapp.backup.RawRecord;
import dev.chatarchive.whatsapp.backup.SqliteFiles;
import dev.chatarchive.whatsapp.jid.WhatsAppJid;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The iPhone's ChatStorage.sqlite (a Core Data store): chats in {@code ZWACHATSESSION}, messages in
 * {@code ZWAMESSAGE} with {@code ZSTANZAID} as WhatsApp's message id, group senders in
 * {@code ZWAGROUPMEMBER}, media in {@code ZWAMEDIAITEM}. Dates are seconds since 2001-01-01 UTC
 * (Apple's reference date). Type codes are iPhone's own and differ from Android's.
 */
final class IosReader implements BackupReader {

    private static final String SOURCE = "whatsapp-ios-backup";
    /** Seconds from the Unix epoch to Apple's reference date, 2001-01-01T00:00:00Z. */
    static final long APPLE_EPOCH = 978_307_200L;

    private final Connection connection;
    private final MediaFiles media;
    private final String pageSql;
    private final RawRecord record = new RawRecord();
    private String skipped = "";

    IosReader(Connection connection, MediaFiles media) throws SQLException {
        this.connection = connection;
        this.media = media;
        Set<String> tables = SqliteFiles.tables(connection);
        Set<String> message = SqliteFiles.columns(connection, "ZWAMESSAGE");
        boolean mediaItems = tables.contains("zwamediaitem");
        boolean members = tables.contains("zwagroupmember");
        Set<String> mediaColumns = mediaItems ? SqliteFiles.columns(connection, "ZWAMEDIAITEM") : Set.of();
        Set<String> memberColumns = members ? SqliteFiles.columns(connection, "ZWAGROUPMEMBER") : Set.of();
        this.pageSql = "SELECT m.Z_PK, m.ZSTANZAID, m.ZISFROMME, m.ZMESSAGEDATE, m.ZTEXT, m.ZMESSAGETYPE, "
                + col(message, "m", "ZGROUPEVENTTYPE") + ", " + col(message, "m", "ZFROMJID") + ", "
                + col(message, "m", "ZPUSHNAME") + ", " + col(message, "m", "ZFLAGS") + ", "
                + (members ? col(memberColumns, "g", "ZMEMBERJID") + ", "
                        + "COALESCE(" + col(memberColumns, "g", "ZCONTACTNAME") + ", " + col(memberColumns, "g", "ZFIRSTNAME") + ")"
                        : "NULL, NULL") + ", "
                + (mediaItems ? col(mediaColumns, "i", "ZMEDIALOCALPATH") + ", " + col(mediaColumns, "i", "ZTITLE") + ", "
                        + col(mediaColumns, "i", "ZFILESIZE") + ", " + col(mediaColumns, "i", "ZMOVIEDURATION") + ", "
                        + col(mediaColumns, "i", "ZLATITUDE") + ", " + col(mediaColumns, "i", "ZLONGITUDE") + ", "
                        + col(mediaColumns, "i", "ZVCARDSTRING")
                        : "NULL, NULL, NULL, NULL, NULL, NULL, NULL")
                // Whether the message has a media item: its seven columns are read only then.
                + ", " + (mediaItems ? "i.Z_PK IS NOT NULL" : "0")
                + " FROM ZWAMESSAGE m"
                + (members && message.contains("zgroupmember") ? " LEFT JOIN ZWAGROUPMEMBER g ON g.Z_PK = m.ZGROUPMEMBER"
                        : members ? " LEFT JOIN ZWAGROUPMEMBER g ON 0" : "")
                + (mediaItems ? " LEFT JOIN ZWAMEDIAITEM i ON i.ZMESSAGE = m.Z_PK" : "")
                + " WHERE m.ZCHATSESSION = ? AND (m.ZMESSAGEDATE, m.Z_PK) < (?, ?)"
                + " ORDER BY m.ZMESSAGEDATE DESC, m.Z_PK DESC LIMIT ?";
    }

    private static String col(Set<String> columns, String alias, String name) {
        return columns.contains(name.toLowerCase(Locale.ROOT)) ? alias + "." + name : "NULL";
    }

    @Override
    public String kind() {
        return "iPhone ChatStorage";
    }

    @Override
    public List<BackupChat> chats() throws SQLException {
        List<BackupChat> chats = new ArrayList<>();
        Map<String, Integer> skippedByKind = new LinkedHashMap<>();
        String sql = "SELECT s.Z_PK, s.ZCONTACTJID, s.ZPARTNERNAME, COUNT(m.Z_PK), MAX(m.ZMESSAGEDATE)"
                + " FROM ZWACHATSESSION s JOIN ZWAMESSAGE m ON m.ZCHATSESSION = s.Z_PK GROUP BY s.Z_PK";
        Map<String, BackupChat> byJid = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                String jid = rs.getString(2);
                if (jid == null || WhatsAppJid.problem(jid).isPresent()) {
                    String reason = jid == null ? "without a JID" : jid.endsWith("@status") || jid.endsWith("broadcast")
                            ? "status updates and broadcast lists" : jid.endsWith("@newsletter") ? "channels" : "other kinds";
                    skippedByKind.merge(reason, 1, Integer::sum);
                    continue;
                }
                String title = rs.getString(3);
                if (title == null || title.isBlank()) {
                    int at = jid.indexOf('@');
                    title = jid.endsWith(WhatsAppJid.GROUP_SERVER) ? jid.substring(0, at) : "+" + jid.substring(0, at);
                }
                double last = rs.getDouble(5);
                BackupChat chat = new BackupChat(new ChatDescription(jid, title.strip(),
                        jid.endsWith(WhatsAppJid.GROUP_SERVER), last > 0 ? toInstant(last) : null, rs.getLong(4)),
                        List.of(rs.getLong(1)));
                BackupChat earlier = byJid.get(jid);
                if (earlier == null) {
                    byJid.put(jid, chat);
                } else {
                    List<Object> keys = new ArrayList<>(earlier.keys());
                    keys.addAll(chat.keys());
                    ChatDescription d = earlier.description();
                    byJid.put(jid, new BackupChat(new ChatDescription(jid, d.title(), d.group(), d.lastActivity(),
                            d.estimatedSize() + chat.description().estimatedSize()), keys));
                }
            }
        }
        chats.addAll(byJid.values());
        if (!skippedByKind.isEmpty()) {
            int total = skippedByKind.values().stream().mapToInt(Integer::intValue).sum();
            List<String> parts = new ArrayList<>();
            skippedByKind.forEach((reason, count) -> parts.add(count + " " + reason));
            skipped = total + (total == 1 ? " chat" : " chats") + " left out (" + String.join(", ", parts)
                    + "): the archive keeps person and group chats only.";
        }
        return chats;
    }

    @Override
    public String skippedChats() {
        return skipped;
    }

    @Override
    public List<HistoricalMessage> older(BackupChat chat, HistoryCursor cursor, int limit) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        List<HistoricalMessage> messages = new ArrayList<>(Math.min(limit, 1024));
        for (Object key : chat.keys()) {
            double date = Double.MAX_VALUE;
            long row = Long.MAX_VALUE;
            if (cursor != null) {
                date = cursor.timestamp().toEpochMilli() / 1000.0 - APPLE_EPOCH;
                row = Long.MIN_VALUE;
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT ZMESSAGEDATE, Z_PK FROM ZWAMESSAGE WHERE ZCHATSESSION = ? AND ZSTANZAID = ?")) {
                    statement.setLong(1, (Long) key);
                    statement.setString(2, cursor.messageId());
                    try (ResultSet rs = statement.executeQuery()) {
                        if (rs.next()) {
                            date = rs.getDouble(1);
                            row = rs.getLong(2);
                        }
                    }
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(pageSql)) {
                statement.setLong(1, (Long) key);
                statement.setDouble(2, date);
                statement.setLong(3, row);
                statement.setInt(4, limit);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(toRow(chat, rs));
                    }
                }
            }
        }
        rows.sort((a, b) -> {
            int byDate = Double.compare((Double) b[0], (Double) a[0]);
            return byDate != 0 ? byDate : Long.compare((Long) b[1], (Long) a[1]);
        });
        for (Object[] row : rows.subList(0, Math.min(limit, rows.size()))) {
            messages.add((HistoricalMessage) row[2]);
        }
        return messages;
    }

    /**
     * The row as {date, pk, message}, for sorting the pages of a JID's sessions together. Columns are
     * read only where they are used (every read is a call into the driver's native code): the sender
     * columns for others' messages in groups, the media item's only when the message has one.
     */
    private Object[] toRow(BackupChat chat, ResultSet rs) throws SQLException {
        long pk = rs.getLong(1);
        String stanza = rs.getString(2);
        boolean fromMe = rs.getInt(3) != 0;
        double date = rs.getDouble(4);
        String text = rs.getString(5);
        int code = rs.getInt(6);
        int event = rs.getInt(7);
        long flags = rs.getLong(10);
        String chatId = chat.chatId();
        boolean group = chat.description().group();
        String fromJid = null;
        String pushName = null;
        String memberJid = null;
        String memberName = null;
        if (group && !fromMe) {
            fromJid = rs.getString(8);
            pushName = rs.getString(9);
            memberJid = rs.getString(11);
            memberName = rs.getString(12);
        }
        String mediaPath = null;
        String mediaTitle = null;
        long fileSize = 0;
        double duration = 0;
        double latitude = 0;
        boolean hasLatitude = false;
        double longitude = 0;
        String vcard = null;
        if (rs.getInt(20) != 0) {
            mediaPath = rs.getString(13);
            mediaTitle = rs.getString(14);
            fileSize = rs.getLong(15);
            duration = rs.getDouble(16);
            latitude = rs.getDouble(17);
            hasLatitude = !rs.wasNull();
            longitude = rs.getDouble(18);
            vcard = rs.getString(19);
        }

        String sender;
        String senderName = null;
        if (fromMe) {
            sender = "me";
        } else if (group) {
            sender = memberJid != null && !memberJid.isBlank() ? memberJid
                    : fromJid != null && !fromJid.equals(chatId) && fromJid.contains("@") ? fromJid : chatId;
            senderName = memberName != null && !memberName.isBlank() ? memberName : pushName;
        } else {
            sender = chatId;
            senderName = chat.description().title();
        }
        String caption = text != null && !text.isEmpty() ? text : mediaTitle;
        MessageType type = type(code, event, caption != null && !caption.isEmpty());
        String content = content(type, code, event, caption, hasLatitude ? latitude : null, longitude);
        RawRecord raw = record.start(SOURCE, pk).put("type", (long) code);
        if (event != 0) {
            raw.put("event", (long) event);
        }
        if (mediaPath != null || (type == MessageType.DOCUMENT && mediaTitle != null)) {
            raw.startObject("media").putEvenIfEmpty("path", mediaPath);
            if (type != MessageType.CONTACT && vcard != null && vcard.contains("/") && vcard.length() < 100) {
                raw.putEvenIfEmpty("mime", vcard);
            }
            if (fileSize > 0) {
                raw.put("size", fileSize);
            }
            if (duration > 0) {
                raw.put("seconds", Math.round(duration));
            }
            raw.endObject();
        }
        if (hasLatitude && (type == MessageType.LOCATION || type == MessageType.LIVE_LOCATION)) {
            raw.put("lat", latitude).put("lon", longitude);
        }
        raw.flag("forwarded", (flags & 0x80) != 0);
        String id = stanza == null || stanza.isBlank() ? "row-" + pk : stanza;
        HistoricalMessage message = new HistoricalMessage(id, chatId, sender, senderName, content, toInstant(date),
                fromMe, type, false, raw.end());
        String mime = vcard != null && vcard.contains("/") && vcard.length() < 100 ? vcard : null;
        Attachment attachment = type == MessageType.CONTACT || type == MessageType.DELETED ? null
                : media.attachment(mediaPath, mime, fileSize > 0 ? fileSize : null);
        return new Object[] {date, pk, attachment == null ? message : message.withAttachment(attachment)};
    }

    static Instant toInstant(double appleSeconds) {
        return Instant.ofEpochMilli(Math.round((appleSeconds + APPLE_EPOCH) * 1000.0));
    }

    /** iPhone's ZMESSAGETYPE codes (with ZGROUPEVENTTYPE for notices); see docs/whatsapp-backups.md. */
    static MessageType type(int code, int event, boolean hasText) {
        return switch (code) {
            case 0, 7 -> MessageType.TEXT;
            case 1, 38 -> MessageType.IMAGE;
            case 2, 39 -> MessageType.VIDEO;
            case 3 -> MessageType.AUDIO;
            case 4 -> MessageType.CONTACT;
            case 5 -> MessageType.LOCATION;
            case 6 -> MessageType.SYSTEM;
            case 8 -> MessageType.DOCUMENT;
            case 10 -> event == 1 || event == 4 || event == 22 || event == 40 || event == 41
                    ? MessageType.CALL : MessageType.SYSTEM;
            case 11 -> MessageType.GIF;
            case 14 -> MessageType.DELETED;
            case 15 -> MessageType.STICKER;
            case 46 -> MessageType.POLL;
            default -> hasText ? MessageType.TEXT : MessageType.UNKNOWN;
        };
    }

    private static String content(MessageType type, int code, int event, String caption, Double latitude,
                                  double longitude) {
        if (type == MessageType.DELETED) {
            return "This message was deleted.";
        }
        if (type == MessageType.CALL) {
            return event == 4 || event == 22 || event == 40 || event == 41 ? "Missed video call" : "Missed voice call";
        }
        if (type == MessageType.SYSTEM && (caption == null || caption.isEmpty())) {
            return "WhatsApp event " + code + "/" + event;
        }
        if (caption != null && !caption.isEmpty()) {
            return caption;
        }
        if (type == MessageType.LOCATION && latitude != null) {
            return String.format(Locale.ROOT, "%.6f, %.6f", latitude, longitude);
        }
        return "";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
