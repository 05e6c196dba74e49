package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.api.ProviderEvent.MessageRevised;
import dev.chatarchive.api.ProviderEvent.RevisionKind;
import dev.chatarchive.host.store.StoredMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History a provider pushes unasked is stored like a page: validated, deduplicated, announced after commit. */
class PushedHistoryTest {

    private static final String CHAT = "alice@test";

    @TempDir
    Path folder;
    SyncFixture fixture;
    final BlockingQueue<SyncEvent.BatchStored> stored = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() {
        fixture = new SyncFixture(folder, new ScriptedProvider("scripted"));
        fixture.service.addListener(event -> {
            if (event instanceof SyncEvent.BatchStored batch) {
                stored.add(batch);
            }
        });
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void messagesReceived_areStoredOnceWithoutTouchingAnyCheckpoint() throws Exception {
        List<HistoricalMessage> pushed = Histories.linear(CHAT, 5);
        push(new ProviderEvent.MessagesReceived(pushed));
        assertEquals(5, next().newMessages());

        List<HistoricalMessage> again = new ArrayList<>(pushed);
        again.addAll(Histories.linear(CHAT, 7).subList(5, 7));
        push(new ProviderEvent.MessagesReceived(again));
        SyncEvent.BatchStored second = next();

        assertEquals(2, second.newMessages());
        assertEquals(7, messagesOf(CHAT).size());
        assertTrue(fixture.archive.read(session -> session.checkpoints().find(CHAT)).isEmpty());
        assertEquals("scripted", fixture.archive.read(session -> session.chats().find(CHAT)).orElseThrow().providerId());
    }

    @Test
    void messagesReceived_skipsInvalidOnesAndKeepsTheRest() throws Exception {
        HistoricalMessage tooOld = HistoricalMessage.text("old", CHAT, "bob", "1999", Instant.parse("2001-01-01T00:00:00Z"), false);
        HistoricalMessage badChat = HistoricalMessage.text("x", "not-a-test-chat", "bob", "hi", Instant.parse("2024-01-01T00:00:00Z"), false);
        HistoricalMessage good = HistoricalMessage.text("good", CHAT, "bob", "fine", Instant.parse("2024-01-01T00:00:00Z"), false);
        push(new ProviderEvent.MessagesReceived(List.of(tooOld, badChat, good)));

        assertEquals(1, next().newMessages());
        assertEquals(List.of("good"), messagesOf(CHAT).stream().map(StoredMessage::id).toList());
        assertTrue(fixture.archive.read(session -> session.chats().find("not-a-test-chat")).isEmpty());
    }

    @Test
    void messageRevised_editsInPlaceAndIsAnnounced() throws Exception {
        push(new ProviderEvent.MessagesReceived(Histories.linear(CHAT, 1)));
        next();
        String id = messagesOf(CHAT).get(0).id();
        push(new MessageRevised(CHAT, id, RevisionKind.EDITED, "edited text", "bob", SyncFixture.NOW));

        SyncEvent.BatchStored revised = next();
        StoredMessage message = messagesOf(CHAT).get(0);
        assertEquals(CHAT, revised.chatId());
        assertEquals("edited text", message.message().content());
        assertTrue(message.message().edited());
        assertEquals(1, messagesOf(CHAT).size());
    }

    @Test
    void chatsUpdated_addsAndRenamesChats() throws Exception {
        push(new ProviderEvent.ChatsUpdated(List.of(new ChatDescription(CHAT, "Alice", false, null, null))));
        next();
        push(new ProviderEvent.ChatsUpdated(List.of(new ChatDescription(CHAT, "Alice Smith", false, null, null))));
        next();
        assertEquals("Alice Smith", fixture.archive.read(session -> session.chats().find(CHAT)).orElseThrow().title());
    }

    @Test
    void otherEvents_areIgnored() throws Exception {
        push(new ProviderEvent.Notice("hello", false));
        push(new ProviderEvent.MessagesReceived(Histories.linear(CHAT, 1)));
        assertEquals(CHAT, next().chatId());
        assertEquals(1, fixture.archive.read(session -> session.chats().list()).size());
    }

    private void push(ProviderEvent event) {
        fixture.service.recordPublished("scripted", event);
    }

    private SyncEvent.BatchStored next() throws InterruptedException {
        SyncEvent.BatchStored event = stored.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new AssertionError("nothing was stored within 10 seconds");
        }
        return event;
    }

    private List<StoredMessage> messagesOf(String chatId) {
        return fixture.archive.read(session -> session.messages().newestPage(chatId, 100));
    }
}
