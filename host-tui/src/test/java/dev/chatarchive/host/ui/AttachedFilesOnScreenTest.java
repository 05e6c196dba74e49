package dev.chatarchive.host.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyType;
import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.AttachmentContent;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import dev.chatarchive.host.media.MediaStore;
import dev.chatarchive.host.store.Archive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A message's attached file is drawn under it (name, type, size), and {@code o} opens the one lowest on screen. */
class AttachedFilesOnScreenTest {

    @TempDir
    Path folder;
    Archive archive;
    UiHarness harness;
    final List<String> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openArchiveWithFiles() throws Exception {
        archive = SampleChats.create(folder);
        MediaStore.StoredFile photo = archive.media().store(AttachmentContent.ofBytes("a photo".getBytes(StandardCharsets.UTF_8)));
        HistoricalMessage withPhoto = new HistoricalMessage("file-1", SampleChats.ALICE, SampleChats.ALICE, "Alice",
                "IMG-0001.jpg", Instant.parse("2026-06-01T17:58:00Z"), false, MessageType.IMAGE, false, null,
                new Attachment("IMG-0001.jpg", "image/jpeg", 7L, null, null));
        HistoricalMessage voiceOnly = new HistoricalMessage("file-2", SampleChats.ALICE, SampleChats.ALICE, "Alice",
                "voice\u202Egnp.opus", Instant.parse("2026-06-01T17:57:00Z"), false, MessageType.AUDIO, false, null,
                Attachment.named("voice\u202Egnp.opus"));
        archive.write(s -> {
            s.messages().insertIfAbsent("whatsapp", List.of(withPhoto, voiceOnly));
            s.attachments().link(SampleChats.ALICE, "file-1", photo.sha256(), photo.size());
            return null;
        });
        harness = new UiHarness(archive, SyncControls.NONE, SampleChats.CLOCK, 80, 24);
        harness.ui.useFileOpener((stored, name, sha) -> {
            opened.add(stored + "|" + name + "|" + sha);
            return "Opened " + name + " (test viewer)";
        });
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
        archive.close();
    }

    @Test
    void theFileIsShownUnderItsMessageWithTypeAndSizeAndWhetherTheArchiveHasIt() {
        harness.press(KeyType.Enter);
        String screen = harness.text();

        assertTrue(screen.contains("Alice: [photo]"), screen);
        assertTrue(screen.contains("▪ IMG-0001.jpg · image/jpeg · 7 B"), screen);
        assertTrue(screen.contains("▪ voice‹RLO›gnp.opus · audio/ogg · not in the archive"), screen);
    }

    @Test
    void oOpensTheStoredFileLowestOnScreen() {
        harness.press(KeyType.Enter);
        harness.press('o');

        for (int i = 0; i < 100 && opened.isEmpty(); i++) {
            harness.press(new char[0]);
        }
        assertEquals(1, opened.size(), opened.toString());
        String[] call = opened.get(0).split("\\|");
        assertEquals(archive.media().root(), Path.of(call[0]).getParent().getParent());
        assertEquals("IMG-0001.jpg", call[1]);
        assertTrue(harness.text().contains("Opened IMG-0001.jpg (test viewer)"), harness.text());
    }

    @Test
    void theSystemOpenerHandsTheViewerANamedCopyOrSaysWhereTheFileIs() throws Exception {
        MediaStore.StoredFile stored = archive.media().store(AttachmentContent.ofBytes(new byte[] {1, 2, 3}));
        Path path = archive.media().pathOf(stored.sha256());

        String noViewer = FileOpener.system(Optional.empty(), Map.of("PATH", "/usr/bin")).open(path, "Einladung.pdf", stored.sha256());
        Path copy = archive.media().root().resolve(".open").resolve(stored.sha256().substring(0, 16)).resolve("Einladung.pdf");
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("mac")) {
            assertEquals("No viewer here; the file is " + copy, noViewer);
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(copy));

        Path script = Files.writeString(folder.resolve("viewer.sh"), "#!/bin/sh\necho \"$1\" > \"" + folder.resolve("seen") + "\"\n");
        script.toFile().setExecutable(true);
        String opened = FileOpener.system(Optional.of(script.toString()), Map.of()).open(path, "../../evil name.pdf", stored.sha256());
        assertTrue(opened.startsWith("Opened ../../evil name.pdf"), opened);
        for (int i = 0; i < 100 && !Files.exists(folder.resolve("seen")); i++) {
            Thread.sleep(50);
        }
        Path seen = Path.of(Files.readString(folder.resolve("seen")).strip());
        assertEquals(archive.media().root().resolve(".open").resolve(stored.sha256().substring(0, 16)), seen.getParent(),
                "the copy stays inside the media folder whatever the file's name");
        assertEquals("evil_name.pdf", seen.getFileName().toString());
    }
}
