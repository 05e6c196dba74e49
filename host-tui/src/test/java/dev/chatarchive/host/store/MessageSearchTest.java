package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static dev.chatarchive.host.store.ArchiveFixture.GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.ProviderEvent.MessageRevised;
import dev.chatarchive.api.ProviderEvent.RevisionKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageSearchTest {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

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
    void search_chatStoredNewestFirstAndChatStoredOldestFirst_giveTheSameHitsInTheSameOrder() {
        List<HistoricalMessage> history = history("31600000001@s.whatsapp.net");
        List<HistoricalMessage> sameHistoryOtherChat = history("31600000002@s.whatsapp.net");
        Collections.reverse(sameHistoryOtherChat);
        // Pages as a sync stores them: newest page first, for one chat; oldest first for the other.
        for (int from = 0; from < history.size(); from += 7) {
            int to = Math.min(history.size(), from + 7);
            store(history.subList(from, to));
            store(sameHistoryOtherChat.subList(from, to));
        }

        List<String> first = ids(archive.read(s -> new MessageSearch(s.handle()).search("tomorrow", "31600000001@s.whatsapp.net", 25)));
        List<String> second = ids(archive.read(s -> new MessageSearch(s.handle()).search("tomorrow", "31600000002@s.whatsapp.net", 25)));

        assertEquals(plainNewestFirst("31600000001@s.whatsapp.net", "tomorrow", 25), first);
        assertEquals(first, second);
    }

    @Test
    void search_commonWord_returnsTheNewestMatchesWhateverTheStorageOrder() {
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            messages.add(text(CHAT, "m" + i, i % 3 == 0 ? "see you tomorrow " + i : "nothing here " + i, START.plusSeconds(i)));
        }
        Collections.shuffle(messages, new Random(7));
        for (int from = 0; from < messages.size(); from += 50) {
            store(messages.subList(from, from + 50));
        }

        List<String> hits = ids(search("tomorrow", 50));

        assertEquals(plainNewestFirst(null, "tomorrow", 50), hits);
        assertEquals("m2997", hits.get(0));
    }

    @Test
    void search_manyMatchesInOneMillisecond_cutsAtTheLimitInIdOrderNotStorageOrder() {
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            messages.add(text(i % 2 == 0 ? CHAT : GROUP, String.format("x%02d", i), "lunch " + i, START));
        }
        messages.add(text(CHAT, "newer", "lunch later", START.plusMillis(1)));
        Collections.shuffle(messages, new Random(3));
        for (HistoricalMessage message : messages) {
            store(List.of(message));
        }

        List<MessageSearch.Hit> hits = search("lunch", 10);

        assertEquals("newer", hits.get(0).message().id());
        assertEquals(List.of("newer", "x39", "x38", "x37", "x36", "x35", "x34", "x33", "x32", "x31"), ids(hits));
    }

    @Test
    void search_wordPrefixAccentsAndCase_match() {
        store(List.of(text(CHAT, "m", "Rendez-vous au café à midi", START)));
        assertEquals(1, search("caf", 50).size());
        assertEquals(1, search("CAFE MIDI", 50).size());
        assertEquals(1, search("Rendez-vous", 50).size());
        assertEquals(0, search("cafe soir", 50).size());
        assertEquals(0, search("cafeteria", 50).size());
        assertTrue(search("caf", 50).get(0).snippet().contains(MessageSearch.MATCH_START + "café" + MessageSearch.MATCH_END));
    }

    @Test
    void search_prefixWithManyTerms_stillMatchesEveryTerm() {
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < MessageSearch.MAX_PREFIX_TERMS + 10; i++) {
            messages.add(text(CHAT, "w" + i, "word pre" + Integer.toString(i, 26), START.plusSeconds(i)));
        }
        store(messages);
        assertEquals(MessageSearch.MAX_PREFIX_TERMS + 10, search("pre", 500).size());
        assertEquals(List.of("w" + (MessageSearch.MAX_PREFIX_TERMS + 9)), ids(search("pre", 1)));
    }

    @Test
    void search_shortWords_matchWholeWordsOnly() {
        store(List.of(text(CHAT, "ok", "ok then", START), text(CHAT, "okay", "okay then", START.plusSeconds(1))));
        assertEquals(List.of("ok"), ids(search("ok", 50)));
        assertEquals(List.of("okay", "ok"), ids(search("then", 50)));
    }

    @Test
    void search_nonAsciiWords_areFoldedByTheIndexTokenizer() {
        store(List.of(text(CHAT, "es", "Nos vemos MAÑANA", START), text(CHAT, "el", "Γειά σου φίλε", START.plusSeconds(1)),
                text(CHAT, "ru", "Привет, как дела?", START.plusSeconds(2))));
        assertEquals(List.of("es"), ids(search("mañ", 50)));
        assertEquals(List.of("es"), ids(search("manana", 50)));
        assertEquals(List.of("el"), ids(search("γειά", 50)));
        assertEquals(List.of("ru"), ids(search("ПРИВ", 50)));
    }

    @Test
    void search_wordsWithPunctuationInside_matchAsAPhrase() {
        store(List.of(text(CHAT, "a", "I don't know", START), text(CHAT, "b", "don and tom", START.plusSeconds(1))));
        assertEquals(List.of("a"), ids(search("don't", 50)));
        assertEquals(List.of("b", "a"), ids(search("don", 50)));
    }

    @Test
    void search_cjk_matchesSubstringsNewestFirst() {
        store(List.of(text(CHAT, "old", "明天见", START), text(CHAT, "new", "我们明天见吧", START.plusSeconds(60)),
                text(CHAT, "other", "今日は", START.plusSeconds(120))));
        List<MessageSearch.Hit> hits = search("明天", 50);
        assertEquals(List.of("new", "old"), ids(hits));
        assertTrue(hits.get(0).snippet().contains(MessageSearch.MATCH_START + "明天" + MessageSearch.MATCH_END));
    }

    @Test
    void search_inOneChat_skipsOtherChats() {
        store(List.of(text(CHAT, "a", "dinner?", START), text(GROUP, "b", "dinner!", START.plusSeconds(1)),
                text(CHAT, "c", "dinner at 8", START.plusSeconds(2))));
        assertEquals(List.of("c", "a"), ids(archive.read(s -> new MessageSearch(s.handle()).search("dinner", CHAT, 50))));
        assertEquals(List.of("b"), ids(archive.read(s -> new MessageSearch(s.handle()).search("dinner", GROUP, 50))));
        assertEquals(List.of(), ids(archive.read(s -> new MessageSearch(s.handle()).search("dinner", "nobody@s.whatsapp.net", 50))));
    }

    @Test
    void search_blankOrLetterlessQuery_findsNothing() {
        store(List.of(text(CHAT, "a", "hello !!!", START)));
        assertEquals(0, search("   ", 50).size());
        assertEquals(0, search("!!!", 50).size());
        assertEquals(new MessageSearch.Count(0, false), archive.read(s -> new MessageSearch(s.handle()).count("", 10)));
    }

    @Test
    void count_countsUpToTheCapAndSaysWhenThereAreMore() {
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            messages.add(text(CHAT, "m" + i, i < 12 ? "pizza " + i : "salad " + i, START.plusSeconds(i)));
        }
        store(messages);
        assertEquals(new MessageSearch.Count(12, false), archive.read(s -> new MessageSearch(s.handle()).count("pizza", 20)));
        assertEquals(new MessageSearch.Count(10, true), archive.read(s -> new MessageSearch(s.handle()).count("pizza", 10)));
        assertEquals(new MessageSearch.Count(18, false), archive.read(s -> new MessageSearch(s.handle()).count("salad", 18)));
    }

    @Test
    void next_stepsThroughOneChatsHitsInTimeOrder_whateverTheStorageOrder() {
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Pairs share a millisecond, so ties are stepped through by id.
            Instant at = START.plusSeconds(i / 2);
            messages.add(text(i % 4 == 3 ? GROUP : CHAT, String.format("n%03d", i), i % 3 == 0 ? "movie night " + i : "chat " + i, at));
        }
        List<HistoricalMessage> shuffled = new ArrayList<>(messages);
        Collections.shuffle(shuffled, new Random(11));
        for (int from = 0; from < shuffled.size(); from += 13) {
            store(shuffled.subList(from, Math.min(shuffled.size(), from + 13)));
        }
        List<String> expected = messages.stream()
                .filter(m -> m.chatId().equals(CHAT) && m.content().startsWith("movie")).map(HistoricalMessage::id).toList();

        List<String> forward = new ArrayList<>();
        Optional<StoredMessage> at = next(START.minusSeconds(1), "", true);
        while (at.isPresent()) {
            forward.add(at.get().message().id());
            at = next(at.get().message().timestamp(), at.get().message().id(), true);
        }
        List<String> backward = new ArrayList<>();
        at = next(START.plusSeconds(1_000), "", false);
        while (at.isPresent()) {
            backward.add(at.get().message().id());
            at = next(at.get().message().timestamp(), at.get().message().id(), false);
        }

        assertEquals(expected, forward);
        List<String> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        assertEquals(reversed, backward);
    }

    @Test
    void search_afterAnEditOrADelete_findsTheNewTextOnly() {
        store(List.of(text(CHAT, "e", "meet at the station", START), text(CHAT, "d", "secret plans", START.plusSeconds(1))));
        archive.write(s -> s.messages().applyRevision(new MessageRevised(CHAT, "e", RevisionKind.EDITED, "meet at the harbour", "me", START)));
        archive.write(s -> s.messages().applyRevision(new MessageRevised(CHAT, "d", RevisionKind.DELETED, null, "me", START)));
        assertEquals(0, search("station", 50).size());
        assertEquals(List.of("e"), ids(search("harbour", 50)));
        assertEquals(0, search("secret", 50).size());
        assertIndexIsIntact();
    }

    @Test
    void search_messageWhoseTimeChanges_movesToItsNewPlace() {
        store(List.of(text(CHAT, "a", "bus ticket", START), text(CHAT, "b", "bus stop", START.plusSeconds(10))));
        archive.write(s -> s.handle().execute("UPDATE message_rows SET timestamp = ? WHERE id = 'a'", START.plusSeconds(20).toEpochMilli()));
        assertEquals(List.of("a", "b"), ids(search("bus", 50)));
        assertIndexIsIntact();
    }

    @Test
    void search_messagesWithoutARealTime_comeAfterEveryTimedMessage() {
        store(List.of(text(CHAT, "timed", "old photo", START)));
        // Only a legacy adoption can store timestamp 0 (an unreadable legacy time); MessageRules refuse it.
        archive.write(s -> s.handle().execute("INSERT INTO messages (id, chat_jid, sender, content, timestamp, created_at) "
                + "VALUES ('untimed-1', ?, 'x', 'photo one', 0, 0), ('untimed-2', ?, 'x', 'photo two', 0, 0)", CHAT, CHAT));
        assertEquals(List.of("timed", "untimed-2", "untimed-1"), ids(search("photo", 50)));
        assertEquals(List.of("timed", "untimed-2"), ids(search("photo", 2)));
        assertIndexIsIntact();
    }

    private void assertIndexIsIntact() {
        SearchIndexChecks.assertIntact(archive);
    }

    private Optional<StoredMessage> next(Instant from, String id, boolean forward) {
        SearchIndexChecks.current(archive);
        return archive.read(s -> new MessageSearch(s.handle()).next(CHAT, "movie", from, id, forward));
    }

    /** The same question as a plain scan: messages containing the word, by time then id, newest first. */
    private List<String> plainNewestFirst(String chat, String word, int limit) {
        return archive.read(s -> s.handle().createQuery("SELECT id FROM messages WHERE lower(content) LIKE :like "
                        + (chat == null ? "" : "AND chat_jid = :chat ") + "ORDER BY timestamp DESC, id DESC LIMIT :limit")
                .bind("like", "%" + word + "%").bind("chat", chat).bind("limit", limit).mapTo(String.class).list());
    }

    /** A history of 120 messages, every third mentioning "tomorrow", oldest first; pairs share a second. */
    private static List<HistoricalMessage> history(String chat) {
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            messages.add(text(chat, String.format("h%03d", i), i % 3 == 0 ? "see you tomorrow " + i : "later " + i,
                    START.plusSeconds(i / 2)));
        }
        return messages;
    }

    private List<MessageSearch.Hit> search(String query, int limit) {
        SearchIndexChecks.current(archive);
        return archive.read(session -> new MessageSearch(session.handle()).search(query, limit));
    }

    private void store(List<HistoricalMessage> messages) {
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", messages));
        SearchIndexChecks.current(archive); // the index is written beside the archive by its own thread
    }

    private static List<String> ids(List<MessageSearch.Hit> hits) {
        return hits.stream().map(hit -> hit.message().message().id()).toList();
    }

    private static HistoricalMessage text(String chat, String id, String content, Instant at) {
        return HistoricalMessage.text(id, chat, "s", content, at, false);
    }
}
