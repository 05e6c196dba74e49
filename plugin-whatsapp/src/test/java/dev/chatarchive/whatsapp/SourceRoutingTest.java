package dev.chatarchive.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.PagingDirection;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderContext;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.whatsapp.source.HistorySource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How the provider splits one chat between a snapshot source (an export) and a following source
 * (live). The live source here is a stand-in for the phone: a true boundary.
 */
class SourceRoutingTest {

    private static final String CHAT = "31612345678@s.whatsapp.net";
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /** A source holding fixed messages, one per minute from {@code first} to {@code last}. */
    private static class ListSource implements HistorySource {
        private final String prefix;
        private final List<HistoricalMessage> messages = new ArrayList<>();
        private final boolean snapshot;
        private final Set<PagingDirection> directions;

        ListSource(String prefix, int first, int last, boolean snapshot, Set<PagingDirection> directions) {
            this.prefix = prefix;
            this.snapshot = snapshot;
            this.directions = directions;
            for (int minute = first; minute <= last; minute++) {
                messages.add(HistoricalMessage.text(prefix + minute, CHAT, "31612345678@s.whatsapp.net",
                        "m" + minute, T0.plusSeconds(60L * minute), false));
            }
        }

        @Override public String name() { return prefix; }
        @Override public void start(ProviderContext context) { }
        @Override public void stop() { }
        @Override public ProviderStatus status() { return new ProviderStatus(ConnectionState.OFFLINE_READY, ""); }
        @Override public List<ChatDescription> listChats() {
            return List.of(new ChatDescription(CHAT, prefix, false, messages.get(messages.size() - 1).timestamp(),
                    (long) messages.size()));
        }
        @Override public boolean owns(String chatId) { return CHAT.equals(chatId); }
        @Override public Set<PagingDirection> supportedDirections() { return directions; }

        @Override public Optional<Instant> horizon(String chatId) {
            return snapshot ? Optional.of(messages.get(messages.size() - 1).timestamp()) : Optional.empty();
        }

        @Override public HistoryPage fetchHistory(HistoryRequest request) {
            List<HistoricalMessage> side = messages.stream().filter(m -> request.cursor() == null
                    || (request.direction() == PagingDirection.OLDER
                    ? m.timestamp().isBefore(request.cursor().timestamp())
                    : m.timestamp().isAfter(request.cursor().timestamp()))).toList();
            List<HistoricalMessage> page = request.direction() == PagingDirection.OLDER
                    ? side.subList(Math.max(0, side.size() - request.limit()), side.size())
                    : side.subList(0, Math.min(request.limit(), side.size()));
            return new HistoryPage(page, page.size() == side.size(), null);
        }
    }

    private static List<String> pageAll(WhatsAppHistoryProvider provider, PagingDirection direction, int limit)
            throws Exception {
        List<String> ids = new ArrayList<>();
        HistoricalMessage anchor = null;
        for (int guard = 0; guard < 100; guard++) {
            HistoryPage page = provider.fetchHistory(new HistoryRequest(CHAT, direction,
                    anchor == null ? null : anchor.toCursor(), limit));
            List<HistoricalMessage> sorted = page.messages().stream()
                    .sorted(Comparator.comparing(HistoricalMessage::timestamp)).toList();
            sorted.forEach(m -> ids.add(m.id()));
            if (page.endOfHistory()) {
                return ids;
            }
            anchor = direction == PagingDirection.OLDER ? sorted.get(0) : sorted.get(sorted.size() - 1);
        }
        throw new AssertionError("paging never ended");
    }

