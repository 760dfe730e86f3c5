package org.lightwayj.core.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** {@code utils.rs test_ipv4_is_valid_packet} of spec §7. */
class IpPacketsTest {
    private static boolean isIpv4(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        ByteBuf buf = Unpooled.wrappedBuffer(b);
        try {
            return IpPackets.isIpv4(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void ipv4IsValidPacket() {
        assertFalse(isIpv4());
        assertTrue(isIpv4(0x40));
        assertFalse(isIpv4(0x60));
        assertTrue(isIpv4(0x45, 0x00));
        assertFalse(isIpv4(0x00));
        assertFalse(isIpv4(0xF4));
    }

    @Test
    void versionRespectsReaderIndexAndDoesNotMoveIt() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {0x45, 0x60});
        try {
            assertEquals(4, IpPackets.version(buf));
            buf.readerIndex(1);
            assertEquals(6, IpPackets.version(buf));
            assertFalse(IpPackets.isIpv4(buf));
            assertEquals(1, buf.readerIndex());
            buf.readerIndex(2);
            assertEquals(-1, IpPackets.version(buf));
        } finally {
            buf.release();
        }
    }
}
