package org.lightwayj.core.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 1071 / RFC 1624 checks ({@code utils.rs test_checksum} and the incremental-update tests). */
class InternetChecksumTest {
    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 §3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2.
        ByteBuf b = hex("0001f203f4f5f6f7");
        try {
            assertEquals(0xddf2, InternetChecksum.sum(b, 0, 8, 0));
            assertEquals(0x220d, InternetChecksum.checksum(b, 0, 8));
        } finally {
            b.release();
        }
    }

    @Test
    void ipv4HeaderChecksum() {
        // A well-known IPv4 header whose checksum field is b861.
        ByteBuf b = hex("450000730000400040110000c0a80001c0a800c7");
        try {
            assertEquals(0xb861, InternetChecksum.checksum(b, 0, 20));
            b.setShort(10, 0xb861);
            assertEquals(0, InternetChecksum.checksum(b, 0, 20), "a correct header sums to all ones");
        } finally {
            b.release();
        }
    }

    @Test
    void oddLengthPadsWithZero() {
        ByteBuf b = hex("0102030405");
        try {
            assertEquals(0x0102 + 0x0304 + 0x0500, InternetChecksum.sum(b, 0, 5, 0));
            assertEquals(0x0304 + 0x0500, InternetChecksum.sum(b, 2, 3, 0), "absolute index");
            assertEquals(0x1234 + 0x0102, InternetChecksum.sum(b, 0, 2, 0x1234), "initial sum chains");
        } finally {
            b.release();
        }
    }

    @Test
    void rfc1624Example() {
        // RFC 1624 §4: HC = 0xdd2f, m = 0x5555 -> m' = 0x3285 gives HC' = 0x0000 with equation 3.
        assertEquals(0x0000, InternetChecksum.update(0xdd2f, 0x5555, 0x3285));
    }

    @Test
    void update32IsTwoWordUpdates() {
        int c = 0xb861;
        assertEquals(InternetChecksum.update(InternetChecksum.update(c, 0xc0a8, 0x0a7d), 0x0001, 0x0005),
                InternetChecksum.update32(c, 0xc0a80001, 0x0a7d0005));
    }

    @Test
    void swap() {
        assertEquals(0x3412, InternetChecksum.swap(0x1234));
        assertEquals(0x00ff, InternetChecksum.swap(0xff00));
    }

    @Test
    void sumMatchesTheReferenceAndIncrementalUpdateMatchesRecomputation() {
        qt().withExamples(500)
                .forAll(integers().between(2, 300), longs().all())
                .checkAssert((len, seed) -> {
                    Random rnd = new Random(seed);
                    byte[] data = new byte[len];
                    rnd.nextBytes(data);
                    ByteBuf b = Unpooled.wrappedBuffer(data);
                    try {
                        int start = rnd.nextInt(len);
                        int n = len - start;
                        assertEquals(Packets.refSum(data, start, n, 0), InternetChecksum.sum(b, start, n, 0));
                        int before = InternetChecksum.checksum(b, 0, len);
                        // Change a 16-bit field at any offset (even or odd relative to the start).
                        int at = rnd.nextInt(len - 1);
                        int old = b.getUnsignedShort(at);
                        int now = rnd.nextInt(0x10000);
                        b.setShort(at, now);
                        int updated = (at & 1) == 0
                                ? InternetChecksum.update(before, old, now)
                                : InternetChecksum.update(before, InternetChecksum.swap(old), InternetChecksum.swap(now));
                        // Verify by summing the data plus the checksum: all ones (either zero is fine).
                        int check = InternetChecksum.fold((long) InternetChecksum.sum(b, 0, len, 0) + updated);
                        assertEquals(0xFFFF, check);
                    } finally {
                        b.release();
                    }
                });
    }
}
