package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.SessionId;

/** SessionId tests of spec §7 ({@code session_id::*}). */
class SessionIdTest {
    @Test
    void debugFormat() {
        assertEquals("0000000000000000", SessionId.EMPTY.toString());
        assertEquals("ffffffffffffffff", SessionId.REJECTED.toString());
        assertEquals("123456789abcdef0", new SessionId(0x123456789abcdef0L).toString());
        assertEquals("00000000000000ff", new SessionId(0xffL).toString());
    }

    @Test
    void isReserved() {
        assertTrue(SessionId.EMPTY.isReserved());
        assertTrue(SessionId.REJECTED.isReserved());
        assertFalse(new SessionId(1).isReserved());
        assertFalse(new SessionId(0x123456789abcdef0L).isReserved());
    }

    @Test
    void genRandomIdsDiffer() {
        SplittableRandom r = new SplittableRandom(42);
        assertNotEquals(SessionId.random(r::nextLong), SessionId.random(r::nextLong));
    }

    @Test
    void randomRedrawsReservedValues() {
        long[] seq = {0L, -1L, 0L, 7L};
        LongSupplier rigged = new LongSupplier() {
            int i;

            @Override
            public long getAsLong() {
                return seq[i++];
            }
        };
        assertEquals(new SessionId(7L), SessionId.random(rigged));
    }

    @Test
    void toStringIsSixteenLowercaseHexDigits() {
        qt().withExamples(500).forAll(longs().all()).checkAssert(v -> {
            String s = new SessionId(v).toString();
            assertEquals(16, s.length());
            assertTrue(s.matches("[0-9a-f]{16}"), s);
            assertEquals(v, Long.parseUnsignedLong(s, 16));
        });
    }
}
