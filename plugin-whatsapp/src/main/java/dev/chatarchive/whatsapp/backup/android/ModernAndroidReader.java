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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Android's current msgstore.db schema (WhatsApp 2.21 and later): {@code message} rows keyed to
 * {@code chat} and {@code jid} rows, with side tables for media, quotes, system events, locations,
 * edits, missed calls and reactions ({@code message_add_on}). Side tables and columns are looked up
 * first and joined only when present, since they come and go between versions.
 *
 * <p>Chats and senders with a LID ({@code …@lid}) are written with their phone-number JID when
 * {@code jid_map} knows it, as live mode writes them. Paging runs on an index over
 * {@code (chat_row_id, timestamp, _id)} added to the working copy ({@code (chat_row_id, timestamp)} when
 * {@code _id} is the row id, which every index entry ends with).
 *
 * <p>Opening ({@link #prepare}) does not wait for that index, whose build takes seconds on a large
 * backup: the chat list is counted from one pass over {@code message}, the first chats in the list (the
 * host syncs them first) get a partial index of their own, which a pass over the table and a sort of
 * their rows alone builds, and the paging index is built beside the reading ({@link PagingIndex}) while
 * the host stores those chats. A page is the same whichever index serves it: the query orders by
 * (timestamp, row), which no two messages share.
 */
final class ModernAndroidReader implements BackupReader {

    private static final String SOURCE = "whatsapp-android-backup";

    private final Connection connection;
    private final ContactNames contacts;
    private final MediaFiles media;
    private final Set<String> tables;
    private final boolean jidMap;
    /** Whether the file's text is UTF-8 (see {@link #text}). */
    private final boolean utf8;
    private String pageSql;
    /** The side tables with columns, in the page query's order. */
    private final List<SideTable> sides;
    private final String cursorSql;
    /** The chat list, made by {@link #prepare}. */
    private List<BackupChat> chatList = List.of();
    /** The chat rows with a partial index of their own while the paging index is built; empty when none. */
    private final Set<Long> covered = new java.util.HashSet<>();
    private String coveredPageSql;
    private String coveredCursorSql;
    /** The paging index being built beside the reading; null when it was built before reading, or is not needed. */
    private PagingIndex pagingIndex;
    /** The partial index's term of the page query while it serves the first chats; null when there is none. */
    private String coveredTerm;
    /**
     * The side tables read apart from the page query (bits as in {@link #pageQuery}; {@link #ADD_ONS} for
     * the reactions), with which messages have a row in them: read on the first page; null before, and
     * when every side table is joined.
     */
    private SideRows sideRows;
    private int apart;
    private boolean sideRowsRead;
    /** How many message row ids the side rows may span ({@link SideRows#SPAN_MAX}; tests set 0: every table joined). */
    long sideRowsSpanMax = SideRows.SPAN_MAX;
    private final Map<Long, String> jidCache = new HashMap<>();
    private final RawRecord record = new RawRecord();
    private String skipped = "";

    ModernAndroidReader(Connection connection, ContactNames contacts, MediaFiles media) throws SQLException {
        this.connection = connection;
        this.contacts = contacts;
        this.media = media;
        this.tables = SqliteFiles.tables(connection);
        this.jidMap = tables.contains("jid_map");
        this.utf8 = "UTF-8".equalsIgnoreCase(SqliteFiles.text(connection, "PRAGMA encoding"));
        this.sides = sideTables();
        this.pageSql = pageQuery("", 0);
        this.cursorSql = cursorQuery("");
    }

    /**
     * The paging index, which serves every chat, when {@code message._id} is not the row id: an index
     * ends with the row id anyway, so {@link #PAGING_INDEX_BY_ROW_ID} orders the same.
     */
    static final String PAGING_INDEX = "CREATE INDEX IF NOT EXISTS chat_archive_page ON message(chat_row_id, timestamp, _id)";

    /**
     * The paging index when {@code message._id} is the row id, as WhatsApp declares it: every index entry
     * ends with the row id, so naming {@code _id} too would store it twice (a fifth of the index, and of
     * its build, at 1,000,000 messages) for the same order.
     */
    static final String PAGING_INDEX_BY_ROW_ID = "CREATE INDEX IF NOT EXISTS chat_archive_page ON message(chat_row_id, timestamp)";

    /**
     * How much of the backup's messages the first chats with a partial index hold at least: storing a
     * message takes the host about twenty times as long as indexing one, so storing a tenth of them
     * lasts about twice the paging index's build.
     */
    static final int COVERED_SHARE = 10;

    /** At most this many chat rows get the partial index (each is a literal in its WHERE clause). */
    static final int COVERED_CHATS_MAX = 200;

    /**
     * Makes the chat list and readies paging: without waiting for the paging index when the chat list
     * can be counted without it (see the class comment), else by building it first.
     *
     * @param workingCopy the file {@code connection} reads, for the paging index's own connection
     */
    void prepare(Path workingCopy, String name) throws SQLException {
        boolean byRowId = SqliteFiles.isRowIdAlias(connection, "message", "_id");
        String pagingIndexSql = byRowId ? PAGING_INDEX_BY_ROW_ID : PAGING_INDEX;
        List<ChatRow> rows = chatRowsCountedHere(workingCopy, COUNT_IN_TWO_FROM);
        if (rows == null) {
            SqliteFiles.execute(connection, pagingIndexSql);
            chatList = chats(chatRowsByQuery());
            return;
        }
        chatList = chats(rows);
        long total = 0;
        for (BackupChat chat : chatList) {
            total += chat.description().estimatedSize();
        }
        long held = 0;
        int listed = 0;
        for (BackupChat chat : chatList) {
            if (held * COVERED_SHARE >= total || covered.size() + chat.keys().size() > COVERED_CHATS_MAX) {
                break;
            }
            for (Object key : chat.keys()) {
                covered.add((Long) key);
            }
            held += chat.description().estimatedSize();
            listed++;
        }
        if (covered.isEmpty()) {
            return; // no chat: nothing is read
        }
        StringJoiner keys = new StringJoiner(", ", "chat_row_id IN (", ")");
        covered.stream().sorted().forEach(key -> keys.add(Long.toString(key)));
        // The partial index serves a query only when the query holds its WHERE term as written.
        // chatRowsCountedHere gave rows, so _id is the row id, which ends every index entry (see PAGING_INDEX_BY_ROW_ID).
        SqliteFiles.execute(connection, "CREATE INDEX IF NOT EXISTS chat_archive_first ON message(chat_row_id, timestamp)"
                + " WHERE " + keys);
        coveredTerm = " AND m." + keys;
        coveredPageSql = pageQuery(coveredTerm, 0);
        coveredCursorSql = cursorQuery(" AND " + keys);
        if (listed == chatList.size()) {
            return; // every chat is served by the partial index
        }
        String mode = SqliteFiles.text(connection, "PRAGMA journal_mode = WAL");
        if (!"wal".equalsIgnoreCase(mode)) {
            SqliteFiles.execute(connection, pagingIndexSql);
            covered.clear();
            return;
        }
        pagingIndex = PagingIndex.start(workingCopy, name, pagingIndexSql);
    }

    /** Waits until the paging index is built, when it is being built beside the reading (for tests). */
    void awaitPagingIndex() throws SQLException, InterruptedException {
        if (pagingIndex != null) {
            pagingIndex.await();
        }
    }

    /** Whether the paging index is being built beside the reading, or was (for tests). */
    boolean pagingIndexBesideReading() {
        return pagingIndex != null;
    }

    /** Whether the thread building the paging index beside the reading is still running (for tests). */
    boolean pagingIndexBuilding() {
        return pagingIndex != null && pagingIndex.running();
    }

    /** How SQLite reads a page of a chat with the partial index of the first chats (for tests). */
    String partialIndexPagePlan() throws SQLException {
        return plan(coveredPageSql);
    }

    /** How SQLite reads a page of a chat without the partial index (for tests). */
    String pagePlan() throws SQLException {
        return plan(pageSql);
    }

    private String plan(String sql) throws SQLException {
        StringJoiner plan = new StringJoiner("; ");
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                plan.add(rs.getString(4));
            }
        }
        return plan.toString();
    }

    /** Where a cursor's message sits in a chat; {@code covering} is the partial index's term, or empty. */
    private String cursorQuery(String covering) {
        return "SELECT timestamp, _id FROM message WHERE chat_row_id = ?" + covering + " AND timestamp = ? AND key_id = ?";
    }

    @Override
    public String kind() {
        return "Android backup";
    }

    /** The bits of the page query's flags column for the side tables: a message has a row in the table. */
    static final int EDITED = 4;
    static final int MEDIA = 8;
    static final int QUOTED = 16;
    static final int SYSTEM = 32;
    static final int LOCATION = 64;
    static final int MISSED_CALL = 128;
    /** Not in the page query: the message has a row in {@code message_add_on} (reactions among them). */
    static final int ADD_ONS = 256;

    /** How a side table's columns are read into a row, from column {@code first} of {@code rs} on. */
    private interface SideColumns {
        void read(Row row, ResultSet rs, int first) throws SQLException;
    }

    /**
     * A side table with columns of the page's, in the page query's order: its table, alias, flag bit,
     * column expressions (placeholders where the table lacks a column), how many there are and how they
     * are read.
     */
    private record SideTable(String table, String alias, int bit, String columns, int width, SideColumns reader) {
    }

    /** The side tables with columns, in the order of their columns in the page query (8-13, 14, 15, 16-18, 19). */
    private List<SideTable> sideTables() throws SQLException {
        List<SideTable> sides = new ArrayList<>();
        Set<String> mediaColumns = tables.contains("message_media") ? SqliteFiles.columns(connection, "message_media") : Set.of();
        sides.add(new SideTable("message_media", "mm", MEDIA, "mm.file_path, mm.mime_type, "
                + (mediaColumns.contains("media_name") ? "mm.media_name" : "NULL") + ", "
                + (mediaColumns.contains("file_size") ? "mm.file_size" : "NULL") + ", "
                + (mediaColumns.contains("media_duration") ? "mm.media_duration" : "NULL") + ", "
                + (mediaColumns.contains("media_caption") ? "mm.media_caption" : "NULL"), 6, ModernAndroidReader::readMedia));
        sides.add(new SideTable("message_quoted", "mq", QUOTED, "mq.key_id", 1, (row, rs, first) -> row.quotedId = rs.getString(first)));
        sides.add(new SideTable("message_system", "ms", SYSTEM, "ms.action_type", 1, (row, rs, first) -> {
            Long action = nullableLong(rs, first);
            row.action = action == null ? null : action.intValue();
        }));
        boolean placeName = tables.contains("message_location")
                && SqliteFiles.columns(connection, "message_location").contains("place_name");
        sides.add(new SideTable("message_location", "ml", LOCATION, "ml.latitude, ml.longitude, "
                + (placeName ? "ml.place_name" : "NULL"), 3, (row, rs, first) -> {
                    row.latitude = nullableDouble(rs, first);
                    row.longitude = nullableDouble(rs, first + 1);
                    row.placeName = rs.getString(first + 2);
                }));
        sides.add(new SideTable("missed_call_logs", "mc", MISSED_CALL, "mc.video_call", 1, (row, rs, first) -> {
            Long video = nullableLong(rs, first);
            row.videoCall = video != null && video != 0;
        }));
        return sides;
    }

    private static void readMedia(Row row, ResultSet rs, int first) throws SQLException {
        row.filePath = rs.getString(first);
        row.mime = rs.getString(first + 1);
        row.mediaName = rs.getString(first + 2);
        row.fileSize = nullableLong(rs, first + 3);
        row.duration = nullableLong(rs, first + 4);
        row.mediaCaption = rs.getString(first + 5);
    }

    /**
     * A page of a chat; {@code covering} is the partial index's term, or empty. The side tables whose bits
     * are in {@code apart} are not joined: their columns are NULL here, and read apart ({@link #readApart}).
     */
    private String pageQuery(String covering, int apart) throws SQLException {
        Set<String> message = SqliteFiles.columns(connection, "message");
        StringBuilder columns = new StringBuilder();
        columns.append(message.contains("received_timestamp") ? ", m.received_timestamp" : ", NULL");
        StringBuilder joins = new StringBuilder();
        // One number says which side tables have a row for the message (their columns are read only
        // then: most messages have none) and holds the message's flags and its type (times 256): every
        // column read is a call into the driver's native code. IFNULL and CAST give what the driver's
        // getInt/getLong read (a NULL as 0, a number in a text as that number), and keep one NULL from
        // emptying the sum; the type's low 32 bits are what getInt reads.
        StringJoiner bits = new StringJoiner(" + ");
        bits.add("(IFNULL(CAST(m.from_me AS INTEGER), 0) <> 0)");
        bits.add((message.contains("origination_flags") ? "2 * (IFNULL(CAST(m.origination_flags AS INTEGER), 0) & 1)" : "0"));
        bits.add(tables.contains("message_edit_info") && (apart & EDITED) == 0
                ? EDITED + " * EXISTS (SELECT 1 FROM message_edit_info e WHERE e.message_row_id = m._id)" : "0");
        for (SideTable side : sides) {
            if (tables.contains(side.table()) && (apart & side.bit()) == 0) {
                columns.append(", ").append(side.columns());
                joins.append(" LEFT JOIN ").append(side.table()).append(' ').append(side.alias())
                        .append(" ON ").append(side.alias()).append(".message_row_id = m._id");
                bits.add(side.bit() + " * (" + side.alias() + ".message_row_id IS NOT NULL)");
            } else {
                columns.append(", NULL".repeat(side.width()));
            }
        }
        bits.add("256 * (IFNULL(CAST(m.message_type AS INTEGER), 0) & 4294967295)");
        return "SELECT m._id, m.key_id, m.timestamp, m.text_data, " + bits + ", COALESCE(m.sender_jid_row_id, 0)"
                + columns + " FROM message m" + joins
                + " WHERE m.chat_row_id = ?" + covering + " AND (m.timestamp, m._id) < (?, ?)"
                + " ORDER BY m.timestamp DESC, m._id DESC LIMIT ?";
    }

    /**
     * On the first page: which side tables are read apart from the page query, and which messages have a
     * row in them (see {@link SideRows}). A table is read apart when a join gives each message at most
     * once from it (its message column is its row id, or unique), or when only whether a message has a row
     * there is asked ({@code message_edit_info}, {@code message_add_on}); always with integers in that
     * column, and {@code message._id} the row id. The rest stay joined, as does every table when the
     * messages' row ids span too much.
     */
    private void readSideRows() throws SQLException {
        sideRowsRead = true;
        if (!SqliteFiles.isRowIdAlias(connection, "message", "_id")) {
            return;
        }
        SideRows rows = SideRows.forMessages(connection, sideRowsSpanMax);
        if (rows == null) {
            return;
        }
        int readApart = 0;
        for (SideTable side : sides) {
            if (tables.contains(side.table()) && SideRows.onePerMessage(connection, side.table(), "message_row_id")) {
                rows.read(connection, side.table(), "message_row_id", side.bit());
                readApart |= side.bit();
            }
        }
        if (tables.contains("message_edit_info") && SideRows.holdsIntegers(connection, "message_edit_info", "message_row_id")) {
            rows.read(connection, "message_edit_info", "message_row_id", EDITED);
            readApart |= EDITED;
        }
        if (reactionsReadable() && SideRows.holdsIntegers(connection, "message_add_on", "parent_message_row_id")) {
            rows.read(connection, "message_add_on", "parent_message_row_id", ADD_ONS);
            readApart |= ADD_ONS;
        }
        if (readApart == 0) {
            return;
        }
        sideRows = rows;
        apart = readApart;
        pageSql = pageQuery("", apart);
        if (coveredTerm != null) {
            coveredPageSql = pageQuery(coveredTerm, apart);
        }
    }

    @Override
    public List<BackupChat> chats() {
        return chatList;
    }

    /** A chat row with at least one message: its key, jid row, subject, number of messages and newest timestamp. */
    record ChatRow(long id, long jidRow, String subject, long messages, long newest) {
    }

    private String subjectColumn() throws SQLException {
        return SqliteFiles.columns(connection, "chat").contains("subject") ? "c.subject" : "NULL";
    }

    /** The chat rows with messages, counted by SQLite over the paging index, in the order of their key. */
    List<ChatRow> chatRowsByQuery() throws SQLException {
        String sql = "SELECT c._id, c.jid_row_id, " + subjectColumn() + ", COUNT(m._id), MAX(m.timestamp)"
                + " FROM chat c JOIN message m ON m.chat_row_id = c._id GROUP BY c._id";
        List<ChatRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new ChatRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        return rows;
    }

    /**
     * The same rows as {@link #chatRowsByQuery} without an index on {@code message}: one pass over it,
     * counted here (a GROUP BY would sort every message, which costs as much as the index). Exact when
     * {@code chat._id} and {@code message._id} are row ids and every message's chat_row_id and
     * timestamp is an integer, as WhatsApp writes them; {@code null} when not (then SQLite counts).
     */
    List<ChatRow> chatRowsCountedHere(Path workingCopy, long countInTwoFrom) throws SQLException {
        if (!SqliteFiles.isRowIdAlias(connection, "chat", "_id") || !SqliteFiles.isRowIdAlias(connection, "message", "_id")) {
            return null;
        }
        long all = SqliteFiles.number(connection, "SELECT COUNT(*) FROM message");
        Map<Long, long[]> byChat;
        if (workingCopy == null || all < countInTwoFrom) {
            byChat = count(connection, Long.MIN_VALUE, Long.MAX_VALUE);
        } else {
            // Two halves of the table by row id, the upper one on a connection and thread of its own: the
            // other core is idle while the import opens.
            long middle = SqliteFiles.number(connection, "SELECT MIN(_id) / 2 + MAX(_id) / 2 FROM message");
            java.util.concurrent.FutureTask<Map<Long, long[]>> upper = new java.util.concurrent.FutureTask<>(() -> {
                try (Connection second = SqliteFiles.openWorkingCopy(workingCopy)) {
                    return count(second, middle, Long.MAX_VALUE);
                }
            });
            Thread thread = new Thread(upper, "whatsapp-backup-count");
            thread.setDaemon(true);
            thread.start();
            byChat = count(connection, Long.MIN_VALUE, middle);
            try {
                for (Map.Entry<Long, long[]> entry : upper.get().entrySet()) {
                    long[] stats = byChat.get(entry.getKey());
                    if (stats == null) {
                        byChat.put(entry.getKey(), entry.getValue());
                    } else {
                        stats[0] += entry.getValue()[0];
                        stats[1] = Math.max(stats[1], entry.getValue()[1]);
                    }
                }
            } catch (InterruptedException e) {
                upper.cancel(true);
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while counting the chats", e);
            } catch (java.util.concurrent.ExecutionException e) {
                // counted here instead (the same rows)
                byChat = null;
            }
            if (byChat == null) {
                return chatRowsCountedHere(null, Long.MAX_VALUE);
            }
        }
        long counted = 0;
        for (long[] stats : byChat.values()) {
            counted += stats[0];
        }
        if (counted != all) {
            return null;
        }
        List<ChatRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT c._id, c.jid_row_id, " + subjectColumn() + " FROM chat c ORDER BY c._id")) {
            while (rs.next()) {
                long[] stats = byChat.get(rs.getLong(1));
                if (stats != null) {
                    rows.add(new ChatRow(rs.getLong(1), rs.getLong(2), rs.getString(3), stats[0], stats[1]));
                }
            }
        }
        return rows;
    }

    /**
     * From how many messages the chat list is counted in two halves at once ({@link #chatRowsCountedHere}):
     * below, a second connection costs more than it saves.
     */
    static final long COUNT_IN_TWO_FROM = 200_000;

    /** Messages and newest integer time by chat row, of the messages with {@code from < _id <= to}. */
    private static Map<Long, long[]> count(Connection connection, long from, long to) throws SQLException {
        Map<Long, long[]> byChat = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT chat_row_id, timestamp FROM message"
                + " WHERE _id > ? AND _id <= ? AND typeof(chat_row_id) = 'integer' AND typeof(timestamp) = 'integer'")) {
            statement.setLong(1, from);
            statement.setLong(2, to);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long chat = rs.getLong(1);
                    long timestamp = rs.getLong(2);
                    long[] stats = byChat.get(chat);
                    if (stats == null) {
                        byChat.put(chat, new long[] {1, timestamp});
                    } else {
                        stats[0]++;
                        stats[1] = Math.max(stats[1], timestamp);
                    }
                }
            }
        }
        return byChat;
    }

    private List<BackupChat> chats(List<ChatRow> rows) throws SQLException {
        Map<String, List<Object>> keys = new LinkedHashMap<>();
        Map<String, String> subjects = new HashMap<>();
        Map<String, long[]> stats = new HashMap<>();
        Map<String, Integer> skippedByKind = new LinkedHashMap<>();
        for (ChatRow row : rows) {
            String jid = phoneJid(row.jidRow());
            if (jid == null || WhatsAppJid.problem(jid).isPresent()) {
                skippedByKind.merge(AndroidBackup.skipReason(jid), 1, Integer::sum);
                continue;
            }
            keys.computeIfAbsent(jid, j -> new ArrayList<>()).add(row.id());
            String title = row.subject();
            if (title != null && !title.isBlank()) {
                subjects.putIfAbsent(jid, title.strip());
            }
            long[] s = stats.computeIfAbsent(jid, j -> new long[2]);
            s[0] += row.messages();
            s[1] = Math.max(s[1], row.newest());
        }
        skipped = AndroidBackup.describeSkipped(skippedByKind);
        List<BackupChat> chats = new ArrayList<>();
        for (Map.Entry<String, List<Object>> entry : keys.entrySet()) {
            String jid = entry.getKey();
            boolean group = jid.endsWith(WhatsAppJid.GROUP_SERVER);
            String title = subjects.get(jid);
            if (title == null) {
                title = contacts.nameOf(jid).orElse(AndroidBackup.displayNumber(jid));
            }
            long[] s = stats.get(jid);
            chats.add(new BackupChat(new ChatDescription(jid, title, group,
                    s[1] > 0 ? Instant.ofEpochMilli(s[1]) : null, s[0]), entry.getValue()));
        }
        return List.copyOf(chats);
    }

    @Override
    public String skippedChats() {
        return skipped;
    }

    @Override
    public List<HistoricalMessage> older(BackupChat chat, HistoryCursor cursor, int limit)
            throws SQLException, InterruptedException {
        if (!sideRowsRead) {
            readSideRows();
        }
        boolean partial = servedByThePartialIndex(chat);
        // A chat with two keys (a phone-number chat and its LID twin) is read key by key and merged.
        List<Row> rows = new ArrayList<>();
        for (Object key : chat.keys()) {
            long[] position = position((Long) key, cursor, partial ? coveredCursorSql : cursorSql);
            rows.addAll(page((Long) key, position[0], position[1], limit, partial ? coveredPageSql : pageSql,
                    chat.description().group()));
        }
        if (chat.keys().size() > 1) {
            rows.sort((a, b) -> a.timestamp != b.timestamp ? Long.compare(b.timestamp, a.timestamp) : Long.compare(b.id, a.id));
            if (rows.size() > limit) {
                rows = new ArrayList<>(rows.subList(0, limit));
            }
        }
        readApart(rows);
        addReactions(rows);
        List<HistoricalMessage> messages = new ArrayList<>(rows.size());
        for (Row row : rows) {
            messages.add(row.toMessage(chat));
        }
        return messages;
    }

    /**
     * Whether the chat is read through the partial index of the first chats: while the paging index is
     * being built, and the chat has the partial one. A chat without it waits for the paging index.
     */
    private boolean servedByThePartialIndex(BackupChat chat) throws SQLException, InterruptedException {
        if (covered.isEmpty() || (pagingIndex != null && pagingIndex.isBuilt())) {
            return false;
        }
        for (Object key : chat.keys()) {
            if (!covered.contains((Long) key)) {
                if (pagingIndex != null) {
                    pagingIndex.await();
                }
                return false;
            }
        }
        return true;
    }

    /** Where the cursor sits in this chat: (timestamp, row) exclusive upper bound. */
    private long[] position(long chatRow, HistoryCursor cursor, String sql) throws SQLException {
        if (cursor == null) {
            return new long[] {Long.MAX_VALUE, Long.MAX_VALUE};
        }
        long millis = cursor.timestamp().toEpochMilli();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, chatRow);
            statement.setLong(2, millis);
            statement.setString(3, cursor.messageId());
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    return new long[] {rs.getLong(1), rs.getLong(2)};
                }
            }
        }
        return new long[] {millis, Long.MIN_VALUE};
    }

    private List<Row> page(long chatRow, long timestamp, long row, int limit, String sql, boolean group) throws SQLException {
        List<Row> rows = new ArrayList<>(Math.min(limit, 1024));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, chatRow);
            statement.setLong(2, timestamp);
            statement.setLong(3, row);
            statement.setInt(4, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(readRow(rs, group));
                }
            }
        }
        return rows;
    }

    private Row readRow(ResultSet rs, boolean group) throws SQLException {
        // Columns: 1 _id, 2 key_id, 3 timestamp, 4 text_data, 5 the flags and type (see pageQuery),
        // 6 sender row (0 when none), 7 received_timestamp, 8-13 media, 14 quoted key, 15 system action,
        // 16-18 location, 19 missed call's video flag.
        Row row = new Row();
        row.id = rs.getLong(1);
        row.keyId = text(rs, 2);
        row.timestamp = rs.getLong(3);
        row.text = text(rs, 4);
        long flags = rs.getLong(5);
        int bits = (int) (flags & 0xFF);
        row.type = (int) (flags >>> 8);
        row.fromMe = (bits & 1) != 0;
        row.forwarded = (bits & 2) != 0;
        if (group && !row.fromMe) { // the only messages whose sender is not "me" or the chat
            long senderRow = rs.getLong(6);
            row.senderJid = senderRow <= 0 ? null : phoneJid(senderRow);
        }
        if (row.timestamp <= 0) {
            row.received = nullableLong(rs, 7);
        }
        if (sideRows != null) {
            row.apart = sideRows.of(row.id);
            bits |= row.apart & EDITED;
        }
        row.edited = (bits & EDITED) != 0;
        if ((bits & (MEDIA | QUOTED | SYSTEM | LOCATION | MISSED_CALL)) != 0) {
            int column = 8;
            for (SideTable side : sides) {
                if ((bits & side.bit()) != 0) {
                    side.reader().read(row, rs, column);
                }
                column += side.width();
            }
        }
        return row;
    }

    /**
     * The columns of the side tables read apart ({@link #readSideRows}) for the page's messages that have a
     * row in them: one query a table, by row id, the same columns the join would give.
     */
    private void readApart(List<Row> rows) throws SQLException {
        if ((apart & (MEDIA | QUOTED | SYSTEM | LOCATION | MISSED_CALL)) == 0) {
            return;
        }
        for (SideTable side : sides) {
            if ((apart & side.bit()) == 0) {
                continue;
            }
            Map<Long, Row> byId = new HashMap<>();
            StringJoiner ids = new StringJoiner(",", "(", ")");
            for (Row row : rows) {
                if ((row.apart & side.bit()) != 0) {
                    byId.put(row.id, row);
                    ids.add(Long.toString(row.id));
                }
            }
            if (byId.isEmpty()) {
                continue;
            }
            String sql = "SELECT " + side.alias() + ".message_row_id, " + side.columns() + " FROM " + side.table() + " "
                    + side.alias() + " WHERE " + side.alias() + ".message_row_id IN " + ids;
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    Row row = byId.get(rs.getLong(1));
                    if (row != null) {
                        side.reader().read(row, rs, 2);
                    }
                }
            }
        }
    }

    private boolean reactionsReadable() {
        return tables.contains("message_add_on") && tables.contains("message_add_on_reaction");
    }

    /**
     * Reactions of the page's messages, from message_add_on (type 56) and message_add_on_reaction; asked
     * only for the messages with an add-on when those are known ({@link SideRows}).
     */
    private void addReactions(List<Row> rows) throws SQLException {
        if (rows.isEmpty() || !reactionsReadable()) {
            return;
        }
        Map<Long, Row> byId = new HashMap<>();
        StringJoiner ids = new StringJoiner(",", "(", ")");
        for (Row row : rows) {
            if ((apart & ADD_ONS) == 0 || (row.apart & ADD_ONS) != 0) {
                byId.put(row.id, row);
                ids.add(Long.toString(row.id));
            }
        }
        if (byId.isEmpty()) {
            return;
        }
        String sql = "SELECT a.parent_message_row_id, r.reaction, a.from_me, a.sender_jid_row_id"
                + " FROM message_add_on a JOIN message_add_on_reaction r ON r.message_add_on_row_id = a._id"
                + " WHERE a.parent_message_row_id IN " + ids + " ORDER BY a._id";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                Row row = byId.get(rs.getLong(1));
                String emoji = rs.getString(2);
                if (row == null || emoji == null || emoji.isEmpty()) {
                    continue;
                }
                long sender = rs.getLong(4);
                String from = rs.getInt(3) != 0 ? "me" : sender > 0 ? phoneJid(sender) : null;
                row.reactions.add(new String[] {from, emoji});
            }
        }
    }

    /** The JID of jid row {@code row}, as its phone-number JID when jid_map maps a LID; null if absent. */
    private String phoneJid(long row) throws SQLException {
        if (jidCache.containsKey(row)) {
            return jidCache.get(row);
        }
        String sql = jidMap
                ? "SELECT COALESCE(p.raw_string, j.raw_string) FROM jid j LEFT JOIN jid_map jm ON jm.lid_row_id = j._id"
                        + " LEFT JOIN jid p ON p._id = jm.jid_row_id WHERE j._id = ?"
                : "SELECT raw_string FROM jid WHERE _id = ?";
        String jid = null;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, row);
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    jid = rs.getString(1);
                }
            }
        }
        if (jidCache.size() < 200_000) {
            jidCache.put(row, jid);
        }
        return jid;
    }

    /**
     * Column {@code column} as text, as the driver's {@code getString} reads it: in a UTF-8 file its bytes
     * as they are stored (the text SQLite gives is those same bytes), decoded here, which spares the
     * driver's direct buffer made through JNI for every text it reads; else through {@code getString}.
     */
    private String text(ResultSet rs, int column) throws SQLException {
        if (!utf8) {
            return rs.getString(column);
        }
        byte[] bytes = rs.getBytes(column);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    @Override
    public void close() throws SQLException {
        if (pagingIndex != null) {
            pagingIndex.close();
        }
        connection.close();
    }

    /** One message row with what hangs off it. */
    private final class Row {
        long id;
        String keyId;
        boolean fromMe;
        long timestamp;
        Long received;
        String text;
        int type;
        String senderJid;
        boolean forwarded;
        String filePath;
        String mime;
        String mediaName;
        Long fileSize;
        Long duration;
        String mediaCaption;
        String quotedId;
        Integer action;
        Double latitude;
        Double longitude;
        String placeName;
        boolean edited;
        boolean videoCall;
        /** The side tables read apart that have a row for the message (bits as in the page query). */
        int apart;
        final List<String[]> reactions = new ArrayList<>(0);

        HistoricalMessage toMessage(BackupChat chat) {
            String chatId = chat.chatId();
            boolean group = chat.description().group();
            String sender = fromMe ? "me" : group ? (senderJid != null ? senderJid : chatId) : chatId;
            String senderName = fromMe ? null : contacts.nameOf(sender).orElse(null);
            String caption = text != null && !text.isEmpty() ? text : mediaCaption;
            MessageType kind = AndroidTypes.type(type, caption != null && !caption.isEmpty());
            String content = AndroidBackup.content(kind, caption, mediaName, action, videoCall, latitude, longitude,
                    placeName);
            RawRecord raw = record.start(SOURCE, id).put("type", (long) type);
            if (action != null) {
                raw.put("action", (long) action);
            }
            if (filePath != null || mime != null) {
                raw.startObject("media").put("path", filePath).put("mime", mime).put("name", mediaName)
                        .put("size", fileSize);
                if (duration != null && duration > 0) {
                    raw.put("seconds", duration);
                }
                raw.endObject();
            }
            raw.put("quoted", quotedId).put("lat", latitude).put("lon", longitude).flag("forwarded", forwarded);
            if (!reactions.isEmpty()) {
                raw.startArray("reactions");
                for (String[] reaction : reactions) {
                    raw.startObject().put("from", reaction[0]).putEvenIfEmpty("emoji", reaction[1]).endObject();
                }
                raw.endArray();
            }
            long millis = timestamp > 0 ? timestamp : received != null ? received : 0;
            HistoricalMessage message = new HistoricalMessage(keyId == null || keyId.isBlank() ? "row-" + id : keyId,
                    chatId, sender, senderName, content, Instant.ofEpochMilli(millis), fromMe, kind, edited,
                    raw.end());
            Attachment attachment = kind == MessageType.DELETED ? null : media.attachment(filePath, mime, fileSize);
            return attachment == null ? message : message.withAttachment(attachment);
        }
    }
}
