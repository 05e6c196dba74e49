package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderStatus;
import dev.chatarchive.host.store.Archive;
import dev.chatarchive.host.text.DisplayWidth;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI on a virtual 80x24 terminal over a real archive of sample chats: keys in, screen out. */
class TerminalUiTest {

    @TempDir
    Path folder;
    Archive archive;
    UiHarness harness;

    @BeforeEach
    void openSampleArchive() throws Exception {
        archive = SampleChats.create(folder);
        harness = new UiHarness(archive, SyncControls.NONE, SampleChats.CLOCK, 80, 24);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        archive.close();
    }

    private String screen() {
        return harness.text();
    }

    private void openChatTitled(String filter) {
        harness.press('f');
        for (char c : filter.toCharArray()) {
            harness.press(c);
        }
        harness.press(KeyType.Enter);
    }

    /** The message rows: between the title bar and the status line. */
    private List<String> body() {
        List<String> rows = harness.rows();
        return rows.subList(1, rows.size() - 1);
    }

    // ---- chat list ----

    @Test
    void chatList_atStart_showsEveryChatNewestFirstWithPreviewCountProviderAndSyncState() {
        String screen = screen();

        assertTrue(screen.contains("Chats (5)"), screen);
        assertTrue(screen.indexOf("Alice") < screen.indexOf("Family"), screen);
        assertTrue(screen.indexOf("Family") < screen.indexOf("Mallory"), screen);
        assertTrue(screen.indexOf("Mallory") < screen.indexOf("Long chat"), screen);
        assertTrue(screen.contains("[deleted] This message was deleted"), screen);
        assertTrue(screen.contains("· 5 msgs · whatsapp · not synced"), screen);
        assertTrue(screen.contains("▶ Alice"), screen);
    }

    @Test
    void chatList_jAndK_moveTheSelection() {
        harness.press('j', 'j');
        assertTrue(screen().contains("▶ Mallory"), screen());

        harness.press('k');
        assertTrue(screen().contains("▶ Family"), screen());
    }

    @Test
    void chatList_GAndG_goToLastAndFirstChat() {
        harness.press('G');
        assertTrue(screen().contains("▶ Long chat"), screen());

        harness.press('g');
        assertTrue(screen().contains("▶ Alice"), screen());
    }

    @Test
    void chatList_typingAnUnboundLetter_filtersByTitleIgnoringCaseAndAccents() {
        harness.press('F', 'a', 'm');

        String screen = screen();
        assertTrue(screen.contains("Filter: Fam"), screen);
        assertTrue(screen.contains("Family"), screen);
        assertFalse(screen.contains("Alice"), screen);
    }

    @Test
    void chatList_escape_clearsTheFilter() {
        harness.press('f', 'l', 'o', 'n', 'g');
        assertFalse(screen().contains("Alice"), screen());

        harness.press(KeyType.Escape);

        assertTrue(screen().contains("Alice"), screen());
        assertFalse(screen().contains("Filter:"), screen());
    }

    @Test
    void chatList_filterWithNoMatch_saysSo() {
        harness.press('f', 'x', 'y', 'z');

        assertTrue(screen().contains("No chat title matches the filter. Esc clears it."), screen());
    }

    // ---- message view ----

    @Test
    void enter_opensTheChatAtItsNewestMessageWithDaysTimesNamesAndMarkers() {
        harness.press(KeyType.Enter);

        String screen = screen();
        assertTrue(screen.contains("Alice · whatsapp · 5 messages · not synced"), screen);
        assertTrue(screen.contains("Saturday 30 May 2026"), screen);
        assertTrue(screen.contains("Sunday 31 May 2026"), screen);
        assertTrue(screen.contains("09:14 Alice: Are we still on for Saturday?"), screen);
        assertTrue(screen.contains("09:15 You: Yes! Café at ten?"), screen);
        assertTrue(screen.contains("10:02 Alice: [photo] the view from here"), screen);
        assertTrue(screen.contains("(edited)"), screen);
        assertTrue(screen.contains("10:04 Alice: [deleted] This message was deleted"), screen);
    }

