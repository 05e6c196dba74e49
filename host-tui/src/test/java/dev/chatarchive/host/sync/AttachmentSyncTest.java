package dev.chatarchive.host.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.AttachmentContent;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.api.ProviderEvent;
import dev.chatarchive.host.checkpoint.SyncMode;
import dev.chatarchive.host.checkpoint.SyncState;
import dev.chatarchive.host.store.AttachmentStore;
import dev.chatarchive.host.store.StoredAttachment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attached files come in with their messages, once per distinct file, through both write paths. */
class AttachmentSyncTest {

    private static final String CHAT = "family@test";

    @TempDir
    Path folder;
    SyncFixture fixture;
    /** How often each file's content was opened, by file name. */
    final Map<String, AtomicInteger> opens = new ConcurrentHashMap<>();
    final AtomicBoolean brokenSource = new AtomicBoolean();

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Ten messages: 2 and 5 carry the same photo, 7 a PDF, 8 a voice note the source has no bytes of. */
    private List<HistoricalMessage> history() {
        List<HistoricalMessage> history = new ArrayList<>(Histories.linear(CHAT, 10));
        history.set(1, withFile(history.get(1), MessageType.IMAGE, "IMG-0001.jpg", "same photo"));
        history.set(4, withFile(history.get(4), MessageType.IMAGE, "IMG-0002.jpg", "same photo"));
        history.set(6, withFile(history.get(6), MessageType.DOCUMENT, "Einladung.pdf", "%PDF a document"));
        history.set(7, history.get(7).withAttachment(Attachment.named("PTT-0003.opus")));
        return history;
    }

    private HistoricalMessage withFile(HistoricalMessage message, MessageType type, String name, String bytes) {
        AttachmentContent content = () -> {
            opens.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if (brokenSource.get()) {
                throw new IOException("the export's media are gone");
            }
            return new ByteArrayInputStream(bytes.getBytes(StandardCharsets.UTF_8));
        };
        return new HistoricalMessage(message.id(), message.chatId(), message.sender(), message.senderName(), name, message.timestamp(),
                message.fromMe(), type, false, null, new Attachment(name, null, (long) bytes.length(), null, content));
    }

    private SyncFixture fixtureWith(List<HistoricalMessage> history) {
        ScriptedProvider provider = new ScriptedProvider("scripted").withChat(CHAT, history).withPageCap(3);
        fixture = new SyncFixture(folder, provider);
        return fixture;
    }

    @Test
    void aSyncStoresEachDistinctFileOnceAndLinksItToEveryMessageThatCarriesIt() throws Exception {
        fixtureWith(history());
        assertEquals(SyncState.COMPLETED, fixture.sync(CHAT, 100, SyncMode.START).state());

        List<AttachmentStore.MessageFile> files = fixture.archive.read(s -> s.attachments().ofChat(CHAT));
        assertEquals(List.of("m0002", "m0005", "m0007", "m0008"), files.stream().map(f -> f.message().id()).toList());
        StoredAttachment photo = files.get(0).attachment();
        assertEquals("IMG-0001.jpg", photo.fileName());
        assertEquals("image/jpeg", photo.mimeType());
        assertEquals(photo.sha256(), files.get(1).attachment().sha256());
        assertEquals("application/pdf", files.get(2).attachment().mimeType());
        assertArrayEquals("%PDF a document".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(fixture.archive.media().pathOf(files.get(2).attachment().sha256())));
        StoredAttachment voice = files.get(3).attachment();
        assertFalse(voice.isStored(), "a file known by name only is described, not stored");
        assertEquals("audio/ogg", voice.mimeType());

        assertEquals(2, mediaFiles().size(), "the photo sent twice is one file");
        AttachmentStore.Totals totals = fixture.archive.read(s -> s.attachments().totals());
        assertEquals(new AttachmentStore.Totals(2, "same photo".length() + "%PDF a document".length(), 4, 3), totals);
    }

    @Test
    void importingAgainReadsNoFileItAlreadyHolds() throws Exception {
        fixtureWith(history());
        fixture.sync(CHAT, 100, SyncMode.START);
        Map<String, Integer> before = snapshot();

        assertEquals(SyncState.COMPLETED, fixture.sync(CHAT, 100, SyncMode.RESTART).state());

        assertEquals(before, snapshot(), "no content was opened again");
        assertEquals(2, mediaFiles().size());
        assertEquals(10, fixture.heldIds(CHAT).size());
    }

