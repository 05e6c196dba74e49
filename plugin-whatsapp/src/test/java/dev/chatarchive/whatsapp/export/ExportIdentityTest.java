package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.PagingDirection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stable ids and chat ids: re-imports, restarts, overlapping exports, and the user's overrides. */
class ExportIdentityTest {

    @TempDir
    Path temp;

    private static final String OLDER_EXPORT = """
            01/05/2024, 10:00 - Messages and calls are end-to-end encrypted. Tap to learn more.
            01/05/2024, 10:00 - Ann: one
            01/05/2024, 10:01 - Me Myself: two
            02/05/2024, 11:00 - Ann: three
            02/05/2024, 11:00 - Ann: three
            13/05/2024, 12:00 - Me Myself: four
            """;

    /** The same chat exported later: WhatsApp dropped the oldest message, and new ones came. */
    private static final String NEWER_EXPORT = """
            01/05/2024, 10:00 - Ann: one
            01/05/2024, 10:01 - Me Myself: two
            02/05/2024, 11:00 - Ann: three
            02/05/2024, 11:00 - Ann: three
            13/05/2024, 12:00 - Me Myself: four
            14/05/2024, 09:00 - Ann: five
            15/05/2024, 09:30 - Me Myself: six
            """;

    private ExportHistorySource started(TestContext context) throws Exception {
        ExportHistorySource source = new ExportHistorySource();
        source.start(context);
        return source;
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(temp.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Set<String> ids(List<HistoricalMessage> messages) {
        return new HashSet<>(messages.stream().map(HistoricalMessage::id).toList());
    }

    @Test
    void importSource_sameFileTwice_registersOnceAndAddsNothing() throws Exception {
        TestContext context = TestContext.amsterdam(temp);
        ExportHistorySource source = started(context);
        Path export = write("WhatsApp Chat with Ann.txt", OLDER_EXPORT);

        ChatDescription first = source.importSource(export).get(0);
        List<HistoricalMessage> before = Paging.all(source, first.chatId(), 2);
        ChatDescription second = source.importSource(export).get(0);
        List<HistoricalMessage> after = Paging.all(source, second.chatId(), 2);

        assertEquals(first.chatId(), second.chatId());
        assertEquals(before, after);
        assertEquals(1, source.listChats().size());
        assertEquals(1, Files.readAllLines(context.dataDirectory().resolve("registered-exports.txt")).size());
    }

    @Test
    void importSource_registration_survivesARestartWithTheSameIds() throws Exception {
        TestContext context = TestContext.amsterdam(temp);
        ExportHistorySource before = started(context);
        ChatDescription chat = before.importSource(write("WhatsApp Chat with Ann.txt", OLDER_EXPORT)).get(0);
        List<HistoricalMessage> firstRun = Paging.all(before, chat.chatId(), 100);
        before.stop();

        ExportHistorySource afterRestart = started(context);
        List<ChatDescription> chats = afterRestart.listChats();

        assertEquals(List.of(chat.chatId()), chats.stream().map(ChatDescription::chatId).toList());
        assertEquals(firstRun, Paging.all(afterRestart, chat.chatId(), 100));
    }

    @Test
    void importSource_overlappingNewerExport_bringsOnlyTheNewMessages() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        ChatDescription chat = source.importSource(write("WhatsApp Chat with Ann.txt", OLDER_EXPORT)).get(0);
        Set<String> archived = ids(Paging.all(source, chat.chatId(), 100));

        ChatDescription again = source.importSource(write("WhatsApp Chat with Ann (1).txt", NEWER_EXPORT)).get(0);
        List<HistoricalMessage> union = Paging.all(source, again.chatId(), 3);

        assertEquals(chat.chatId(), again.chatId(), "both exports are the same chat");
        assertEquals(8, union.size(), "6 from the first export, 2 new; the overlap counted once");
        assertEquals(8, ids(union).size());
        assertTrue(ids(union).containsAll(archived));
        assertEquals(2, union.stream().filter(m -> m.content().equals("three")).count(),
                "two identical messages in one minute stay two, in both exports");
    }

    @Test
    void fetchHistory_newerFromTheArchivesNewestMessage_returnsExactlyWhatCameAfter() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        ChatDescription chat = source.importSource(write("WhatsApp Chat with Ann.txt", OLDER_EXPORT)).get(0);
        List<HistoricalMessage> archived = Paging.all(source, chat.chatId(), 100);
        HistoricalMessage newestArchived = archived.get(archived.size() - 1);
        source.importSource(write("WhatsApp Chat with Ann (1).txt", NEWER_EXPORT));

        List<HistoricalMessage> caughtUp = Paging.all(source::fetchHistory, chat.chatId(), PagingDirection.NEWER,
                newestArchived.toCursor(), 1);

        assertEquals(List.of("five", "six"), caughtUp.stream().map(HistoricalMessage::content).toList());
    }

