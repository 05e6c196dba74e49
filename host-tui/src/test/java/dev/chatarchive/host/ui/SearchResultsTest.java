package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatarchive.host.browse.HitCount;
import dev.chatarchive.host.browse.SearchIndexBacklog;
import org.junit.jupiter.api.Test;

/**
 * The search list's heading says how many messages match in all: every hit when the list holds
 * them all, else the newest listed of the counted total, "more than N" beyond the count's cap.
 */
class SearchResultsTest {

    @Test
    void heading_whileSearching_namesOnlyTheQuery() {
        assertEquals("Search: \"tomorrow\"", SearchResults.heading("tomorrow", -1, false, false, null));
    }

    @Test
    void heading_listNotFull_countsTheListedHits() {
        assertEquals("Search: \"tomorrow\" · 0 hits", SearchResults.heading("tomorrow", 0, false, false, null));
        assertEquals("Search: \"tomorrow\" · 1 hit", SearchResults.heading("tomorrow", 1, false, false, null));
        assertEquals("Search: \"tomorrow\" · 37 hits", SearchResults.heading("tomorrow", 37, false, false, null));
    }

    @Test
    void heading_fullList_saysItIsCountingThenTheTotal() {
        assertEquals("Search: \"tomorrow\" · newest 200 hits, counting…",
                SearchResults.heading("tomorrow", 200, true, true, null));
        assertEquals("Search: \"tomorrow\" · newest 200 of 4,812 hits",
                SearchResults.heading("tomorrow", 200, true, false, new HitCount(4_812, false)));
    }

    @Test
    void heading_totalBeyondTheCap_saysMoreThan() {
        assertEquals("Search: \"tomorrow\" · newest 200 of more than 10,000 hits",
                SearchResults.heading("tomorrow", 200, true, false, new HitCount(10_000, true)));
    }

    @Test
    void heading_fullListThatIsEveryHit_countsThem() {
        assertEquals("Search: \"tomorrow\" · 200 hits",
                SearchResults.heading("tomorrow", 200, true, false, new HitCount(200, false)));
    }

    @Test
    void heading_countFailed_saysNewestWithoutATotal() {
        assertEquals("Search: \"tomorrow\" · newest 200 hits", SearchResults.heading("tomorrow", 200, true, false, null));
    }

    @Test
    void heading_queryWithEscapeSequences_isMadeSafe() {
        String heading = SearchResults.heading("a\u001b[2Jb", 3, false, false, null);
        assertEquals(-1, heading.indexOf('\u001b'), heading);
    }

    @Test
    void indexLine_whileMessagesWait_saysHowManyAndThatResultsMayBeIncomplete() {
        assertEquals("Search index: 12,345 messages still being indexed; results may be incomplete.",
                SearchResults.indexLine(new SearchIndexBacklog(12_345, 0, false), true));
    }

    @Test
    void indexLine_caughtUpAfterASearchMadeBehindIt_saysToSearchAgain() {
        assertEquals("Search index: now current; search again to include every message.",
                SearchResults.indexLine(SearchIndexBacklog.CURRENT, true));
    }

    @Test
    void indexLine_currentAllAlong_isNotShown() {
        assertNull(SearchResults.indexLine(SearchIndexBacklog.CURRENT, false));
    }
}
