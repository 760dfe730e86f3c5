package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** Shared helpers for the wire tests. Buffers come from the pooled allocator so the leak detector sees them. */
final class WireTestSupport {
    private WireTestSupport() {}

    /** Parses hex with optional spaces. */
    static byte[] bytes(String hex) {
        return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return ByteBufUtil.hexDump(b);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] repeat(int b, int n) {
        byte[] r = new byte[n];
        java.util.Arrays.fill(r, (byte) b);
        return r;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] r = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, i, p.length);
            i += p.length;
        }
        return r;
    }

    static byte[] concat(int first, byte[] rest) {
        return concat(new byte[] {(byte) first}, rest);
    }

    static ByteBuf buf(byte[] b) {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(b.length, 1));
        buf.writeBytes(b);
        return buf;
    }

    /** Encodes a frame and returns its bytes; checks that encodedLength matches. Releases nothing of the frame. */
    static byte[] encode(Frame f) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            f.encode(out);
            assertEquals(f.encodedLength(), out.readableBytes(), "encodedLength of " + f);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Asserts {@code f} encodes to exactly {@code wire}, then releases {@code f}. */
    static void assertEncodes(Frame f, byte[] wire) {
        try {
            assertEquals(hex(wire), hex(encode(f)));
        } finally {
            f.release();
        }
    }

    /** Asserts {@code wire} decodes to a frame equal to {@code expected}, consuming the whole buffer; releases both. */
    static void assertDecodes(byte[] wire, Frame expected) {
        ByteBuf in = buf(wire);
        try {
            Frame got = Frame.decode(in);
            try {
                assertEquals(expected, got);
                assertEquals(expected.kind(), got.kind());
                assertEquals(0, in.readableBytes(), "decode must consume the whole buffer");
                assertEquals(wire.length, got.encodedLength());
            } finally {
                got.release();
            }
        } catch (WireException e) {
            throw new AssertionError("unexpected " + e.error() + ": " + e.getMessage(), e);
        } finally {
            expected.release();
            in.release();
        }
    }

    /** Decode AND encode of one vector. {@code frame} must be a fresh frame; it is released. */
    static void assertVector(byte[] wire, java.util.function.Supplier<Frame> frame) {
        assertDecodes(wire, frame.get());
        assertEncodes(frame.get(), wire);
    }

    /** Asserts frame decode of {@code wire} fails with {@code error} and consumes nothing. */
    static WireException assertFrameError(byte[] wire, WireError error) {
        ByteBuf in = buf(wire);
        try {
            int before = in.readerIndex();
            WireException e = assertThrows(WireException.class, () -> Frame.decode(in));
            assertEquals(error, e.error(), e.getMessage());
            assertEquals(before, in.readerIndex(), "failed decode must not consume");
            assertEquals(wire.length, in.readableBytes());
            return e;
        } finally {
            in.release();
        }
    }
}
