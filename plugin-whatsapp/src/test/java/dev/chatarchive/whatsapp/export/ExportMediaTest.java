package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.Attachment;
import dev.chatarchive.api.ChatDescription;
import dev.chatarchive.api.HistoricalMessage;
import dev.chatarchive.api.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages of a zip "with media" hand the host their files' bytes, streamed from the zip. */
class ExportMediaTest {

    @TempDir
    Path temp;
    ExportHistorySource source;

    @BeforeEach
    void startSource() throws Exception {
        source = new ExportHistorySource();
        source.start(TestContext.amsterdam(temp));
    }

    @AfterEach
    void stopSource() {
        source.stop();
    }

    private List<HistoricalMessage> importAll(Path export) throws Exception {
        List<ChatDescription> chats = source.importSource(export);
        assertEquals(1, chats.size());
        return Paging.all(source, chats.get(0).chatId(), 4);
    }

    private static HistoricalMessage withFile(List<HistoricalMessage> messages, String name) {
        return messages.stream().filter(m -> m.attachment() != null && m.attachment().fileName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no message with " + name));
    }

    private static byte[] read(Attachment attachment) throws IOException {
        try (InputStream in = attachment.content().open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void eachAttachedFileOfTheSampleZipComesWithItsBytes() throws Exception {
        Path sample = Samples.sample(Samples.FAMILIE);
        List<HistoricalMessage> messages = importAll(sample);

        List<HistoricalMessage> withFiles = messages.stream().filter(m -> m.attachment() != null).toList();
        assertEquals(3, withFiles.size());
        try (ZipFile zip = new ZipFile(sample.toFile())) {
            for (String name : List.of("00000012-PHOTO-2024-02-02-18-06-33.jpg", "00000013-AUDIO-2024-02-13-09-12-55.opus",
                    "00000014-Einladung.pdf")) {
                Attachment attachment = withFile(messages, name).attachment();
                assertTrue(attachment.hasContent(), name);
                byte[] expected = zip.getInputStream(zip.getEntry(name)).readAllBytes();
                assertArrayEquals(expected, read(attachment), name);
                assertArrayEquals(expected, read(attachment), "each open starts at the first byte");
                assertEquals(expected.length, attachment.size());
            }
        }
        assertEquals(MessageType.IMAGE, withFile(messages, "00000012-PHOTO-2024-02-02-18-06-33.jpg").type());
    }

    @Test
    void aTranscriptWithoutItsMediaDescribesTheFilesByNameOnly() throws Exception {
        Path zip = zip("WhatsApp Chat - Trip.zip", List.of("_chat.txt"), List.of(transcript(
                "[13.03.24, 10:00:00] Ann: ‎<attached: 00000001-PHOTO-2024-03-13-10-00-00.jpg>",
                "[13.03.24, 10:01:00] Ben: nice")));

        HistoricalMessage photo = withFile(importAll(zip), "00000001-PHOTO-2024-03-13-10-00-00.jpg");

        assertFalse(photo.attachment().hasContent());
        assertNull(photo.attachment().size());
    }

    @Test
    void aNameThatPointsElsewhereBecomesABareFileNameAndReadsOnlyTheZipsOwnFile() throws Exception {
        Path zip = zip("WhatsApp Chat - Slip.zip", List.of("_chat.txt", "media/evil.jpg"), List.of(transcript(
                        "[13.03.24, 10:00:00] Ann: ‎<attached: ../../../etc/evil.jpg>",
                        "[13.03.24, 10:01:00] Ben: what is that"),
                "photo bytes".getBytes(StandardCharsets.UTF_8)));

        List<HistoricalMessage> messages = importAll(zip);
        Attachment attachment = withFile(messages, "evil.jpg").attachment();

        assertArrayEquals("photo bytes".getBytes(StandardCharsets.UTF_8), read(attachment));
        assertEquals(Optional.of("x.jpg"), ExportMedia.fileName("C:\\Users\\x.jpg"));
        assertEquals(Optional.empty(), ExportMedia.fileName("../"));
        assertEquals(Optional.of("ab.jpg"), ExportMedia.fileName("a\u0000b.jpg"));
    }

    @Test
    void aMediumThatInflatesLikeAZipBombStopsWhileBeingRead() throws Exception {
        byte[] zeros = new byte[8 << 20];
        Path zip = zip("WhatsApp Chat - Bomb.zip", List.of("_chat.txt", "big.pdf"), List.of(transcript(
                        "[13.03.24, 10:00:00] Ann: ‎<attached: big.pdf>",
                        "[13.03.24, 10:01:00] Ben: ok"),
                zeros));

        Attachment attachment = withFile(importAll(zip), "big.pdf").attachment();

        IOException e = assertThrows(IOException.class, () -> read(attachment));
        assertTrue(e.getMessage().contains("compressed more than"), e.getMessage());
    }

    private static byte[] transcript(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private Path zip(String name, List<String> entries, List<byte[]> contents) throws IOException {
        Path path = temp.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(path))) {
            for (int i = 0; i < entries.size(); i++) {
                out.putNextEntry(new ZipEntry(entries.get(i)));
                out.write(contents.get(i));
                out.closeEntry();
            }
        }
        return path;
    }
}
