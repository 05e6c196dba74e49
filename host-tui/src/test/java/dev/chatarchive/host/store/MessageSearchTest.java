package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageSearchTest {

    @TempDir
    Path folder;
    Archive archive;

    @BeforeEach
    void openArchive() {
        archive = ArchiveFixture.open(folder);
    }

    @AfterEach
    void closeArchive() {
        archive.close();
    }

    @Test
    void search_fewMatches_ranksEveryMatchBestFirst() {
        store(List.of(text("weak", "a long message that mentions lunch once among many other words here"),
                text("strong", "lunch lunch lunch")));
        List<MessageSearch.Hit> hits = search("LUNCH");
        assertEquals(List.of("strong", "weak"), hits.stream().map(hit -> hit.message().id()).toList());
        assertTrue(hits.get(0).snippet().contains(MessageSearch.MATCH_START + "lunch" + MessageSearch.MATCH_END),
                hits.get(0).snippet());
    }

    @Test
    void search_commonWord_ranksOnlyTheMostRecentlyStoredMatches() {
        List<HistoricalMessage> messages = new ArrayList<>();
        messages.add(text("old-best", "coffee coffee coffee coffee"));
        for (int i = 0; i < MessageSearch.RANKED_MATCHES; i++) {
            messages.add(text("n" + i, "some coffee with a friend number " + i));
        }
        messages.add(text("new-best", "coffee coffee coffee"));
        store(messages);

        List<MessageSearch.Hit> hits = search("coffee");

        assertEquals(50, hits.size());
        assertEquals("new-best", hits.get(0).message().id());
        assertTrue(hits.stream().noneMatch(hit -> hit.message().id().equals("old-best")),
                "a match older than the newest " + MessageSearch.RANKED_MATCHES + " is not ranked");
    }

    @Test
    void search_wordPrefixAndAccents_match() {
        store(List.of(text("m", "Rendez-vous au café à midi")));
        assertEquals(1, search("caf").size());
        assertEquals(1, search("CAFE MIDI").size());
        assertEquals(0, search("cafe soir").size());
    }

    private List<MessageSearch.Hit> search(String query) {
        return archive.read(session -> new MessageSearch(session.handle()).search(query, 50));
    }

    private void store(List<HistoricalMessage> messages) {
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", messages));
    }

    private static int clock;

    private static HistoricalMessage text(String id, String content) {
        return HistoricalMessage.text(id, CHAT, "s", content, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(clock++), false);
    }
}
