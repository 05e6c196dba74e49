package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CHAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.HistoricalMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Excerpts against FTS5's own {@code snippet()} as the oracle: the same query (as MessageSearch makes
 * it, prefixes expanded from the archive's index), through snippet() on an FTS5 table that keeps the
 * text and through {@link Excerpts}, must give the same text, marks and window, for every row the
 * query matches.
 *
 * <p>Known differences, none in this corpus: FTS5 stores at most 32 KB of one token, so a longer
 * token is matched on its start only; code points where SQLite's Unicode tables differ from Java's
 * are listed in search-tokenizer-exceptions.txt (SearchTokenizerTest checks them all).
 */
class ExcerptsTest {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final String START_MARK = MessageSearch.MATCH_START;
    private static final String END_MARK = MessageSearch.MATCH_END;

    /** Words of the corpus: accents, case, several scripts, emoji old and new, digits, ligatures. */
    private static final List<String> WORDS = List.of("café", "Cafe", "CAFÉ", "cafeteria", "naïve", "ǘber", "über",
            "Straße", "ÉCOLE", "école", "don't", "tomorrow", "to", "ok", "okay", "Привет", "привет", "γειά",
            "Γειά", "مرحبا", "שלום", "नमस्ते", "🥰", "😀", "👍🏽", "x\u0301y", "ﬁne", "İstanbul", "ıstanbul", "42", "4½",
            "x²", "Ⅻ", "\uE000abc", "𝐀𝐁𝐂", "𐐀𐐨", "Ǡb", "µm", "ſt", "see", "you", "at", "the", "station", "lunch",
            "mañana", "Ñandú", "ﬀ", "Ω", "ẞig", "ǅemal", "pre1", "pre2", "pre3");
    private static final List<String> SEPARATORS = List.of(" ", " ", " ", ", ", ". ", ": ", "\n", " — ", "! ", "...",
            "  ", "\t", "-", "'", " 😀 ", ".", ":", ". \n", " (", ") ", " \u0301", "/");
    private static final List<String> QUERIES = List.of("caf", "cafe", "café", "CAFÉ", "cafeteria", "ok", "to",
            "tomorrow", "don't", "don", "t", "привет", "прив", "γει", "γειά", "straße", "strasse", "ecole", "ube",
            "uber", "ǘber", "42", "istanbul", "naive", "fine", "🥰", "x²", "ⅻ", "xy", "𝐀𝐁𝐂", "𐐨𐐨", "pre", "mu", "μm",
            "mañana", "nandu", "ſt", "st", "café tomorrow", "ok to", "caf tom", "see you", "you see", "the station",
            "at the", "lunch station caf", "ω", "big", "dzemal", "ǆemal", "e\u0301cole", "\uE000abc", "abc");

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
    void excerpts_ofARandomCorpus_areThoseOfFts5Snippet() {
        Random random = new Random(15);
        List<HistoricalMessage> messages = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int words = i % 100 == 0 ? 3_000 : i % 7 == 0 ? 1 + random.nextInt(4) : 1 + random.nextInt(60);
            messages.add(text("r" + i, randomText(random, words), i));
        }
        // More than MessageSearch.MAX_PREFIX_TERMS terms for "pre", so it is searched as a prefix.
        for (int i = 0; i < MessageSearch.MAX_PREFIX_TERMS + 5; i++) {
            messages.add(text("p" + i, "see pre" + i + " and pre" + (i + 1) + "x at the station", 1_000 + i));
        }
        store(messages);

        List<String> unmatched = new ArrayList<>();
        int compared = assertSameAsSnippet(QUERIES, unmatched);

