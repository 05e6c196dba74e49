package dev.chatarchive.host.ui;

import com.googlecode.lanterna.input.KeyStroke;
import dev.chatarchive.host.browse.HitCount;
import dev.chatarchive.host.browse.SearchHit;
import dev.chatarchive.host.browse.SearchIndexBacklog;
import dev.chatarchive.host.text.DisplayWidth;
import dev.chatarchive.host.text.TerminalSanitizer;
import dev.chatarchive.host.text.TextLayout;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The hits of a search across all chats, newest first; Enter opens one in its chat. The heading
 * says how many messages match in all: when the list holds only the newest {@code limit}, the total
 * is counted in the background up to a cap, and shown as "more than N" beyond it. While the search
 * index is behind the archive (messages stored but not yet indexed, after an import), a line under
 * the heading says how many messages wait and that the results may be incomplete, refreshed as it
 * shrinks; once the index has caught up it says to search again.
 */
final class SearchResults implements Overlay {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM uuuu HH:mm", Locale.ENGLISH);
    private static final NumberFormat NUMBER = NumberFormat.getIntegerInstance(Locale.ENGLISH);

    private final String query;
    private final ZoneId zone;
    private final int limit;
    private final Consumer<SearchHit> onOpen;
    private List<SearchHit> hits;
    private HitCount total;
    private boolean counting;
    private String problem = "";
    private SearchIndexBacklog backlog = SearchIndexBacklog.CURRENT;
    private boolean searchedBehindTheIndex;
    private int selected;
    private int top;

    SearchResults(String query, ZoneId zone, int limit, Consumer<SearchHit> onOpen) {
        this.query = query;
        this.zone = zone;
        this.limit = limit;
        this.onOpen = onOpen;
    }

    /**
     * Shows the hits found (at most {@code limit}, newest first). Returns whether the list may be
     * only part of them, so the caller should count them all and call {@link #count}.
     */
    boolean show(List<SearchHit> found) {
        hits = List.copyOf(found);
        counting = hits.size() >= limit;
        return counting;
    }

    /** The number of matching messages in all; {@code null} when it could not be counted. */
    void count(HitCount counted) {
        total = counted;
        counting = false;
    }

    /**
     * The search index's backlog now. The first one is read when the search starts: a backlog then
     * means these hits may miss messages.
     */
    void backlog(SearchIndexBacklog now) {
        if (!now.current() && hits == null) {
            searchedBehindTheIndex = true;
        }
        backlog = now;
    }

    /** Whether the index line should be refreshed: messages still wait for the index. */
    boolean waitsForTheIndex() {
        return !backlog.current();
    }

    void fail(String sentence) {
        problem = sentence;
        hits = List.of();
    }

    @Override
    public Outcome handle(KeyStroke stroke, Action action) {
        if (action == null || hits == null) {
            return action == Action.BACK || action == Action.QUIT ? Outcome.CLOSE : Outcome.KEEP;
        }
        switch (action) {
            case DOWN -> selected = Math.min(selected + 1, Math.max(0, hits.size() - 1));
            case UP -> selected = Math.max(0, selected - 1);
            case PAGE_DOWN, HALF_PAGE_DOWN -> selected = Math.min(selected + 5, Math.max(0, hits.size() - 1));
            case PAGE_UP, HALF_PAGE_UP -> selected = Math.max(0, selected - 5);
            case FIRST -> selected = 0;
            case LAST -> selected = Math.max(0, hits.size() - 1);
            case OPEN -> {
                if (!hits.isEmpty()) {
                    onOpen.accept(hits.get(selected));
                    return Outcome.CLOSE;
                }
            }
            case BACK, QUIT -> {
                return Outcome.CLOSE;
            }
            default -> {
            }
        }
        return Outcome.KEEP;
    }

