package org.lightwayj.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code struct ifreq} layout and the name rules; no root, no native calls. */
class IfReqTest {
    @Test
    void tunSetIffConstantsAreTheKernelsOnes() {
        // _IOW('T', 202, int): dir write (1) << 30 | sizeof(int) << 16 | 'T' << 8 | 202
        assertEquals((1L << 30) | (4L << 16) | ('T' << 8) | 202, IfReq.TUNSETIFF);
        assertEquals(0x1001, IfReq.IFF_TUN | IfReq.IFF_NO_PI);
    }

    @Test
    void nameThenFlagsAtOffsetSixteenInFortyBytes() {
        byte[] r = IfReq.withFlags("lwj0", (short) 0x1001);
        assertEquals(40, r.length);
        assertArrayEquals(new byte[] {'l', 'w', 'j', '0', 0}, Arrays.copyOf(r, 5));
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        assertEquals(little ? 0x01 : 0x10, r[16]);
        assertEquals(little ? 0x10 : 0x01, r[17]);
        for (int i = 18; i < 40; i++) {
            assertEquals(0, r[i], "byte " + i);
        }
        assertEquals("lwj0", IfReq.name(r));
        assertEquals((short) 0x1001, IfReq.flags(r));
    }

    @Test
    void mtuIsAnIntAtOffsetSixteen() {
        byte[] r = IfReq.withMtu("x", 1350);
        assertEquals(1350, IfReq.mtu(r));
        assertEquals("x", IfReq.name(r));
    }

    @Test
    void fifteenCharactersFitWithTheirNul() {
        byte[] r = IfReq.withName("abcdefghijklmno");
        assertEquals(0, r[15]);
        assertEquals("abcdefghijklmno", IfReq.name(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdefghijklmnop", "a/b", "a b", "a:b", ".", "..", "t\u00e9"})
    void namesTheKernelRefusesAreRefusedHere(String name) {
        assertThrows(IllegalArgumentException.class, () -> IfReq.checkName(name));
    }

    @Test
    void aNumberTemplateIsAllowed() {
        assertEquals("tun%d", IfReq.checkName("tun%d"));
    }
}
