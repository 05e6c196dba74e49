package dev.chatarchive.host.store;

import static dev.chatarchive.host.store.ArchiveFixture.CLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.progress.WorkProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adopting the two shapes of baileys-bridge database that exist: the seed's, and the bridge's with chats. */
class LegacyBridgeAdoptionTest {

    private static final String ALICE = "31611111111@s.whatsapp.net";
    private static final String FAMILY = "120363000000000009@g.us";

    @TempDir
    Path folder;

    @Test
    void open_seedShapedBridgeDatabase_keepsEveryMessageAndTheStatusRow() throws Exception {
        Path file = folder.resolve("bridge.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE messages (id TEXT PRIMARY KEY, chat_jid TEXT NOT NULL, sender TEXT NOT NULL, "
                    + "content TEXT NOT NULL, timestamp DATETIME NOT NULL, is_from_me BOOLEAN NOT NULL DEFAULT 0, "
                    + "created_at DATETIME DEFAULT CURRENT_TIMESTAMP)");
            statement.execute("CREATE INDEX idx_messages_chat_jid ON messages(chat_jid)");
            statement.execute("CREATE INDEX idx_messages_timestamp ON messages(timestamp DESC)");
            statement.execute("CREATE TABLE sync_status (id INTEGER PRIMARY KEY CHECK(id = 1), is_syncing BOOLEAN NOT NULL "
                    + "DEFAULT 0, messages_synced INTEGER NOT NULL DEFAULT 0, last_sync_time DATETIME, progress_percent "
                    + "INTEGER, is_latest BOOLEAN NOT NULL DEFAULT 0)");
            statement.execute("INSERT INTO sync_status VALUES (1, 1, 3, '2024-02-01 08:00:00', 40, 0)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, chat_jid, sender, "
                    + "content, timestamp, is_from_me) VALUES (?, ?, ?, ?, ?, ?)")) {
                add(insert, "A1", ALICE, ALICE, "hello", "2024-01-05T09:30:00.000Z", 0);
                add(insert, "A2", ALICE, "me", "hi!", "2024-01-05 09:31:00", 1);
                add(insert, "F1", FAMILY, "31633333333@s.whatsapp.net", "dinner?", "1704447000", 0);
                add(insert, "F2", FAMILY, "31633333333@s.whatsapp.net", "when?", "1704447060000", 0);
                add(insert, "F3", FAMILY, "31633333333@s.whatsapp.net", "garbled", "someday", 0);
                insert.executeBatch();
            }
        }

        try (Archive archive = Archive.open(file, CLOCK)) {
            List<StoredMessage> alice = archive.read(session -> session.messages().newestPage(ALICE, 10));
            List<StoredMessage> family = archive.read(session -> session.messages().newestPage(FAMILY, 10));
            assertEquals(List.of("A1", "A2"), alice.stream().map(StoredMessage::id).toList());
            assertEquals(Instant.parse("2024-01-05T09:30:00Z"), alice.get(0).timestamp());
            assertEquals(Instant.parse("2024-01-05T09:31:00Z"), alice.get(1).timestamp());
            assertTrue(alice.get(1).message().fromMe());
            // F3's timestamp cannot be read: it is set aside with the reason, not stored with a made-up time.
            assertEquals(List.of("F1", "F2"), family.stream().map(StoredMessage::id).toList());
            assertEquals("F3|timestamp cannot be read|someday", archive.read(session -> session.handle().createQuery(
                    "SELECT id || '|' || reason || '|' || timestamp FROM legacy_quarantine").mapTo(String.class).one()));
            AdoptionReport report = archive.adoption().orElseThrow();
            assertEquals(4, report.kept());
            assertEquals(java.util.Map.of("timestamp cannot be read", 1L), report.setAside());
            assertEquals(Instant.ofEpochSecond(1704447000), byId(family, "F1").timestamp());
            assertEquals(Instant.ofEpochMilli(1704447060000L), byId(family, "F2").timestamp());

            ChatRecord group = archive.read(session -> session.chats().find(FAMILY)).orElseThrow();
            assertTrue(group.group());
            assertEquals(2, group.messageCount());
            assertEquals("whatsapp", group.providerId());

            GlobalSyncStatus status = archive.read(session -> session.status().get());
            assertEquals(3, status.messagesSynced());
            assertEquals(40, status.progressPercent());
            assertEquals(false, status.syncing());
            assertEquals(Instant.parse("2024-02-01T08:00:00Z"), status.lastSyncTime());

            List<String> legacyTables = archive.read(session -> session.handle().createQuery(
                    "SELECT name FROM sqlite_master WHERE name LIKE 'legacy_%'").mapTo(String.class).list());
            assertEquals(List.of("legacy_quarantine"), legacyTables);
            // Adopting ends with the messages searchable: the open waited for the search index (no wait here).
            int ftsHits = archive.read(session -> session.handle().createQuery(
                    "SELECT count(*) FROM search.messages_fts WHERE messages_fts MATCH 'dinner'").mapTo(Integer.class).one());
            assertEquals(1, ftsHits);
        }
    }

    @Test
    void open_bridgeDatabaseWithChatsAndCheckpoints_keepsNamesAndMakesRunningSyncsResumable() throws Exception {
        Path file = folder.resolve("bridge.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = ON");
            statement.execute("CREATE TABLE chats (jid TEXT PRIMARY KEY, name TEXT, last_message_time TEXT)");
            statement.execute("CREATE TABLE messages (id TEXT, chat_jid TEXT, sender TEXT, content TEXT, timestamp TEXT, "
                    + "is_from_me INTEGER, PRIMARY KEY (id, chat_jid), FOREIGN KEY (chat_jid) REFERENCES chats(jid))");
            statement.execute("CREATE INDEX idx_messages_chat_msg ON messages(chat_jid, id)");
            statement.execute("CREATE TABLE sync_status (id INTEGER PRIMARY KEY CHECK(id = 1), is_syncing INTEGER, "
                    + "last_sync_time TEXT, messages_synced INTEGER, chats_synced INTEGER, progress_percent INTEGER, is_latest INTEGER)");
            statement.execute("INSERT INTO sync_status VALUES (1, 0, NULL, 2, 1, NULL, 0)");
            statement.execute("CREATE TABLE sync_checkpoints (chat_jid TEXT PRIMARY KEY REFERENCES chats(jid) ON DELETE CASCADE, "
                    + "last_message_id TEXT, last_timestamp INTEGER, messages_synced INTEGER NOT NULL DEFAULT 0, "
                    + "status TEXT NOT NULL, error_message TEXT, started_at INTEGER, updated_at INTEGER, completed_at INTEGER)");
            statement.execute("INSERT INTO chats VALUES ('" + ALICE + "', 'Alice', '2024-01-05T09:31:00Z')");
            statement.execute("INSERT INTO messages VALUES ('A1', '" + ALICE + "', '" + ALICE + "', 'hello', "
                    + "'2024-01-05T09:30:00Z', 0)");
            statement.execute("INSERT INTO messages VALUES ('A2', '" + ALICE + "', 'me', 'hi', '2024-01-05T09:31:00Z', 1)");
            statement.execute("INSERT INTO sync_checkpoints VALUES ('" + ALICE + "', 'A1', 1704447000000, 2, 'in_progress', "
                    + "NULL, 1, 2, NULL)");
        }

        try (Archive archive = Archive.open(file, CLOCK)) {
            ChatRecord alice = archive.read(session -> session.chats().find(ALICE)).orElseThrow();
            assertEquals("Alice", alice.title());
            assertEquals(2, alice.messageCount());
            SyncCheckpoint checkpoint = archive.read(session -> session.checkpoints().find(ALICE)).orElseThrow();
            assertEquals(SyncState.INTERRUPTED, checkpoint.status());
            assertEquals(StopReason.CRASHED, checkpoint.stopReason());
            assertEquals("A1", checkpoint.lastMessageId());
            assertEquals(2, checkpoint.messagesSynced());
            assertNull(checkpoint.errorMessage());
        }
        try (Archive reopened = Archive.open(file, CLOCK)) {
            assertEquals(2, reopened.read(session -> session.messages().newestPage(ALICE, 10)).size());
        }
    }

    /** The bridge's own shape (no NOT NULL anywhere), which lets rows without an id or chat id in. */
    private Path looseBridge(String name) throws Exception {
        Path file = folder.resolve(name);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE chats (jid TEXT, name TEXT, last_message_time TEXT)");
            statement.execute("CREATE TABLE messages (id TEXT, chat_jid TEXT, sender TEXT, content TEXT, timestamp TEXT, "
                    + "is_from_me INTEGER)");
            statement.execute("INSERT INTO chats VALUES ('" + ALICE + "', 'Alice', NULL), ('status@broadcast', 'Status', NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (id, chat_jid, sender, "
                    + "content, timestamp, is_from_me) VALUES (?, ?, ?, ?, ?, ?)")) {
                add(insert, "A1", ALICE, ALICE, "kept", "2024-01-05T09:30:00Z", 0);
                add(insert, null, ALICE, ALICE, "no id", "2024-01-05T09:31:00Z", 0);
                add(insert, "N1", null, ALICE, "no chat", "2024-01-05T09:32:00Z", 0);
                add(insert, "S1", "status@broadcast", ALICE, "a status", "2024-01-05T09:33:00Z", 0);
                add(insert, "L1", "123456789@lid", ALICE, "a lid chat", "2024-01-05T09:34:00Z", 0);
                add(insert, "OLD", ALICE, ALICE, "from 2005", "2005-06-01T00:00:00Z", 0);
                add(insert, "FUT", ALICE, ALICE, "from 2099", "2099-01-01T00:00:00Z", 0);
                add(insert, "A1", ALICE, ALICE, "a second A1", "2024-01-05T09:35:00Z", 0);
                add(insert, "A2", ALICE, "me", "also kept", "2024-01-05T09:36:00Z", 1);
                insert.executeBatch();
            }
        }
        return file;
    }

    @Test
    void open_rowsBreakingTheSeedsRules_areSetAsideCountedAndReportedNeverDropped() throws Exception {
        Path file = looseBridge("bridge.db");

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(List.of("A1", "A2"), archive.read(session -> session.messages().newestPage(ALICE, 10))
                    .stream().map(StoredMessage::id).toList());
            AdoptionReport report = archive.adoption().orElseThrow();
            assertEquals(2, report.kept());
            assertEquals(java.util.Map.of("no message id", 1L, "no chat id", 1L,
                    "chat id not a WhatsApp chat JID (@s.whatsapp.net or @g.us)", 2L, "timestamp before 2010", 1L,
                    "timestamp in the future", 1L, "second row with the same chat and message id", 1L), report.setAside());
            assertEquals(1, report.chatsSkipped());
            String sentence = report.sentence(file);
            assertTrue(sentence.contains("2 messages kept"), sentence);
            assertTrue(sentence.contains("7 rows"), sentence);
            assertTrue(sentence.contains("legacy_quarantine"), sentence);
            // Every row set aside is kept as it was, with its reason.
            List<String> aside = archive.read(session -> session.handle().createQuery("SELECT coalesce(id, '-') || '/' "
                    + "|| coalesce(chat_jid, '-') || '/' || content FROM legacy_quarantine ORDER BY row_id")
                    .mapTo(String.class).list());
            assertEquals(List.of("-/" + ALICE + "/no id", "N1/-/no chat", "S1/status@broadcast/a status",
                    "L1/123456789@lid/a lid chat", "OLD/" + ALICE + "/from 2005", "FUT/" + ALICE + "/from 2099",
                    "A1/" + ALICE + "/a second A1"), aside);
            assertTrue(archive.read(session -> session.chats().find("status@broadcast")).isEmpty());
        }
    }

    @Test
    void open_bridgeWithUnfinishedWritesBesideIt_isRefusedAndLeftExactlyAsItWas() throws Exception {
        Path file = looseBridge("bridge.db");
        Path journal = Path.of(file + "-journal");
        Files.writeString(journal, "a hot journal left by a bridge that died mid-transaction");
        byte[] before = Files.readAllBytes(file);

        ArchiveException refused = assertThrows(ArchiveException.class, () -> Archive.open(file, CLOCK));

        assertTrue(refused.getMessage().contains("unfinished writes"), refused.getMessage());
        assertTrue(refused.getMessage().contains("The file was not changed."), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertFalse(Files.exists(LegacyBridgeAdoption.workFileOf(file)));
    }

    @Test
    void open_copyLeftByAKilledAdoption_isDeletedAndTheAdoptionDoneAgain() throws Exception {
        Path file = looseBridge("bridge.db");
        Path work = LegacyBridgeAdoption.workFileOf(file);
        Files.writeString(work, "half a copy");
        Files.writeString(Path.of(work + "-journal"), "its journal");

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(2, archive.adoption().orElseThrow().kept());
        }
        assertFalse(Files.exists(work));
        assertFalse(Files.exists(Path.of(work + "-journal")));
    }

    @Test
    void openReadOnly_bridgeDatabase_isRefusedUnchangedNamingWhatAdoptsIt() throws Exception {
        Path file = looseBridge("bridge.db");
        byte[] before = Files.readAllBytes(file);

        LegacyDatabaseException refused = assertThrows(LegacyDatabaseException.class, () -> Archive.openReadOnly(file, CLOCK));

        assertTrue(refused.getMessage().contains("baileys-bridge database"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(folder)) {
            assertEquals(List.of("bridge.db"), files.map(path -> path.getFileName().toString()).toList());
        }
    }

    /**
     * The copy runs inside SQLite, with SQL for the ordinary row and the row-by-row rules for the rest:
     * every value shape a loosely typed bridge file can hold must come out as those rules say (time as
     * {@link LegacyTimestamps} reads it, the sender, the from-me flag, kept or set aside and why).
     */
    @Test
    void open_everyShapeOfValue_isReadAsTheRowByRowRulesReadIt() throws Exception {
        Path file = folder.resolve("loose.db");
        Object[][] rows = {
            // id, chat, sender, timestamp, is_from_me
            {"T1", ALICE, ALICE, "2024-01-05T09:30:00.123Z", 0},
            {"T2", ALICE, "", "2024-01-05T09:30:01Z", 1L << 32},
            {"T3", ALICE, " \t", "2024-01-05 09:30:02", "true"},
            {"T4", ALICE, "\u2003", " 2024-01-05 09:30:03 ", "TRUE"},
            {"T5", ALICE, "Zoë", "2024-01-05T11:30:04+02:00", "1"},
            {"T6", ALICE, "张伟", "2024-01-05T09:30:05", "yes"},
            {"T7", ALICE, null, 1704447006L, 0.5},
            {"T8", ALICE, "me", 1704447007000L, 2.0},
            {"T9", ALICE, "me", "1704447008", -1},
            {"T10", ALICE, "me", 1704447009.9, null},
            {"T11", ALICE, "me", "2024-01-05 09:30:10.250", 0},
            {42L, ALICE, "me", "2024-01-05T09:30:11.000Z", 1},
            {"B1", ALICE, "me", "2024-02-30T10:00:00.000Z", 0},
            {"B2", ALICE, "me", "2024-02-30 10:00:00", 0},
            {"B3", ALICE, "me", "2024-13-01T10:00:00Z", 0},
            {"B4", "a b@g.us", "me", "2024-01-05T09:30:00Z", 0},
            {"B5", "zoë@g.us", "me", "2024-01-05T09:30:00Z", 0},
            {"B6", "1@s.whatsapp.net@g.us", "me", "2024-01-05T09:30:00Z", 0},
            {"B7", "@g.us", "me", "2024-01-05T09:30:00Z", 0},
            {"\u2003", ALICE, "me", "2024-01-05T09:30:00Z", 0},
            {"B8", 12345L, "me", "2024-01-05T09:30:00Z", 0},
            {"B9", ALICE, "me", "2009-12-31T23:59:59.999Z", 0},
            {"B10", ALICE, "me", 1262304000L - 1, 0},
            {"B11", ALICE, "me", null, 0},
            {"T12", FAMILY, "me", "2010-01-01T00:00:00.000Z", 0},
            {"T12", FAMILY, "me", "2024-01-05T09:30:00Z", 0},
        };
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE messages (id, chat_jid, sender, content, timestamp, is_from_me)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages VALUES (?, ?, ?, 'x', ?, ?)")) {
                for (Object[] row : rows) {
                    insert.setObject(1, row[0]);
                    insert.setObject(2, row[1]);
                    insert.setObject(3, row[2]);
                    insert.setObject(4, row[3]);
                    insert.setObject(5, row[4]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        try (Archive archive = Archive.open(file, CLOCK)) {
            List<String> kept = archive.read(session -> session.handle().createQuery("SELECT chat_jid || '|' || id || '|' "
                    + "|| timestamp || '|' || sender || '|' || is_from_me FROM messages ORDER BY row_id")
                    .mapTo(String.class).list());
            assertEquals(List.of(
                    ALICE + "|T1|1704447000123|" + ALICE + "|0",
                    ALICE + "|T2|1704447001000|" + ALICE + "|0",
                    ALICE + "|T3|1704447002000|" + ALICE + "|1",
                    ALICE + "|T4|1704447003000|" + ALICE + "|1",
                    ALICE + "|T5|1704447004000|Zoë|1",
                    ALICE + "|T6|1704447005000|张伟|0",
                    ALICE + "|T7|1704447006000|" + ALICE + "|0",
                    ALICE + "|T8|1704447007000|me|1",
                    ALICE + "|T9|1704447008000|me|1",
                    ALICE + "|T10|1704447009000|me|0",
                    ALICE + "|T11|1704447010250|me|0",
                    ALICE + "|42|1704447011000|me|1",
                    // SQLite text with a day past the month's end: read as the month's last day (Java's smart rule).
                    ALICE + "|B2|1709200800000|me|0",
                    FAMILY + "|T12|1262304000000|me|0"), kept);
            List<String> aside = archive.read(session -> session.handle().createQuery("SELECT coalesce(id, '-') || '|' "
                    + "|| reason FROM legacy_quarantine ORDER BY row_id").mapTo(String.class).list());
            String notJid = "chat id not a WhatsApp chat JID (@s.whatsapp.net or @g.us)";
            assertEquals(List.of("B1|timestamp cannot be read",
                    "B3|timestamp cannot be read", "B4|" + notJid, "B5|" + notJid, "B6|" + notJid, "B7|" + notJid,
                    "\u2003|no message id", "B8|" + notJid, "B9|timestamp before 2010", "B10|timestamp before 2010",
                    "B11|no timestamp", "T12|second row with the same chat and message id"), aside);
        }
    }

    @Test
    void open_textTimesOfEveryDayAndEdge_areReadExactlyAsTheJavaRulesReadThem() throws Exception {
        // Every day of 2023 and 2024 (a leap year) at the edges of the day, in the three text forms SQL reads
        // itself, plus days and hours that roll over (29 .. 31, 24:00) and years at the edges of SQL's quick check:
        // what SQL keeps must be what LegacyTimestamps reads, and what it sets aside must be for the reason the
        // Java reading gives.
        List<String> times = new java.util.ArrayList<>();
        for (java.time.LocalDate day = java.time.LocalDate.of(2023, 1, 1); day.getYear() < 2025; day = day.plusDays(1)) {
            for (String time : List.of("00:00:00", "23:59:59")) {
                times.add(day + "T" + time + ".999Z");
                times.add(day + "T" + time + "Z");
                times.add(day + " " + time);
            }
        }
        for (String month : List.of("00", "01", "02", "04", "09", "12", "13")) {
            for (String dayOfMonth : List.of("00", "28", "29", "30", "31", "32")) {
                for (String hour : List.of("23", "24", "25")) {
                    times.add("2023-" + month + "-" + dayOfMonth + "T" + hour + ":00:00.000Z");
                    times.add("2024-" + month + "-" + dayOfMonth + "T" + hour + ":59:59Z");
                    times.add("2024-" + month + "-" + dayOfMonth + " " + hour + ":60:00");
                }
            }
        }
        for (String year : List.of("0000", "1899", "1900", "2009", "2010", "2999", "3000", "9999")) {
            times.add(year + "-01-01T00:00:00.000Z");
            times.add(year + "-12-31 23:59:59");
        }
        Path file = folder.resolve("times.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE messages (id, chat_jid, sender, content, timestamp, is_from_me)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages VALUES (?, ?, 'me', 'x', ?, 0)")) {
                for (int i = 0; i < times.size(); i++) {
                    insert.setString(1, "T" + i);
                    insert.setString(2, ALICE);
                    insert.setString(3, times.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }

        try (Archive archive = Archive.open(file, CLOCK)) {
            java.util.Map<String, Long> kept = new java.util.HashMap<>();
            archive.read(session -> session.handle().createQuery("SELECT id, timestamp FROM messages").mapToMap().list())
                    .forEach(row -> kept.put((String) row.get("id"), ((Number) row.get("timestamp")).longValue()));
            java.util.Map<String, String> aside = new java.util.HashMap<>();
            archive.read(session -> session.handle().createQuery("SELECT id, reason FROM legacy_quarantine").mapToMap().list())
                    .forEach(row -> aside.put((String) row.get("id"), (String) row.get("reason")));
            assertEquals(times.size(), kept.size() + aside.size());
            long latest = CLOCK.millis() + MessageRules.CLOCK_SKEW.toMillis();
            for (int i = 0; i < times.size(); i++) {
                java.util.OptionalLong read = LegacyTimestamps.toEpochMillis(times.get(i));
                String id = "T" + i;
                String expected = read.isEmpty() ? "timestamp cannot be read"
                        : read.getAsLong() < MessageRules.EARLIEST.toEpochMilli() ? "timestamp before 2010"
                        : read.getAsLong() > latest ? "timestamp in the future" : null;
                if (expected == null) {
                    assertEquals(read.getAsLong(), kept.get(id), times.get(i));
                } else {
                    assertEquals(expected, aside.get(id), times.get(i));
                }
            }
            assertTrue(kept.size() > 4_000, "kept " + kept.size());
        }
    }

    @Test
    void open_secondRowsOfAChatAndId_theFirstThatMeetsTheRulesIsKeptTheOthersSetAside() throws Exception {
        Path file = folder.resolve("twice.db");
        Object[][] rows = {
            // id, chat, timestamp: the archive's key is the chat and the id as text
            {"D1", ALICE, "2099-01-01T00:00:00.000Z"},
            {"D1", ALICE, "2024-01-05T09:30:00.000Z"},
            {"D1", ALICE, "2024-01-05T09:30:01.000Z"},
            {"D2", ALICE, "2024-01-05T09:30:02.000Z"},
            {"D2", FAMILY, "2024-01-05T09:30:03.000Z"},
            {7L, FAMILY, "2024-01-05T09:30:04.000Z"},
            {"7", FAMILY, "2024-01-05T09:30:05.000Z"},
            {"d2", ALICE, "2024-01-05T09:30:06.000Z"},
            {"D2", ALICE, "2024-01-05T09:30:07.000Z"},
            {"D3", ALICE, "2024-01-05T09:30:08.000Z"},
        };
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE messages (id, chat_jid, sender, content, timestamp, is_from_me)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages VALUES (?, ?, 'me', ?, ?, 0)")) {
                for (int i = 0; i < rows.length; i++) {
                    insert.setObject(1, rows[i][0]);
                    insert.setObject(2, rows[i][1]);
                    insert.setString(3, "row " + i);
                    insert.setObject(4, rows[i][2]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        try (Archive archive = Archive.open(file, CLOCK)) {
            assertEquals(List.of(ALICE + "|D1|row 1", ALICE + "|D2|row 3", FAMILY + "|D2|row 4", FAMILY + "|7|row 5",
                            ALICE + "|d2|row 7", ALICE + "|D3|row 9"),
                    archive.read(session -> session.handle().createQuery("SELECT chat_jid || '|' || id || '|' || content "
                            + "FROM messages ORDER BY row_id").mapTo(String.class).list()));
            String second = "second row with the same chat and message id";
            assertEquals(List.of("D1|row 0|timestamp in the future", "D1|row 2|" + second, "7|row 6|" + second,
                            "D2|row 8|" + second),
                    archive.read(session -> session.handle().createQuery("SELECT id || '|' || content || '|' || reason "
                            + "FROM legacy_quarantine ORDER BY row_id").mapTo(String.class).list()));
            assertEquals(6, archive.adoption().orElseThrow().kept());
            // The archive's key holds, and the search index has the rows kept, no more.
            assertEquals(1, archive.<Integer>read(session -> session.handle().createQuery(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'idx_messages_chat_msg'").mapTo(Integer.class).one()));
            assertEquals(List.of(ALICE + "|D1"), archive.read(session -> session.handle().createQuery(
                    "SELECT m.chat_jid || '|' || m.id FROM search.messages_fts f JOIN messages m ON m.search_key = f.rowid "
                    + "WHERE messages_fts MATCH '\"row 1\"'").mapTo(String.class).list()));
            assertEquals(6, archive.<Integer>read(session -> session.handle().createQuery(
                    "SELECT count(*) FROM search.messages_fts WHERE messages_fts MATCH 'row'").mapTo(Integer.class).one()));
            SearchIndexChecks.assertIntact(archive);
        }
    }

    @Test
    void open_bridgeDatabase_reportsEachStepOfTheAdoptionUntilItEnds() throws Exception {
        Path file = looseBridge("bridge.db");
        List<WorkProgress> reports = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (Archive archive = Archive.open(file, CLOCK, reports::add)) {
            assertEquals(2, archive.adoption().orElseThrow().kept());
        }

        // Then, when it has to wait, the search index catching up (its own operation, after the adoption's end).
        assertTrue(reports.stream().allMatch(report -> report.source().equals("chat-archive")
                && (report.operation().equals("Adopting bridge.db") || report.operation().equals(SearchIndex.WAITING))),
                reports.toString());
        List<String> steps = reports.stream().filter(report -> report.operation().equals("Adopting bridge.db"))
                .map(WorkProgress::detail).distinct().toList();
        assertEquals(List.of("checking messages against the archive's rules", "copying messages",
                "setting aside the rows that break the rules", "indexing messages",
                "writing the archive to disk", "done"), steps);
        WorkProgress copied = reports.stream().filter(report -> report.detail().equals("copying messages"))
                .reduce((first, second) -> second).orElseThrow();
        assertEquals(9, copied.total());
        assertTrue(copied.finished(), copied.toString());
        assertTrue(reports.get(reports.size() - 1).finished());
    }

    private static StoredMessage byId(List<StoredMessage> messages, String id) {
        return messages.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static void add(PreparedStatement insert, String id, String chat, String sender, String content,
                            String timestamp, int fromMe) throws Exception {
        insert.setString(1, id);
        insert.setString(2, chat);
        insert.setString(3, sender);
        insert.setString(4, content);
        insert.setString(5, timestamp);
        insert.setInt(6, fromMe);
        insert.addBatch();
    }
}
