package org.lightwayj.core.tls.dtls13;

/**
 * The ChaCha20 block function (RFC 8439 §2.3), for the record-number mask of the ChaCha20-Poly1305
 * suite (RFC 9147 §4.2.3). The JDK's "ChaCha20" cipher would need a fresh parameter object per record
 * and refuses to re-use a key and nonce; the mask needs one block, computed here without allocating.
 */
final class ChaCha20Block {
    private final int[] key = new int[8];
    private final int[] state = new int[16];
    private final int[] work = new int[16];

    ChaCha20Block(byte[] key32) {
        for (int i = 0; i < 8; i++) {
            key[i] = le(key32, 4 * i);
        }
    }

    /** Writes the first {@code out.length} (at most 64) keystream bytes for counter and 12-byte nonce. */
    void keystream(int counter, byte[] nonce, int nonceOff, byte[] out) {
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        System.arraycopy(key, 0, state, 4, 8);
        state[12] = counter;
        state[13] = le(nonce, nonceOff);
        state[14] = le(nonce, nonceOff + 4);
        state[15] = le(nonce, nonceOff + 8);
        System.arraycopy(state, 0, work, 0, 16);
        for (int i = 0; i < 10; i++) {
            quarter(0, 4, 8, 12);
            quarter(1, 5, 9, 13);
            quarter(2, 6, 10, 14);
            quarter(3, 7, 11, 15);
            quarter(0, 5, 10, 15);
            quarter(1, 6, 11, 12);
            quarter(2, 7, 8, 13);
            quarter(3, 4, 9, 14);
        }
        for (int i = 0; i < out.length; i++) {
            int w = work[i >>> 2] + state[i >>> 2];
            out[i] = (byte) (w >>> (8 * (i & 3)));
        }
    }

    /** One 64-byte keystream block with the record-number convention: counter and nonce from the 16-byte sample. */
    void maskBlock(byte[] sample, int off, byte[] out, int outOff) {
        byte[] b = new byte[64];
        keystream(le(sample, off), sample, off + 4, b);
        System.arraycopy(b, 0, out, outOff, 64);
    }

    /** The RFC 8439 §2.3 block for a counter and 12-byte nonce, 64 bytes into {@code out}. */
    void block(int counter, byte[] nonce, int nonceOff, byte[] out, int outOff) {
        byte[] b = new byte[64];
        keystream(counter, nonce, nonceOff, b);
        System.arraycopy(b, 0, out, outOff, 64);
    }

    private void quarter(int a, int b, int c, int d) {
        int[] x = work;
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = Integer.rotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = Integer.rotateLeft(x[b] ^ x[c], 7);
    }

    static int le(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }
}
