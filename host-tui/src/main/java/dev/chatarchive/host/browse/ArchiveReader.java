package dev.chatarchive.host.browse;

import java.util.List;
import java.util.Optional;

/**
 * What the UI reads from the archive. Every method is a short read transaction on an index; none
 * loads a whole chat. The UI calls them on a background thread, never on the UI thread.
 *
 * <p>Pages are always returned oldest first, whichever way they were read.
 */
public interface ArchiveReader {

    /** Every chat, newest activity first, with its sync state. */
    List<ChatSummary> chats();

    /** The newest {@code limit} messages of the chat. */
    List<ChatMessage> newest(String chatId, int limit);

    /** Up to {@code limit} messages strictly before {@code key}, the closest ones. */
    List<ChatMessage> before(String chatId, MessageKey key, int limit);

    /** Up to {@code limit} messages at or after {@code key}, the closest ones. */
    List<ChatMessage> from(String chatId, MessageKey key, int limit);

    /**
     * Full-text search across all chats, newest first: case- and accent-insensitive, words of three
     * letters or more as prefixes; a query with CJK characters matches them as a substring.
     */
    List<SearchHit> search(String query, int limit);

    /**
     * How many messages match {@code query} in all chats (the same matching as {@link #search}),
     * counting up to {@code cap}: the cost is bounded by the cap, not by the number of matches.
     */
    HitCount countHits(String query, int cap);

    /**
     * The nearest message of the chat matching {@code query} strictly after (or, when
     * {@code forward} is false, strictly before) {@code from}.
     */
    Optional<MessageKey> nextHit(String chatId, String query, MessageKey from, boolean forward);

    /** How far the search index is behind the archive now: a cheap read, made again while it shrinks. */
    SearchIndexBacklog searchBacklog();
}
