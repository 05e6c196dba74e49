package dev.chatarchive.whatsapp.export;

/**
 * SHA-256 (FIPS 180-4) of messages fed in pieces, for {@link MessageIds}: the same hash as the
 * runtime's {@code MessageDigest.getInstance("SHA-256")}, which {@code Sha256Test} checks it against.
 *
 * <p>Why not the runtime's: the application runs with the first JIT tier only
 * ({@code -XX:TieredStopAtLevel=1}, for start-up), where the runtime's implementation gets neither its
 * processor intrinsic nor the inlining of the method handles it reads words through, and hashing an
 * id per message was a tenth of a parse. This one keeps the state and the schedule in fields and
 * arrays it reuses, and allocates nothing per message.
 */
final class Sha256 {

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

    private final int[] state = new int[8];
    private final int[] schedule = new int[64];
    private final byte[] block = new byte[64];
    private int filled;
    private long length;

    Sha256() {
        reset();
    }

    /** Starts a new message. */
    void reset() {
        state[0] = 0x6a09e667;
        state[1] = 0xbb67ae85;
        state[2] = 0x3c6ef372;
        state[3] = 0xa54ff53a;
        state[4] = 0x510e527f;
        state[5] = 0x9b05688c;
        state[6] = 0x1f83d9ab;
        state[7] = 0x5be0cd19;
        filled = 0;
        length = 0;
    }

    void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    void update(byte[] bytes, int offset, int count) {
        length += count;
        int at = offset;
        int end = offset + count;
        while (at < end) {
            int take = Math.min(64 - filled, end - at);
            System.arraycopy(bytes, at, block, filled, take);
            filled += take;
            at += take;
            if (filled == 64) {
                compress();
                filled = 0;
            }
        }
    }

    void update(byte value) {
        length++;
        block[filled++] = value;
        if (filled == 64) {
            compress();
            filled = 0;
        }
    }

    /**
     * Ends the message: its hash, as eight big-endian words (word 0 holds the hash's first four
     * bytes). The returned array is this object's and changes with the next message.
     */
    int[] finish() {
        long bits = length * 8;
        update((byte) 0x80);
        while (filled != 56) {
            update((byte) 0);
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            block[filled++] = (byte) (bits >>> shift);
        }
        compress();
        filled = 0;
        return state;
    }

    private void compress() {
        int[] w = schedule;
        byte[] b = block;
        for (int i = 0; i < 16; i++) {
            int j = i * 4;
            w[i] = (b[j] << 24) | ((b[j + 1] & 0xFF) << 16) | ((b[j + 2] & 0xFF) << 8) | (b[j + 3] & 0xFF);
        }
        for (int i = 16; i < 64; i++) {
            int x = w[i - 15];
            int y = w[i - 2];
            int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
            int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        int a = state[0];
        int bb = state[1];
        int c = state[2];
        int d = state[3];
        int e = state[4];
        int f = state[5];
        int g = state[6];
        int h = state[7];
        for (int i = 0; i < 64; i++) {
            int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            int choice = (e & f) ^ (~e & g);
            int t1 = h + s1 + choice + K[i] + w[i];
            int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            int majority = (a & bb) ^ (a & c) ^ (bb & c);
            int t2 = s0 + majority;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = bb;
            bb = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += bb;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}
