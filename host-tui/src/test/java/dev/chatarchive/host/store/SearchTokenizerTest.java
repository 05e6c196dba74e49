package dev.chatarchive.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Java tokenizer against SQLite's own (FTS5 unicode61, remove_diacritics 2) as the oracle. */
class SearchTokenizerTest {

    private static final String MARK = "zz9";
    private static final int PROBES_PER_ROW = 256;

    @Test
    void everyCodePoint_isTokenizedAndFoldedAsSqliteDoes() throws SQLException {
        Map<Integer, String> sqlite = sqliteForms();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<Integer, String> entry : sqlite.entrySet()) {
            String java = javaForm(entry.getKey());
            if (!java.equals(entry.getValue())) {
                wrong.add(Integer.toHexString(entry.getKey()) + ": SQLite " + entry.getValue() + ", Java " + java);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " code points differ, e.g. " + wrong.subList(0, Math.min(20, wrong.size()))
                + "\nsearch-tokenizer-exceptions.txt for this SQLite:\n" + exceptionLines(sqlite));
    }

    @Test
    void tokens_keepOffsetsIntoTheOriginalText() {
        String text = "¡Qué ǘ! 👍🏽 naïve—ÉCOLE 42";
        List<SearchTokenizer.Token> tokens = SearchTokenizer.tokens(text);
        // The skin tone modifier is newer than SQLite's Unicode tables: a token character there.
        assertEquals(List.of("que", "u", "🏽", "naive", "ecole", "42"), tokens.stream().map(SearchTokenizer.Token::folded).toList());
        assertEquals(List.of("Qué", "ǘ", "🏽", "naïve", "ÉCOLE", "42"),
                tokens.stream().map(t -> text.substring(t.start(), t.end())).toList());
    }

    @Test
    void tokens_combiningMarkContinuesATokenButNeverStartsOne() {
        String text = "a \u0301b e\u0301\u0300t";
        List<SearchTokenizer.Token> tokens = SearchTokenizer.tokens(text);
        assertEquals(List.of("a", "b", "et"), tokens.stream().map(SearchTokenizer.Token::folded).toList());
        assertEquals(3, tokens.get(1).start());
    }

    @Test
    void tokens_loneSurrogatesSeparateAndPairsStayWhole() {
        String text = "ab\uD800cd \uDC00 𝐀x";
        List<SearchTokenizer.Token> tokens = SearchTokenizer.tokens(text);
        assertEquals(List.of("ab", "cd", "𝐀x"), tokens.stream().map(SearchTokenizer.Token::folded).toList());
        assertEquals(text.indexOf("𝐀"), tokens.get(2).start());
    }

    /** What Java makes of {@code cp} alone: S(eparator), C(ontinues a token) or T(oken) and its folded code points. */
    private static String javaForm(int cp) {
        List<SearchTokenizer.Token> inside = SearchTokenizer.tokens("q" + Character.toString(cp) + "q");
        List<SearchTokenizer.Token> alone = SearchTokenizer.tokens(Character.toString(cp));
        if (inside.size() == 2) {
            return "S";
        }
        if (alone.isEmpty()) {
            return "C";
        }
        return "T" + hex(alone.get(0).folded());
    }

