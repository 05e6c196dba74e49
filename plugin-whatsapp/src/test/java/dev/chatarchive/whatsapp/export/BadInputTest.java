package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chatarchive.api.PermanentProviderException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never crashes and never changes what the source knows: each gets a sentence saying what is
 * wrong, and the file is not registered.
 */
class BadInputTest {

    @TempDir
    Path temp;
    TestContext context;
    ExportHistorySource source;

    @BeforeEach
    void startSource() throws Exception {
        context = TestContext.amsterdam(temp);
        source = new ExportHistorySource();
        source.start(context);
        source.importSource(Samples.sample(Samples.ALICE));
    }

    /** Imports {@code file}, expects a refusal, and checks the source still holds exactly the one good chat. */
    private String refused(Path file) throws Exception {
        PermanentProviderException error = assertThrows(PermanentProviderException.class, () -> source.importSource(file));
        assertFalse(error.getMessage().isBlank());
        assertTrue(error.getMessage().endsWith(".") || error.getMessage().endsWith("?"), error.getMessage());
        assertEquals(1, source.listChats().size(), "the source still has the one good chat");
        List<String> registered = Files.readAllLines(context.dataDirectory().resolve("registered-exports.txt"));
        assertEquals(1, registered.size(), "nothing new is registered");
        return error.getMessage();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(temp.resolve(name), bytes);
    }

