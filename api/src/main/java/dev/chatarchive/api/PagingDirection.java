package dev.chatarchive.api;

/** Which way from the cursor a page of history goes. */
public enum PagingDirection {
    /**
     * Messages strictly older than the cursor, or the newest messages of the chat when there is no
     * cursor. Every provider supports it.
     */
    OLDER,
    /**
     * Messages strictly newer than the cursor: catching up with what arrived since the archive's newest
     * message. Optional; a provider that can answers it in {@link HistoryProvider#supportedDirections()}.
     */
    NEWER
}
