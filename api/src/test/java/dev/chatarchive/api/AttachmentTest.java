package dev.chatarchive.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentTest {

    @Test
    void aFileNameThatNamesAFolderOrHidesControlCharactersIsRefused() {
        for (String name : new String[] {"../etc/passwd", "a/b.jpg", "C:\\x.jpg", "..", ".", " ", "a\u0000.jpg", "a\n.jpg"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Attachment.named(name), name);
            assertTrue(e.getMessage().contains("fileName"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Attachment.named(null));
    }

    @Test
    void namesOfAnyScriptAreKeptAsGivenWithoutSurroundingBlanks() {
        assertEquals("Einladung zur Feier.pdf", Attachment.named(" Einladung zur Feier.pdf ").fileName());
        assertEquals("写真 😀.jpg", Attachment.named("写真 😀.jpg").fileName());
    }

    @Test
    void declaredValuesAreCheckedAndNormalised() {
        Attachment attachment = new Attachment("a.jpg", " Image/JPEG ", 12L, "AB".repeat(32), null);
        assertEquals("image/jpeg", attachment.mimeType());
        assertEquals("ab".repeat(32), attachment.sha256());
        assertNull(new Attachment("a.jpg", " ", null, null, null).mimeType());
        assertThrows(IllegalArgumentException.class, () -> new Attachment("a.jpg", "jpeg", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Attachment("a.jpg", null, -1L, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Attachment("a.jpg", null, null, "abc", null));
        assertThrows(IllegalArgumentException.class, () -> new Attachment("a.jpg", null, null, "g".repeat(64), null));
    }

    @Test
    void equalityComparesTheDescriptionAndWhetherBytesExistNotHowTheyAreRead() throws Exception {
        Attachment one = Attachment.of("a.jpg", AttachmentContent.ofBytes(new byte[] {1}));
        Attachment other = Attachment.of("a.jpg", AttachmentContent.ofBytes(new byte[] {2}));
        assertEquals(one, other);
        assertEquals(one.hashCode(), other.hashCode());
        assertNotEquals(one, Attachment.named("a.jpg"));
        assertFalse(Attachment.named("a.jpg").hasContent());
        assertTrue(one.toString().contains("available"));
    }

    @Test
    void contentFromBytesIsACopyAndEachOpenStartsAtTheFirstByte() throws Exception {
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        AttachmentContent content = AttachmentContent.ofBytes(bytes);
        bytes[0] = 'j';
        for (int i = 0; i < 2; i++) {
            try (InputStream in = content.open()) {
                assertEquals("hello", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void contentFromAFileReadsTheFile(@TempDir Path folder) throws Exception {
        Path file = Files.write(folder.resolve("x.bin"), new byte[] {1, 2, 3});
        try (InputStream in = AttachmentContent.ofFile(file).open()) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
    }

    @Test
    void aMessageOfApiOneHasNoAttachmentAndOneCanBeAdded() {
        HistoricalMessage plain = new HistoricalMessage("m1", "c", "alice", null, "look", Instant.EPOCH, false,
                MessageType.IMAGE, false, null);
        assertNull(plain.attachment());
        HistoricalMessage withFile = plain.withAttachment(Attachment.named("IMG-1.jpg"));
        assertEquals("IMG-1.jpg", withFile.attachment().fileName());
        assertEquals(plain, withFile.withAttachment(null));
        assertEquals(plain.content(), withFile.content());
    }

    @Test
    void theAttachmentEventCarriesBytes() {
        assertThrows(IllegalArgumentException.class,
                () -> new ProviderEvent.AttachmentAvailable("c", "m1", Attachment.named("a.jpg")));
        ProviderEvent.AttachmentAvailable event = new ProviderEvent.AttachmentAvailable("c", "m1",
                Attachment.of("a.jpg", AttachmentContent.ofBytes(new byte[0])));
        assertTrue(event.attachment().hasContent());
    }
}
