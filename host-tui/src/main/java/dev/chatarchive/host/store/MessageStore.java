package dev.chatarchive.host.store;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.ProviderEvent.MessageRevised;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Messages of the archive, read and written through one {@link Handle} (so several stores can share
 * one transaction). Paging is keyset paging on {@code (timestamp, id)} within a chat: it never
 * counts or skips rows, so a page of a million-message chat costs what a page of a small one does.
 *
 * <p>Writes are insert-or-ignore on {@code (chat_jid, id)}: storing a message twice is harmless and
 * is not counted. A message that a remembered merge moved or dropped ({@link ChatMerges}) is ignored
 * the same way. Every message is checked against {@link MessageRules} first; one that breaks a
 * rule fails the whole call, and the caller's transaction rolls back (filter with
 * {@link MessageRules#problem} first to skip bad messages instead).
 */
public final class MessageStore {

    static final String COLUMNS = "row_id, id, chat_jid, sender, sender_name, content, timestamp, is_from_me, "
            + "message_type, raw_proto, is_edited, reactions";

    /**
     * Rows per INSERT statement: a page of the sync engine (at most 5,000 messages from a local file) is
     * two statements of one shape. FTS5 writes its pending terms out as a segment at each statement's
     * end, so fewer, larger statements cost SQLite less (2,500 rather than 500 rows: about 17% less of
     * SQLite's CPU for the import, docs/benchmarks.md, session 7). At most ten parameters a row (eight
     * when the rows are of one chat) make 25,000, below the 32,766 of SQLite's default build
     * (sqlite-jdbc's allows 250,000).
     */
    static final int ROWS_PER_STATEMENT = 2_500;

    /** Keys of {@link #insertIfAbsent}'s two queries beside its INSERTs (which are keyed by their {@link Shape}). */
    private static final String LAST_ROW = "last row";
    private static final String NEW_ROWS = "new rows";
    private static final String MERGED = "merged";

    /** Times (milliseconds) from this one on are not real times: they get no time-ordered search key. */
    private static final long KEYED_TIMES = 8796093022208L;

    private final Handle handle;
    private final MessageRules rules;
    private final ChatStore chats;

    public MessageStore(Handle handle, MessageRules rules, Instant now) {
        this.handle = handle;
        this.rules = rules;
        this.chats = new ChatStore(handle, now);
    }

    /**
     * Stores the messages the archive does not hold yet, creating a chat row (titled by its id) for
     * a chat it does not know, and keeps each chat's message count and last activity current.
     *
     * @param providerId the provider the messages come from; a chat already owned by another
     *                   provider is refused
     */
    public InsertResult insertIfAbsent(String providerId, List<HistoricalMessage> messages) {
        if (messages.isEmpty()) {
            return new InsertResult(0, 0, List.of());
        }
        for (HistoricalMessage message : messages) {
            rules.check(message);
        }
        String firstChat = messages.get(0).chatId();
        boolean oneChat = true;
        for (HistoricalMessage message : messages) {
            oneChat &= message.chatId().equals(firstChat);
        }
        Map<String, Long> chatKeys = new HashMap<>();
        for (HistoricalMessage message : messages) {
            if (!chatKeys.containsKey(message.chatId())) {
                chats.ensure(providerId, message.chatId());
                chatKeys.put(message.chatId(), chats.key(message.chatId()));
            }
        }
        long now = chats.now();
        int[] order = insertOrder(messages, oneChat);
        boolean[] stored = new boolean[messages.size()];
        InsertStatements statements = InsertStatements.of(handle);
        try {
            boolean probeMerges = anyMergedAway(statements, chatKeys.keySet());
            for (int from = 0; from < order.length; from += ROWS_PER_STATEMENT) {
                int rows = Math.min(order.length - from, ROWS_PER_STATEMENT);
                long lastRowBefore = lastRowId(statements);
                // SQLite numbers a new row one past the highest row_id, unless that is the highest possible
                // (a row a tool inserted by hand): then it picks free numbers at random, and only RETURNING
                // says which rows are new.
                boolean returning = lastRowBefore == Long.MAX_VALUE;
                Shape shape = new Shape(shapeRows(rows), oneChat, returning, probeMerges);
                PreparedStatement insert = statement(statements, shape);
                insertRows(insert, shape, lastRowBefore, statements, order, from, rows, messages, chatKeys, now, stored);
                // The kept statement does not hold on to the page's strings until its next use.
                insert.clearParameters();
            }
        } catch (SQLException e) {
            // Statements that failed are prepared afresh next time, whatever state they were left in.
            statements.close();
            if (String.valueOf(e.getMessage()).contains("json_valid")) {
                throw new ValidationException("raw_proto of a message in this batch is not valid JSON; nothing of the "
                        + "batch was stored (" + messages.size() + " messages)");
            }
            throw new UnableToExecuteStatementException(e, null);
        }
        List<String> newIds = new ArrayList<>();
        Map<String, long[]> perChat = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            if (stored[i]) {
                HistoricalMessage message = messages.get(i);
                newIds.add(message.id());
                long[] stats = perChat.computeIfAbsent(message.chatId(), chat -> new long[] {0, Long.MIN_VALUE});
                stats[0]++;
                stats[1] = Math.max(stats[1], message.timestamp().toEpochMilli());
            }
        }
        perChat.forEach((chatId, stats) -> chats.recordNewMessages(chatId, stats[0], stats[1]));
        describeAttachments(messages);
        return new InsertResult(newIds.size(), messages.size() - newIds.size(), newIds);
    }

    /**
     * Rows of the statement that stores {@code rows} messages: {@code rows} rounded up to a power of two up to 128,
     * else to a multiple of {@link #SHAPE_STEP} (at most {@link #ROWS_PER_STATEMENT}). The rows past the messages
     * are padding (a NULL id, which the statement skips), so that a page's last statement, whatever its size,
     * finds a statement of its shape already prepared ({@link InsertStatements}): a padding row costs eight NULLs
     * bound and one row of VALUES skipped, far less than preparing a statement of the exact size (about 2 ms for
     * 1,000 rows; docs/benchmarks.md, session 8: store).
     */
    static int shapeRows(int rows) {
        if (rows <= 128) {
            return rows <= 1 ? 1 : Integer.highestOneBit(rows - 1) << 1;
        }
        return Math.min(ROWS_PER_STATEMENT, (rows + SHAPE_STEP - 1) / SHAPE_STEP * SHAPE_STEP);
    }

    /** Statement sizes above 128 rows are multiples of this. */
    static final int SHAPE_STEP = 500;

    /**
     * What an INSERT of {@link #insertIfAbsent} is prepared for: its number of rows (messages and padding),
     * whether they are of one chat, whether it returns the rows it inserted, and whether it looks each row up
     * in {@code merged_messages} (only when a chat of the call has messages a remembered merge took care of).
     */
    record Shape(int rows, boolean oneChat, boolean returning, boolean probeMerges) {
    }

    /**
     * Whether a remembered merge took care of messages of any of {@code chatIds} ({@link ChatMerges}): only then
     * does the INSERT look each of its rows up in {@code merged_messages}. One lookup per chat of the call, in
     * its transaction, instead of one per row (an import's chats have none).
     */
    private boolean anyMergedAway(InsertStatements statements, Set<String> chatIds) throws SQLException {
        PreparedStatement probe = statements.get(MERGED);
        if (probe == null) {
            probe = statements.prepare(handle, MERGED, "SELECT 1 FROM merged_messages WHERE chat_jid = ? LIMIT 1");
        }
        for (String chatId : chatIds) {
            probe.setString(1, chatId);
            try (ResultSet found = probe.executeQuery()) {
                if (found.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The multi-row INSERT of {@code shape}, kept prepared on the handle ({@link InsertStatements}): a page of
     * 5,000 is two statements of one shape, and every full page after the first uses the same statement.
     * Its parameters, in order: the chat's key (when all rows are of one chat), the time stored ({@code now},
     * the same for every row), each row's own values, then (one chat, probing merges) the chat's id. A row binds the message's
     * id, sender, sender name, content, time, one int of flags (1 from me, 2 edited, 4 first of its millisecond
     * in the statement), type and raw record; when the rows are not all of one chat, also its chat's key and id.
     * Binding a value costs two locks, a JNI call, a UTF-8 copy for a string and two more copies in C; eight
     * values a row instead of thirteen is about a third less of that (docs/benchmarks.md). A row whose id is
     * NULL is padding ({@link #shapeRows}) and is not stored.
     *
     * <p>It gives a new message its search key itself (docs/schema.md, "Search keys") when the message
     * is the first of its millisecond in the statement (flag 4): the next free slot is then the highest
     * key the archive holds in that millisecond plus one, and SQLite runs the whole SELECT before the
     * first row goes in (the table has triggers), so nothing this statement stores can be in that
     * millisecond yet. A second message of the same millisecond in one statement, a time that is not a
     * real time, or a slot past 1023 gets no key here: the insert trigger gives it the next free one as
     * the row goes in (or -2^62 + row_id), exactly as it did for every row before version 6, and puts
     * every row into the full-text index with its key.
     */
    private PreparedStatement statement(InsertStatements statements, Shape shape) throws SQLException {
        PreparedStatement statement = statements.get(shape);
        if (statement == null) {
            boolean oneChat = shape.oneChat();
            StringBuilder sql = new StringBuilder(1024 + shape.rows() * 24).append("INSERT INTO message_rows (id, "
                    + "chat_key, sender, sender_name, content, timestamp, is_from_me, message_type, raw_proto, is_edited, "
                    + "created_at, search_key) SELECT column1, ").append(oneChat ? "?" : "column9")
                    .append(", column2, column3, column4, column5, column6 & 1, column7, column8, (column6 >> 1) & 1, ?, "
                            + "CASE WHEN column6 & 4 AND column5 > 0 AND column5 < ").append(KEYED_TIMES)
                    .append(" THEN (SELECT CASE WHEN max(search_key) IS NULL THEN column5 * 1024 "
                    + "WHEN max(search_key) < column5 * 1024 + 1023 THEN max(search_key) + 1 END FROM message_rows "
                    + "WHERE search_key BETWEEN column5 * 1024 AND column5 * 1024 + 1023) END FROM (VALUES ");
            String row = oneChat ? "(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?)";
            for (int i = 0; i < shape.rows(); i++) {
                sql.append(i == 0 ? "" : ",").append(row);
            }
            sql.append(") AS page WHERE page.column1 IS NOT NULL");
            if (shape.probeMerges()) {
                // A message a remembered merge took care of (ChatMerges) is not stored under its old chat again.
                sql.append(" AND NOT EXISTS (SELECT 1 FROM merged_messages WHERE chat_jid = ")
                        .append(oneChat ? "?" : "page.column10").append(" AND message_id = page.column1)");
            }
            sql.append(" ON CONFLICT (chat_key, id) DO NOTHING").append(shape.returning() ? " RETURNING chat_key, id" : "");
            statement = statements.prepare(handle, shape, sql.toString());
        }
        return statement;
    }

    /**
     * Inserts {@code rows} of {@code messages} (in that order) with ONE multi-row statement and marks
     * in {@code stored} those the archive did not hold. One statement, not a batch of one-row
     * statements, because SQLite opens a statement savepoint for each statement that fires the
     * full-text trigger, and FTS5 writes its pending terms out as a new segment at every savepoint:
     * a batch would write a segment per message (and merge them again later); one statement writes
     * one segment for all its rows. The values are bound with plain JDBC: binding 5,500 parameters
     * through Jdbi's argument machinery cost more than SQLite's work for them.
     *
     * <p>Which rows were new is told by the number of rows the statement inserted when that is all of
     * them (a first import), otherwise by the rows numbered past {@code lastRowBefore}; reading every
     * new row back through RETURNING cost a string per message. Only when {@code lastRowBefore} is the
     * highest row_id possible does the statement return its rows ({@code shape.returning()}).
     */
    private void insertRows(PreparedStatement insert, Shape shape, long lastRowBefore, InsertStatements statements,
                            int[] order, int from, int rows, List<HistoricalMessage> messages, Map<String, Long> chatKeys,
                            long now, boolean[] stored) throws SQLException {
        boolean oneChat = shape.oneChat();
        long[] rowChatKeys = new long[rows];
        int p = 1;
        if (oneChat) {
            insert.setLong(p++, chatKeys.get(messages.get(order[from]).chatId()));
        }
        insert.setLong(p++, now);
        long previousTime = 0;
        String previousChat = null;
        long chatKey = 0;
        for (int k = 0; k < rows; k++) {
            HistoricalMessage message = messages.get(order[from + k]);
            long time = message.timestamp().toEpochMilli();
            if (!message.chatId().equals(previousChat)) {
                previousChat = message.chatId();
                chatKey = chatKeys.get(previousChat);
            }
            rowChatKeys[k] = chatKey;
            insert.setString(p++, message.id());
            insert.setString(p++, message.sender());
            insert.setString(p++, message.senderName());
            insert.setString(p++, message.content());
            insert.setLong(p++, time);
            // Rows come oldest first, so the messages of one millisecond are next to each other.
            insert.setInt(p++, (message.fromMe() ? 1 : 0) | (message.edited() ? 2 : 0)
                    | (k == 0 || time != previousTime ? 4 : 0));
            insert.setString(p++, message.type().wireName());
            insert.setString(p++, message.rawJson());
            if (!oneChat) {
                insert.setLong(p++, chatKey);
                insert.setString(p++, message.chatId());
            }
            previousTime = time;
        }
        // Padding rows: every value NULL (the id's NULL is what skips the row).
        int end = p + (shape.rows() - rows) * (oneChat ? 8 : 10);
        while (p < end) {
            insert.setNull(p++, Types.NULL);
        }
        if (oneChat && shape.probeMerges()) {
            insert.setString(p, previousChat);
        }
        if (shape.returning()) {
            insert.execute();
            try (ResultSet inserted = insert.getResultSet()) {
                markStored(inserted, order, from, rows, messages, rowChatKeys, stored);
            }
            return;
        }
        long changed = insert.executeLargeUpdate();
        if (changed == rows) {
            // Every row was new (a first import): nothing to read back.
            for (int k = 0; k < rows; k++) {
                stored[order[from + k]] = true;
            }
        } else if (changed > 0) {
            PreparedStatement newRows = statements.get(NEW_ROWS);
            if (newRows == null) {
                newRows = statements.prepare(handle, NEW_ROWS,
                        "SELECT chat_key, id FROM message_rows WHERE row_id > ? ORDER BY row_id");
            }
            newRows.setLong(1, lastRowBefore);
            try (ResultSet inserted = newRows.executeQuery()) {
                markStored(inserted, order, from, rows, messages, rowChatKeys, stored);
            }
        }
    }

    /**
     * Marks in {@code stored} the statement's rows named by {@code inserted} (chat key, id), which come
     * in the order the rows went in, the statement's own: each one is found by looking ahead from the
     * last one found (the rows in between were held already). Should one come out of that order, it is
     * looked up among all the statement's rows.
     */
    private static void markStored(ResultSet inserted, int[] order, int from, int rows, List<HistoricalMessage> messages,
                                   long[] rowChatKeys, boolean[] stored) throws SQLException {
        int next = 0;
        while (inserted.next()) {
            long key = inserted.getLong(1);
            String id = inserted.getString(2);
            int found = find(order, from, next, rows, messages, rowChatKeys, key, id);
            if (found >= 0) {
                next = found + 1;
            } else {
                found = find(order, from, 0, next, messages, rowChatKeys, key, id);
                if (found < 0) {
                    throw new IllegalStateException("a row this statement did not insert was read as new: " + key + "/" + id);
                }
            }
            stored[order[from + found]] = true;
        }
    }

    /** The highest row_id the archive holds (0 when it holds none): every row stored next gets a higher one. */
    private long lastRowId(InsertStatements statements) throws SQLException {
        PreparedStatement last = statements.get(LAST_ROW);
        if (last == null) {
            last = statements.prepare(handle, LAST_ROW, "SELECT coalesce(max(row_id), 0) FROM message_rows");
        }
        try (ResultSet row = last.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The position in {@code [start, end)} of the statement's rows of the message ({@code chatKey}, {@code id}), or -1. */
    private static int find(int[] order, int from, int start, int end, List<HistoricalMessage> messages,
                            long[] rowChatKeys, long chatKey, String id) {
        for (int k = start; k < end; k++) {
            if (rowChatKeys[k] == chatKey && messages.get(order[from + k]).id().equals(id)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Records what each message says it has attached (new messages, and held ones described for the
     * first time); the bytes are linked separately ({@link AttachmentStore#link}).
     */
    private void describeAttachments(List<HistoricalMessage> messages) {
        Map<String, List<HistoricalMessage>> withFiles = new HashMap<>();
        for (HistoricalMessage message : messages) {
            if (message.attachment() != null) {
                withFiles.computeIfAbsent(message.chatId(), chat -> new ArrayList<>()).add(message);
            }
        }
        AttachmentStore attachments = new AttachmentStore(handle, Instant.ofEpochMilli(chats.now()));
        withFiles.forEach(attachments::describe);
    }

    /**
     * The indexes of {@code messages} to insert, oldest first. The full-text index is keyed by time
     * (see docs/schema.md, "Search keys") and FTS5 writes a new segment each time a key is lower than
     * the one before, so a page given newest first, as history arrives, would cost a segment per
     * message. A message repeated in the list (same chat and id) is inserted at its first occurrence
     * only, as the list's order would have it. Messages of one time keep the list's order (a stable
     * sort); a page already oldest first is not sorted, and one newest first is reversed by runs of
     * equal times, which gives what the stable sort gives without comparing.
     */
    static int[] insertOrder(List<HistoricalMessage> messages, boolean oneChat) {
        Set<String> seen = new HashSet<>(messages.size() * 2);
        int[] order = new int[messages.size()];
        int count = 0;
        boolean ascending = true;
        boolean descending = true;
        Instant previous = null;
        for (int i = 0; i < messages.size(); i++) {
            HistoricalMessage message = messages.get(i);
            // One chat: the id alone names the message, no key string to build per message.
            if (seen.add(oneChat ? message.id() : message.chatId() + '\u0000' + message.id())) {
                Instant time = message.timestamp();
                if (previous != null) {
                    int comparison = previous.compareTo(time);
                    ascending &= comparison <= 0;
                    descending &= comparison >= 0;
                }
                previous = time;
                order[count++] = i;
            }
        }
        order = count == order.length ? order : Arrays.copyOf(order, count);
        if (ascending) {
            return order;
        }
        if (descending) {
            return reversedByRuns(order, messages);
        }
        Integer[] boxed = new Integer[count];
        for (int k = 0; k < count; k++) {
            boxed[k] = order[k];
        }
        Arrays.sort(boxed, Comparator.comparing(i -> messages.get(i).timestamp()));
        for (int k = 0; k < count; k++) {
            order[k] = boxed[k];
        }
        return order;
    }

    /** {@code order}, whose times never rise, oldest first: the runs of one time reversed, each run kept in its order. */
    private static int[] reversedByRuns(int[] order, List<HistoricalMessage> messages) {
        int[] reversed = new int[order.length];
        int to = 0;
        int end = order.length;
        while (end > 0) {
            int start = end - 1;
            Instant time = messages.get(order[start]).timestamp();
            while (start > 0 && messages.get(order[start - 1]).timestamp().equals(time)) {
                start--;
            }
            System.arraycopy(order, start, reversed, to, end - start);
            to += end - start;
            end = start;
        }
        return reversed;
    }

    /** Whether the archive holds message {@code id} of {@code chatId}. */
    public boolean exists(String chatId, String id) {
        return handle.createQuery("SELECT 1 FROM messages WHERE chat_jid = :chat AND id = :id")
                .bind("chat", chatId).bind("id", id).mapTo(Integer.class).findOne().isPresent();
    }

    public Optional<StoredMessage> find(String chatId, String id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_jid = :chat AND id = :id")
                .bind("chat", chatId).bind("id", id).map(MessageStore::map).findOne();
    }

    /** The chat's oldest message by (timestamp, id): the cursor for paging further back. */
    public Optional<StoredMessage> oldest(String chatId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_jid = :chat "
                        + "ORDER BY timestamp, id LIMIT 1")
                .bind("chat", chatId).map(MessageStore::map).findOne();
    }

    /** The chat's newest message by (timestamp, id). */
    public Optional<StoredMessage> newest(String chatId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_jid = :chat "
                        + "ORDER BY timestamp DESC, id DESC LIMIT 1")
                .bind("chat", chatId).map(MessageStore::map).findOne();
    }

    /**
     * Every chat's newest message (by {@code (timestamp, id)}, as {@link #newest(String)} picks it), keyed
     * by chat id; a chat without messages has no entry. One statement for all chats, so listing a
     * thousand chats costs one query, not a thousand.
     */
    public Map<String, StoredMessage> newestOfEveryChat() {
        Map<String, StoredMessage> newest = new HashMap<>();
        handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE row_id IN (SELECT (SELECT m.row_id FROM message_rows m "
                        + "WHERE m.chat_key = c.chat_key ORDER BY m.timestamp DESC, m.id DESC LIMIT 1) FROM chats c)")
                .map(MessageStore::map).forEach(message -> newest.put(message.chatId(), message));
        return newest;
    }

    /** The newest {@code limit} messages of the chat, oldest first. */
    public List<StoredMessage> newestPage(String chatId, int limit) {
        List<StoredMessage> page = handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_jid = :chat "
                        + "ORDER BY timestamp DESC, id DESC LIMIT :limit")
                .bind("chat", chatId).bind("limit", limit).map(MessageStore::map).list();
        return reversed(page);
    }

    /** Up to {@code limit} messages strictly before ({@code timestamp}, {@code id}), oldest first. */
    public List<StoredMessage> pageBefore(String chatId, Instant timestamp, String id, int limit) {
        List<StoredMessage> page = handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_jid = :chat "
                        + "AND (timestamp, id) < (:timestamp, :id) ORDER BY timestamp DESC, id DESC LIMIT :limit")
                .bind("chat", chatId).bind("timestamp", timestamp.toEpochMilli()).bind("id", id)
                .bind("limit", limit).map(MessageStore::map).list();
        return reversed(page);
    }

    /** Up to {@code limit} messages strictly after ({@code timestamp}, {@code id}), oldest first. */
    public List<StoredMessage> pageAfter(String chatId, Instant timestamp, String id, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_jid = :chat "
                        + "AND (timestamp, id) > (:timestamp, :id) ORDER BY timestamp, id LIMIT :limit")
                .bind("chat", chatId).bind("timestamp", timestamp.toEpochMilli()).bind("id", id)
                .bind("limit", limit).map(MessageStore::map).list();
    }

    /** Up to {@code limit} messages at or after {@code from}, oldest first: "jump to date". */
    public List<StoredMessage> pageFrom(String chatId, Instant from, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM messages WHERE chat_jid = :chat "
                        + "AND timestamp >= :from ORDER BY timestamp, id LIMIT :limit")
                .bind("chat", chatId).bind("from", from.toEpochMilli()).bind("limit", limit)
                .map(MessageStore::map).list();
    }

    /** How many messages the archive holds for the chat (read from the chat row, not counted). */
    public long count(String chatId) {
        return chats.find(chatId).map(ChatRecord::messageCount).orElse(0L);
    }

    /**
     * Applies an edit, a delete for everyone or a reaction to a stored message, in place. A revision
     * of a message the archive does not hold is ignored.
     *
     * @return whether a stored message changed
     */
    public boolean applyRevision(MessageRevised revision) {
        return switch (revision.kind()) {
            case EDITED -> handle.createUpdate("UPDATE message_rows SET content = :content, is_edited = 1 "
                            + "WHERE chat_key = (SELECT chat_key FROM chats WHERE chat_jid = :chat) AND id = :id")
                    .bind("content", revision.value()).bind("chat", revision.chatId()).bind("id", revision.messageId())
                    .execute() > 0;
            case DELETED -> handle.createUpdate("UPDATE message_rows SET message_type = :type, "
                            + "raw_proto = json_set(coalesce(raw_proto, '{}'), '$.deletedContent', content), "
                            + "content = 'This message was deleted' WHERE chat_key = (SELECT chat_key FROM chats WHERE chat_jid = :chat) "
                            + "AND id = :id "
                            + "AND coalesce(message_type, '') <> :type")
                    .bind("type", MessageType.DELETED.wireName()).bind("chat", revision.chatId())
                    .bind("id", revision.messageId()).execute() > 0;
            case REACTION -> handle.createUpdate("UPDATE message_rows SET reactions = CASE WHEN :emoji = '' "
                            + "THEN json_remove(coalesce(reactions, '{}'), '$.\"' || :actor || '\"') "
                            + "ELSE json_set(coalesce(reactions, '{}'), '$.\"' || :actor || '\"', :emoji) END "
                            + "WHERE chat_key = (SELECT chat_key FROM chats WHERE chat_jid = :chat) AND id = :id")
                    .bind("emoji", revision.value()).bind("actor", revision.actor().replace("\"", ""))
                    .bind("chat", revision.chatId()).bind("id", revision.messageId()).execute() > 0;
        };
    }

    static StoredMessage map(ResultSet rs, StatementContext context) throws SQLException {
        HistoricalMessage message = new HistoricalMessage(
                rs.getString("id"),
                rs.getString("chat_jid"),
                rs.getString("sender"),
                rs.getString("sender_name"),
                rs.getString("content"),
                Instant.ofEpochMilli(rs.getLong("timestamp")),
                rs.getInt("is_from_me") != 0,
                MessageType.fromWireName(rs.getString("message_type")),
                rs.getInt("is_edited") != 0,
                rs.getString("raw_proto"));
        return new StoredMessage(rs.getLong("row_id"), message, rs.getString("reactions"));
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
