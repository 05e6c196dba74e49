package dev.chatarchive.host.store;

import java.lang.Character.UnicodeScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Full-text search over stored messages, newest first: the UI's search, its n/N stepping and
 * {@code chat-archive search}.
 *
 * <p><b>Order.</b> Hits are chosen and ordered by message time, newest first, whatever order the
 * messages were stored in: the FTS5 index is keyed by each message's {@code search_key}, which
 * follows its timestamp (see docs/schema.md, "Search keys"), so walking the index's rowids downwards
 * meets the newest matches first and stops at the limit. Messages of the same millisecond are put in
 * the store's own order, by id (then chat), so the result never depends on the order of storage.
 *
 * <p><b>Words.</b> Matched by the FTS5 index (tokenizer unicode61 with remove_diacritics 2): case-
 * and accent-insensitive in every alphabetic script, all words required, each word of three or more
 * characters as a prefix ({@code caf} finds "Café"); words of one or two characters match whole
 * words ("ok" does not find "okay"). FTS5 answers a prefix query by merging the lists of every term
 * with that prefix into memory before returning the first row, which at ten million messages costs
 * tens of milliseconds for a common word; so a prefix is first expanded into the index's own terms
 * ({@code messages_fts_terms}) and searched as "term OR term…", which FTS5 walks lazily. A prefix of
 * more than {@value #MAX_PREFIX_TERMS} terms is left to FTS5.
 *
 * <p><b>Excerpts.</b> A word search's hits are shown by {@link Excerpts}, made in Java from the
 * message's text in the shape of FTS5's {@code snippet()} (16 tokens, every match marked), since the
 * index need not keep the text it indexes.
 *
 * <p><b>CJK.</b> unicode61 does not split Chinese, Japanese or Korean text into words (a whole run
 * of ideographs is one token), so a query containing CJK characters is matched as a substring
 * ({@code instr}), walking the messages newest first by the same key: quick for a common string, a
 * scan of the archive for one that is not there. No second (trigram) index tripling the text on disk.
 *
 * <p><b>One chat.</b> A search in one chat walks the same index newest first, skipping other chats'
 * hits, within the chat's time span: fast for the large chats where a search is needed most, and
 * for a small chat it costs up to the word's hits in that span across all chats.
 */
public final class MessageSearch {

    /** Marks the start of a matched term in a snippet; never present in sanitised text. */
    public static final String MATCH_START = "\u0002";
    /** Marks the end of a matched term in a snippet. */
    public static final String MATCH_END = "\u0003";
    /** A prefix standing for more terms than this is searched by FTS5's own prefix query. */
    static final int MAX_PREFIX_TERMS = 64;
    /** Words shorter than this match whole words only. */
    static final int MIN_PREFIX_LENGTH = 3;
    private static final int SNIPPET_CONTEXT = 40;
    /** Search keys of one millisecond: {@code timestamp * SLOTS + slot}; see V3__search_by_time.sql. */
    private static final long SLOTS = 1024;

    /**
     * One hit.
     *
     * @param message     the message
     * @param chatTitle   its chat's title
     * @param chatIsGroup whether its chat is a group
     * @param snippet     an excerpt with matches between {@link #MATCH_START} and {@link #MATCH_END}
     */
    public record Hit(StoredMessage message, String chatTitle, boolean chatIsGroup, String snippet) {
    }

    /**
     * How many messages match.
     *
     * @param hits    the number counted
     * @param atLeast whether counting stopped at the cap: there are more than {@code hits}
     */
    public record Count(long hits, boolean atLeast) {
    }

    private final Handle handle;

    public MessageSearch(Handle handle) {
        this.handle = handle;
    }

    /** The newest {@code limit} hits for {@code query} across all chats, newest first; empty for a blank query. */
    public List<Hit> search(String query, int limit) {
        return search(query, null, limit);
    }

    /**
     * The newest {@code limit} hits for {@code query}, newest first, in chat {@code chatId} (or in all
     * chats when it is null); empty for a blank query or a chat the archive does not hold.
     */
    public List<Hit> search(String query, String chatId, int limit) {
        if (limit < 1) {
            return List.of();
        }
        Matcher matcher = compile(query);
        if (matcher == null) {
            return List.of();
        }
        long[] span = chatId == null ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE} : chatSpan(chatId);
        if (span == null) {
            return List.of();
        }
        List<Row> rows = matcher.rows(this, chatId, span[0], span[1], false, limit);
        if (rows.size() == limit && rows.get(limit - 1).timed()) {
            // Messages of the boundary's millisecond: in key order by storage, in result order by id.
            long key = rows.get(limit - 1).key();
            Map<Long, Row> merged = new LinkedHashMap<>();
            rows.forEach(row -> merged.put(row.key(), row));
            matcher.rows(this, chatId, bucketStart(key), bucketEnd(key), false, (int) SLOTS)
                    .forEach(row -> merged.putIfAbsent(row.key(), row));
            rows = new ArrayList<>(merged.values());
        }
        rows.sort(Row.NEWEST_FIRST);
        return rows.subList(0, Math.min(limit, rows.size())).stream().map(Row::hit).toList();
    }

    /** How many messages match {@code query} in all chats, counting up to {@code cap}. */
    public Count count(String query, int cap) {
        Matcher matcher = compile(query);
        if (matcher == null) {
            return new Count(0, false);
        }
        long counted = matcher.count(this, cap + 1L);
        return counted > cap ? new Count(cap, true) : new Count(counted, false);
    }

    /**
     * The nearest message of {@code chatId} matching {@code query} strictly after (or before, when
     * {@code forward} is false) the message at ({@code timestamp}, {@code id}) in the chat's order
     * (timestamp, then id).
     */
    public Optional<StoredMessage> next(String chatId, String query, Instant timestamp, String id, boolean forward) {
        Matcher matcher = compile(query);
        long[] span = chatSpan(chatId);
        if (matcher == null || span == null) {
            return Optional.empty();
        }
        Position from = position(chatId, timestamp.toEpochMilli(), id);
        Comparator<Row> nearestFirst = forward ? Row.NEWEST_FIRST.reversed() : Row.NEWEST_FIRST;
        if (from.timed()) {
            Optional<Row> sameMillisecond = matcher.rows(this, chatId, bucketStart(from.key()), bucketEnd(from.key()),
                            forward, (int) SLOTS).stream()
                    .filter(row -> forward ? from.isBefore(row) : row.isBeforePosition(from))
                    .min(nearestFirst);
            if (sameMillisecond.isPresent()) {
                return sameMillisecond.map(row -> row.hit().message());
            }
        }
        long lo = forward ? (from.timed() ? bucketEnd(from.key()) : from.key()) + 1 : span[0];
        long hi = forward ? span[1] : (from.timed() ? bucketStart(from.key()) : from.key()) - 1;
        if (lo > hi) {
            return Optional.empty();
        }
        List<Row> beyond = matcher.rows(this, chatId, lo, hi, forward, 1);
        if (beyond.isEmpty()) {
            return Optional.empty();
        }
        Row nearest = beyond.get(0);
        if (nearest.timed()) {
            nearest = matcher.rows(this, chatId, bucketStart(nearest.key()), bucketEnd(nearest.key()), forward, (int) SLOTS)
                    .stream().min(nearestFirst).orElse(nearest);
        }
        return Optional.of(nearest.hit().message());
    }

    // ---- The query ----

    /** How the query's text is matched; null when nothing can match (a blank query, a word with no letters). */
    private Matcher compile(String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        if (needsSubstringMatch(query)) {
            return new Substring(query.strip());
        }
        return ftsQuery(query);
    }

    /**
     * The query as FTS5 syntax, with its phrases in the order FTS5 numbers them (for excerpts); null
     * when nothing can match. Not for CJK queries (see {@link #needsSubstringMatch}).
     */
    Fts ftsQuery(String query) {
        List<String> words = List.of(query.strip().split("\\s+"));
        List<List<String>> tokens = tokenize(words);
        List<String> parts = new ArrayList<>();
        List<Excerpts.Phrase> phrases = new ArrayList<>();
        for (List<String> wordTokens : tokens) {
            if (wordTokens.isEmpty()) {
                continue;
            }
            String part = wordPart(wordTokens, phrases);
            if (part == null) {
                return null;
            }
            parts.add(part);
        }
        return parts.isEmpty() ? null : new Fts(String.join(" AND ", parts), phrases);
    }

    /**
     * One word as FTS5 query syntax: its tokens as a phrase, the last token a prefix when it is long
     * enough, expanded into the index's terms when they are few; null when the prefix matches no term.
     * Its phrases are added to {@code phrases}.
     */
    private String wordPart(List<String> wordTokens, List<Excerpts.Phrase> phrases) {
        String last = wordTokens.get(wordTokens.size() - 1);
        List<String> leadTokens = wordTokens.subList(0, wordTokens.size() - 1);
        String lead = String.join(" ", leadTokens);
        String leadSpace = lead.isEmpty() ? "" : lead + " ";
        if (last.codePointCount(0, last.length()) < MIN_PREFIX_LENGTH) {
            phrases.add(new Excerpts.Phrase(wordTokens, false));
            return quote(leadSpace + last);
        }
        List<String> terms = termsStartingWith(last);
        if (terms == null) {
            phrases.add(new Excerpts.Phrase(wordTokens, true));
            return quote(leadSpace + last) + "*";
        }
        if (terms.isEmpty()) {
            return null;
        }
        List<String> quoted = new ArrayList<>();
        for (String term : terms) {
            List<String> phrase = new ArrayList<>(leadTokens);
            phrase.add(term);
            phrases.add(new Excerpts.Phrase(phrase, false));
            quoted.add(quote(leadSpace + term));
        }
        return quoted.size() == 1 ? quoted.get(0) : "(" + String.join(" OR ", quoted) + ")";
    }

    /** The index's terms starting with {@code prefix}, in order; null when there are more than {@link #MAX_PREFIX_TERMS}. */
    private List<String> termsStartingWith(String prefix) {
        List<String> terms = new ArrayList<>();
        String from = prefix;
        while (true) {
            Optional<String> term = handle.createQuery("SELECT term FROM search.messages_fts_terms WHERE term >= :from LIMIT 1")
                    .bind("from", from).mapTo(String.class).findOne();
            if (term.isEmpty() || !term.get().startsWith(prefix)) {
                return terms;
            }
            if (terms.size() == MAX_PREFIX_TERMS) {
                return null;
            }
            terms.add(term.get());
            // The smallest text after this term: tokens never hold control characters.
            from = term.get() + "\u0001";
        }
    }

    /**
     * Each word's tokens as the index's tokenizer makes them (folded to lower case without accents).
     * Words in plain ASCII are split and folded here, exactly as unicode61 does for ASCII; any other
     * word goes through the tokenizer itself, in a temporary FTS5 table of this connection, since its
     * folding (which accents it removes, in which scripts) is SQLite's to decide.
     */
    private List<List<String>> tokenize(List<String> words) {
        List<List<String>> tokens = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word.chars().allMatch(c -> c < 0x80)) {
                List<String> ascii = new ArrayList<>();
                for (String token : word.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                    if (!token.isEmpty()) {
                        ascii.add(token);
                    }
                }
                tokens.add(ascii);
            } else {
                tokens.add(new ArrayList<>());
                others.add(i);
            }
        }
        if (!others.isEmpty()) {
            handle.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5(word, content = '', "
                    + "tokenize = 'unicode61 remove_diacritics 2')");
            handle.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_word_terms USING fts5vocab(temp, search_words, 'instance')");
            handle.execute("INSERT INTO temp.search_words(search_words) VALUES ('delete-all')");
            for (int i : others) {
                handle.createUpdate("INSERT INTO temp.search_words(rowid, word) VALUES (:row, :word)")
                        .bind("row", i).bind("word", words.get(i)).execute();
            }
            handle.createQuery("SELECT doc, term FROM temp.search_word_terms ORDER BY doc, offset")
                    .map((rs, ctx) -> Map.entry(rs.getInt("doc"), rs.getString("term")))
                    .forEach(entry -> tokens.get(entry.getKey()).add(entry.getValue()));
        }
        return tokens;
    }

    private static String quote(String phrase) {
        return "\"" + phrase.replace("\"", "\"\"") + "\"";
    }

    /** Whether the query has Chinese, Japanese or Korean characters, which unicode61 cannot split. */
    static boolean needsSubstringMatch(String query) {
        return query.codePoints().anyMatch(cp -> {
            UnicodeScript script = UnicodeScript.of(cp);
            return script == UnicodeScript.HAN || script == UnicodeScript.HIRAGANA
                    || script == UnicodeScript.KATAKANA || script == UnicodeScript.HANGUL;
        });
    }

    // ---- Reading hits ----

    /** The search keys of {@code chatId}'s messages lie within this span; null when the chat has none. */
    private long[] chatSpan(String chatId) {
        Optional<Long> oldest = handle.createQuery("SELECT timestamp FROM messages WHERE chat_jid = :chat "
                + "ORDER BY timestamp, id LIMIT 1").bind("chat", chatId).mapTo(Long.class).findOne();
        Optional<Long> newest = handle.createQuery("SELECT timestamp FROM messages WHERE chat_jid = :chat "
                + "ORDER BY timestamp DESC, id DESC LIMIT 1").bind("chat", chatId).mapTo(Long.class).findOne();
        if (oldest.isEmpty() || newest.isEmpty()) {
            return null;
        }
        long lo = isTimed(oldest.get()) ? oldest.get() * SLOTS : Long.MIN_VALUE;
        long hi = isTimed(newest.get()) && isTimed(oldest.get()) ? newest.get() * SLOTS + SLOTS - 1 : Long.MAX_VALUE;
        return new long[] {lo, hi};
    }

    /** Where ({@code timestamp}, {@code id}) stands among search keys: its own key when stored. */
    private Position position(String chatId, long timestamp, String id) {
        Optional<Long> key = handle.createQuery("SELECT search_key FROM messages WHERE chat_jid = :chat AND id = :id")
                .bind("chat", chatId).bind("id", id).mapTo(Long.class).findOne();
        if (key.isPresent()) {
            return new Position(key.get(), timestamp, id);
        }
        return new Position(isTimed(timestamp) ? timestamp * SLOTS : Long.MIN_VALUE, timestamp, id);
    }

    /** Whether a timestamp is a real time with a key of its own millisecond (see V3__search_by_time.sql). */
    private static boolean isTimed(long timestamp) {
        return timestamp > 0 && timestamp < 8_796_093_022_208L;
    }

    private static long bucketStart(long key) {
        return Math.floorDiv(key, SLOTS) * SLOTS;
    }

    private static long bucketEnd(long key) {
        return bucketStart(key) + SLOTS - 1;
    }

    /** How a query's text is matched against messages. */
    private interface Matcher {
        /** Up to {@code limit} hits with keys in [lo, hi], newest first (oldest first when {@code ascending}). */
        List<Row> rows(MessageSearch search, String chatId, long lo, long hi, boolean ascending, int limit);

        /** How many messages match, counting up to {@code cap}. */
        long count(MessageSearch search, long cap);
    }

    /**
     * Words, through the full-text index.
     *
     * @param expression the FTS5 query
     * @param phrases    its phrases, in order
     */
    record Fts(String expression, List<Excerpts.Phrase> phrases) implements Matcher {
        @Override
        public List<Row> rows(MessageSearch search, String chatId, long lo, long hi, boolean ascending, int limit) {
            // CROSS JOIN keeps the index outermost: walking it in key order is what makes the limit cheap.
            String sql = "SELECT m.*, c.chat_jid, c.title AS chat_title, c.is_group AS chat_group "
                    + "FROM search.messages_fts CROSS JOIN message_rows m ON m.search_key = messages_fts.rowid "
                    + "JOIN chats c ON c.chat_key = m.chat_key "
                    + "WHERE messages_fts MATCH :match AND messages_fts.rowid BETWEEN :lo AND :hi"
                    + (chatId == null ? "" : " AND m.chat_key = (SELECT chat_key FROM chats WHERE chat_jid = :chat)")
                    + " ORDER BY messages_fts.rowid " + (ascending ? "ASC" : "DESC") + " LIMIT :limit";
            Query query = search.handle.createQuery(sql).bind("match", expression).bind("lo", lo).bind("hi", hi)
                    .bind("limit", limit);
            if (chatId != null) {
                query.bind("chat", chatId);
            }
            Excerpts excerpts = new Excerpts(phrases);
            return query.map((rs, ctx) -> new Row(rs.getLong("search_key"), new Hit(MessageStore.map(rs, ctx),
                    rs.getString("chat_title"), rs.getInt("chat_group") != 0, excerpts.of(rs.getString("content"))))).list();
        }

        @Override
        public long count(MessageSearch search, long cap) {
            return search.handle.createQuery("SELECT count(*) FROM (SELECT 1 FROM search.messages_fts "
                            + "WHERE messages_fts MATCH :match LIMIT :cap)")
                    .bind("match", expression).bind("cap", cap).mapTo(Long.class).one();
        }
    }

    /** A CJK string, as a substring of the text, walking messages by search key. */
    private record Substring(String needle) implements Matcher {
        @Override
        public List<Row> rows(MessageSearch search, String chatId, long lo, long hi, boolean ascending, int limit) {
            String sql = "SELECT m.*, c.chat_jid, c.title AS chat_title, c.is_group AS chat_group "
                    + "FROM message_rows m" + (chatId == null ? " INDEXED BY idx_messages_search_key" : "")
                    + " JOIN chats c ON c.chat_key = m.chat_key "
                    + "WHERE instr(m.content, :needle) > 0 AND m.search_key BETWEEN :lo AND :hi"
                    + (chatId == null ? "" : " AND m.chat_key = (SELECT chat_key FROM chats WHERE chat_jid = :chat)")
                    + " ORDER BY m.search_key " + (ascending ? "ASC" : "DESC") + " LIMIT :limit";
            Query query = search.handle.createQuery(sql).bind("needle", needle).bind("lo", lo).bind("hi", hi)
                    .bind("limit", limit);
            if (chatId != null) {
                query.bind("chat", chatId);
            }
            return query.map((rs, ctx) -> new Row(rs.getLong("search_key"), new Hit(MessageStore.map(rs, ctx),
                    rs.getString("chat_title"), rs.getInt("chat_group") != 0,
                    substringSnippet(rs.getString("content"), needle)))).list();
        }

        @Override
        public long count(MessageSearch search, long cap) {
            return search.handle.createQuery("SELECT count(*) FROM (SELECT 1 FROM message_rows "
                            + "WHERE instr(content, :needle) > 0 LIMIT :cap)")
                    .bind("needle", needle).bind("cap", cap).mapTo(Long.class).one();
        }
    }

    /** A place in the order of hits: a message's key, time and id. */
    private record Position(long key, long timestamp, String id) {
        boolean timed() {
            return key >= 0;
        }

        /** Whether this position comes before {@code row} in time order (timestamp, then id). */
        boolean isBefore(Row row) {
            return Row.compareOrder(key, timestamp, id, row.key(), row.timestamp(), row.id()) < 0;
        }
    }

    /** One hit with its search key. */
    private record Row(long key, Hit hit) {
        /** Newest first: by time, then id and chat downwards; keys without a real time last, by key. */
        static final Comparator<Row> NEWEST_FIRST = (a, b) -> {
            int byTime = compareOrder(b.key(), b.timestamp(), b.id(), a.key(), a.timestamp(), a.id());
            return byTime != 0 ? byTime : b.chatId().compareTo(a.chatId());
        };

        boolean timed() {
            return key >= 0;
        }

        long timestamp() {
            return hit.message().message().timestamp().toEpochMilli();
        }

        String id() {
            return hit.message().message().id();
        }

        String chatId() {
            return hit.message().message().chatId();
        }

        boolean isBeforePosition(Position position) {
            return compareOrder(key, timestamp(), id(), position.key(), position.timestamp(), position.id()) < 0;
        }

        /** Time order of two places: timed keys by (timestamp, id); untimed keys before all timed, by key. */
        static int compareOrder(long keyA, long timeA, String idA, long keyB, long timeB, String idB) {
            boolean timedA = keyA >= 0;
            boolean timedB = keyB >= 0;
            if (timedA != timedB) {
                return timedA ? 1 : -1;
            }
            if (!timedA) {
                return Long.compare(keyA, keyB);
            }
            int byTime = Long.compare(timeA, timeB);
            return byTime != 0 ? byTime : idA.compareTo(idB);
        }
    }

    private static String substringSnippet(String content, String needle) {
        int at = content.indexOf(needle);
        if (at < 0) {
            return content.length() > 2 * SNIPPET_CONTEXT ? content.substring(0, 2 * SNIPPET_CONTEXT) + "…" : content;
        }
        int start = Math.max(0, at - SNIPPET_CONTEXT);
        int end = Math.min(content.length(), at + needle.length() + SNIPPET_CONTEXT);
        if (start > 0 && Character.isLowSurrogate(content.charAt(start))) {
            start--;
        }
        if (end < content.length() && Character.isLowSurrogate(content.charAt(end))) {
            end++;
        }
        return (start > 0 ? "…" : "") + content.substring(start, at) + MATCH_START + needle + MATCH_END
                + content.substring(at + needle.length(), end) + (end < content.length() ? "…" : "");
    }
}
