package dev.chatarchive.host.browse;

import java.util.Objects;

/**
 * One full-text search result.
 *
 * @param chatId    the chat it is in
 * @param chatTitle the chat's name, raw
 * @param key       the message's place in the chat
 * @param sender    who sent it (display name, "You" or id), raw
 * @param snippet   an excerpt of the text, raw, with the matched terms between {@link #MATCH_START}
 *                  and {@link #MATCH_END}
 */
public record SearchHit(String chatId, String chatTitle, MessageKey key, String sender, String snippet) {

    /** Marks the start of a matched term in {@link #snippet()}; a control character, so never in sanitised text. */
    public static final char MATCH_START = '\u0002';
    /** Marks the end of a matched term in {@link #snippet()}. */
    public static final char MATCH_END = '\u0003';

    public SearchHit {
        Objects.requireNonNull(chatId, "chatId must not be null");
        Objects.requireNonNull(key, "key must not be null");
        chatTitle = chatTitle == null ? chatId : chatTitle;
        sender = sender == null ? "" : sender;
        snippet = snippet == null ? "" : snippet;
    }
}