    /**
     * What SQLite makes of every code point, as {@link #javaForm}: each probed as "q&lt;cp&gt;q &lt;cp&gt;" (a
     * separator gives q and q; a character that continues a token gives qq; a token character gives
     * q&lt;folded&gt;q and &lt;folded&gt;), many to a row between marker tokens.
     */
    private static Map<Integer, String> sqliteForms() throws SQLException {
        Map<Integer, String> forms = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE VIRTUAL TABLE probe USING fts5(text, content = '', tokenize = 'unicode61 remove_diacritics 2')");
            statement.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'instance')");
            connection.setAutoCommit(false);
            List<int[]> rows = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO probe(rowid, text) VALUES (?, ?)")) {
                int row = 0;
                List<Integer> batch = new ArrayList<>();
                for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
                    if (!probed(cp)) {
                        continue;
                    }
                    batch.add(cp);
                    if (batch.size() == PROBES_PER_ROW || cp == Character.MAX_CODE_POINT) {
                        StringBuilder text = new StringBuilder(MARK);
                        for (int probe : batch) {
                            String c = Character.toString(probe);
                            text.append(" q").append(c).append("q ").append(c).append(' ').append(MARK);
                        }
                        insert.setInt(1, row++);
                        insert.setString(2, text.toString());
                        insert.addBatch();
                        rows.add(batch.stream().mapToInt(Integer::intValue).toArray());
                        batch.clear();
                    }
                }
                insert.executeBatch();
            }
            List<List<String>> terms = new ArrayList<>();
            rows.forEach(r -> terms.add(new ArrayList<>()));
            try (ResultSet rs = statement.executeQuery("SELECT doc, term FROM probe_terms ORDER BY doc, offset")) {
                while (rs.next()) {
                    terms.get(rs.getInt(1)).add(rs.getString(2));
                }
            }
            for (int r = 0; r < rows.size(); r++) {
                List<List<String>> groups = split(terms.get(r));
                assertEquals(rows.get(r).length, groups.size(), "probe row " + r);
                for (int i = 0; i < rows.get(r).length; i++) {
                    forms.put(rows.get(r)[i], decode(groups.get(i)));
                }
            }
        }
        return forms;
    }

    /**
     * Every code point but surrogates, and but planes 4 to 13 (unassigned in both Unicodes, so token
     * characters to both) and the middle of the private-use planes 15 and 16: these would triple the time.
     */
    private static boolean probed(int cp) {
        if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
            return false;
        }
        int plane = cp >>> 16;
        int inPlane = cp & 0xFFFF;
        return plane <= 3 || plane == 14 || inPlane < 0x100 || inPlane > 0xFEFF;
    }

    private static List<List<String>> split(List<String> terms) {
        List<List<String>> groups = new ArrayList<>();
        List<String> group = null;
        for (String term : terms) {
            if (term.equals(MARK)) {
                if (group != null) {
                    groups.add(group);
                }
                group = new ArrayList<>();
            } else {
                group.add(term);
            }
        }
        return groups;
    }

    private static String decode(List<String> group) {
        if (group.equals(List.of("q", "q"))) {
            return "S";
        }
        if (group.equals(List.of("qq"))) {
            return "C";
        }
        if (group.size() == 2 && group.get(0).equals("q" + group.get(1) + "q")) {
            return "T" + hex(group.get(1));
        }
        return "?" + group;
    }

    private static String hex(String text) {
        return text.codePoints().mapToObj(Integer::toHexString).collect(Collectors.joining(",", " ", ""));
    }

    /** The exceptions file that makes Java agree with {@code sqlite}: where it differs from Java's base rules. */
    private static String exceptionLines(Map<Integer, String> sqlite) {
        StringBuilder lines = new StringBuilder();
        String runKind = null;
        int runStart = -1;
        int runEnd = -1;
        for (Map.Entry<Integer, String> entry : sqlite.entrySet()) {
            int cp = entry.getKey();
            String form = entry.getValue();
            String base = baseForm(cp);
            String kind = null;
            if (!form.equals(base)) {
                kind = form.equals("S") ? "S" : form.equals("C") ? "C" : form.equals("T " + Integer.toHexString(cp)) ? "T" : "F";
            }
            if (runKind != null && (!runKind.equals(kind) || runEnd != cp - 1 || runKind.equals("F"))) {
                lines.append(runKind).append(' ').append(Integer.toHexString(runStart));
                lines.append(runKind.equals("F") ? sqlite.get(runStart).substring(1) : " " + Integer.toHexString(runEnd)).append('\n');
                runKind = null;
            }
            if (kind != null) {
                if (runKind == null) {
                    runKind = kind;
                    runStart = cp;
                }
                runEnd = cp;
            }
        }
        if (runKind != null) {
            lines.append(runKind).append(' ').append(Integer.toHexString(runStart))
                    .append(runKind.equals("F") ? sqlite.get(runStart).substring(1) : " " + Integer.toHexString(runEnd)).append('\n');
        }
        return lines.toString();
    }

    private static String baseForm(int cp) {
        byte kind = SearchTokenizer.baseKind(cp);
        if (kind == SearchTokenizer.SEPARATOR) {
            return "S";
        }
        if (kind == SearchTokenizer.CONTINUES) {
            return "C";
        }
        return "T" + hex(Character.toString(SearchTokenizer.baseFold(cp)));
    }
}
