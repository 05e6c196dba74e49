package dev.chatarchive.whatsapp.backup.android;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chatarchive.whatsapp.backup.FixtureDatabases;
import org.junit.jupiter.api.Test;

/**
 * Old Android rows keep the media file's path only inside {@code thumb_image}, a Java-serialised
 * object: the path string is picked out of the bytes, nothing is deserialised, and a blob that holds
 * no WhatsApp media path gives none.
 */
class ThumbImagePathTest {

    @Test
    void pathInThumbImage_serialisedObjectWithAFile_givesItsPath() throws Exception {
        assertEquals("/storage/emulated/0/WhatsApp/Media/WhatsApp Video/VID-20150301-WA0001.mp4",
                LegacyAndroidReader.pathInThumbImage(FixtureDatabases.serialisedMediaData(
                        "/storage/emulated/0/WhatsApp/Media/WhatsApp Video/VID-20150301-WA0001.mp4")));
    }

    @Test
    void pathInThumbImage_fileOutsideWhatsAppsMediaFolder_givesNone() throws Exception {
        assertNull(LegacyAndroidReader.pathInThumbImage(FixtureDatabases.serialisedMediaData("/sdcard/Download/notes.txt")));
    }

    @Test
    void pathInThumbImage_jpegThumbnailOrTruncatedBytes_givesNone() {
        assertNull(LegacyAndroidReader.pathInThumbImage(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x74, 0x7F, 0x7F, 1}));
        assertNull(LegacyAndroidReader.pathInThumbImage(new byte[] {0x74, 0x00, 0x10, 'M', 'e', 'd', 'i', 'a', '/'}));
        assertNull(LegacyAndroidReader.pathInThumbImage(null));
    }

    @Test
    void pathInThumbImage_pathWithAControlCharacter_givesNone() {
        byte[] text = "Media/WhatsApp Images/a\u001b[2J.jpg".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] blob = new byte[text.length + 3];
        blob[0] = 0x74;
        blob[1] = (byte) (text.length >> 8);
        blob[2] = (byte) text.length;
        System.arraycopy(text, 0, blob, 3, text.length);
        assertNull(LegacyAndroidReader.pathInThumbImage(blob));
    }
}
