package dev.chatarchive.host.store;

import java.lang.Character.UnicodeScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Full-text search over stored messages, for the UI's search and its n/N stepping.
 *
 * <p>Words are matched by the FTS5 index ({@code messages_fts}, tokenizer unicode61 with
 * remove_diacritics 2): case- and accent-insensitive in every alphabetic script, each word as a
 * prefix ({@code caf} finds "Café"), all words required, best matches first (bm25) among the
 * {@link #RANKED_MATCHES} most recently stored matches.
 *
 * <p>CJK: unicode61 does not split Chinese, Japanese or Korean text into words (a whole run of
 * ideographs is one token), so a query containing CJK characters is matched as a substring with
 * {@code LIKE} instead, newest first. That scans the messages table; on an archive of millions of
 * messages it takes a moment, which is acceptable for an occasional search, and it needs no second
 * (trigram) index tripling the archive's text on disk. Decided by the tui engineer; revisit with a
 * trigram table if CJK search becomes common.
 */
public final class MessageSearch {

    /** Marks the start of a matched term in a snippet; never present in sanitised text. */
    public static final String MATCH_START = "\u0002";
    /** Marks the end of a matched term in a snippet. */
    public static final String MATCH_END = "\u0003";
    private static final int SNIPPET_CONTEXT = 40;
    /**
     * How many of the most recently stored matches are ranked. Ranking (bm25) costs a little per
     * match, and a common word matches hundreds of thousands of messages in a large archive; ranking
     * only the newest few thousand keeps a search under a tenth of a second at ten million messages,
     * and for a word with fewer matches than this every match is ranked.
     */
    static final int RANKED_MATCHES = 2_000;

    /**
     * One hit.
     *
     * @param message   the message
     * @param chatTitle its chat's title
     * @param chatIsGroup whether its chat is a group
     * @param snippet   an excerpt with matches between {@link #MATCH_START} and {@link #MATCH_END}
     */
    public record Hit(StoredMessage message, String chatTitle, boolean chatIsGroup, String snippet) {
    }

    private final Handle handle;

    public MessageSearch(Handle handle) {
        this.handle = handle;
    }

    /** The best {@code limit} hits for {@code query} across all chats; empty for a blank query. */
    public List<Hit> search(String query, int limit) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        if (needsSubstringMatch(query)) {
            String needle = query.strip();
            return handle.createQuery("SELECT m.*, c.title AS chat_title, c.is_group AS chat_group FROM messages m JOIN chats c ON c.chat_jid = m.chat_jid "
                            + "WHERE instr(m.content, :needle) > 0 ORDER BY m.timestamp DESC, m.id DESC LIMIT :limit")
                    .bind("needle", needle).bind("limit", limit)
                    .map((rs, ctx) -> new Hit(MessageStore.map(rs, ctx), rs.getString("chat_title"),
                            rs.getInt("chat_group") != 0, substringSnippet(rs.getString("content"), needle)))
                    .list();
        }
        String match = ftsQuery(query);
        long oldestRanked = handle.createQuery("SELECT rowid FROM messages_fts WHERE messages_fts MATCH :match "
                        + "ORDER BY rowid DESC LIMIT 1 OFFSET " + (RANKED_MATCHES - 1))
                .bind("match", match).mapTo(Long.class).findOne().orElse(Long.MIN_VALUE);
        return handle.createQuery("SELECT m.*, c.title AS chat_title, c.is_group AS chat_group, "
                        + "snippet(messages_fts, 0, char(2), char(3), '…', 16) AS excerpt "
                        + "FROM messages_fts JOIN messages m ON m.row_id = messages_fts.rowid "
                        + "JOIN chats c ON c.chat_jid = m.chat_jid "
                        + "WHERE messages_fts MATCH :match AND messages_fts.rowid >= :oldestRanked "
                        + "ORDER BY rank LIMIT :limit")
                .bind("match", match).bind("oldestRanked", oldestRanked).bind("limit", limit)
                .map((rs, ctx) -> new Hit(MessageStore.map(rs, ctx), rs.getString("chat_title"),
                        rs.getInt("chat_group") != 0, rs.getString("excerpt")))
                .list();
    }

    /**
     * The nearest message of {@code chatId} matching {@code query} strictly after (or before, when
     * {@code forward} is false) the message at ({@code timestamp}, {@code id}) in keyset order.
     */
    public Optional<StoredMessage> next(String chatId, String query, Instant timestamp, String id, boolean forward) {
        if (query == null || query.isBlank()) {
            return Optional.empty();
        }
        String side = forward ? ">" : "<";
        String order = forward ? "ASC" : "DESC";
        String match = needsSubstringMatch(query)
                ? "instr(m.content, :match) > 0"
                : "m.row_id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH :match)";
        return handle.createQuery("SELECT m.* FROM messages m WHERE m.chat_jid = :chat AND " + match
                        + " AND (m.timestamp, m.id) " + side + " (:timestamp, :id) "
                        + "ORDER BY m.timestamp " + order + ", m.id " + order + " LIMIT 1")
                .bind("chat", chatId).bind("match", needsSubstringMatch(query) ? query.strip() : ftsQuery(query))
                .bind("timestamp", timestamp.toEpochMilli()).bind("id", id)
                .map(MessageStore::map).findOne();
    }

    /** The user's words as an FTS5 query: every word a quoted prefix, all required. */
    static String ftsQuery(String query) {
        List<String> terms = new ArrayList<>();
        for (String word : query.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                terms.add("\"" + word.replace("\"", "\"\"") + "\"*");
            }
        }
        return String.join(" ", terms);
    }

    /** Whether the query has Chinese, Japanese or Korean characters, which unicode61 cannot split. */
    static boolean needsSubstringMatch(String query) {
        return query.codePoints().anyMatch(cp -> {
            UnicodeScript script = UnicodeScript.of(cp);
            return script == UnicodeScript.HAN || script == UnicodeScript.HIRAGANA
                    || script == UnicodeScript.KATAKANA || script == UnicodeScript.HANGUL;
        });
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
