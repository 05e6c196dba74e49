/**
 * The UI's read model: what the chat list, the message view and search show ({@link
 * dev.chatarchive.host.browse.ChatSummary}, {@link dev.chatarchive.host.browse.ChatMessage}, {@link
 * dev.chatarchive.host.browse.ChatSyncState}, {@link dev.chatarchive.host.browse.SearchHit}) and the
 * {@link dev.chatarchive.host.browse.ArchiveReader} they are read through. The wiring implements the
 * reader over the store; the cache decorates it; the UI only reads it.
 *
 * <p>May use: {@code checkpoint} and the api's value types. Nothing else of the host.
 */
package dev.chatarchive.host.browse;
