package org.lightwayj.core.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.core.ip.Packets.ACK;
import static org.lightwayj.core.ip.Packets.SYN;
import static org.lightwayj.core.ip.Packets.mss;
import static org.lightwayj.core.ip.Packets.options;
import static org.lightwayj.core.ip.Packets.tcp;
import static org.lightwayj.core.ip.Packets.u16;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** {@code utils.rs test_tcp_clamp} of spec §7, plus the edge cases of §4.6's clamp. */
class TcpMssClampTest {
    private static final byte[] NONE = new byte[0];
    private static final byte[] NOP = {1};
    private static final byte[] WSCALE = {3, 3, 7};
    private static final byte[] SACK_OK = {4, 2};
    private static final byte[] TIMESTAMP = {8, 10, 1, 2, 3, 4, 0, 0, 0, 0};

    private static final class Outcome {
        final MssClampResult result;
        final byte[] after;

        Outcome(MssClampResult result, byte[] after) {
            this.result = result;
            this.after = after;
        }
    }

    private static Outcome clamp(byte[] packet, int max) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet.clone());
        try {
            MssClampResult r = TcpMssClamp.clamp(buf, max);
            assertEquals(0, buf.readerIndex());
            return new Outcome(r, ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    private static int mssAt(byte[] p, int optionOffset) {
        int ihl = (p[0] & 0xF) * 4;
        return u16(p, ihl + 20 + optionOffset + 2);
    }

    @Test
    void clampsSyn() {
        byte[] syn = tcp(NONE, SYN, options(mss(1412), SACK_OK, TIMESTAMP, NOP, WSCALE), NONE);
        Outcome o = clamp(syn, 1200);
        assertEquals(MssClampResult.CLAMPED, o.result);
        assertTrue(o.result.modified());
        assertEquals(1200, mssAt(o.after, 0));
        assertTrue(Packets.tcpOk(o.after));
        assertTrue(Packets.ipHeaderOk(o.after));
        byte[] expected = tcp(NONE, SYN, options(mss(1200), SACK_OK, TIMESTAMP, NOP, WSCALE), NONE);
        assertArrayEquals(expected, o.after, "same bytes as a packet built with MSS 1200");
    }

    @Test
    void clampsSynAck() {
        byte[] synAck = tcp(NONE, SYN | ACK, options(mss(1412), NOP, WSCALE), NONE);
        Outcome o = clamp(synAck, 1200);
        assertEquals(MssClampResult.CLAMPED, o.result);
        assertEquals(1200, mssAt(o.after, 0));
        assertTrue(Packets.tcpOk(o.after));
    }

    @Test
    void clampsAnOddAlignedMss() {
        byte[] syn = tcp(NONE, SYN, options(NOP, mss(1412), WSCALE), NONE);
        Outcome o = clamp(syn, 1200);
        assertEquals(MssClampResult.CLAMPED, o.result);
        assertEquals(1200, mssAt(o.after, 1));
        assertTrue(Packets.tcpOk(o.after), "the incremental update handles a field at an odd offset");
    }

    @Test
    void clampsWithIpOptionsAndPayload() {
        byte[] syn = tcp(new byte[] {1, 1, 1, 0}, SYN, options(mss(9000)), new byte[] {1, 2, 3});
        Outcome o = clamp(syn, 1376);
        assertEquals(MssClampResult.CLAMPED, o.result);
        assertEquals(1376, mssAt(o.after, 0));
        assertTrue(Packets.tcpOk(o.after));
    }

    @Test
    void unchangedWhenAlreadySmallerOrEqual() {
        byte[] syn = tcp(NONE, SYN, options(mss(1000)), NONE);
        Outcome smaller = clamp(syn, 1200);
        assertEquals(MssClampResult.UNCHANGED, smaller.result);
        assertArrayEquals(syn, smaller.after);
        byte[] equal = tcp(NONE, SYN, options(mss(1200)), NONE);
        Outcome same = clamp(equal, 1200);
        assertEquals(MssClampResult.UNCHANGED, same.result);
        assertArrayEquals(equal, same.after);
    }

    @Test
    void malformedOptionsAreLeftAlone() {
        byte[][] bad = {
            options(mss(1412), new byte[] {8, 0}),              // option length 0
            options(mss(1412), new byte[] {8, 1}),              // option length 1
            options(mss(1412), new byte[] {8, 30}),             // runs past the option area
            options(new byte[] {2, 3, 5, (byte) 0x84}),         // MSS with length 3
            options(new byte[] {2, 6, 5, (byte) 0x84, 0, 0}),   // MSS with length 6
            options(NOP, NOP, NOP, new byte[] {2}),             // kind without a length byte
        };
        for (byte[] opts : bad) {
            byte[] syn = tcp(NONE, SYN, opts, NONE);
            Outcome o = clamp(syn, 1200);
            assertEquals(MssClampResult.MALFORMED, o.result, ByteBufUtil.hexDump(opts));
            assertArrayEquals(syn, o.after);
        }
    }

    @Test
    void optionsAfterEolAreIgnored() {
        byte[] syn = tcp(NONE, SYN, options(new byte[] {0, 2, 4, 5, (byte) 0x84}), NONE);
        Outcome o = clamp(syn, 1200);
        assertEquals(MssClampResult.NO_MSS_OPTION, o.result);
        assertArrayEquals(syn, o.after);
    }

    @Test
    void everyMssOptionIsClamped() {
        byte[] syn = tcp(NONE, SYN, options(mss(1412), NOP, mss(1300)), NONE);
        Outcome o = clamp(syn, 1200);
        assertEquals(MssClampResult.CLAMPED, o.result);
        assertEquals(1200, mssAt(o.after, 0));
        assertEquals(1200, mssAt(o.after, 5));
        assertTrue(Packets.tcpOk(o.after));
    }

    @Test
    void nonSynIpv6UdpAndOthersUntouched() {
        byte[] ack = tcp(NONE, ACK, options(mss(1412)), NONE);
        assertUntouched(ack, MssClampResult.NOT_SYN);

        byte[] noMss = tcp(NONE, SYN, options(NOP, WSCALE), NONE);
        assertUntouched(noMss, MssClampResult.NO_MSS_OPTION);

        byte[] udp = tcp(NONE, SYN, options(mss(1412)), NONE);
        udp[9] = 17;
        Packets.fixChecksums(udp);
        assertUntouched(udp, MssClampResult.NOT_TCP);

        byte[] ipv6 = new byte[60];
        ipv6[0] = 0x60;
        ipv6[6] = 6;
        assertUntouched(ipv6, MssClampResult.NOT_IPV4);
        assertUntouched(new byte[0], MssClampResult.NOT_IPV4);

        byte[] fragment = tcp(NONE, SYN, options(mss(1412)), NONE);
        fragment[7] = 5; // fragment offset 40 bytes
        assertUntouched(fragment, MssClampResult.FRAGMENT);
    }

    @Test
    void malformedHeadersAreLeftAlone() {
        byte[] good = tcp(NONE, SYN, options(mss(1412)), NONE);

        assertUntouched(java.util.Arrays.copyOf(good, 19), MssClampResult.MALFORMED);
        byte[] shortIhl = good.clone();
        shortIhl[0] = 0x44;
        assertUntouched(shortIhl, MssClampResult.MALFORMED);
        byte[] longTotal = good.clone();
        longTotal[3] = (byte) (good.length + 1);
        assertUntouched(longTotal, MssClampResult.MALFORMED);
        assertUntouched(java.util.Arrays.copyOf(good, good.length - 1), MssClampResult.MALFORMED);
        byte[] tinyTotal = good.clone();
        tinyTotal[3] = 30; // TCP part of 10 bytes
        assertUntouched(tinyTotal, MssClampResult.MALFORMED);
        byte[] dataOffset = good.clone();
        dataOffset[20 + 12] = (byte) 0x40; // 16-byte TCP header
        assertUntouched(dataOffset, MssClampResult.MALFORMED);
        byte[] dataOffsetPast = good.clone();
        dataOffsetPast[20 + 12] = (byte) 0xF0; // 60 bytes, past the segment
        assertUntouched(dataOffsetPast, MssClampResult.MALFORMED);
    }

    @Test
    void respectsReaderIndexAndIgnoresPadding() {
        byte[] syn = tcp(NONE, SYN, options(mss(1460)), NONE);
        byte[] framed = new byte[syn.length + 7];
        System.arraycopy(syn, 0, framed, 3, syn.length);
        framed[framed.length - 1] = 0x55; // link padding after the total length
        ByteBuf buf = Unpooled.wrappedBuffer(framed);
        try {
            buf.readerIndex(3);
            assertEquals(MssClampResult.CLAMPED, TcpMssClamp.clamp(buf, 1200));
            assertEquals(3, buf.readerIndex());
            byte[] after = new byte[syn.length];
            buf.getBytes(3, after);
            assertEquals(1200, mssAt(after, 0));
            assertTrue(Packets.tcpOk(after));
            assertEquals(0x55, buf.getByte(framed.length - 1));
        } finally {
            buf.release();
        }
    }

    @Test
    void mssForDataMpsAndArgumentCheck() {
        assertEquals(1207, TcpMssClamp.mssForDataMps(1247));
        assertEquals(0, TcpMssClamp.mssForDataMps(10));
        ByteBuf buf = Unpooled.wrappedBuffer(tcp(NONE, SYN, options(mss(1412)), NONE));
        try {
            assertThrows(IllegalArgumentException.class, () -> TcpMssClamp.clamp(buf, -1));
            assertThrows(IllegalArgumentException.class, () -> TcpMssClamp.clamp(buf, 0x10000));
        } finally {
            buf.release();
        }
    }

    private static void assertUntouched(byte[] packet, MssClampResult expected) {
        Outcome o = clamp(packet, 1200);
        assertEquals(expected, o.result);
        assertArrayEquals(packet, o.after);
    }
}
