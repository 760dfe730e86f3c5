package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The synthetic inside packets: valid IPv4/UDP, sequence numbers survive, any flipped bit is caught. */
class SyntheticTrafficTest {
    private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    @Test
    void roundTripAndChecksums() {
        qt().withExamples(300).forAll(integers().between(SyntheticTraffic.MIN_SIZE, SyntheticTraffic.MAX_SIZE),
                longs().between(0, Integer.MAX_VALUE - 1)).checkAssert((size, seq) -> {
                    ByteBuf p = SyntheticTraffic.packet(ALLOC, size, SyntheticTraffic.ipv4("10.125.0.2"),
                            SyntheticTraffic.ipv4("10.125.0.1"), seq, 123456789L);
                    try {
                        assertEquals(size, p.readableBytes());
                        assertEquals(0x45, p.getUnsignedByte(0));
                        assertEquals(seq, SyntheticTraffic.sequenceOf(p));
                        assertEquals(123456789L, SyntheticTraffic.sentAt(p));
                    } finally {
                        p.release();
                    }
                });
    }

    @Test
    void aFlippedBitIsRejected() {
        qt().withExamples(300).forAll(integers().between(SyntheticTraffic.MIN_SIZE, 400),
                integers().between(0, 399 * 8)).checkAssert((size, bit) -> {
                    int b = bit % (size * 8);
                    ByteBuf p = SyntheticTraffic.packet(ALLOC, size, 0x0A7D0002, 0x0A7D0001, 77, 1);
                    try {
                        p.setByte(b / 8, p.getByte(b / 8) ^ (1 << (b % 8)));
                        assertEquals(-1, SyntheticTraffic.sequenceOf(p));
                    } finally {
                        p.release();
                    }
                });
    }
}
