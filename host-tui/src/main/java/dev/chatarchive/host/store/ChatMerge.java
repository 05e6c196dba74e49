package dev.chatarchive.host.store;

import dev.chatarchive.api.MessageType;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Merges an export's chat into the real chat of the same conversation, without duplicates.
 *
 * <p>An exported chat has no message ids, so its messages carry derived ids and, unless its
 * settings name the real JID, a derived chat id ({@code export-…@s.whatsapp.net}). A phone backup
 * or live mode brings the same conversation under its real JID with WhatsApp's own ids. The merge
 * moves the export chat's messages onto the real chat and drops each one that the real chat already
 * holds, which is decided by <b>the rule</b> (docs/whatsapp-backups.md, "Merging"):
 * <ol>
 *   <li>the same minute (UTC), since exports have minute precision;
 *   <li>the same direction (from me or not), and the same sender when both sides name one the same
 *       way (both JIDs, or both display names, compared without case and accents);
 *   <li>the same text, compared after removing invisible marks and folding runs of white space;
 *       media, deleted and system messages, whose text an export replaces with placeholders, match on
 *       their kind (media with media, deleted with deleted, system with system) instead of text;
 *   <li>one to one, in time order: each real message absorbs at most one export message, so two
 *       identical lines in the same minute stay two.
 * </ol>
 * Export messages with no match (older than the backup, or deleted on the phone) are moved over with
 * their derived ids, which never collide with WhatsApp's. When the export chat already is the real
 * chat (its export set {@code jid=}), the merge de-duplicates within the chat: its export messages
 * (raw record source {@code whatsapp-export}) are matched against the others.
 *
 * <p>A merge is remembered (schema version 4, {@link ChatMerges}): the pair goes into
 * {@code chat_merges}, and the ids of the export messages it dropped or moved into
 * {@code merged_messages}, which the message store never stores under the export chat again. So
 * importing the same export again stores nothing; a newer export's new lines, and a real chat's
 * later history, are merged by the same rule after each sync run ({@link ChatMerges#afterSync}).
 * An export message whose file the archive holds gives that file to the real message it matches
 * when the real one has no bytes, so dropping it loses nothing.
 *
 * <p>Everything happens in the caller's transaction. Merging again is harmless: what was matched is
 * gone, what was moved is already there.
 */
public final class ChatMerge {

    private static final long MINUTE = 60_000L;
    private static final String EXPORT_SOURCE = "\"source\":\"whatsapp-export\"";
    private static final Set<String> MEDIA = Set.of(MessageType.IMAGE.wireName(), MessageType.VIDEO.wireName(),
            MessageType.AUDIO.wireName(), MessageType.STICKER.wireName(), MessageType.GIF.wireName(),
            MessageType.DOCUMENT.wireName(), MessageType.CONTACT.wireName(), MessageType.MEDIA_OMITTED.wireName(),
            MessageType.VIEW_ONCE.wireName());

    private ChatMerge() {
    }

    /** One stored message, as the rule sees it. */
    private record Row(long rowId, String id, String sender, String senderName, String content, long timestamp,
                       boolean fromMe, String type) {
        long minute() {
            return Math.floorDiv(timestamp, MINUTE);
        }
    }

    /** What a merge did. */
    public record Outcome(int matched, int moved) {
    }

    /** Remembers the merge of {@code from} into {@code into}, then applies it. */
    static Outcome merge(Handle handle, String from, String into, long now) {
        remember(handle, from, into, now);
        return apply(handle, from, into, now);
    }

    /**
     * Records that {@code from} is merged into {@code into}; chats merged into {@code from} before now
     * point at {@code into}, so a chain of merges always leads to a chat that exists.
     */
    private static void remember(Handle handle, String from, String into, long now) {
        handle.createUpdate("INSERT INTO chat_merges (from_chat, into_chat, merged_at) VALUES (:from, :into, :now)"
                        + " ON CONFLICT (from_chat) DO UPDATE SET into_chat = excluded.into_chat, merged_at = excluded.merged_at")
                .bind("from", from).bind("into", into).bind("now", now).execute();
        if (!from.equals(into)) {
            handle.createUpdate("UPDATE chat_merges SET into_chat = :into WHERE into_chat = :from AND from_chat <> :from")
                    .bind("from", from).bind("into", into).execute();
        }
    }

    /** Applies the rule to what {@code from} holds now; see the class comment. */
    static Outcome apply(Handle handle, String from, String into, long now) {
        boolean same = from.equals(into);
        List<Row> exported = rows(handle, from, same ? "AND raw_proto LIKE '%" + EXPORT_SOURCE + "%'" : "");
        List<Row> drop = new ArrayList<>();
        List<Row> move = new ArrayList<>();
        if (!exported.isEmpty()) {
            long first = exported.get(0).minute() * MINUTE;
            long last = (exported.get(exported.size() - 1).minute() + 1) * MINUTE;
            Map<Long, Deque<Row>> realByMinute = new HashMap<>();
            String realFilter = (same ? "AND (raw_proto IS NULL OR raw_proto NOT LIKE '%" + EXPORT_SOURCE + "%') " : "")
                    + "AND timestamp >= " + first + " AND timestamp < " + last;
            for (Row real : rows(handle, into, realFilter)) {
                realByMinute.computeIfAbsent(real.minute(), m -> new ArrayDeque<>()).add(real);
            }
            for (Row export : exported) {
                Deque<Row> candidates = realByMinute.get(export.minute());
                Row match = null;
                if (candidates != null) {
                    for (Row real : candidates) {
                        if (matches(export, real)) {
                            match = real;
                            break;
                        }
                    }
                }
                if (match != null) {
                    candidates.remove(match);
                    giveFile(handle, export.rowId(), match.rowId(), now);
                    drop.add(export);
                } else if (!same) {
                    move.add(export);
                }
            }
        }
        // The checkpoint's cursor must name a message the chat holds (a foreign key): let go of one about to leave.
        Set<String> leaving = new HashSet<>();
        drop.forEach(row -> leaving.add(row.id()));
        move.forEach(row -> leaving.add(row.id()));
        boolean released = releaseCursor(handle, from, leaving);
        for (Row row : drop) {
            absorbed(handle, from, row.id());
            handle.createUpdate("DELETE FROM message_rows WHERE row_id = :row").bind("row", row.rowId()).execute();
        }
        int moved = 0;
        for (Row row : move) {
            absorbed(handle, from, row.id());
            boolean present = handle.createQuery("SELECT count(*) FROM messages WHERE chat_jid = :chat AND id = :id")
                    .bind("chat", into).bind("id", row.id()).mapTo(Integer.class).one() > 0;
            if (present) {
                handle.createUpdate("DELETE FROM message_rows WHERE row_id = :row").bind("row", row.rowId()).execute();
            } else {
                handle.createUpdate("UPDATE message_rows SET chat_key = (SELECT chat_key FROM chats WHERE chat_jid = :chat) "
                                + "WHERE row_id = :row")
                        .bind("chat", into).bind("row", row.rowId()).execute();
                moved++;
            }
        }
        if (!drop.isEmpty() || !move.isEmpty()) {
            recount(handle, into);
        }
        if (!same) {
            boolean empty = handle.createQuery("SELECT count(*) FROM messages WHERE chat_jid = :chat")
                    .bind("chat", from).mapTo(Integer.class).one() == 0;
            if (empty) {
                // The export chat is gone from the archive; its checkpoint and chat row go with it.
                handle.createUpdate("DELETE FROM sync_checkpoints WHERE chat_jid = :chat").bind("chat", from).execute();
                handle.createUpdate("DELETE FROM chats WHERE chat_jid = :chat").bind("chat", from).execute();
            } else {
                recount(handle, from);
            }
        }
        if (released) {
            pointCursorAtOldest(handle, from);
        }
        return new Outcome(drop.size(), moved);
    }

    /** {@code id} of {@code chat} was taken care of by a merge: it is never stored under {@code chat} again. */
    private static void absorbed(Handle handle, String chat, String id) {
        handle.createUpdate("INSERT INTO merged_messages (chat_jid, message_id) VALUES (:chat, :id)"
                        + " ON CONFLICT (chat_jid, message_id) DO NOTHING")
                .bind("chat", chat).bind("id", id).execute();
    }

    /**
     * The export message about to be dropped carries a file whose bytes the archive holds: the real
     * message it matched gets them when it has none (it keeps its own description when it has one).
     */
    private static void giveFile(Handle handle, long exportRow, long realRow, long now) {
        String sha = handle.createQuery("SELECT sha256 FROM attachments WHERE message_row_id = :row AND sha256 IS NOT NULL")
                .bind("row", exportRow).mapTo(String.class).findOne().orElse(null);
        if (sha == null) {
            return;
        }
        int filled = handle.createUpdate("UPDATE attachments SET sha256 = :sha, size = (SELECT size FROM media_files"
                        + " WHERE sha256 = :sha), updated_at = :now WHERE message_row_id = :real AND sha256 IS NULL")
                .bind("sha", sha).bind("now", now).bind("real", realRow).execute();
        if (filled == 0) {
            handle.createUpdate("UPDATE attachments SET message_row_id = :real, updated_at = :now"
                            + " WHERE message_row_id = :export AND NOT EXISTS"
                            + " (SELECT 1 FROM attachments WHERE message_row_id = :real)")
                    .bind("real", realRow).bind("export", exportRow).bind("now", now).execute();
        }
    }

    static boolean matches(Row export, Row real) {
        if (export.fromMe() != real.fromMe()) {
            return false;
        }
        if (!export.fromMe() && !sameSender(export, real)) {
            return false;
        }
        String exportKind = kind(export.type());
        String realKind = kind(real.type());
        if (!exportKind.equals("text") || !realKind.equals("text")) {
            return exportKind.equals(realKind);
        }
        return normalized(export.content()).equals(normalized(real.content()));
    }

    private static boolean sameSender(Row export, Row real) {
        boolean exportJid = export.sender().contains("@");
        boolean realJid = real.sender().contains("@");
        if (exportJid && realJid) {
            return export.sender().equals(real.sender());
        }
        String exportName = exportJid ? export.senderName() : export.sender();
        String realName = real.senderName();
        if (exportName == null || realName == null || exportName.equals("system")) {
            return true;
        }
        return folded(exportName).equals(folded(realName));
    }

    private static String kind(String type) {
        if (type == null || type.equals(MessageType.TEXT.wireName()) || type.equals(MessageType.UNKNOWN.wireName())) {
            return "text";
        }
        if (MEDIA.contains(type)) {
            return "media";
        }
        return type;
    }

    /** Text without invisible marks, with white space folded, for comparing an export line with the real message. */
    static String normalized(String text) {
        if (text == null) {
            return "";
        }
        String stripped = text.replaceAll("[\\u200B-\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF]", "");
        return stripped.replaceAll("[\\s\\u00A0\\u202F]+", " ").strip();
    }

    private static String folded(String name) {
        String decomposed = Normalizer.normalize(normalized(name).replaceFirst("^~\\s*", ""), Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private static List<Row> rows(Handle handle, String chat, String filter) {
        return handle.createQuery("SELECT row_id, id, sender, sender_name, content, timestamp, is_from_me, message_type"
                        + " FROM messages WHERE chat_jid = :chat " + filter + " ORDER BY timestamp, row_id")
                .bind("chat", chat)
                .map((rs, ctx) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getInt(7) != 0, rs.getString(8)))
                .list();
    }

    /** Clears the chat's checkpoint cursor when it names one of {@code leaving}; says whether it did. */
    private static boolean releaseCursor(Handle handle, String chat, Set<String> leaving) {
        String cursor = handle.createQuery("SELECT last_message_id FROM sync_checkpoints WHERE chat_jid = :chat")
                .bind("chat", chat).mapTo(String.class).findOne().orElse(null);
        if (cursor == null || !leaving.contains(cursor)) {
            return false;
        }
        handle.createUpdate("UPDATE sync_checkpoints SET last_message_id = NULL, last_timestamp = NULL WHERE chat_jid = :chat")
                .bind("chat", chat).execute();
        return true;
    }

    /** A checkpoint whose cursor message was dropped points at the chat's oldest message instead. */
    private static void pointCursorAtOldest(Handle handle, String chat) {
        handle.createUpdate("UPDATE sync_checkpoints SET"
                + " last_timestamp = (SELECT timestamp FROM messages WHERE chat_jid = :chat ORDER BY timestamp, id LIMIT 1),"
                + " last_message_id = (SELECT id FROM messages WHERE chat_jid = :chat ORDER BY timestamp, id LIMIT 1)"
                + " WHERE chat_jid = :chat")
                .bind("chat", chat).execute();
    }

    private static void recount(Handle handle, String chat) {
        handle.createUpdate("UPDATE chats SET message_count = (SELECT count(*) FROM message_rows m WHERE m.chat_key = chats.chat_key),"
                + " last_activity = (SELECT max(timestamp) FROM message_rows m WHERE m.chat_key = chats.chat_key)"
                + " WHERE chat_jid = :chat").bind("chat", chat).execute();
    }
}
