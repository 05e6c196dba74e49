package dev.chatarchive.whatsapp.backup.android;

import dev.chatarchive.api.MessageType;
import dev.chatarchive.whatsapp.backup.BackupReader;
import dev.chatarchive.whatsapp.backup.MediaFiles;
import dev.chatarchive.whatsapp.backup.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Opens a decrypted Android msgstore.db (a working copy the plugin owns) and picks the reader for
 * its schema: the current one ({@code message}, {@code chat}, {@code jid}) or the legacy one
 * ({@code messages} keyed by {@code key_remote_jid}). Files from the years of the change hold both
 * tables, one of them nearly empty, so the choice goes by which one holds real rows (the legacy
 * table always keeps a sentinel row whose JID is {@code -1}).
 */
public final class AndroidBackup {

    private AndroidBackup() {
    }

    /** Which schema a msgstore.db uses. */
    public enum Schema { MODERN, LEGACY }

    /**
     * The schema of the database behind {@code connection}.
     *
     * @throws IllegalArgumentException with a sentence when it holds neither
     */
    public static Schema schemaOf(Connection connection, String name) throws SQLException {
        Set<String> tables = SqliteFiles.tables(connection);
        boolean modern = tables.contains("message") && tables.contains("chat") && tables.contains("jid")
                && SqliteFiles.columns(connection, "message").contains("chat_row_id");
        boolean legacy = tables.contains("messages")
                && SqliteFiles.columns(connection, "messages").contains("key_remote_jid");
        if (modern && legacy) {
            long modernRows = SqliteFiles.number(connection, "SELECT COUNT(*) FROM message WHERE chat_row_id > 0");
            long legacyRows = SqliteFiles.number(connection, "SELECT COUNT(*) FROM messages WHERE key_remote_jid <> '-1'");
            return modernRows >= legacyRows ? Schema.MODERN : Schema.LEGACY;
        }
        if (modern) {
            return Schema.MODERN;
        }
        if (legacy) {
            return Schema.LEGACY;
        }
        if (tables.contains("wa_contacts")) {
            throw new IllegalArgumentException("'" + name + "' is WhatsApp's contacts database (wa.db), not a message"
                    + " backup: import msgstore.db and pass this file with --contacts.");
        }
        throw new IllegalArgumentException("'" + name + "' is an SQLite database, but neither of the WhatsApp message"
                + " layouts chat-archive knows (a 'message' table with 'chat' and 'jid', or the older 'messages'"
                + " table): is it WhatsApp's msgstore.db?");
    }