    @Test
    void aFileThatCouldNotBeReadIsFilledInByTheNextDelivery() throws Exception {
        fixtureWith(history());
        brokenSource.set(true);
        assertEquals(SyncState.COMPLETED, fixture.sync(CHAT, 100, SyncMode.START).state(),
                "unreadable files do not fail the sync");
        assertEquals(10, fixture.heldIds(CHAT).size());
        assertEquals(0, mediaFiles().size());
        StoredAttachment pdf = fixture.archive.read(s -> s.attachments().find(CHAT, "m0007")).orElseThrow();
        assertFalse(pdf.isStored());
        assertEquals(15L, pdf.size(), "the declared size is shown until the bytes are stored");

        brokenSource.set(false);
        fixture.sync(CHAT, 100, SyncMode.RESTART);

        assertTrue(fixture.archive.read(s -> s.attachments().find(CHAT, "m0007")).orElseThrow().isStored());
        assertEquals(2, mediaFiles().size());
    }

    @Test
    void aFileDeletedFromTheMediaFolderIsStoredAgainByTheNextDelivery() throws Exception {
        fixtureWith(history());
        fixture.sync(CHAT, 100, SyncMode.START);
        StoredAttachment pdf = fixture.archive.read(s -> s.attachments().find(CHAT, "m0007")).orElseThrow();
        Files.delete(fixture.archive.media().pathOf(pdf.sha256()));

        fixture.sync(CHAT, 100, SyncMode.RESTART);

        assertTrue(Files.isRegularFile(fixture.archive.media().pathOf(pdf.sha256())));
    }

    @Test
    void aDeclaredHashTheStoreHoldsSavesReadingTheFile() throws Exception {
        fixtureWith(history());
        fixture.sync(CHAT, 100, SyncMode.START);
        String photoHash = fixture.archive.read(s -> s.attachments().find(CHAT, "m0002")).orElseThrow().sha256();
        AtomicInteger opened = new AtomicInteger();
        HistoricalMessage pushed = HistoricalMessage.text("live-1", CHAT, "friend@test", "", Histories.START.plus(Duration.ofDays(1)), false)
                .withAttachment(new Attachment("photo.jpg", "image/jpeg", 10L, photoHash, () -> {
                    opened.incrementAndGet();
                    return new ByteArrayInputStream(new byte[0]);
                }));

        fixture.service.recordPublished("scripted", new ProviderEvent.MessagesReceived(List.of(pushed)));

        StoredAttachment linked = awaitStored("live-1");
        assertEquals(photoHash, linked.sha256());
        assertEquals(0, opened.get());
        assertEquals(2, mediaFiles().size());
    }

    @Test
    void bytesThatArriveAfterTheirMessageAreLinkedToIt() throws Exception {
        fixtureWith(history());
        fixture.sync(CHAT, 100, SyncMode.START);
        assertNull(fixture.archive.read(s -> s.attachments().find(CHAT, "m0008")).orElseThrow().sha256());

        fixture.service.recordPublished("scripted", new ProviderEvent.AttachmentAvailable(CHAT, "m0008",
                new Attachment("PTT-0003.opus", "audio/ogg; codecs=opus", null, null, AttachmentContent.ofBytes(new byte[] {1, 2, 3}))));
        fixture.service.recordPublished("scripted", new ProviderEvent.AttachmentAvailable(CHAT, "not-held",
                Attachment.of("x.jpg", AttachmentContent.ofBytes(new byte[] {9}))));

        StoredAttachment voice = awaitStored("m0008");
        assertEquals(3L, voice.size());
        assertEquals("audio/ogg; codecs=opus", voice.mimeType());
        assertEquals(3, mediaFiles().size(), "the file for a message the archive does not hold was not stored");
    }

    private StoredAttachment awaitStored(String messageId) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            StoredAttachment found = fixture.archive.read(s -> s.attachments().find(CHAT, messageId)).orElse(null);
            if (found != null && found.isStored()) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the file of " + messageId + " was not stored within 10 seconds");
    }

    private Map<String, Integer> snapshot() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        opens.forEach((name, count) -> counts.put(name, count.get()));
        return counts;
    }

    private List<Path> mediaFiles() throws IOException {
        Path root = fixture.archive.media().root();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".incoming")).toList();
        }
    }
}