    @Override
    public void render(Canvas canvas, int columns, int rows) {
        int row = 0;
        String heading = heading(query, hits == null ? -1 : hits.size(), hits != null && hits.size() >= limit,
                counting, total);
        Line.of(" " + TextLayout.truncate(heading, columns - 2), Style.STATUS).draw(canvas, 0, row++, columns, Style.STATUS);
        String index = indexLine(backlog, searchedBehindTheIndex);
        if (index != null) {
            Line.of(" " + TextLayout.truncate(index, columns - 2), Style.DIM).draw(canvas, 0, row++, columns, Style.PLAIN);
        }
        int listRows = rows - 1 - row;
        if (hits == null || hits.isEmpty()) {
            String text = hits == null ? "⟳ Searching…" : !problem.isEmpty() ? "! " + TerminalSanitizer.sanitizeLine(problem)
                    : "Nothing matches. Search looks for words and the starts of words in every chat, ignoring case and accents.";
            for (String wrapped : TextLayout.wrap(text, columns - 2)) {
                Line.of(" " + wrapped, problem.isEmpty() ? Style.DIM : Style.ERROR).draw(canvas, 0, row++, columns, Style.PLAIN);
            }
        } else {
            int perScreen = Math.max(1, listRows / 2);
            if (selected < top) {
                top = selected;
            } else if (selected >= top + perScreen) {
                top = selected - perScreen + 1;
            }
            for (int i = top; i < hits.size() && row + 1 < rows; i++) {
                SearchHit hit = hits.get(i);
                boolean isSelected = i == selected;
                Style base = isSelected ? Style.SELECTED : Style.PLAIN;
                String head = (isSelected ? "▶ " : "  ") + TerminalSanitizer.sanitizeLine(hit.chatTitle()) + " · "
                        + WHEN.format(Instant.ofEpochMilli(hit.key().timestampMillis()).atZone(zone)) + " · "
                        + TerminalSanitizer.sanitizeLine(hit.sender());
                Line.of(TextLayout.truncate(head, columns), isSelected ? base : Style.BOLD).draw(canvas, 0, row++, columns, base);
                snippetLine(hit.snippet(), columns).draw(canvas, 0, row++, columns, Style.PLAIN);
            }
        }
        while (row < rows - 1) {
            canvas.fill(0, row++, columns, Style.PLAIN);
        }
    }

    /**
     * "Search: "q"", then, once the list is there, how many messages match: all of them listed
     * ("37 hits"), or the newest listed of the total ("newest 200 of 4,812 hits", "newest 200 of
     * more than 10,000 hits"; "newest 200 hits, counting…" meanwhile, "newest 200 hits" when the
     * count failed).
     *
     * @param shown   the number of hits listed, -1 while searching
     * @param partial whether the list may hold only the newest of the hits (it is full)
     * @param total   the counted total, {@code null} while counting or when counting failed
     */
    static String heading(String query, int shown, boolean partial, boolean counting, HitCount total) {
        String heading = "Search: \"" + TerminalSanitizer.sanitizeLine(query) + "\"";
        if (shown < 0) {
            return heading;
        }
        if (!partial || total != null && !total.atLeast() && total.hits() <= shown) {
            return heading + " · " + hits(shown);
        }
        if (total == null) {
            return heading + " · newest " + hits(shown) + (counting ? ", counting…" : "");
        }
        return heading + " · newest " + NUMBER.format(shown) + " of " + (total.atLeast() ? "more than " : "")
                + hits(total.hits());
    }

    /**
     * The line under the heading about the search index: how many messages wait while it is behind;
     * once it has caught up, if this search was made while it was behind, to search again; else none.
     */
    static String indexLine(SearchIndexBacklog backlog, boolean searchedBehindTheIndex) {
        if (!backlog.current()) {
            return backlog.sentence();
        }
        return searchedBehindTheIndex ? "Search index: now current; search again to include every message." : null;
    }

    private static String hits(long count) {
        return NUMBER.format(count) + (count == 1 ? " hit" : " hits");
    }

    /** The snippet with matched terms highlighted; each part sanitised on its own. */
    static Line snippetLine(String snippet, int columns) {
        Line.Builder line = new Line.Builder().add("    ", Style.PLAIN);
        int used = 4;
        boolean inMatch = false;
        StringBuilder part = new StringBuilder();
        String flat = snippet + SearchHit.MATCH_START;
        for (int i = 0; i < flat.length(); i++) {
            char c = flat.charAt(i);
            if (c == SearchHit.MATCH_START || c == SearchHit.MATCH_END) {
                String safe = TextLayout.truncate(TerminalSanitizer.sanitizeLine(part.toString()), Math.max(0, columns - used));
                line.add(safe, inMatch ? Style.HIGHLIGHT : Style.PLAIN);
                used += DisplayWidth.of(safe);
                part.setLength(0);
                inMatch = c == SearchHit.MATCH_START;
            } else {
                part.append(c);
            }
        }
        return line.build();
    }
}
