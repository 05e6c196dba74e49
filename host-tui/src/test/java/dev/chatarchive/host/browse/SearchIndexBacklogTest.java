package dev.chatarchive.host.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SearchIndexBacklogTest {

    @Test
    void sentence_messagesWaiting_saysHowManyAndThatResultsMayBeIncomplete() {
        assertEquals("Search index: 12,345 messages still being indexed; results may be incomplete.",
                new SearchIndexBacklog(12_345, 0, false).sentence());
        assertEquals("Search index: 1 message still being indexed; results may be incomplete.",
                new SearchIndexBacklog(1, 0, false).sentence());
    }

    @Test
    void sentence_onlyEditsWaiting_saysTheyAreBeingApplied() {
        assertEquals("Search index: 3 edits and deletions still being applied; results may be incomplete.",
                new SearchIndexBacklog(0, 3, false).sentence());
    }

    @Test
    void sentence_buildingWithBoth_namesBoth() {
        assertEquals("Search index: 1,000,000 messages and 1 edit or deletion still being indexed; "
                + "results may be incomplete.", new SearchIndexBacklog(1_000_000, 1, true).sentence());
    }

    @Test
    void sentence_current_saysEveryMessageIsSearchable() {
        assertTrue(SearchIndexBacklog.CURRENT.current());
        assertFalse(new SearchIndexBacklog(0, 1, false).current());
        assertEquals("Search index: current, every message is searchable.", SearchIndexBacklog.CURRENT.sentence());
    }

    @Test
    void negativeCounts_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SearchIndexBacklog(-1, 0, false));
    }
}