    /**
     * Adds the indexes paging needs to the working copy and returns the reader for its schema, with its
     * chat list made (a modern backup's paging index may still be being built: see
     * {@link ModernAndroidReader}). A side
     * table gets no index where WhatsApp's own key already serves (its {@code message_row_id} is the
     * INTEGER PRIMARY KEY, or an index starts with it): building one would only cost time at opening.
     */
    public static BackupReader open(Path workingCopy, String name, ContactNames contacts, MediaFiles media)
            throws SQLException {
        Connection connection = SqliteFiles.openWorkingCopy(workingCopy);
        try {
            Schema schema = schemaOf(connection, name);
            Set<String> tables = SqliteFiles.tables(connection);
            List<String> indexes = new ArrayList<>();
            if (schema == Schema.MODERN) {
                // The paging index is added by ModernAndroidReader.prepare, beside the reading when it can.
                for (String side : List.of("message_media", "message_quoted", "message_system", "message_location",
                        "message_edit_info", "missed_call_logs")) {
                    if (tables.contains(side) && SqliteFiles.columns(connection, side).contains("message_row_id")
                            && !SqliteFiles.isIndexed(connection, side, "message_row_id")) {
                        indexes.add("CREATE INDEX IF NOT EXISTS chat_archive_" + side + " ON " + side + "(message_row_id)");
                    }
                }
                if (tables.contains("message_add_on")
                        && !SqliteFiles.isIndexed(connection, "message_add_on", "parent_message_row_id")) {
                    indexes.add("CREATE INDEX IF NOT EXISTS chat_archive_add_on ON message_add_on(parent_message_row_id)");
                }
                if (tables.contains("message_add_on_reaction")
                        && !SqliteFiles.isIndexed(connection, "message_add_on_reaction", "message_add_on_row_id")) {
                    indexes.add("CREATE INDEX IF NOT EXISTS chat_archive_reaction"
                            + " ON message_add_on_reaction(message_add_on_row_id)");
                }
                if (tables.contains("jid_map") && !SqliteFiles.isIndexed(connection, "jid_map", "lid_row_id")) {
                    indexes.add("CREATE INDEX IF NOT EXISTS chat_archive_jid_map ON jid_map(lid_row_id)");
                }
            } else {
                indexes.add("CREATE INDEX IF NOT EXISTS chat_archive_page ON messages(key_remote_jid, timestamp, _id)");
                if (tables.contains("messages_quotes")) {
                    indexes.add("CREATE INDEX IF NOT EXISTS chat_archive_quotes ON messages_quotes(_id)");
                }
                if (tables.contains("message_media") && SqliteFiles.columns(connection, "message_media").contains("message_row_id")) {
                    indexes.add("CREATE INDEX IF NOT EXISTS chat_archive_message_media ON message_media(message_row_id)");
                }
            }
            for (String index : indexes) {
                SqliteFiles.execute(connection, index);
            }
            if (schema == Schema.LEGACY) {
                return new LegacyAndroidReader(connection, contacts, media);
            }
            ModernAndroidReader reader = new ModernAndroidReader(connection, contacts, media);
            try {
                reader.prepare(workingCopy, name);
            } catch (SQLException | RuntimeException e) {
                reader.close();
                throw e;
            }
            return reader;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The content of a message: its text or caption, else a short description of what it is. */
    static String content(MessageType type, String text, String mediaName, Integer action, boolean videoCall,
                          Double latitude, Double longitude, String placeName) {
        if (type == MessageType.DELETED) {
            return "This message was deleted.";
        }
        if (type == MessageType.SYSTEM) {
            String description = AndroidTypes.action(action);
            return text == null || text.isBlank() ? description : description + ": " + text;
        }
        if (text != null && !text.isEmpty()) {
            return text;
        }
        return switch (type) {
            case DOCUMENT -> mediaName == null ? "" : mediaName;
            case CALL -> videoCall ? "Missed video call" : "Missed voice call";
            case LOCATION, LIVE_LOCATION -> latitude == null || longitude == null ? ""
                    : (placeName == null || placeName.isBlank() ? "" : placeName + ": ")
                            + String.format(Locale.ROOT, "%.6f, %.6f", latitude, longitude);
            default -> "";
        };
    }

    /** Why a chat with this JID is left out. */
    static String skipReason(String jid) {
        if (jid == null) {
            return "without a JID";
        }
        if (jid.equals("status@broadcast") || jid.endsWith("@status") || jid.endsWith("@lid.status")) {
            return "status updates";
        }
        if (jid.endsWith("@broadcast")) {
            return "broadcast lists";
        }
        if (jid.endsWith("@newsletter")) {
            return "channels";
        }
        if (jid.endsWith("@lid")) {
            return "contacts known only by a hidden id (LID)";
        }
        return "other kinds";
    }

    /** "3 chats left out: 1 status updates, 2 channels." or empty. */
    static String describeSkipped(Map<String, Integer> byReason) {
        if (byReason.isEmpty()) {
            return "";
        }
        int total = byReason.values().stream().mapToInt(Integer::intValue).sum();
        List<String> parts = new ArrayList<>();
        byReason.forEach((reason, count) -> parts.add(count + " " + reason));
        return total + (total == 1 ? " chat" : " chats") + " left out (" + String.join(", ", parts)
                + "): the archive keeps person and group chats only.";
    }

    /** A person's JID written as a phone number ("+31612345678"), for a title when no name is known. */
    static String displayNumber(String jid) {
        int at = jid.indexOf('@');
        String user = at < 0 ? jid : jid.substring(0, at);
        return user.matches("[0-9]+") && !jid.endsWith("@g.us") ? "+" + user : user;
    }
}
