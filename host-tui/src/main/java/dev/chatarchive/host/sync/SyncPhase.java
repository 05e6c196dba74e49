package dev.chatarchive.host.sync;

/** Which way a running sync is paging. */
public enum SyncPhase {
    /** Fetching what arrived after the newest message the archive holds (providers that page newer). */
    CATCHING_UP,
    /** Fetching older history, page by page back from the cursor. */
    PAGING_BACK
}
