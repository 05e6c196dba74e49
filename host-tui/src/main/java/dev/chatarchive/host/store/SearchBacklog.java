package dev.chatarchive.host.store;

/**
 * What the search index (the file beside the archive, {@link SearchIndex}) does not hold yet: search finds
 * only what it holds.
 *
 * @param messages messages stored but not indexed yet (from row ids: an estimate, exact for an archive
 *                 whose rows were never deleted)
 * @param changes  edits, deletes and new times of messages not applied to the index yet
 * @param building whether the index is being built from scratch (a new or upgraded archive, or a search
 *                 file that was missing, damaged or another archive's)
 */
public record SearchBacklog(long messages, long changes, boolean building) {

    /** Nothing left: search finds every message the archive holds. */
    public static final SearchBacklog CURRENT = new SearchBacklog(0, 0, false);

    public SearchBacklog {
        if (messages < 0 || changes < 0) {
            throw new IllegalArgumentException("messages and changes must be >= 0, were " + messages + " and " + changes);
        }
    }

    /** Whether the index holds every message and change. */
    public boolean current() {
        return messages == 0 && changes == 0;
    }
}