    @Test
    void pagingOlder_chatInExportAndLive_takesEachMessageOnceFromTheSourceOnItsSideOfTheHorizon() throws Exception {
        // given an export covering minutes 0..9 and live knowing minutes 5..14 (overlap 5..9)
        var export = new ListSource("x", 0, 9, true, EnumSet.of(PagingDirection.OLDER, PagingDirection.NEWER));
        var live = new ListSource("l", 5, 14, false, EnumSet.of(PagingDirection.OLDER));
        var provider = new WhatsAppHistoryProvider(List.of(export, live));

        // when the host pages older from the newest message, 3 at a time
        List<String> ids = pageAll(provider, PagingDirection.OLDER, 3);

        // then minutes 10..14 come from live, 0..9 from the export, none twice
        List<String> expected = new ArrayList<>();
        for (int m = 0; m <= 9; m++) {
            expected.add("x" + m);
        }
        for (int m = 10; m <= 14; m++) {
            expected.add("l" + m);
        }
        assertEquals(expected.stream().sorted().toList(), ids.stream().sorted().toList());
    }

    @Test
    void pagingNewer_liveCannotPageForward_endsAtTheExportHorizon() throws Exception {
        var export = new ListSource("x", 0, 9, true, EnumSet.of(PagingDirection.OLDER, PagingDirection.NEWER));
        var live = new ListSource("l", 5, 14, false, EnumSet.of(PagingDirection.OLDER));
        var provider = new WhatsAppHistoryProvider(List.of(export, live));

        List<String> ids = pageAll(provider, PagingDirection.NEWER, 4);

        assertEquals(10, ids.size());
        assertTrue(ids.stream().allMatch(id -> id.startsWith("x")));
    }

    @Test
    void pagingNewer_livePagesForward_continuesPastTheHorizonFromLive() throws Exception {
        var export = new ListSource("x", 0, 9, true, EnumSet.of(PagingDirection.OLDER, PagingDirection.NEWER));
        var live = new ListSource("l", 5, 14, false, EnumSet.of(PagingDirection.OLDER, PagingDirection.NEWER));
        var provider = new WhatsAppHistoryProvider(List.of(export, live));

        List<String> ids = pageAll(provider, PagingDirection.NEWER, 4);

        assertEquals(15, ids.size());
        assertEquals(5, ids.stream().filter(id -> id.startsWith("l")).count());
    }

    @Test
    void fetchHistory_chatNoSourceOwns_failsPermanentlyWithASentence() {
        var export = new ListSource("x", 0, 1, true, EnumSet.of(PagingDirection.OLDER));
        var provider = new WhatsAppHistoryProvider(List.of(export));

        var error = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older("999@s.whatsapp.net", null, 10)));

        assertTrue(error.getMessage().contains("999@s.whatsapp.net"));
        assertFalse(error.isRetryable());
    }

    @Test
    void listChats_sameChatInTwoSources_listsItOnceWithTheLaterActivity() throws Exception {
        var export = new ListSource("x", 0, 9, true, EnumSet.of(PagingDirection.OLDER));
        var live = new ListSource("l", 5, 14, false, EnumSet.of(PagingDirection.OLDER));
        var provider = new WhatsAppHistoryProvider(List.of(export, live));

        List<ChatDescription> chats = provider.listChats();

        assertEquals(1, chats.size());
        assertEquals("x", chats.get(0).title());
        assertEquals(T0.plusSeconds(60 * 14), chats.get(0).lastActivity());
    }

    @Test
    void pagingNewer_chatOnlyLiveKnows_endsAtOnceInsteadOfFailing() throws Exception {
        var export = new ListSource("x", 0, 1, true, EnumSet.of(PagingDirection.OLDER, PagingDirection.NEWER)) {
            @Override public boolean owns(String chatId) { return false; }
        };
        var live = new ListSource("l", 5, 14, false, EnumSet.of(PagingDirection.OLDER));
        var provider = new WhatsAppHistoryProvider(List.of(export, live));
        var newest = live.messages.get(live.messages.size() - 1);

        HistoryPage page = provider.fetchHistory(HistoryRequest.newer(CHAT, newest.toCursor(), 10));

        assertTrue(provider.supportedDirections().contains(PagingDirection.NEWER));
        assertTrue(page.messages().isEmpty());
        assertTrue(page.endOfHistory());
    }
}
