package dev.chatarchive.whatsapp.live;

import static dev.chatarchive.whatsapp.live.LiveTestHost.await;
import static dev.chatarchive.whatsapp.live.LiveTestHost.awaitState;
import static dev.chatarchive.whatsapp.live.SimulatedPhone.ALICE;
import static dev.chatarchive.whatsapp.live.SimulatedPhone.ALICE_LID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.ConnectionState;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.HistoryCursor;
import dev.chatarchive.api.HistoryPage;
import dev.chatarchive.api.HistoryProvider;
import dev.chatarchive.api.HistoryRequest;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.PermanentProviderException;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.RetryableProviderException;
import dev.chatarchive.api.SyncPolicy;
import dev.chatarchive.whatsapp.WhatsAppHistoryProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WhatsApp provider with live mode on, through the real sidecar process (Node.js, the protocol,
 * the history logic) down to the simulated phone that stands in for WhatsApp.
 */
class LiveHistorySourceIT {

    @TempDir
    Path root;

    private HistoryProvider provider;

    @AfterEach
    void stopProvider() {
        if (provider != null) {
            provider.stop();
        }
    }

    private HistoryProvider started(LiveTestHost host) throws Exception {
        provider = new WhatsAppHistoryProvider();
        provider.start(host);
        return provider;
    }

    /** The provider's chat list, for conditions polled in lambdas. */
    private List<ChatDescription> chats() {
        try {
            return provider.listChats();
        } catch (Exception e) {
            throw new AssertionError("listChats failed", e);
        }
    }

    private static HistoryCursor cursorAt(int index) {
        return new HistoryCursor(SimulatedPhone.messageId(index), SimulatedPhone.timestamp(index),
                SimulatedPhone.fromMe(index), SimulatedPhone.fromMe(index) ? "me" : ALICE);
    }

