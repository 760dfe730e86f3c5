package org.lightwayj.codec.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Android fallback (eight byte stores) writes what the JDK's VarHandle path writes. */
class LittleEndianTest {

    @Test
    void theJdkUsesTheViewHandle() {
        assertTrue(LittleEndian.VIEW_HANDLE);
        assertTrue(BootModules.has("java.base"));
    }

    @Test
    void byteStoresMatchTheViewHandle() {
        SplittableRandom r = new SplittableRandom(26);
        for (int n = 0; n < 1000; n++) {
            long v = r.nextLong();
            int off = r.nextInt(9);
            byte[] a = new byte[16];
            byte[] b = new byte[16];
            ViewHandles.putLongLE(a, off, v);
            LittleEndian.putLongBytes(b, off, v);
            assertArrayEquals(a, b);
        }
    }
}
