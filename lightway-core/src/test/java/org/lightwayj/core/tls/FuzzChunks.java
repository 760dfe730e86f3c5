package org.lightwayj.core.tls;

import java.util.Arrays;

/**
 * The chunk encoding the DTLS engine fuzz targets share: after byte 0 (the target's own settings),
 * each step is a flags byte, then a length (two bytes, big-endian, when flags bit 2 is set, else one)
 * and that many bytes, cut short at the input's end. What the other flag bits mean is each target's.
 */
final class FuzzChunks {
    private final byte[] input;
    private int pos = 1;
    /** The bytes of the step {@link #next()} read last. */
    byte[] chunk;

    FuzzChunks(byte[] input) {
        this.input = input;
    }

    boolean hasNext() {
        return pos < input.length;
    }

    /** Reads one step: {@return its flags byte}, with its bytes in {@link #chunk}. */
    int next() {
        int flags = input[pos++] & 0xFF;
        int len;
        if ((flags & 4) != 0) {
            len = pos + 1 < input.length ? ((input[pos] & 0xFF) << 8) | (input[pos + 1] & 0xFF) : 0;
            pos += 2;
        } else {
            len = pos < input.length ? input[pos] & 0xFF : 0;
            pos++;
        }
        len = Math.max(0, Math.min(len, input.length - pos));
        chunk = pos < input.length ? Arrays.copyOfRange(input, pos, pos + len) : new byte[0];
        pos += len;
        return flags;
    }
}
