package dev.chatarchive.whatsapp.backup;

import static dev.chatarchive.whatsapp.backup.FixtureDatabases.ANNA;
import static dev.chatarchive.whatsapp.backup.FixtureDatabases.BRAM;
import static dev.chatarchive.whatsapp.backup.FixtureDatabases.CARLA;
import static dev.chatarchive.whatsapp.backup.FixtureDatabases.GROUP;
import static dev.chatarchive.whatsapp.backup.FixtureDatabases.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.ImportOptions;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup source end to end in the plugin: import a phone database of each kind, page every chat
 * the way the host's sync engine does, and compare chats, ids, senders, UTC times, types, from-me
 * flags and titles with what the fixture databases hold.
 */
class BackupHistorySourceTest {

    @TempDir
    Path temp;

    private BackupHistorySource source;
    private BackupTestContext context;

    @BeforeEach
    void start() throws Exception {
        context = new BackupTestContext(temp.resolve("ctx"));
        source = new BackupHistorySource();
        source.start(context);
    }

    @AfterEach
    void stop() {
        source.stop();
    }

    private Path workFolder() {
        return context.dataDirectory().resolve("backup-work");
    }

    private boolean workFolderEmpty() throws Exception {
        if (!Files.isDirectory(workFolder())) {
            return true;
        }
        try (Stream<Path> children = Files.list(workFolder())) {
            return children.findAny().isEmpty();
        }
    }

    /** Pages the chat from newest to oldest in pages of {@code size}, as the sync engine does. */
    private List<HistoricalMessage> readAll(String chatId, int size) throws Exception {
        List<HistoricalMessage> all = new ArrayList<>();
        HistoryCursor cursor = null;
        while (true) {
            HistoryPage page = source.fetchHistory(HistoryRequest.older(chatId, cursor, size));
            all.addAll(page.messages());
            if (page.endOfHistory()) {
                return all;
            }
            cursor = page.messages().get(page.messages().size() - 1).toCursor();
        }
    }

    private Map<String, HistoricalMessage> byId(List<HistoricalMessage> messages) {
        return messages.stream().collect(Collectors.toMap(HistoricalMessage::id, Function.identity()));
    }

    private Map<String, ChatDescription> importModern(ImportOptions options) throws Exception {
        Path db = FixtureDatabases.modernAndroid(temp.resolve("in/msgstore.db"));
        return source.importSource(db, options).stream()
                .collect(Collectors.toMap(ChatDescription::chatId, Function.identity()));
    }

    @Test
    void syncPolicy_aBackupChatThePhoneKnowsToo_isPagedLikeAFileNotLikeThePhone() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        importModern(ImportOptions.NONE);
        dev.chatarchive.api.SyncPolicy phonePace = new dev.chatarchive.api.SyncPolicy(1, java.time.Duration.ofSeconds(3), 50);
        dev.chatarchive.whatsapp.source.HistorySource phone = new dev.chatarchive.whatsapp.source.HistorySource() {
            @Override public String name() { return "live"; }
            @Override public void start(dev.chatarchive.api.ProviderContext context) { }
            @Override public void stop() { }
            @Override public dev.chatarchive.api.ProviderStatus status() {
                return new dev.chatarchive.api.ProviderStatus(dev.chatarchive.api.ConnectionState.CONNECTED, "");
            }
            @Override public List<ChatDescription> listChats() { return List.of(); }
            @Override public boolean owns(String chatId) { return true; }
            @Override public HistoryPage fetchHistory(HistoryRequest request) { throw new AssertionError("not asked"); }
            @Override public java.util.Set<dev.chatarchive.api.PagingDirection> supportedDirections() {
                return java.util.EnumSet.of(dev.chatarchive.api.PagingDirection.OLDER);
            }
            @Override public dev.chatarchive.api.SyncPolicy syncPolicy() { return phonePace; }
        };
        var provider = new dev.chatarchive.whatsapp.WhatsAppHistoryProvider(List.of(source, phone));

        dev.chatarchive.api.SyncPolicy policy = provider.syncPolicy(HistoryRequest.older(ANNA, null, 10_000));