    @Test
    void fetchHistory_newerWithoutCursor_pagesFromTheOldestMessage() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        ChatDescription chat = source.importSource(write("WhatsApp Chat with Ann.txt", OLDER_EXPORT)).get(0);

        List<HistoricalMessage> forward = Paging.all(source::fetchHistory, chat.chatId(), PagingDirection.NEWER, null, 4);

        assertEquals(Paging.all(source, chat.chatId(), 4), forward);
    }

    @Test
    void fetchHistory_olderThanAForeignCursor_usesItsTimeAlone() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        ChatDescription chat = source.importSource(write("WhatsApp Chat with Ann.txt", OLDER_EXPORT)).get(0);
        HistoricalMessage four = Paging.all(source, chat.chatId(), 100).stream()
                .filter(m -> m.content().equals("four")).findFirst().orElseThrow();
        var liveCursor = new dev.chatarchive.api.HistoryCursor("3EB0C0FFEE", four.timestamp(), true, "me");

        var page = source.fetchHistory(dev.chatarchive.api.HistoryRequest.older(chat.chatId(), liveCursor, 100));

        assertEquals(5, page.messages().size());
        assertTrue(page.endOfHistory());
        assertTrue(page.messages().stream().allMatch(m -> m.timestamp().isBefore(four.timestamp())));
    }

    @Test
    void timeZoneSetting_changesInstantsButNotIds() throws Exception {
        Path export = write("WhatsApp Chat with Ann.txt", OLDER_EXPORT);
        ExportHistorySource amsterdam = started(new TestContext(temp.resolve("a"), Map.of("exports.timezone", "Europe/Amsterdam")));
        ExportHistorySource tokyo = started(new TestContext(temp.resolve("t"), Map.of("exports.timezone", "Asia/Tokyo")));

        List<HistoricalMessage> inAmsterdam = Paging.all(amsterdam, amsterdam.importSource(export).get(0).chatId(), 100);
        List<HistoricalMessage> inTokyo = Paging.all(tokyo, tokyo.importSource(export).get(0).chatId(), 100);

        assertEquals(inAmsterdam.stream().map(HistoricalMessage::id).toList(),
                inTokyo.stream().map(HistoricalMessage::id).toList());
        assertEquals(Duration.ofHours(7), Duration.between(inTokyo.get(0).timestamp(), inAmsterdam.get(0).timestamp()));
    }

    @Test
    void oneToOneNamedAfterTheOtherPerson_meIsTheOtherAuthor() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        ChatDescription chat = source.importSource(write("WhatsApp Chat with Ann.txt", OLDER_EXPORT)).get(0);

        List<HistoricalMessage> messages = Paging.all(source, chat.chatId(), 100);

        assertTrue(messages.stream().filter(m -> "Me Myself".equals(m.senderName())).allMatch(HistoricalMessage::fromMe));
        assertTrue(messages.stream().filter(m -> "Ann".equals(m.senderName())).noneMatch(HistoricalMessage::fromMe));
    }

    @Test
    void renamedFileWithoutTitle_andNoOtherHint_nobodyIsMe() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        ChatDescription chat = source.importSource(write("backup.txt", OLDER_EXPORT)).get(0);

        assertTrue(Paging.all(source, chat.chatId(), 100).stream().noneMatch(HistoricalMessage::fromMe));
    }

    @Test
    void meSetting_decidesWhoIsMe() throws Exception {
        ExportHistorySource source = started(new TestContext(temp, Map.of("exports.timezone", "UTC", "exports.me", "Ann")));
        ChatDescription chat = source.importSource(write("backup.txt", OLDER_EXPORT)).get(0);

        List<HistoricalMessage> messages = Paging.all(source, chat.chatId(), 100);

        assertTrue(messages.stream().filter(m -> "Ann".equals(m.senderName())).allMatch(HistoricalMessage::fromMe));
        assertTrue(messages.stream().filter(HistoricalMessage::fromMe).allMatch(m -> m.sender().equals("me")));
    }

    @Test
    void propertiesFile_givesTheRealJidGroupAndMe() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        Path export = write("WhatsApp Chat with Ann.txt", OLDER_EXPORT);
        Files.writeString(ExportProperties.pathFor(export), "jid=120363420434676715@g.us\ngroup=true\nme=Ann\n");

        ChatDescription chat = source.importSource(export).get(0);

        assertEquals("120363420434676715@g.us", chat.chatId());
        assertTrue(chat.group());
        assertTrue(Paging.all(source, chat.chatId(), 100).stream()
                .filter(m -> "Ann".equals(m.senderName())).allMatch(HistoricalMessage::fromMe));
    }

    @Test
    void propertiesFile_dateOrder_settlesAnAmbiguousFile() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        Path export = write("WhatsApp Chat with Bo.txt", "03/04/2022, 10:00 - Bo: a\n05/06/2022, 10:00 - Me: b\n");
        Files.writeString(ExportProperties.pathFor(export), "date-order=month-day-year\n");

        ChatDescription chat = source.importSource(export).get(0);

        assertEquals(java.time.Instant.parse("2022-03-04T09:00:00Z"),
                Paging.all(source, chat.chatId(), 100).get(0).timestamp());
    }

    @Test
    void derivedChatIds_passTheJidRuleAndDifferForGroupAndPerson() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));
        ChatDescription person = source.importSource(write("WhatsApp Chat with Ann.txt", OLDER_EXPORT)).get(0);
        ChatDescription group = source.importSource(write("WhatsApp Chat with Crew.txt",
                "01/05/2024, 10:00 - Ann created group \"Crew\"\n13/05/2024, 10:00 - Ann: hi\n")).get(0);

        assertTrue(dev.chatarchive.whatsapp.jid.WhatsAppJid.problem(person.chatId()).isEmpty());
        assertTrue(dev.chatarchive.whatsapp.jid.WhatsAppJid.problem(group.chatId()).isEmpty());
        assertTrue(person.chatId().endsWith("@s.whatsapp.net"));
        assertTrue(group.chatId().endsWith("@g.us"));
        assertTrue(group.group());
        assertFalse(person.group());
        assertFalse(person.chatId().matches("[0-9]+@.*"), "a derived id never looks like a real JID");
    }

    @Test
    void renamedFileOfTwoAuthors_oneShownAsANumber_isThatNumbersChat() throws Exception {
        ExportHistorySource source = started(TestContext.amsterdam(temp));

        ChatDescription chat = source.importSource(write("backup.txt",
                "13/05/2024, 10:00 - +31 6 1234 5678: hoi\n13/05/2024, 10:01 - Me Myself: hi\n")).get(0);

        assertEquals("31612345678@s.whatsapp.net", chat.chatId());
        assertFalse(chat.group());
    }
}