    /** The history requests the stand-in phone received, in order. */
    private static List<com.fasterxml.jackson.databind.JsonNode> requestsJournal(LiveTestHost host) throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> entries = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(host.root.resolve("phone/requests.jsonl"))) {
            com.fasterxml.jackson.databind.JsonNode entry = SidecarProcess.JSON.readTree(line);
            if (entry.has("n")) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static SimulatedPhone aliceWith(int count) {
        return new SimulatedPhone().paired(true).chat(ALICE, ALICE_LID, "Alice", count).pushOnFirstConnect(1);
    }

    @Test
    void liveMode_isOffByDefault_andNeedsNothingOfNode() throws Exception {
        LiveHistorySource live = new LiveHistorySource();
        LiveTestHost host = new LiveTestHost(root, aliceWith(10));
        host.settings.remove("live.enabled");
        live.start(host);

        assertEquals(ConnectionState.OFFLINE_READY, live.status().state());
        assertEquals(List.of(), live.listChats());
        assertFalse(live.owns(ALICE));
        assertEquals(SyncPolicy.LOCAL_SOURCE, live.syncPolicy());
        assertFalse(Files.exists(host.dataDirectory.resolve("live")), "nothing is extracted or created");
        var refused = assertThrows(PermanentProviderException.class,
                () -> live.fetchHistory(HistoryRequest.older(ALICE, cursorAt(5), 50)));
        assertTrue(refused.getMessage().contains("whatsapp.live.enabled=true"), refused.getMessage());
        live.stop();
    }

    @Test
    void pairing_byQrCode_publishesEachRotatingCodeThenConnects() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(false).qrCodes(2, "QR-1", "QR-2", "QR-3"));
        started(host);

        awaitState(provider, ConnectionState.CONNECTED);
        List<ProviderEvent.PairingQrCode> codes = host.eventsOf(ProviderEvent.PairingQrCode.class);
        assertEquals(List.of("QR-1", "QR-2"), codes.stream().map(ProviderEvent.PairingQrCode::data).toList());
        assertEquals(host.clock().instant().plusSeconds(60), codes.get(0).expiresAt());
        assertEquals(host.clock().instant().plusSeconds(20), codes.get(1).expiresAt());
        assertTrue(host.eventsOf(ProviderEvent.StatusChanged.class).stream()
                .anyMatch(s -> s.status().state() == ConnectionState.NEEDS_PAIRING), "the user was asked to pair");
        assertTrue(provider.status().detail().contains("Connected as +15550000001."), provider.status().detail());
    }

    @Test
    void pairing_byPhoneNumber_publishesThePairingCode() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(false).pairingCode("ABCD1234"))
                .with("live.pairing-phone", "+31 6 1234 5678");
        started(host);

        awaitState(provider, ConnectionState.CONNECTED);
        assertEquals(List.of(new ProviderEvent.PairingCode("ABCD-1234")), host.eventsOf(ProviderEvent.PairingCode.class));
        assertEquals(List.of(), host.eventsOf(ProviderEvent.PairingQrCode.class));
    }

    @Test
    void authFolder_isReadableByItsOwnerOnly() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(false).qrCodes(1, "QR-1"));
        started(host);
        awaitState(provider, ConnectionState.CONNECTED);

        Path account = host.dataDirectory.resolve("live/accounts/default");
        await(() -> Files.exists(account.resolve("auth/creds.json")), () -> "the link was never saved");
        Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        assertEquals(ownerOnly, Files.getPosixFilePermissions(account));
        assertEquals(ownerOnly, Files.getPosixFilePermissions(account.resolve("auth")));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(account.resolve("auth/creds.json")));
    }

    @Test
    void historyPushedAtPairing_isPublishedForStorage_andTheChatListSurvivesARestart() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(true)
                .chat(ALICE, ALICE_LID, "Alice", 120).pushOnFirstConnect(3));
        started(host);
        await(() -> !host.eventsOf(ProviderEvent.MessagesReceived.class).isEmpty(), () -> "no pushed history");

        List<HistoricalMessage> pushed = host.eventsOf(ProviderEvent.MessagesReceived.class).get(0).messages();
        assertEquals(List.of("M000119", "M000118", "M000117"), pushed.stream().map(HistoricalMessage::id).toList());
        HistoricalMessage newest = pushed.get(0);
        assertEquals(ALICE, newest.chatId());
        assertEquals(SimulatedPhone.timestamp(119), newest.timestamp());
        assertEquals("message 119 of Alice", newest.content());
        assertEquals(MessageType.LOCATION, newest.type());
        assertTrue(newest.rawJson().contains("\"locationMessage\""), newest.rawJson());
        await(() -> chats().stream().anyMatch(c -> c.title().equals("Alice")), () -> "no chat named Alice");

        provider.stop();
        provider = null;
        LiveTestHost again = new LiveTestHost(root, new SimulatedPhone().paired(true));
        HistoryProvider restarted = started(again);
        ChatDescription alice = restarted.listChats().stream().filter(c -> c.chatId().equals(ALICE)).findFirst().orElseThrow();
        assertEquals("Alice", alice.title());
        assertEquals(SimulatedPhone.timestamp(119), alice.lastActivity());
    }

    @Test
    void fetchOlder_throughTheProvider_returnsTheFiftyMessagesJustBeforeTheCursor() throws Exception {
        LiveTestHost host = new LiveTestHost(root, aliceWith(120));
        started(host);
        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> chats().size() == 1, () -> "no chat list");

        HistoryPage page = provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 200));

        assertEquals(SimulatedPhone.idsBetween(50, 100), page.messages().stream().map(HistoricalMessage::id).sorted().toList());
        assertFalse(page.endOfHistory());
        HistoricalMessage mine = page.messages().stream().filter(m -> m.id().equals("M000053")).findFirst().orElseThrow();
        assertTrue(mine.fromMe());
        assertEquals("me", mine.sender());
        HistoricalMessage theirs = page.messages().stream().filter(m -> m.id().equals("M000056")).findFirst().orElseThrow();
        assertEquals(ALICE, theirs.sender());
        assertEquals("Alice (sender)", theirs.senderName());
        assertEquals(MessageType.IMAGE, theirs.type());
        assertEquals("message 56 of Alice", theirs.content());
        assertEquals(SimulatedPhone.timestamp(56), theirs.timestamp());
    }

    @Test
    void fetchOlder_atTheOldestMessages_saysHistoryEnds() throws Exception {
        started(new LiveTestHost(root, aliceWith(120)));
        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> chats().size() == 1, () -> "no chat list");

        HistoryPage page = provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(30), 50));

        assertEquals(30, page.messages().size());
        assertTrue(page.endOfHistory());
    }

    @Test
    void newerThanTheNewestHeld_thereIsNothingToPage_andTheAnswerSaysSo() throws Exception {
        LiveTestHost host = new LiveTestHost(root, aliceWith(120));
        started(host);
        await(() -> !host.eventsOf(ProviderEvent.MessagesReceived.class).isEmpty(), () -> "no pushed history");

        HistoryPage page = provider.fetchHistory(HistoryRequest.newer(ALICE, cursorAt(119), 50));

        assertEquals(List.of(), page.messages());
        assertTrue(page.endOfHistory(), "new messages arrive as live traffic, not by paging");
    }

    @Test
    void withoutACursor_theNewestMessageSeenIsTheFirstPage() throws Exception {
        LiveTestHost host = new LiveTestHost(root, aliceWith(120));
        started(host);
        await(() -> !host.eventsOf(ProviderEvent.MessagesReceived.class).isEmpty(), () -> "no pushed history");

        HistoryPage page = provider.fetchHistory(HistoryRequest.older(ALICE, null, 50));

        assertEquals(List.of("M000119"), page.messages().stream().map(HistoricalMessage::id).toList());
        assertFalse(page.endOfHistory());
    }

    @Test
    void beforeTheFirstConnectionOpens_aChatNotYetListed_isRetryable_notUnknown() throws Exception {
        SimulatedPhone slowPhone = aliceWith(120);
        slowPhone.config.put("openDelayMs", 3000);
        LiveTestHost host = new LiveTestHost(root, slowPhone);
        started(host);

        var early = assertThrows(RetryableProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older(ALICE, null, 50)));
        assertTrue(early.getMessage().contains("still connecting"), early.getMessage());

        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> !host.eventsOf(ProviderEvent.MessagesReceived.class).isEmpty(), () -> "no pushed history");
        assertEquals(List.of("M000119"), provider.fetchHistory(HistoryRequest.older(ALICE, null, 50)).messages()
                .stream().map(HistoricalMessage::id).toList());
    }

    @Test
    void aChatWithNoMessageToAnchorOn_cannotBePaged_andTheErrorSaysWhy() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(true)
                .chat(ALICE, ALICE_LID, "Alice", 120).pushOnFirstConnect(0));
        started(host);
        await(() -> chats().size() == 1, () -> "no chat list");

        var refused = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older(ALICE, null, 50)));
        assertTrue(refused.getMessage().contains("has no stored message to page back from"), refused.getMessage());
    }

    @Test
    void aPhoneThatNeverAnswers_givesARetryableTimeout_notTheEnd() throws Exception {
        // The host's usual 3 s wait, not less: the answer to the second fetch must not time out on a loaded machine.
        LiveTestHost host = new LiveTestHost(root, aliceWith(120).onRequest(1, "silent"));
        started(host);
        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> chats().size() == 1, () -> "no chat list");

        var timeout = assertThrows(RetryableProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50)));
        assertTrue(timeout.getMessage().contains("did not answer"), timeout.getMessage());
        assertEquals(50, provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50)).messages().size());
    }

    @Test
    void anInterruptedFetch_throwsInterruptedException_andFreesTheWayForTheNextRequest() throws Exception {
        LiveTestHost host = new LiveTestHost(root, aliceWith(120).onRequest(1, "silent")).with("live.request-timeout", "60s");
        started(host);
        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> chats().size() == 1, () -> "no chat list");
        var outcome = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread caller = new Thread(() -> {
            try {
                provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        caller.start();
        await(() -> journalLines(host) == 1, () -> "the request never reached the phone");

        caller.interrupt();

        assertTrue(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS) instanceof InterruptedException);
        HistoryPage next = provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50));
        assertEquals(50, next.messages().size(), "the cancelled request no longer holds the line");
    }

    private static long journalLines(LiveTestHost host) {
        try {
            Path journal = host.root.resolve("phone/requests.jsonl");
            return Files.exists(journal) ? Files.readAllLines(journal).stream().filter(l -> l.contains("\"anchorId\"")).count() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aChatWhatsAppKeysByLid_isAskedUnderTheLidItsAnchorWasKeyedUnder() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(true)
                .chat(ALICE, ALICE_LID, "Alice", 120).keyedByLid().pushOnFirstConnect(1));
        started(host);
        await(() -> !host.eventsOf(ProviderEvent.MessagesReceived.class).isEmpty(), () -> "no pushed history");
        HistoricalMessage newest = host.eventsOf(ProviderEvent.MessagesReceived.class).get(0).messages().get(0);
        assertEquals(ALICE, newest.chatId(), "filed under the phone number");

        // The host pages back from the stored message, raw record and all (HistoricalMessage.toCursor).
        HistoryPage page = provider.fetchHistory(HistoryRequest.older(ALICE, newest.toCursor(), 50));

        assertEquals(SimulatedPhone.idsBetween(69, 119), page.messages().stream().map(HistoricalMessage::id).sorted().toList());
        List<String> askedAs = requestsJournal(host).stream().map(entry -> entry.path("chat").asText()).toList();
        assertEquals(List.of(ALICE_LID), askedAs, "one request, under the LID, as WhatsApp keyed the anchor");
        HistoryPage next = provider.fetchHistory(HistoryRequest.older(ALICE,
                page.messages().stream().min(java.util.Comparator.comparing(HistoricalMessage::timestamp)).orElseThrow()
                        .toCursor(), 50));
        assertEquals(50, next.messages().size());
    }

    @Test
    void endMarker2_endsTheSyncAsExhausted_withASentenceSayingTheRestIsOnThePhone() throws Exception {
        started(new LiveTestHost(root, new SimulatedPhone().paired(true).chat(ALICE, ALICE_LID, "Alice", 120)
                .onPhoneOnlyBefore(80).pushOnFirstConnect(1)));
        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> chats().size() == 1, () -> "no chat list");

        HistoryPage page = provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50));

        assertEquals(SimulatedPhone.idsBetween(80, 100), page.messages().stream().map(HistoricalMessage::id).sorted().toList());
        assertFalse(page.endOfHistory(), "the chat does not begin here");
        assertTrue(page.exhausted());
        assertEquals(LiveHistorySource.ON_PHONE_ONLY, page.exhaustedBecause());
    }

    @Test
    void withNoRouteToWhatsApp_theStatusSaysSoWithTheCause_notThatPairingExpired() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(false).unreachable(1000).qrCodes(0, "QR-1"));
        started(host);

        await(() -> provider.status().state() == ConnectionState.DISCONNECTED
                && provider.status().detail().contains("Cannot reach WhatsApp"), () -> "status: " + provider.status());
        assertTrue(provider.status().detail().contains("ENOTFOUND"), provider.status().detail());
        assertTrue(provider.status().detail().contains("internet connection"), provider.status().detail());
        assertEquals(List.of(), host.eventsOf(ProviderEvent.PairingQrCode.class));
        assertTrue(host.eventsOf(ProviderEvent.StatusChanged.class).stream()
                .noneMatch(s -> s.status().detail().contains("pairing codes expired")), "never called a pairing timeout");
        var notNow = assertThrows(RetryableProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50)));
        assertTrue(notNow.getMessage().contains("cannot be reached") || notNow.getMessage().contains("not connected"),
                notNow.getMessage());
    }

    @Test
    void aRefusedClientVersion_isAnErrorThatSaysWhatToDo_andTheSettingOverridesTheVersion() throws Exception {
        started(new LiveTestHost(root, aliceWith(10).minimumVersion("2.9999.0")));
        await(() -> provider.status().state() == ConnectionState.ERROR, () -> "status: " + provider.status());
        assertTrue(provider.status().detail().contains("405"), provider.status().detail());
        assertTrue(provider.status().detail().contains("whatsapp.live.wa-version"), provider.status().detail());
        var refused = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(5), 50)));
        assertTrue(refused.getMessage().contains("whatsapp.live.wa-version"), refused.getMessage());
        provider.stop();

        Path fresh = Files.createDirectories(root.resolve("second"));
        LiveTestHost host = new LiveTestHost(fresh, aliceWith(10).minimumVersion("2.9999.0"))
                .with("live.wa-version", "2.9999.3");
        started(host);
        awaitState(provider, ConnectionState.CONNECTED);
    }

    @Test
    void aDamagedAuthFolder_isReportedAsSuch_andNotReplacedByANewPairing() throws Exception {
        LiveTestHost host = new LiveTestHost(root, new SimulatedPhone().paired(false).qrCodes(0, "QR-1"));
        Path auth = Files.createDirectories(host.dataDirectory.resolve("live/accounts/default/auth"));
        Files.writeString(auth.resolve("creds.json"), "{\"noiseKey\":{\"private\":{\"type\":\"Buff");
        started(host);

        await(() -> provider.status().state() == ConnectionState.ERROR, () -> "status: " + provider.status());
        assertTrue(provider.status().detail().contains("damaged"), provider.status().detail());
        assertTrue(provider.status().detail().contains("pair this device again"), provider.status().detail());
        assertEquals(List.of(), host.eventsOf(ProviderEvent.PairingQrCode.class));
        assertEquals("{\"noiseKey\":{\"private\":{\"type\":\"Buff", Files.readString(auth.resolve("creds.json")));
    }

    @Test
    void aLiveMessageDatedInTheFuture_doesNotMoveItsChatsLastActivity() throws Exception {
        long future = 4_102_444_800L; // 2100-01-01
        LiveTestHost host = new LiveTestHost(root, aliceWith(120).liveMessage(ALICE, "FUTURE", "from 2100", future)
                .liveMessage(ALICE, "NOW", "from 2025", 1_750_000_000L));
        started(host);
        await(() -> host.eventsOf(ProviderEvent.MessagesReceived.class).stream().flatMap(e -> e.messages().stream())
                .anyMatch(m -> m.id().equals("NOW")), () -> "no live messages");

        ChatDescription alice = chats().stream().filter(c -> c.chatId().equals(ALICE)).findFirst().orElseThrow();
        assertEquals(java.time.Instant.ofEpochSecond(1_750_000_000L), alice.lastActivity());
        assertTrue(host.eventsOf(ProviderEvent.ChatsUpdated.class).stream().flatMap(e -> e.chats().stream())
                .noneMatch(c -> c.lastActivity() != null && c.lastActivity().getEpochSecond() == future));
    }

    @Test
    void aDisconnectDuringARequest_isRetryable_andTheLinkComesBack() throws Exception {
        started(new LiveTestHost(root, aliceWith(120).onRequest(1, "disconnect")));
        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> chats().size() == 1, () -> "no chat list");

        assertThrows(RetryableProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50)));
        awaitState(provider, ConnectionState.CONNECTED);
        assertEquals(50, provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50)).messages().size());
    }

    @Test
    void loggedOutByThePhone_failsPermanently_andTheStatusSaysSo() throws Exception {
        started(new LiveTestHost(root, aliceWith(120).onRequest(1, "logout")));
        awaitState(provider, ConnectionState.CONNECTED);
        await(() -> chats().size() == 1, () -> "no chat list");

        var refused = assertThrows(PermanentProviderException.class,
                () -> provider.fetchHistory(HistoryRequest.older(ALICE, cursorAt(100), 50)));
        assertTrue(refused.getMessage().contains("logged this device out"), refused.getMessage());
        awaitState(provider, ConnectionState.LOGGED_OUT);
    }

    @Test
    void logout_unlinksTheDevice_andDeletesTheAuthState() throws Exception {
        LiveTestHost host = new LiveTestHost(root, aliceWith(10));
        started(host);
        awaitState(provider, ConnectionState.CONNECTED);

        provider.logout();

        awaitState(provider, ConnectionState.LOGGED_OUT);
        try (var files = Files.list(host.dataDirectory.resolve("live/accounts/default/auth"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void editsDeletionsAndReactions_arePublishedAsRevisions() throws Exception {
        Map<String, Object> key = Map.of("remoteJid", ALICE, "fromMe", false, "id", "M000005");
        LiveTestHost host = new LiveTestHost(root, aliceWith(10)
                .afterOpen("messages.update", List.of(Map.of("key", key, "update", Map.of("messageStubType", 1))))
                .afterOpen("messages.reaction", List.of(Map.of("key", key, "reaction",
                        Map.of("key", Map.of("remoteJid", ALICE, "fromMe", true, "id", "R1"), "text", "👍",
                                "senderTimestampMs", 1_700_000_000_000L)))));
        started(host);
        await(() -> host.eventsOf(ProviderEvent.MessageRevised.class).size() == 2, () -> "no revisions: " + host.events);

        List<ProviderEvent.MessageRevised> revisions = host.eventsOf(ProviderEvent.MessageRevised.class);
        assertEquals(ProviderEvent.RevisionKind.DELETED, revisions.get(0).kind());
        assertEquals("M000005", revisions.get(0).messageId());
        assertEquals(ProviderEvent.RevisionKind.REACTION, revisions.get(1).kind());
        assertEquals("👍", revisions.get(1).value());
        assertEquals("me", revisions.get(1).actor());
        assertTrue(host.eventsOf(ProviderEvent.MessagesReceived.class).stream()
                .flatMap(e -> e.messages().stream()).noneMatch(m -> m.id().equals("R1")), "a reaction is not a message");
    }

    @Test
    void aSecondProgramOnTheSameAccount_isRefusedByTheLock() throws Exception {
        LiveTestHost host = new LiveTestHost(root, aliceWith(10));
        started(host);
        awaitState(provider, ConnectionState.CONNECTED);

        LiveHistorySource second = new LiveHistorySource();
        second.start(host);

        assertEquals(ConnectionState.ERROR, second.status().state());
        assertTrue(second.status().detail().contains("already using WhatsApp account 'default'"), second.status().detail());
        assertFalse(second.owns(ALICE));
        second.stop();
        assertEquals(ConnectionState.CONNECTED, provider.status().state(), "the first one keeps its link");
    }

    @Test
    void aBadSetting_isReportedAsASentence_notAFailedStart() throws Exception {
        LiveHistorySource live = new LiveHistorySource();
        live.start(new LiveTestHost(root, aliceWith(10)).with("live.pause", "soon"));

        assertEquals(ConnectionState.ERROR, live.status().state());
        assertEquals("The setting whatsapp.live.pause='soon' is not a duration: write for example 3s, 500ms or 2m.",
                live.status().detail());
        live.stop();
    }

    @Test
    void syncPolicy_withLiveOn_isOneRequestAtATime_withThePause_andFiftyAPage() throws Exception {
        started(new LiveTestHost(root, aliceWith(10)).with("live.pause", "3s"));

        assertEquals(new SyncPolicy(1, Duration.ofSeconds(3), 50), provider.syncPolicy());
    }

    @Test
    void aMissingNodeExecutable_isReportedAsAnErrorSentence_andFetchesFailForGood() throws Exception {
        LiveHistorySource live = new LiveHistorySource();
        live.start(new LiveTestHost(root, aliceWith(10)).with("live.node", root.resolve("no-such-node").toString()));
        try {
            await(() -> live.status().state() == ConnectionState.ERROR, () -> "no error: " + live.status());
            assertTrue(live.status().detail().contains("Live mode needs Node.js 20 or newer"), live.status().detail());

            var refused = assertThrows(PermanentProviderException.class,
                    () -> live.fetchHistory(HistoryRequest.older(ALICE, cursorAt(5), 50)));
            assertTrue(refused.getMessage().contains("whatsapp.live.node"), refused.getMessage());
        } finally {
            live.stop();
        }
    }

    @Test
    void theSidecarFilesList_namesEveryFileOfTheSidecarProgram() throws Exception {
        List<String> onDisk;
        try (var files = Files.walk(SimulatedPhone.SIDECAR.resolve("src"))) {
            onDisk = files.filter(Files::isRegularFile).map(f -> SimulatedPhone.SIDECAR.relativize(f).toString()).sorted().toList();
        }
        List<String> listed = SidecarFiles.FILES.stream().filter(f -> f.startsWith("src/")).sorted().toList();
        assertEquals(onDisk, listed);
        assertTrue(SidecarFiles.FILES.containsAll(List.of("package.json", "package-lock.json")));
        assertNull(SidecarFiles.class.getResource(SidecarFiles.RESOURCE_ROOT + "testing/fake-phone.js"),
                "the simulated phone stays out of the plugin");
    }
}