    private Path zip(String name, List<String> entryNames, List<byte[]> contents) throws IOException {
        Path path = temp.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(path))) {
            for (int i = 0; i < entryNames.size(); i++) {
                out.putNextEntry(new ZipEntry(entryNames.get(i)));
                out.write(contents.get(i));
                out.closeEntry();
            }
        }
        return path;
    }

    @Test
    void importSource_binaryFile_saysItIsNotText() throws Exception {
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);

        String message = refused(file("photo.txt", bytes));

        assertTrue(message.contains("not a text file"), message);
    }

    @Test
    void importSource_emptyFile_saysItIsEmpty() throws Exception {
        String message = refused(file("WhatsApp Chat with Nobody.txt", new byte[0]));

        assertTrue(message.contains("is empty"), message);
    }

    @Test
    void importSource_textWithoutAnyHeader_saysNoLineLooksLikeAMessage() throws Exception {
        String message = refused(file("notes.txt", "shopping list\nmilk\neggs\n".getBytes(StandardCharsets.UTF_8)));

        assertTrue(message.contains("no line that starts like a WhatsApp message"), message);
    }

    @Test
    void importSource_fiftyMegabyteSingleLine_isRefusedWithoutReadingItWhole() throws Exception {
        Path huge = temp.resolve("huge.txt");
        try (OutputStream out = Files.newOutputStream(huge)) {
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'a');
            for (int i = 0; i < 50; i++) {
                out.write(block);
            }
        }

        String message = refused(huge);

        assertTrue(message.contains("longer than"), message);
    }

    @Test
    void importSource_truncatedZip_saysItIsDamaged() throws Exception {
        byte[] whole = Files.readAllBytes(Samples.sample(Samples.FAMILIE));

        String message = refused(file("WhatsApp Chat - Cut.zip", Arrays.copyOf(whole, whole.length / 2)));

        assertTrue(message.contains("not a readable zip"), message);
    }

    @Test
    void importSource_zipWithAnEntryPointingOutside_isRefusedAsUnsafe() throws Exception {
        Path slip = zip("WhatsApp Chat - Slip.zip", List.of("_chat.txt", "../../evil.sh"),
                List.of("[23/03/2022, 13:31:00] Ann: hi\n".getBytes(StandardCharsets.UTF_8), "rm -rf /".getBytes()));

        String message = refused(slip);

        assertTrue(message.contains("points outside"), message);
        assertFalse(Files.exists(temp.getParent().resolve("evil.sh")));
    }

    @Test
    void importSource_zipWithAnAbsoluteEntryName_isRefusedAsUnsafe() throws Exception {
        Path slip = zip("WhatsApp Chat - Abs.zip", List.of("_chat.txt", "/tmp/evil.sh"),
                List.of("[23/03/2022, 13:31:00] Ann: hi\n".getBytes(StandardCharsets.UTF_8), "x".getBytes()));

        assertTrue(refused(slip).contains("points outside"));
    }

    @Test
    void importSource_zipBombTranscript_isRefusedForItsCompressionRatio() throws Exception {
        byte[] spaces = new byte[20 << 20];
        Arrays.fill(spaces, (byte) ' ');

        String message = refused(zip("WhatsApp Chat - Bomb.zip", List.of("_chat.txt"), List.of(spaces)));

        assertTrue(message.contains("compressed more than"), message);
    }

    @Test
    void importSource_zipWithoutTranscript_saysWhatItLookedFor() throws Exception {
        String message = refused(zip("WhatsApp Chat - Media.zip", List.of("IMG-1.jpg"), List.of(new byte[] {1, 2})));

        assertTrue(message.contains("no WhatsApp chat transcript"), message);
    }

    @Test
    void importSource_notAnExportName_saysWhatIsExpected() throws Exception {
        String message = refused(file("chat.pdf", "%PDF".getBytes()));

        assertTrue(message.contains("not a WhatsApp export"), message);
    }

    @Test
    void importSource_missingFile_saysItDoesNotExist() throws Exception {
        PermanentProviderException error = assertThrows(PermanentProviderException.class,
                () -> source.importSource(temp.resolve("gone.txt")));

        assertTrue(error.getMessage().contains("gone.txt"), error.getMessage());
    }

    @Test
    void listChats_badFileInTheExportsFolder_isSkippedAndReportedOnce() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("exports"));
        Files.copy(Samples.sample(Samples.LUCIA), folder.resolve(Samples.LUCIA));
        Files.write(folder.resolve("broken.txt"), new byte[] {0, 1, 2, 3});
        TestContext folderContext = new TestContext(temp.resolve("second"), java.util.Map.of(
                "exports.dirs", folder.toString(), "exports.timezone", "UTC"));
        ExportHistorySource folderSource = new ExportHistorySource();
        folderSource.start(folderContext);

        assertEquals(1, folderSource.listChats().size());
        assertEquals(1, folderSource.listChats().size());

        assertEquals(1, folderContext.events.size(), "the problem is reported once, not per scan");
        assertTrue(folderSource.status().detail().contains("1 could not be read"), folderSource.status().detail());
    }

    @Test
    void start_invalidTimeZoneSetting_reportsTheSettingAndRefusesToGuess() throws Exception {
        ExportHistorySource badZone = new ExportHistorySource();
        badZone.start(new TestContext(temp.resolve("zone"), java.util.Map.of("exports.timezone", "Mars/Olympus")));

        assertEquals(dev.chatarchive.api.ConnectionState.ERROR, badZone.status().state());
        PermanentProviderException error = assertThrows(PermanentProviderException.class, badZone::listChats);
        assertTrue(error.getMessage().contains("whatsapp.exports.timezone"), error.getMessage());
    }

    @Test
    void importSource_zipBombThatUnderstatesItsSize_isStoppedWhileReading() throws Exception {
        byte[] lines = new byte[20 << 20];
        Arrays.fill(lines, (byte) ' ');
        for (int at = 79; at < lines.length; at += 80) {
            lines[at] = '\n';
        }
        Path bomb = zip("WhatsApp Chat - Liar.zip", List.of("_chat.txt"), List.of(lines));
        byte[] bytes = Files.readAllBytes(bomb);
        // Declare 1000 bytes in the local and the central header, so only the bytes actually read tell.
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 4 <= bytes.length; at++) {
            int signature = buffer.getInt(at);
            if (signature == 0x04034b50) {
                buffer.putInt(at + 22, 1000);
            } else if (signature == 0x02014b50) {
                buffer.putInt(at + 24, 1000);
            }
        }
        Files.write(bomb, bytes);

        String message = refused(bomb);

        assertTrue(message.contains("compressed more than"), message);
    }
}
