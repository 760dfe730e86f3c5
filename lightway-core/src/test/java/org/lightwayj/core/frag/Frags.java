package org.lightwayj.core.frag;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Test helpers: feed fragments from strings or byte ranges, releasing the inputs. */
final class Frags {
    private Frags() {
    }

    static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    /** Adds an ASCII fragment; the caller owns (and must release) a non-null result. */
    static ByteBuf add(FragmentMap map, int id, int offset, boolean mf, String bytes) throws FragmentException {
        return add(map, id, offset, mf, false, bytes, 0L);
    }

    static ByteBuf add(FragmentMap map, int id, int offset, boolean mf, boolean encoded, String bytes, long now)
            throws FragmentException {
        ByteBuf data = ascii(bytes);
        try {
            return map.add(id, offset, mf, encoded, data, now);
        } finally {
            data.release();
        }
    }

    static ByteBuf add(FragmentMap map, int id, int offset, boolean mf, byte[] packet, int from, int to, long now)
            throws FragmentException {
        ByteBuf data = Unpooled.wrappedBuffer(packet, from, to - from);
        try {
            return map.add(id, offset, mf, false, data, now);
        } finally {
            data.release();
        }
    }

    static String string(ByteBuf b) {
        return b.toString(StandardCharsets.US_ASCII);
    }

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }
}
