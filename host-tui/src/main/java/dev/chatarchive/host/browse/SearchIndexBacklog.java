package dev.chatarchive.host.browse;

import java.text.NumberFormat;
import java.util.Locale;

/**
 * How far the search index is behind the archive: it is written by a thread of its own after the
 * messages are stored, so for a while after an import some messages are stored but not yet found by
 * a search, and some edits and deletions are not yet seen by it.
 *
 * @param messages stored messages not yet in the index (an estimate)
 * @param changes  edits, deletions and time changes not yet applied to it
 * @param building whether the index is being built from scratch (a new or upgraded archive)
 */
public record SearchIndexBacklog(long messages, long changes, boolean building) {

    /** Nothing waits: every stored message is searchable. */
    public static final SearchIndexBacklog CURRENT = new SearchIndexBacklog(0, 0, false);

    private static final NumberFormat NUMBER = NumberFormat.getIntegerInstance(Locale.ENGLISH);

    public SearchIndexBacklog {
        if (messages < 0 || changes < 0) {
            throw new IllegalArgumentException("messages and changes must not be negative: " + messages + ", " + changes);
        }
    }

    /** Whether every stored message and change is in the index. */
    public boolean current() {
        return messages == 0 && changes == 0;
    }

    /**
     * The line that says so while a search may miss messages ("Search index: 12,345 messages still
     * being indexed; results may be incomplete."), or that the index is current.
     */
    public String sentence() {
        if (current()) {
            return "Search index: current, every message is searchable.";
        }
        // Whether the index is being built from scratch or caught up after an import, what matters to the
        // reader is the same: how many messages a search may miss.
        StringBuilder waiting = new StringBuilder("Search index: ");
        if (messages > 0) {
            waiting.append(NUMBER.format(messages)).append(messages == 1 ? " message" : " messages");
            if (changes > 0) {
                waiting.append(" and ").append(changes(changes));
            }
            waiting.append(" still being indexed");
        } else {
            waiting.append(changes(changes)).append(" still being applied");
        }
        return waiting.append("; results may be incomplete.").toString();
    }

    private static String changes(long count) {
        return NUMBER.format(count) + (count == 1 ? " edit or deletion" : " edits and deletions");
    }
}