        assertTrue(compared > 2_000, "rows compared: " + compared);
        // unicode61 folds neither ß to ss, nor the ligature ﬁ to fi, nor µ (micro sign, folded to Greek μ) to u,
        // nor ẞ (folded to ß) to b, nor ǅ (folded to ǆ) to dz; a private-use character is part of its word.
        assertEquals(List.of("strasse", "fine", "mu", "big", "dzemal", "abc"), unmatched);
    }

    @Test
    void excerpts_atTheStartAndEndOfLongTexts_areThoseOfFts5Snippet() {
        String filler = "lorem ipsum dolor sit amet ".repeat(40);
        store(List.of(text("start", "Tomorrow " + filler, 0), text("end", filler + "see you tomorrow!", 1),
                text("both", "tomorrow " + filler + " tomorrow", 2), text("sentence", filler + ". Tomorrow at the station. " + filler, 3),
                text("colon", filler + "note: tomorrow " + filler, 4), text("many", "tomorrow ".repeat(500), 5),
                text("short", "(tomorrow)", 6), text("alone", "tomorrow", 7),
                text("punct", "...tomorrow!!! ok?? see: you. tomorrow", 8)));

        List<String> unmatched = new ArrayList<>();
        assertSameAsSnippet(List.of("tomorrow", "tomorrow you", "ok tomorrow", "lorem tomorrow", "amet"), unmatched);
        assertEquals(List.of(), unmatched);
    }

    @Test
    void of_aMatchFarFromTheFirstSentence_isCentredAndCutWithEllipses() {
        Excerpts excerpts = new Excerpts(List.of(new Excerpts.Phrase(List.of("cafe"), true)));
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            words.add(i == 20 ? "Café" : "w" + i);
        }

        String excerpt = excerpts.of(String.join(" ", words));

        assertEquals("…w13 w14 w15 w16 w17 w18 w19 " + START_MARK + "Café" + END_MARK + " w21 w22 w23 w24 w25 w26 w27 w28…", excerpt);
    }

    @Test
    void of_aMatchNearTheFirstSentence_showsTheStart() {
        Excerpts excerpts = new Excerpts(List.of(new Excerpts.Phrase(List.of("cafe"), true)));
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            words.add(i == 10 ? "Café" : "w" + i);
        }

        String excerpt = excerpts.of("(" + String.join(" ", words));

        assertEquals("(w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 " + START_MARK + "Café" + END_MARK + " w11 w12 w13 w14 w15…", excerpt);
    }

    @Test
    void of_aWordWithSeveralMarksOnOneLetter_isMatchedWithoutThem() {
        Excerpts excerpts = new Excerpts(List.of(new Excerpts.Phrase(List.of("uber"), false)));
        assertEquals("ǘ " + START_MARK + "ǘber" + END_MARK + "!", excerpts.of("ǘ ǘber!"));
    }

    @Test
    void of_neverSplitsASurrogatePairNorDropsACharacter() {
        Excerpts excerpts = new Excerpts(List.of(new Excerpts.Phrase(List.of("a"), false)));
        String text = "😀a😀 \uD83D a \uDE00 𝐀 a";

        String excerpt = excerpts.of(text);

        assertEquals(START_MARK + "a" + END_MARK, excerpt.substring(2, 5));
        assertEquals(text, excerpt.replace(START_MARK, "").replace(END_MARK, ""));
    }

    @Test
    void of_aLargeMessageFullOfMatches_showsTheWindowHoldingEveryPhrase() {
        Excerpts excerpts = new Excerpts(List.of(new Excerpts.Phrase(List.of("a"), false),
                new Excerpts.Phrase(List.of("b"), false)));
        String text = "a ".repeat(32_000) + "b";

        String excerpt = excerpts.of(text);

        assertTrue(excerpt.startsWith("…" + (START_MARK + "a" + END_MARK + " ").repeat(15) + START_MARK + "b" + END_MARK),
                excerpt);
    }

    /**
     * Each query through snippet() and through Excerpts, for every row it matches; returns the rows
     * compared, and adds the queries that match no row to {@code unmatched}.
     */
    private int assertSameAsSnippet(List<String> queries, List<String> unmatched) {
        int compared = 0;
        for (String query : queries) {
            List<String> differences = new ArrayList<>();
            int rows = archive.read(session -> {
                MessageSearch.Fts fts = new MessageSearch(session.handle()).ftsQuery(query);
                if (fts == null) {
                    return 0;
                }
                Excerpts excerpts = new Excerpts(fts.phrases());
                fillOracle(session);
                List<Map.Entry<String, String>> hits = session.handle().createQuery("SELECT m.content, "
                                + "snippet(oracle, 0, char(2), char(3), '…', 16) AS excerpt FROM temp.oracle "
                                + "JOIN message_rows m ON m.row_id = oracle.rowid WHERE oracle MATCH :match")
                        .bind("match", fts.expression())
                        .map((rs, ctx) -> Map.entry(rs.getString("content"), rs.getString("excerpt"))).list();
                for (Map.Entry<String, String> hit : hits) {
                    String mine = excerpts.of(hit.getKey());
                    if (!mine.equals(hit.getValue())) {
                        differences.add("text " + show(hit.getKey()) + "\n  fts5: " + show(hit.getValue()) + "\n  java: " + show(mine));
                    }
                }
                return hits.size();
            });
            if (rows == 0) {
                unmatched.add(query);
            }
            assertEquals(List.of(), differences.subList(0, Math.min(3, differences.size())),
                    differences.size() + " of " + rows + " excerpts differ for \"" + query + "\"");
            compared += rows;
        }
        return compared;
    }

    /**
     * The oracle: an FTS5 table of this connection that keeps the text (so its snippet() works whatever
     * the archive's own index keeps), same tokenizer, holding every stored message.
     */
    private static void fillOracle(ArchiveSession session) {
        session.handle().execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.oracle USING fts5(content, "
                + "tokenize = 'unicode61 remove_diacritics 2')");
        session.handle().execute("DELETE FROM temp.oracle");
        session.handle().execute("INSERT INTO temp.oracle(rowid, content) SELECT row_id, content FROM message_rows");
    }

    private static String show(String text) {
        String shown = text.replace(START_MARK, "[").replace(END_MARK, "]");
        return shown.length() > 400 ? shown.substring(0, 400) + "(" + shown.length() + " chars)" : shown;
    }

    private static String randomText(Random random, int words) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(4) == 0) {
            text.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
        }
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
            }
            text.append(WORDS.get(random.nextInt(WORDS.size())));
        }
        if (random.nextInt(3) == 0) {
            text.append(SEPARATORS.get(random.nextInt(SEPARATORS.size())));
        }
        return text.toString();
    }

    private void store(List<HistoricalMessage> messages) {
        archive.write(session -> session.messages().insertIfAbsent("whatsapp", messages));
        SearchIndexChecks.current(archive); // the index is written beside the archive by its own thread
    }

    private static HistoricalMessage text(String id, String content, int second) {
        return HistoricalMessage.text(id, CHAT, "s", content, START.plusSeconds(second), false);
    }
}