    @Test
    void messageView_groupChat_showsSenderNamesAndSystemEvents() {
        harness.press('j', KeyType.Enter.ordinal() < 0 ? 'j' : 'j');
        harness.press('k');
        harness.press(KeyType.Enter);

        String screen = screen();
        assertTrue(screen.contains("08:00 · Bob joined using this group's invite link"), screen);
        assertTrue(screen.contains("08:01 Bob: Dinner on Sunday, everyone?"), screen);
        assertTrue(screen.contains("08:05 Mum: Привет всем! Only if Bob cooks 😄"), screen);
    }

    @Test
    void messageView_escapeSequencesInMessages_areShownInertAndNeverInterpreted() {
        openChatTitled("mall");

        String screen = screen();
        assertTrue(screen.contains("Mallory␛[2J"), screen);
        assertTrue(screen.contains("Mallory‹RLO›: ␛[31mred alert␛[0m␇ ␛]0;owned␇ ‹U+009B›2J done"), screen);
        for (int row = 0; row < 24; row++) {
            for (int col = 0; col < 80; col++) {
                TextCharacter cell = harness.cell(col, row);
                assertFalse(cell.getCharacterString().chars().anyMatch(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F)),
                        "control character at " + col + "," + row);
            }
        }
        int row = harness.rows().indexOf(harness.rows().stream().filter(r -> r.contains("red alert")).findFirst().orElseThrow());
        int col = harness.rows().get(row).indexOf("red alert");
        assertEquals(TextColor.ANSI.DEFAULT, harness.cell(col, row).getForegroundColor());
    }

    @Test
    void messageView_cjkAndEmoji_takeTwoColumnsEach() {
        openChatTitled("李");

        List<String> rows = harness.rows();
        String line = rows.stream().filter(r -> r.contains("你好")).findFirst().orElseThrow();
        assertTrue(line.startsWith("07:00 李雷: 你好，我们明天在北京见面吧"), line);
        int row = rows.indexOf(line);
        int col = "07:00 ".length();
        assertEquals("李", harness.cell(col, row).getCharacterString());
        assertEquals("雷", harness.cell(col + 2, row).getCharacterString());
    }

    @Test
    void messageView_kAndJ_scrollByOneLine() {
        openChatTitled("long");
        assertTrue(screen().contains("message number 299"), screen());

        harness.press('k', 'k', 'k');
        assertFalse(screen().contains("message number 299"), screen());
        assertTrue(screen().contains("message number 296"), screen());

        harness.press('j', 'j', 'j');
        assertTrue(screen().contains("message number 299"), screen());
    }

    @Test
    void messageView_ctrlUAndCtrlD_scrollHalfAScreen() {
        openChatTitled("long");

        harness.ctrl('u');
        String up = screen();
        assertFalse(up.contains("message number 290"), up);
        assertTrue(up.contains("message number 288"), up);

        harness.ctrl('d');
        assertTrue(screen().contains("message number 299"), screen());
    }

    @Test
    void messageView_pageUpAndPageDown_scrollAScreen() {
        openChatTitled("long");

        harness.press(KeyType.PageUp);
        String up = screen();
        assertFalse(up.contains("message number 285"), up);
        assertTrue(up.contains("message number 270"), up);

        harness.press(KeyType.PageDown);
        assertTrue(screen().contains("message number 299"), screen());
    }

    @Test
    void messageView_gAndG_jumpToOldestAndNewest() {
        openChatTitled("long");

        harness.press('g');
        String oldest = screen();
        assertTrue(oldest.contains("00:00 Nora: message number 0"), oldest);
        assertTrue(oldest.contains("Wednesday 1 April 2026"), oldest);
        assertTrue(oldest.contains("· Oldest stored message ·"), oldest);

        harness.press('G');
        assertTrue(screen().contains("message number 299"), screen());
    }

    @Test
    void messageView_homeAndEnd_jumpToOldestAndNewest() {
        openChatTitled("long");

        harness.press(KeyType.Home);
        assertTrue(screen().contains("message number 0"), screen());

        harness.press(KeyType.End);
        assertTrue(screen().contains("message number 299"), screen());
    }

    @Test
    void messageView_scrollingUpThroughTheWholeChat_reachesTheOldestStoredMessage() {
        openChatTitled("long");

        for (int i = 0; i < 40; i++) {
            harness.press(KeyType.PageUp);
        }

        List<String> body = body();
        assertEquals("· Oldest stored message ·", body.get(0));
        assertTrue(body.stream().anyMatch(row -> row.endsWith("message number 0")), String.join("\n", body));
    }

    @Test
    void jumpToDate_showsTheFirstMessageOfThatDay() {
        openChatTitled("long");

        harness.press('d');
        assertTrue(screen().contains("Jump to date:"), screen());
        harness.type("2026-04-05");

        String screen = screen();
        assertTrue(screen.contains("Sunday 5 April 2026"), screen);
        assertTrue(screen.contains("00:00 Nora: message number 96"), screen);
    }

    @Test
    void jumpToDate_notADate_saysHowToWriteOne() {
        openChatTitled("long");

        harness.press('d').type("someday");

        assertTrue(screen().contains("\"someday\" is not a date I know; write it as 2024-03-12, 2024-03 or 2024."), screen());
    }

    @Test
    void escape_goesBackFromTheChatToTheList() {
        harness.press(KeyType.Enter);
        harness.press(KeyType.Escape);

        assertTrue(screen().contains("Chats (5)"), screen());
    }

    @Test
    void tab_switchesBetweenListAndMessages() {
        harness.press(KeyType.Enter);
        harness.press(KeyType.Tab);
        assertTrue(screen().contains("▶ Alice"), screen());

        harness.press(KeyType.Tab);
        assertTrue(screen().contains("09:15 You: Yes! Café at ten?"), screen());
    }

    // ---- search ----

    @Test
    void search_findsWordsAcrossChatsIgnoringCaseAndAccentsWithHighlightedSnippet() {
        harness.press('/').type("cafe");

        List<String> rows = harness.rows();
        String screen = String.join("\n", rows);
        assertTrue(screen.contains("Search: \"cafe\" · 1 hit"), screen);
        assertTrue(screen.contains("Alice · 30 May 2026 09:15 · You"), screen);
        String snippet = rows.stream().filter(r -> r.contains("Café")).findFirst().orElseThrow();
        int row = rows.indexOf(snippet);
        assertEquals(TextColor.ANSI.YELLOW, harness.cell(snippet.indexOf("Café"), row).getBackgroundColor());
    }

    @Test
    void search_cyrillicWord_isFound() {
        harness.press('/').type("ПРИВЕТ");

        assertTrue(screen().contains("Family 👨"), screen());
        assertTrue(screen().contains("1 hit"), screen());
    }

    @Test
    void search_cjkSubstring_isFound() {
        harness.press('/').type("北京");

        assertTrue(screen().contains("李雷 · 10 May 2026 07:00"), screen());
    }

    @Test
    void search_nothingFound_saysSo() {
        harness.press('/').type("zebra");

        assertTrue(screen().contains("Nothing matches."), screen());
    }

    @Test
    void search_moreHitsThanListed_headingSaysHowManyInAll() {
        harness.press('/').type("number");

        // 300 messages of "Long chat" match; the list holds the newest 200 and the count says 300.
        assertTrue(screen().contains("Search: \"number\" · newest 200 of 300 hits"), screen());
    }

    @Test
    void search_enter_opensTheHitInItsChatAndNSteps() {
        harness.press('/').type("number");
        harness.press(KeyType.Enter);

        String opened = screen();
        assertTrue(opened.contains("Long chat · whatsapp"), opened);

        // Search lists the newest hit first (message 299, at the chat's end); N steps to earlier hits.
        assertTrue(opened.contains("message number 299"), opened);
        for (int i = 0; i < 40; i++) {
            harness.press('N');
        }
        String stepped = screen();
        assertTrue(stepped.contains("Long chat"), stepped);
        assertTrue(stepped.contains("message number 259"), stepped);
        assertFalse(stepped.contains("message number 299"), stepped);
    }

    @Test
    void nextHit_withoutSearch_saysToSearchFirst() {
        harness.press(KeyType.Enter).press('n');

        assertTrue(screen().contains("No search in this chat: press / to search first."), screen());
    }

    // ---- overlays ----

    @Test
    void questionMark_showsEveryKeyOfTheKeymapAndEscCloses() {
        harness.resize(100, 40);
        harness.press('?');

        String screen = screen();
        for (Action action : Action.values()) {
            assertTrue(screen.contains(action.description()), action + "\n" + screen);
        }
        harness.press(KeyType.Escape);
        assertFalse(screen().contains(Action.JUMP_TO_DATE.description()), screen());
    }

    @Test
    void debugView_showsTheCacheHitRate() {
        harness.press(KeyType.Enter).press(KeyType.Escape).press(KeyType.Enter);
        harness.press('i');

        String screen = screen();
        assertTrue(screen.contains("recent chats (newest pages) cache: hit rate 50.0% (1 hits, 1 misses)"), screen);
        assertTrue(screen.contains("message window: 5 messages"), screen);
    }

    @Test
    void providerQrCode_isDrawnInADialogAndConnectingClosesIt() {
        harness.ui.providerEvent("WhatsApp", new ProviderEvent.PairingQrCode("2@pairing-ref,public-key,adv-secret", null));
        harness.settle();

        String screen = screen();
        assertTrue(screen.contains("Pair WhatsApp"), screen);
        assertTrue(screen.contains("Scan this code with your phone"), screen);
        assertTrue(screen.contains("█▀") || screen.contains("▀█") || screen.contains("▄█"), screen);

        harness.ui.providerEvent("WhatsApp", new ProviderEvent.StatusChanged(
                new ProviderStatus(ConnectionState.CONNECTED, "+31 6 1234 5678")));
        harness.settle();

        assertFalse(screen().contains("Pair WhatsApp"), screen());
        assertTrue(screen().contains("WhatsApp: connected (+31 6 1234"), screen());
    }

    @Test
    void providerProgress_isDrawnAsABarOnTheStatusLine_safely_untilTheWorkEnds() {
        harness.resize(120, 24);
        harness.ui.providerEvent("WhatsApp", new ProviderEvent.Progress("Decrypting msgstore\u001b[2J.crypt15",
                "104 MB", 0, 1000));
        harness.ui.providerEvent("WhatsApp", new ProviderEvent.Progress("Decrypting msgstore\u001b[2J.crypt15",
                "104 MB", 500, 1000));
        harness.settle();

        String screen = screen();
        assertTrue(screen.contains("WhatsApp: Decrypting msgstore") && screen.contains(".crypt15 (104 MB) "
                + "[############------------] 50%"), screen);
        assertFalse(screen.contains("\u001b"), screen);

        harness.ui.providerEvent("WhatsApp", new ProviderEvent.Progress("Decrypting msgstore\u001b[2J.crypt15",
                "104 MB", 1000, 1000));
        harness.settle();

        assertFalse(screen().contains("Decrypting msgstore"), screen());
        assertTrue(screen().contains("Sync idle"), screen());
    }

    @Test
    void providerPairingCode_isShownToType() {
        harness.ui.providerEvent("WhatsApp", new ProviderEvent.PairingCode("ABCD-EFGH"));
        harness.settle();

        assertTrue(screen().contains("ABCD-EFGH"), screen());
        harness.press(KeyType.Escape);
        assertFalse(screen().contains("ABCD-EFGH"), screen());
    }

    @Test
    void providerLoggedOut_isAnnouncedInADialog() {
        harness.ui.providerEvent("WhatsApp", new ProviderEvent.StatusChanged(
                new ProviderStatus(ConnectionState.LOGGED_OUT, "")));
        harness.settle();

        assertTrue(screen().contains("WhatsApp was logged out. Pair it again to sync live history."), screen());
    }

    @Test
    void syncKeys_withoutASyncEngine_sayWhy() {
        harness.press('S');

        assertTrue(screen().contains("Syncing is not available in this session."), screen());
    }

    // ---- resize and quit ----

    @Test
    void resize_reLaysOutEveryLineToTheNewWidth() {
        harness.press(KeyType.Enter);

        harness.resize(30, 12);

        List<String> rows = harness.rows();
        for (String row : rows) {
            assertTrue(DisplayWidth.of(row) <= 30, row);
        }
        String screen = String.join("\n", rows);
        assertTrue(screen.contains("10:04 Alice: [deleted] This"), screen);
        assertTrue(screen.contains("      message was deleted"), screen);
    }

    @Test
    void resize_wideTerminal_showsListAndMessagesSideBySide() {
        harness.press(KeyType.Enter);

        harness.resize(120, 30);

        String screen = screen();
        assertTrue(screen.contains("Long chat"), screen);
        assertTrue(screen.contains("09:15 You: Yes! Café at ten?"), screen);
    }

    @Test
    void ctrlC_quitsEvenFromAPrompt() {
        harness.press('/');

        harness.ctrl('c');

        assertTrue(harness.ui.quitRequested());
    }

    @Test
    void q_quits() {
        harness.press('q');

        assertTrue(harness.ui.quitRequested());
    }
}
