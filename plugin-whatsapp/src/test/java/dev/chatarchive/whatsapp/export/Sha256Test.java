package dev.chatarchive.whatsapp.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sha256 gives the runtime's SHA-256, whatever the message's length and however it is fed: ids hash with it. */
class Sha256Test {

    private static byte[] bytes(int[] words) {
        ByteBuffer out = ByteBuffer.allocate(32);
        for (int word : words) {
            out.putInt(word);
        }
        return out.array();
    }

    @Test
    void finish_standardVectors_giveTheStandardHashes() {
        Sha256 sha = new Sha256();
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(bytes(sha.finish())));
        sha.reset();
        sha.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(bytes(sha.finish())));
        sha.reset();
        sha.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                HexFormat.of().formatHex(bytes(sha.finish())));
    }

    @Test
    void finish_everyLengthUpToAFewBlocksFedInRandomPieces_isTheRuntimesHash() throws Exception {
        MessageDigest runtime = MessageDigest.getInstance("SHA-256");
        Random random = new Random(256);
        Sha256 sha = new Sha256();
        for (int length = 0; length <= 520; length++) {
            byte[] message = new byte[length];
            random.nextBytes(message);
            sha.reset();
            int at = 0;
            while (at < length) {
                int piece = Math.min(length - at, random.nextInt(3) == 0 ? 1 : random.nextInt(130));
                if (piece == 1 && random.nextBoolean()) {
                    sha.update(message[at]);
                } else {
                    sha.update(Arrays.copyOfRange(message, at, at + piece));
                }
                at += piece;
            }
            assertArrayEquals(runtime.digest(message), bytes(sha.finish()), "length " + length);
        }
    }

    @Test
    void finish_aLongMessage_isTheRuntimesHash() throws Exception {
        byte[] message = new byte[1 << 20];
        new Random(7).nextBytes(message);
        Sha256 sha = new Sha256();
        sha.update(message, 0, message.length);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(message), bytes(sha.finish()));
    }
}