        assertEquals(dev.chatarchive.whatsapp.source.HistorySource.LOCAL_FILES, policy,
                "live mode is on and knows the chat, but the backup answers for it alone");
        assertEquals(5_000, policy.maxPageSize());
        assertEquals(phonePace, provider.syncPolicy(HistoryRequest.older("31699999999@s.whatsapp.net", null, 50)),
                "a chat the backup does not hold keeps the phone's pace");
    }

    @Test
    void modernAndroid_listsPersonAndGroupChatsUnderRealJids_leavingOutStatus() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        Map<String, ChatDescription> chats = importModern(ImportOptions.NONE);
        assertEquals(java.util.Set.of(ANNA, GROUP, CARLA), chats.keySet(), "the LID chat is filed under Carla's phone JID");
        assertEquals("Climbing Crew", chats.get(GROUP).title());
        assertTrue(chats.get(GROUP).group());
        assertEquals("+31612345678", chats.get(ANNA).title(), "no contacts: the number");
        assertEquals(8L, chats.get(ANNA).estimatedSize());
        assertEquals(Instant.ofEpochMilli(at(420)), chats.get(ANNA).lastActivity());
        assertTrue(context.events().stream().anyMatch(e -> e.toString().contains("status updates")),
                "the user hears that the status feed was left out");
    }

    @Test
    void modernAndroid_messagesKeepWhatsAppIdsSendersUtcTimesTypesAndFromMe() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        importModern(ImportOptions.NONE);
        List<HistoricalMessage> anna = readAll(ANNA, 3);
        assertEquals(List.of("3EB0A8", "3EB0A7", "3EB0A6", "3EB0A5", "3EB0A4", "3EB0A3", "3EB0A2", "3EB0A1"),
                anna.stream().map(HistoricalMessage::id).toList(), "newest first, each once, across pages of 3");
        Map<String, HistoricalMessage> m = byId(anna);
        assertEquals(ANNA, m.get("3EB0A1").sender());
        assertFalse(m.get("3EB0A1").fromMe());
        assertEquals(Instant.parse("2024-03-01T09:00:00Z"), m.get("3EB0A1").timestamp());
        assertEquals("me", m.get("3EB0A2").sender());
        assertTrue(m.get("3EB0A2").fromMe());
        assertEquals(MessageType.IMAGE, m.get("3EB0A3").type());
        assertEquals("The new wall 🧗", m.get("3EB0A3").content());
        assertTrue(m.get("3EB0A3").rawJson().contains("\"path\":\"Media/WhatsApp Images/IMG-20240301-WA0001.jpg\""));
        assertTrue(m.get("3EB0A3").rawJson().contains("\"emoji\":\"❤️\""), "the reaction is kept");
        assertTrue(m.get("3EB0A3").rawJson().contains("\"forwarded\":true"));
        assertTrue(m.get("3EB0A4").edited());
        assertTrue(m.get("3EB0A5").rawJson().contains("\"quoted\":\"3EB0A2\""));
        assertEquals(MessageType.DELETED, m.get("3EB0A6").type());
        assertEquals(MessageType.CALL, m.get("3EB0A7").type());
        assertEquals("Missed video call", m.get("3EB0A7").content());
        assertEquals(MessageType.LOCATION, m.get("3EB0A8").type());
        assertTrue(m.get("3EB0A8").content().startsWith("Klimhal Amsterdam: 52.370216, 4.895168"));
        assertFalse(m.get("3EB0A1").rawJson().contains("climbing"), "the raw record does not repeat the text");
    }

    @Test
    void modernAndroid_groupSendersAreRealJids_withLidMappedToThePhoneNumber() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        importModern(ImportOptions.NONE);
        List<HistoricalMessage> group = readAll(GROUP, 2);
        assertEquals(List.of("GRP004", "GRP003", "GRP002", "GRP001"), group.stream().map(HistoricalMessage::id).toList(),
                "two messages in the same millisecond keep the database's order");
        Map<String, HistoricalMessage> m = byId(group);
        assertEquals(ANNA, m.get("GRP002").sender());
        assertEquals(BRAM, m.get("GRP003").sender(), "Bram's LID is written as his phone JID");
        assertEquals(MessageType.SYSTEM, m.get("GRP001").type());
        assertEquals("me", m.get("GRP001").sender());
        assertEquals(MessageType.DOCUMENT, m.get("GRP004").type());
        assertEquals("topo.pdf", m.get("GRP004").content());
    }

    @Test
    void contactsBesideTheBackup_nameChatsAndSenders() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        FixtureDatabases.waDb(temp.resolve("in/wa.db"));
        Map<String, ChatDescription> chats = importModern(ImportOptions.NONE);
        assertEquals("Anna de Vries", chats.get(ANNA).title());
        assertEquals("Carla M.", chats.get(CARLA).title());
        assertEquals("Climbing Crew", chats.get(GROUP).title(), "a group keeps its subject");
        Map<String, HistoricalMessage> m = byId(readAll(GROUP, 100));
        assertEquals("Bram 🧗", m.get("GRP003").senderName(), "WhatsApp's own name when the address book has none");
        assertNull(m.get("GRP004").senderName());
    }

    @Test
    void contactsOption_pointsAtWaDbElsewhere() throws Exception {
        Path waDb = FixtureDatabases.waDb(Files.createDirectories(temp.resolve("elsewhere")).resolve("contacts.db"));
        Files.createDirectories(temp.resolve("in"));
        Map<String, ChatDescription> chats = importModern(ImportOptions.NONE.with(ImportOptions.CONTACTS, waDb.toString()));
        assertEquals("Anna de Vries", chats.get(ANNA).title());
    }

    @Test
    void contactsOption_missingFile_isASentence() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        PermanentProviderException e = assertThrows(PermanentProviderException.class,
                () -> importModern(ImportOptions.NONE.with(ImportOptions.CONTACTS, temp.resolve("nope.db").toString())));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(workFolderEmpty(), "a refused import leaves no working copy");
    }

    @Test
    void encryptedBackup_withTheKey_givesTheSameChats_andTheDecryptedCopyIsGoneOnceRead() throws Exception {
        Path plain = FixtureDatabases.modernAndroid(temp.resolve("plain.db"));
        Path backup = TestBackups.crypt15(plain, Files.createDirectories(temp.resolve("phone")).resolve("msgstore.db.crypt15"));
        List<ChatDescription> chats = source.importSource(backup,
                ImportOptions.NONE.with(ImportOptions.KEY, TestBackups.rootKeyHex()));
        assertEquals(3, chats.size());
        assertFalse(workFolderEmpty(), "the decrypted copy lives while the chats are read");
        for (ChatDescription chat : chats) {
            readAll(chat.chatId(), 1000);
        }
        assertTrue(workFolderEmpty(), "once every chat is read, the decrypted database is deleted");
        assertFalse(source.owns(ANNA), "and the source lets go of the chats");
    }

    @Test
    void encryptedBackup_keyFileBesideIt_isFound() throws Exception {
        Path plain = FixtureDatabases.modernAndroid(temp.resolve("plain.db"));
        Path phone = Files.createDirectories(temp.resolve("phone"));
        Path backup = TestBackups.crypt15(plain, phone.resolve("msgstore.db.crypt15"));
        TestBackups.encryptedBackupKey(phone.resolve("encrypted_backup.key"));
        assertEquals(3, source.importSource(backup, ImportOptions.NONE).size());
    }

    @Test
    void encryptedBackup_wrongKey_isASentence_andNothingIsKept() throws Exception {
        Path plain = FixtureDatabases.modernAndroid(temp.resolve("plain.db"));
        Path backup = TestBackups.crypt15(plain, Files.createDirectories(temp.resolve("phone")).resolve("msgstore.db.crypt15"));
        PermanentProviderException e = assertThrows(PermanentProviderException.class, () -> source.importSource(backup,
                ImportOptions.NONE.with(ImportOptions.KEY, "11".repeat(32))));
        assertTrue(e.getMessage().startsWith("The key does not open 'msgstore.db.crypt15'"), e.getMessage());
        assertTrue(workFolderEmpty());
        assertFalse(source.owns(ANNA));
    }

    @Test
    void encryptedBackup_withoutAKey_saysWhereToFindOne() throws Exception {
        Path plain = FixtureDatabases.modernAndroid(temp.resolve("plain.db"));
        Path backup = TestBackups.crypt15(plain, Files.createDirectories(temp.resolve("phone")).resolve("msgstore.db.crypt15"));
        PermanentProviderException e = assertThrows(PermanentProviderException.class,
                () -> source.importSource(backup, ImportOptions.NONE));
        assertTrue(e.getMessage().contains("--key"), e.getMessage());
    }

    @Test
    void legacyAndroid_readsTheOldMessagesTable() throws Exception {
        Path db = FixtureDatabases.legacyAndroid(Files.createDirectories(temp.resolve("old")).resolve("msgstore.db"));
        Map<String, ChatDescription> chats = source.importSource(db, ImportOptions.NONE).stream()
                .collect(Collectors.toMap(ChatDescription::chatId, Function.identity()));
        assertEquals(java.util.Set.of(ANNA, GROUP), chats.keySet());
        assertEquals("Old Crew", chats.get(GROUP).title());
        Map<String, HistoricalMessage> anna = byId(readAll(ANNA, 2));
        assertEquals(4, anna.size());
        assertEquals("First!", anna.get("OLD001").content());
        assertTrue(anna.get("OLD002").fromMe());
        assertTrue(anna.get("OLD002").rawJson().contains("\"quoted\":\"OLD001\""));
        assertEquals(MessageType.IMAGE, anna.get("OLD003").type());
        assertEquals(MessageType.DELETED, anna.get("OLD004").type());
        Map<String, HistoricalMessage> group = byId(readAll(GROUP, 10));
        assertEquals(MessageType.SYSTEM, group.get("OLDG01").type());
        assertEquals(BRAM, group.get("OLDG02").sender());
        assertEquals(MessageType.LOCATION, group.get("OLDG03").type());
        assertEquals(Instant.ofEpochMilli(at(150)), group.get("OLDG02").timestamp());
    }

    @Test
    void transitionalAndroid_withBothTables_readsTheOneThatHoldsMessages() throws Exception {
        Path db = FixtureDatabases.legacyAndroid(Files.createDirectories(temp.resolve("mid")).resolve("msgstore.db"));
        try (var connection = FixtureDatabases.create(db)) {
            FixtureDatabases.run(connection,
                    "CREATE TABLE jid (_id INTEGER PRIMARY KEY, user TEXT, server TEXT, raw_string TEXT)",
                    "CREATE TABLE chat (_id INTEGER PRIMARY KEY, jid_row_id INTEGER, subject TEXT)",
                    "CREATE TABLE message (_id INTEGER PRIMARY KEY, chat_row_id INTEGER, from_me INTEGER, key_id TEXT,"
                            + " sender_jid_row_id INTEGER, timestamp INTEGER, message_type INTEGER, text_data TEXT)",
                    "INSERT INTO message VALUES (1, -1, 0, '-1', 0, 0, -1, NULL)");
        }
        assertEquals(2, source.importSource(db, ImportOptions.NONE).size());
        assertEquals(4, readAll(ANNA, 10).size());
    }

    @Test
    void sqliteThatIsNoWhatsAppDatabase_isASentence() throws Exception {
        Path db = Files.createDirectories(temp.resolve("x")).resolve("notes.db");
        try (var connection = FixtureDatabases.create(db)) {
            FixtureDatabases.run(connection, "CREATE TABLE notes (n TEXT)");
        }
        PermanentProviderException e = assertThrows(PermanentProviderException.class,
                () -> source.importSource(db, ImportOptions.NONE));
        assertTrue(e.getMessage().contains("is WhatsApp's msgstore.db?") || e.getMessage().contains("msgstore.db"),
                e.getMessage());
        assertTrue(workFolderEmpty());
    }

    @Test
    void waDbImportedAlone_saysToPassItWithContacts() throws Exception {
        Path db = FixtureDatabases.waDb(Files.createDirectories(temp.resolve("x")).resolve("wa.db"));
        PermanentProviderException e = assertThrows(PermanentProviderException.class,
                () -> source.importSource(db, ImportOptions.NONE));
        assertTrue(e.getMessage().contains("--contacts"), e.getMessage());
    }

    @Test
    void iphoneChatStorage_readsSessionsMessagesMembersAndAppleDates() throws Exception {
        Path db = FixtureDatabases.iosChatStorage(Files.createDirectories(temp.resolve("ios")).resolve("ChatStorage.sqlite"));
        assertIphoneStory(source.importSource(db, ImportOptions.NONE));
    }

    @Test
    void iphoneBackupFolder_findsChatStorageThroughManifestDb() throws Exception {
        Path db = FixtureDatabases.iosChatStorage(temp.resolve("ChatStorage.sqlite"));
        Path folder = FixtureDatabases.iosBackupFolder(temp.resolve("Backup/00008101-000A1B2C3D4E5F60"), db);
        assertTrue(source.canImport(folder));
        assertIphoneStory(source.importSource(folder, ImportOptions.NONE));
    }

    @Test
    void encryptedIphoneBackupFolder_saysHowToMakeAnUnencryptedOne() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("Backup/locked"));
        // AES-CBC output, as iOS 10.2 and later leave an encrypted backup's Manifest.db: whole 16-byte blocks of noise.
        byte[] encrypted = new byte[4096];
        new java.util.Random(17).nextBytes(encrypted);
        Files.write(folder.resolve("Manifest.db"), encrypted);
        PermanentProviderException e = assertThrows(PermanentProviderException.class,
                () -> source.importSource(folder, ImportOptions.NONE));
        assertTrue(e.getMessage().contains("encrypted") && e.getMessage().contains("Encrypt local backup"), e.getMessage());
    }

    private void assertIphoneStory(List<ChatDescription> chats) throws Exception {
        Map<String, ChatDescription> byJid = chats.stream()
                .collect(Collectors.toMap(ChatDescription::chatId, Function.identity()));
        assertEquals(java.util.Set.of(ANNA, GROUP), byJid.keySet(), "the status pseudo-chat is left out");
        assertEquals("Anna de Vries", byJid.get(ANNA).title());
        assertEquals("Climbing Crew", byJid.get(GROUP).title());
        List<HistoricalMessage> anna = readAll(ANNA, 2);
        assertEquals(List.of("3EB0A7", "3EB0A6", "3EB0A3", "3EB0A2", "3EB0A1"),
                anna.stream().map(HistoricalMessage::id).toList());
        Map<String, HistoricalMessage> m = byId(anna);
        assertEquals(Instant.parse("2024-03-01T09:00:00Z"), m.get("3EB0A1").timestamp(), "Apple seconds to UTC");
        assertEquals(Instant.parse("2024-03-01T09:01:00.500Z"), m.get("3EB0A2").timestamp());
        assertTrue(m.get("3EB0A2").fromMe());
        assertEquals("me", m.get("3EB0A2").sender());
        assertEquals(ANNA, m.get("3EB0A1").sender());
        assertEquals(MessageType.IMAGE, m.get("3EB0A3").type());
        assertEquals("The new wall 🧗", m.get("3EB0A3").content());
        assertEquals(MessageType.DELETED, m.get("3EB0A6").type());
        assertEquals(MessageType.CALL, m.get("3EB0A7").type());
        Map<String, HistoricalMessage> group = byId(readAll(GROUP, 10));
        assertEquals(ANNA, group.get("GRP002").sender());
        assertEquals("Anna de Vries", group.get("GRP002").senderName());
        assertEquals(BRAM, group.get("GRP003").sender());
        assertEquals(MessageType.SYSTEM, group.get("GRP001").type());
        assertEquals(MessageType.DOCUMENT, group.get("GRP004").type());
        assertEquals("topo.pdf", group.get("GRP004").content());
        assertTrue(group.get("GRP004").fromMe());
    }

    @Test
    void cursorFromAnotherSource_pagesByItsTimestamp() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        importModern(ImportOptions.NONE);
        HistoryCursor foreign = new HistoryCursor("LIVE-ONLY", Instant.ofEpochMilli(at(200)), false, ANNA);
        HistoryPage page = source.fetchHistory(HistoryRequest.older(ANNA, foreign, 10));
        assertEquals(List.of("3EB0A4", "3EB0A3", "3EB0A2", "3EB0A1"), page.messages().stream().map(HistoricalMessage::id).toList());
    }

    @Test
    void pagingAChat_answersEachNextPageFromTheReadAhead_withExactlyWhatOneReadOfTheChatGives() throws Exception {
        String jid = "31611112222@s.whatsapp.net";
        Files.createDirectories(temp.resolve("in"));
        Path db = FixtureDatabases.phoneChatBackup(temp.resolve("in/msgstore.db"), jid, "Rita", 1_000, 1_700_000_000L, 1);
        source.importSource(db, ImportOptions.NONE);
        List<HistoricalMessage> paged = readAll(jid, 64);

        assertEquals(16, source.pagesReadAhead(),
                "16 pages: the first read when the import opened, each next one while the host stored the one before");
        source.importSource(db, ImportOptions.NONE);
        HistoryPage whole = source.fetchHistory(HistoryRequest.older(jid, null, 5_000));
        assertTrue(whole.endOfHistory());
        assertEquals(whole.messages(), paged);
        assertEquals("M000999", paged.get(0).id());
        assertEquals("M000000", paged.get(999).id());
        assertTrue(workFolderEmpty(), "both imports read to their end and closed");
    }

    @Test
    void requestsFromAnotherCursorOrForMore_areReadAgain_andASmallerOneGetsTheStartOfThePageReadAhead()
            throws Exception {
        String jid = "31611112222@s.whatsapp.net";
        Files.createDirectories(temp.resolve("in"));
        Path db = FixtureDatabases.phoneChatBackup(temp.resolve("in/msgstore.db"), jid, "Rita", 300, 1_700_000_000L, 1);
        source.importSource(db, ImportOptions.NONE);
        HistoryPage first = source.fetchHistory(HistoryRequest.older(jid, null, 50));
        assertEquals("M000250", first.messages().get(49).id());

        // another source's cursor (live mode's newest-but-one message, say) at M000200's time
        HistoryCursor foreign = new HistoryCursor("LIVE-ONLY", Instant.ofEpochSecond(1_700_000_200L), false, jid);
        List<HistoricalMessage> fromForeign = source.fetchHistory(HistoryRequest.older(jid, foreign, 50)).messages();
        assertEquals("M000199", fromForeign.get(0).id());
        assertEquals("M000150", fromForeign.get(49).id());

        // the page read ahead from M000150, asked for with a smaller limit, then with a larger one
        HistoryCursor at150 = fromForeign.get(49).toCursor();
        List<HistoricalMessage> smaller = source.fetchHistory(HistoryRequest.older(jid, at150, 10)).messages();
        assertEquals(List.of("M000149", "M000148", "M000147", "M000146", "M000145", "M000144", "M000143", "M000142",
                "M000141", "M000140"), smaller.stream().map(HistoricalMessage::id).toList());
        HistoryCursor at140 = smaller.get(9).toCursor();
        HistoryPage larger = source.fetchHistory(HistoryRequest.older(jid, at140, 500));
        assertEquals(140, larger.messages().size());
        assertEquals("M000139", larger.messages().get(0).id());
        assertTrue(larger.endOfHistory());
        assertEquals(2, source.pagesReadAhead(),
                "the newest page (read when the import opened) and the smaller request from the predicted cursor");
    }

    @Test
    void severalShortChats_areReadAheadOneAfterTheOther_andAnotherOrderGetsTheSameMessages()
            throws Exception {
        Files.createDirectories(temp.resolve("in"));
        Path db = FixtureDatabases.modernAndroid(temp.resolve("in/msgstore.db"));
        List<ChatDescription> chats = source.importSource(db, ImportOptions.NONE);
        Map<String, List<HistoricalMessage>> inOrder = new java.util.LinkedHashMap<>();
        for (ChatDescription chat : chats) {
            inOrder.put(chat.chatId(), readAll(chat.chatId(), 5_000));
        }
        assertEquals(chats.size(), source.pagesReadAhead(), "each chat's one page was read before the host asked");
        assertTrue(workFolderEmpty());

        source.importSource(db, ImportOptions.NONE);
        // Each chat is one short page: the run of them is read ahead, each once the one before is read.
        Set<String> all = chats.stream().map(ChatDescription::chatId).collect(Collectors.toSet());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!source.chatsReadAhead().containsAll(all) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(all, source.chatsReadAhead(), "every chat of the run of short chats is read ahead");
        List<ChatDescription> reversed = new ArrayList<>(chats);
        java.util.Collections.reverse(reversed);
        for (ChatDescription chat : reversed) {
            assertEquals(inOrder.get(chat.chatId()), readAll(chat.chatId(), 5_000), chat.chatId());
        }
        assertEquals(2 * chats.size(), source.pagesReadAhead(), "in reverse order too, every page was read ahead");
        assertTrue(workFolderEmpty());
    }

    @Test
    void aLongRunOfShortChats_pagedInTheImportsOrder_isAnsweredWholeFromTheReadAhead() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        Path db = FixtureDatabases.modernAndroid(temp.resolve("in/msgstore.db"));
        try (java.sql.Connection connection = SqliteFiles.openWorkingCopy(db)) {
            for (int c = 10; c < 22; c++) { // twelve more chats of two messages each, after the fixture's
                FixtureDatabases.run(connection,
                        "INSERT INTO jid (_id, user, server, type, raw_string) VALUES (" + c + ", '3161000" + c
                                + "', 's.whatsapp.net', 0, '3161000" + c + "@s.whatsapp.net')",
                        "INSERT INTO chat (_id, jid_row_id) VALUES (" + c + ", " + c + ")",
                        "INSERT INTO message (chat_row_id, from_me, key_id, timestamp, message_type, text_data) VALUES"
                                + " (" + c + ", 0, 'A" + c + "', " + FixtureDatabases.at(c) + ", 0, 'hi'),"
                                + " (" + c + ", 1, 'B" + c + "', " + FixtureDatabases.at(c + 1) + ", 0, 'hello')");
            }
        }
        List<ChatDescription> chats = source.importSource(db, ImportOptions.NONE);
        assertEquals(15, chats.size());

        for (ChatDescription chat : chats) {
            assertEquals(chat.estimatedSize().intValue(), readAll(chat.chatId(), 5_000).size(), chat.chatId());
        }

        // The run is read ahead at most four pages deep, so no page read ahead is pushed out before the
        // host takes it, and none is read twice.
        assertEquals(chats.size(), source.pagesReadAhead(), "every chat's page came from the read-ahead");
        assertTrue(workFolderEmpty());
    }

    @Test
    void theLastPageOfTheChatBeingPaged_onceReadAhead_startsTheNextChatsNewestPage_beforeTheHostAsksForTheLastPage()
            throws Exception {
        Files.createDirectories(temp.resolve("in"));
        Path db = FixtureDatabases.modernAndroid(temp.resolve("in/msgstore.db"));
        List<ChatDescription> chats = source.importSource(db, ImportOptions.NONE);
        ChatDescription first = chats.get(0);
        String second = chats.get(1).chatId();
        int size = first.estimatedSize().intValue();
        assertTrue(size >= 2, "the fixture's first chat has more than one message");

        // a full page: its next (the chat's last, one message) is read ahead while the host stores this one
        HistoryPage page = source.fetchHistory(HistoryRequest.older(first.chatId(), null, size - 1));
        assertFalse(page.endOfHistory());
        // once read, the next chat's newest page is read too, before the host asks for the last page
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!source.chatsReadAhead().contains(second) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(source.chatsReadAhead().contains(second), "the next chat's page is read ahead: "
                + source.chatsReadAhead());

        HistoryPage last = source.fetchHistory(HistoryRequest.older(first.chatId(),
                page.messages().get(page.messages().size() - 1).toCursor(), size - 1));
        assertTrue(last.endOfHistory());
        assertEquals(1, last.messages().size());
        HistoryPage next = source.fetchHistory(HistoryRequest.older(second, null, 5_000));
        assertEquals(3, source.pagesReadAhead(), "every page came from the read-ahead");
        assertTrue(next.endOfHistory());
        source.importSource(db, ImportOptions.NONE);
        assertEquals(next.messages(), source.fetchHistory(HistoryRequest.older(second, null, 5_000)).messages(),
                "the page read ahead is the one a read gives");
    }

    @Test
    void reimport_givesTheSameIds() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        importModern(ImportOptions.NONE);
        List<String> first = readAll(ANNA, 4).stream().map(HistoricalMessage::id).toList();
        importModern(ImportOptions.NONE);
        assertEquals(first, readAll(ANNA, 4).stream().map(HistoricalMessage::id).toList());
    }

    @Test
    void stop_deletesTheWorkingCopies_andStartSweepsLeftovers() throws Exception {
        Files.createDirectories(temp.resolve("in"));
        importModern(ImportOptions.NONE);
        assertFalse(workFolderEmpty());
        source.stop();
        assertTrue(workFolderEmpty());
        Path leftover = Files.createDirectories(workFolder().resolve("import-crashed"));
        Files.writeString(leftover.resolve("msgstore.db"), "secret");
        source.start(context);
        assertTrue(workFolderEmpty(), "a crash's leftover is removed on the next start");
    }

    @Test
    void androidMediaInTheWhatsAppFolder_areAttachedWithTheirBytes_andMissingOnesDescribed() throws Exception {
        Path whatsapp = temp.resolve("phone/WhatsApp");
        Path db = FixtureDatabases.modernAndroid(Files.createDirectories(whatsapp.resolve("Databases")).resolve("msgstore.db"));
        Path image = Files.createDirectories(whatsapp.resolve("Media/WhatsApp Images")).resolve("IMG-20240301-WA0001.jpg");
        Files.write(image, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3});
        source.importSource(db, ImportOptions.NONE);

        HistoricalMessage photo = byId(readAll(ANNA, 100)).get("3EB0A3");
        assertEquals("IMG-20240301-WA0001.jpg", photo.attachment().fileName());
        assertEquals("image/jpeg", photo.attachment().mimeType());
        try (var in = photo.attachment().content().open()) {
            assertEquals(6, in.readAllBytes().length);
        }
        HistoricalMessage document = byId(readAll(GROUP, 100)).get("GRP004");
        assertEquals("topo.pdf", document.attachment().fileName());
        assertNull(document.attachment().content(), "the file is not in the folder: described only");
    }

    @Test
    void iphoneMediaBesideChatStorage_areAttached() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("ios"));
        Path db = FixtureDatabases.iosChatStorage(folder.resolve("ChatStorage.sqlite"));
        Path image = Files.createDirectories(folder.resolve("Message/Media/31612345678@s.whatsapp.net/a/b"))
                .resolve("IMG_0001.jpg");
        Files.write(image, new byte[] {9, 9, 9});
        source.importSource(db, ImportOptions.NONE);

        HistoricalMessage photo = byId(readAll(ANNA, 100)).get("3EB0A3");
        assertEquals("IMG_0001.jpg", photo.attachment().fileName());
        try (var in = photo.attachment().content().open()) {
            assertEquals(3, in.readAllBytes().length);
        }
    }

    @Test
    void iphoneBackupFolder_mediaStoredUnderTheirHashedNames_areAttachedWithTheirBytes() throws Exception {
        Path db = FixtureDatabases.iosChatStorage(temp.resolve("ChatStorage.sqlite"));
        Path folder = FixtureDatabases.iosBackupFolder(temp.resolve("Backup/00008101-000A1B2C3D4E5F60"), db);
        // SHA-1 of "AppDomainGroup-group.net.whatsapp.WhatsApp.shared-Message/Media/31612345678@s.whatsapp.net/a/b/IMG_0001.jpg",
        // computed with sha1sum: the name a Finder backup gives that file.
        String fileId = "991449e8502270f572f5e43980e6542890844cf8";
        Files.write(Files.createDirectories(folder.resolve("99")).resolve(fileId), new byte[] {7, 7, 7, 7});
        FixtureDatabases.listInManifest(folder, fileId, "AppDomainGroup-group.net.whatsapp.WhatsApp.shared",
                "Message/Media/31612345678@s.whatsapp.net/a/b/IMG_0001.jpg");
        source.importSource(folder, ImportOptions.NONE);

        HistoricalMessage photo = byId(readAll(ANNA, 100)).get("3EB0A3");
        assertEquals("IMG_0001.jpg", photo.attachment().fileName());
        try (var in = photo.attachment().content().open()) {
            assertArrayEquals(new byte[] {7, 7, 7, 7}, in.readAllBytes());
        }
        HistoricalMessage document = byId(readAll(GROUP, 100)).get("GRP004");
        assertEquals("topo.pdf", document.attachment().fileName());
        assertNull(document.attachment().content(), "not in the backup: described only");
    }

    @Test
    void iphoneBackupFolder_withWhatsAppBusinessToo_readsWhatsAppsOwnDatabase() throws Exception {
        Path db = FixtureDatabases.iosChatStorage(temp.resolve("ChatStorage.sqlite"));
        Path folder = FixtureDatabases.iosBackupFolder(temp.resolve("Backup/both"), db);
        // WhatsApp Business's ChatStorage.sqlite (SHA-1 of its domain and path, by sha1sum) is not a database at all:
        // reading it, or mixing its -wal with WhatsApp's database, would fail the import.
        String business = "724bd3b98b18518b455a87c1f3ac3a0d189c4466";
        Files.writeString(Files.createDirectories(folder.resolve("72")).resolve(business), "not this one");
        FixtureDatabases.listInManifest(folder, business, "AppDomainGroup-group.net.whatsapp.WhatsAppSMB.shared",
                "ChatStorage.sqlite");

        assertIphoneStory(source.importSource(folder, ImportOptions.NONE));
    }

    @Test
    void legacyAndroidMedia_pathInsideThumbImage_isAttachedWithItsBytes() throws Exception {
        Path whatsapp = temp.resolve("old-phone/WhatsApp");
        Path db = FixtureDatabases.legacyAndroid(Files.createDirectories(whatsapp.resolve("Databases")).resolve("msgstore.db"));
        Path image = Files.createDirectories(whatsapp.resolve("Media/WhatsApp Images")).resolve("IMG-20150301-WA0003.jpg");
        Files.write(image, new byte[] {(byte) 0xFF, (byte) 0xD8, 5});
        try (var connection = FixtureDatabases.create(db); var update = connection.prepareStatement(
                "UPDATE messages SET thumb_image = ? WHERE key_id = 'OLD003'")) {
            update.setBytes(1, FixtureDatabases.serialisedMediaData("/storage/emulated/0/WhatsApp/Media/WhatsApp Images/IMG-20150301-WA0003.jpg"));
            update.executeUpdate();
        }
        source.importSource(db, ImportOptions.NONE);

        Map<String, HistoricalMessage> anna = byId(readAll(ANNA, 100));
        HistoricalMessage photo = anna.get("OLD003");
        assertEquals("IMG-20150301-WA0003.jpg", photo.attachment().fileName());
        assertEquals("image/jpeg", photo.attachment().mimeType());
        assertEquals(3300L, photo.attachment().size(), "the size the row declares");
        try (var in = photo.attachment().content().open()) {
            assertEquals(3, in.readAllBytes().length);
        }
        assertNull(anna.get("OLD001").attachment(), "a text row has no file");
    }

    @Test
    void legacyAndroidMedia_messageMediaTable_givesThePath() throws Exception {
        Path whatsapp = temp.resolve("mid-phone/WhatsApp");
        Path db = FixtureDatabases.legacyAndroid(Files.createDirectories(whatsapp.resolve("Databases")).resolve("msgstore.db"));
        Files.write(Files.createDirectories(whatsapp.resolve("Media/WhatsApp Images")).resolve("IMG-20190301-WA0001.jpg"),
                new byte[] {1, 2, 3, 4, 5});
        try (var connection = FixtureDatabases.create(db)) {
            FixtureDatabases.run(connection,
                    "CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, file_path TEXT,"
                            + " file_size INTEGER, mime_type TEXT, media_name TEXT)",
                    "INSERT INTO message_media (message_row_id, file_path, file_size, mime_type) VALUES"
                            + " (4, 'Media/WhatsApp Images/IMG-20190301-WA0001.jpg', 5, 'image/jpeg')");
        }
        source.importSource(db, ImportOptions.NONE);

        HistoricalMessage photo = byId(readAll(ANNA, 100)).get("OLD003");
        assertEquals("IMG-20190301-WA0001.jpg", photo.attachment().fileName());
        try (var in = photo.attachment().content().open()) {
            assertEquals(5, in.readAllBytes().length);
        }
    }

    @Test
    void legacyAndroidMedia_onlyANameAndNoFolder_isDescribed() throws Exception {
        Path db = FixtureDatabases.legacyAndroid(Files.createDirectories(temp.resolve("bare")).resolve("msgstore.db"));
        try (var connection = FixtureDatabases.create(db)) {
            FixtureDatabases.run(connection, "UPDATE messages SET media_name = 'holiday.jpg' WHERE key_id = 'OLD003'");
        }
        source.importSource(db, ImportOptions.NONE);

        HistoricalMessage photo = byId(readAll(ANNA, 100)).get("OLD003");
        assertEquals("holiday.jpg", photo.attachment().fileName());
        assertNull(photo.attachment().content());
    }

    @Test
    void encryptedBackup_opening_reportsProgress_decryptionByteByPercentThenEachStep_andEnds() throws Exception {
        Path plain = FixtureDatabases.modernAndroid(temp.resolve("plain.db"));
        Path backup = TestBackups.crypt15(plain, Files.createDirectories(temp.resolve("phone")).resolve("msgstore.db.crypt15"));
        source.importSource(backup, ImportOptions.NONE.with(ImportOptions.KEY, TestBackups.rootKeyHex()));

        List<ProviderEvent.Progress> reports = progress();
        List<ProviderEvent.Progress> decrypting = reports.stream()
                .filter(report -> report.operation().equals("Decrypting msgstore.db.crypt15")).toList();
        assertTrue(decrypting.size() >= 2, reports.toString());
        assertEquals(0, decrypting.get(0).done());
        ProviderEvent.Progress decrypted = decrypting.get(decrypting.size() - 1);
        assertTrue(decrypted.total() > 0 && decrypted.finished(), "decryption counts bytes to the end: " + decrypted);
        for (int i = 1; i < decrypting.size(); i++) {
            assertTrue(decrypting.get(i).done() > decrypting.get(i - 1).done(), "one report per percent, growing");
        }
        assertTrue(decrypting.size() <= 102, "at most one report per percent: " + decrypting.size());
        List<ProviderEvent.Progress> opening = reports.subList(reports.indexOf(decrypted) + 1, reports.size());
        assertTrue(opening.stream().allMatch(report -> report.operation().equals("Opening msgstore.db.crypt15")),
                reports.toString());
        assertEquals(List.of("preparing the database for reading (indexes)", "reading the list of chats", "3 chats"),
                opening.stream().map(ProviderEvent.Progress::detail).toList());
        assertTrue(opening.get(opening.size() - 1).finished());
        assertTrue(opening.subList(0, opening.size() - 1).stream().noneMatch(ProviderEvent.Progress::finished));
        assertTrue(context.events().stream().filter(ProviderEvent.Notice.class::isInstance)
                .noneMatch(event -> ((ProviderEvent.Notice) event).warning()), "progress is not a warning");
    }

    @Test
    void plainDatabase_opening_reportsCopyingThenPreparingThenReading_andEnds() throws Exception {
        Path db = FixtureDatabases.modernAndroid(Files.createDirectories(temp.resolve("plain")).resolve("msgstore.db"));
        source.importSource(db, ImportOptions.NONE);

        List<ProviderEvent.Progress> reports = progress();
        List<String> steps = reports.stream().map(ProviderEvent.Progress::detail).toList();
        assertTrue(steps.get(0).startsWith("copying "), steps.toString());
        assertEquals(List.of("preparing the database for reading (indexes)", "reading the list of chats", "3 chats"),
                steps.subList(1, steps.size()));
        assertTrue(reports.get(reports.size() - 1).finished());
        assertTrue(reports.stream().allMatch(report -> report.operation().equals("Opening msgstore.db")));
    }

    @Test
    void wrongKey_openingAndDecrypting_stillEnd_soNoBarIsLeftRunning() throws Exception {
        Path plain = FixtureDatabases.modernAndroid(temp.resolve("plain.db"));
        Path backup = TestBackups.crypt15(plain, Files.createDirectories(temp.resolve("phone")).resolve("msgstore.db.crypt15"));

        assertThrows(ProviderException.class, () -> source.importSource(backup,
                ImportOptions.NONE.with(ImportOptions.KEY, "ab".repeat(32))));

        List<ProviderEvent.Progress> reports = progress();
        for (String operation : List.of("Decrypting msgstore.db.crypt15", "Opening msgstore.db.crypt15")) {
            ProviderEvent.Progress last = reports.stream().filter(report -> report.operation().equals(operation))
                    .reduce((first, second) -> second).orElseThrow();
            assertTrue(last.finished(), reports.toString());
            assertEquals("stopped", last.detail());
        }
    }

    private List<ProviderEvent.Progress> progress() {
        return context.events().stream().filter(ProviderEvent.Progress.class::isInstance)
                .map(ProviderEvent.Progress.class::cast).toList();
    }
}
