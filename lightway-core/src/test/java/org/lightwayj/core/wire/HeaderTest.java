package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.core.wire.WireTestSupport.buf;
import static org.lightwayj.core.wire.WireTestSupport.bytes;
import static org.lightwayj.core.wire.WireTestSupport.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;

/** Outer header vectors of spec §1.3 and the reject header of §1.4. */
class HeaderTest {
    private static final String VECTOR = "48 65 01 02 01 00 00 00 12 34 56 78 9a bc de f0";
    private static final Header VECTOR_HEADER =
            new Header(Version.V1_2, true, false, new SessionId(0x123456789abcdef0L));

    private static Header decode(byte[] b) throws WireException {
        ByteBuf in = buf(b);
        try {
            Header h = Header.decode(in);
            assertEquals(b.length - Header.SIZE, in.readableBytes());
            return h;
        } finally {
            in.release();
        }
    }

    private static byte[] encode(Header h) {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            h.encode(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    private static WireException error(byte[] b, WireError expected) {
        ByteBuf in = buf(b);
        try {
            WireException e = assertThrows(WireException.class, () -> Header.decode(in));
            assertEquals(expected, e.error());
            assertEquals(0, in.readerIndex(), "failed decode must not consume");
            return e;
        } finally {
            in.release();
        }
    }

    @Test
    void fromWireOk() throws WireException {
        assertEquals(VECTOR_HEADER, decode(bytes(VECTOR)));
    }

    @Test
    void intoWire() {
        assertEquals(VECTOR.replace(" ", ""), hex(encode(VECTOR_HEADER)));
    }

    @Test
    void staticEncodeMatchesRecordEncode() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            Header.encode(out, Version.V1_2, true, new SessionId(0x123456789abcdef0L));
            assertEquals(VECTOR.replace(" ", ""), ByteBufUtil.hexDump(out));
        } finally {
            out.release();
        }
    }

    @Test
    void fromWireTooShort() {
        error(new byte[15], WireError.INSUFFICIENT_DATA);
        error(new byte[0], WireError.INSUFFICIENT_DATA);
    }

    @Test
    void tooShortIsCheckedBeforeMagic() {
        error(bytes("5f 5f 01 02 00 00 00 00 00 00 00 00 00 00 00"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void fromWireBadMagicFirstByte() {
        WireException e = error(bytes("5f 65 01 02 00 00 00 00 00 00 00 00 00 00 00 00"), WireError.INVALID_MAGIC_NUMBER);
        assertEquals(0x5f, e.firstByte());
        assertEquals(0x65, e.secondByte());
    }

    @Test
    void fromWireBadMagicSecondByte() {
        WireException e = error(bytes("48 5f 01 02 00 00 00 00 00 00 00 00 00 00 00 00"), WireError.INVALID_MAGIC_NUMBER);
        assertEquals(0x48, e.firstByte());
        assertEquals(0x5f, e.secondByte());
    }

    @Test
    void magicIsCheckedBeforeVersion() {
        error(bytes("48 5f 09 09 00 00 00 00 00 00 00 00 00 00 00 00"), WireError.INVALID_MAGIC_NUMBER);
    }

    @ParameterizedTest(name = "version {0}.{1} rejected")
    @CsvSource({"1,0", "1,4", "0,0", "2,1", "0,3", "255,255"})
    void invalidVersion(int major, int minor) {
        byte[] b = bytes(VECTOR);
        b[2] = (byte) major;
        b[3] = (byte) minor;
        WireException e = error(b, WireError.INVALID_PROTOCOL_VERSION);
        assertEquals(major, e.major());
        assertEquals(minor, e.minor());
    }

    @ParameterizedTest(name = "version 1.{0} accepted")
    @CsvSource({"1", "2", "3"})
    void validVersions(int minor) throws WireException {
        byte[] b = bytes(VECTOR);
        b[3] = (byte) minor;
        assertEquals(new Version(1, minor), decode(b).version());
    }

    @Test
    void flagsAreNonZeroBytesAndReservedIsIgnored() throws WireException {
        Header h = decode(bytes("48 65 01 03 7f 80 ab cd ff ff ff ff ff ff ff ff"));
        assertTrue(h.aggressive());
        assertTrue(h.expressLane());
        assertEquals(SessionId.REJECTED, h.sessionId());
        assertEquals(Version.V1_3, h.version());
        assertEquals("4865010301010000ffffffffffffffff", hex(encode(h)));
    }

    @Test
    void clientSendPathDatagram() throws WireException {
        // io_adapter vector: header then the DTLS bytes "abcdefghi"; the payload is left unread.
        byte[] datagram = WireTestSupport.concat(bytes("48 65 01 03 00 00 00 00 de ad be ef de ad be ef"),
                WireTestSupport.ascii("abcdefghi"));
        ByteBuf in = buf(datagram);
        try {
            Header h = Header.decode(in);
            assertEquals(new Header(Version.V1_3, false, false, new SessionId(0xdeadbeefdeadbeefL)), h);
            assertEquals("abcdefghi", in.toString(java.nio.charset.StandardCharsets.US_ASCII));
        } finally {
            in.release();
        }
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            Header.encode(out, Version.V1_3, false, new SessionId(0xdeadbeefdeadbeefL));
            out.writeBytes(WireTestSupport.ascii("abcdefghi"));
            assertEquals(hex(datagram), ByteBufUtil.hexDump(out));
        } finally {
            out.release();
        }
    }

    @Test
    void rejectHeader() {
        Header r = Header.reject();
        assertEquals(Version.V1_1, r.version());
        assertFalse(r.aggressive());
        assertFalse(r.expressLane());
        assertEquals(SessionId.REJECTED, r.sessionId());
        assertEquals("4865010100000000ffffffffffffffff", hex(encode(r)));
    }

    @ParameterizedTest
    @CsvSource({"48 65 01 01, VALID", "48 65 01 03, VALID", "48 65 01 00, UNSUPPORTED_VERSION",
            "48 65 01 04, UNSUPPORTED_VERSION", "48 65 02 01, UNSUPPORTED_VERSION", "48 66 01 02, MALFORMED"})
    void inPlaceCheckAgreesWithDecode(String start, Header.Check want) {
        ByteBuf in = buf(bytes(start + " 00 00 00 00 12 34 56 78 9a bc de f0"));
        try {
            assertEquals(want, Header.check(in));
            assertEquals(0, in.readerIndex());
            if (want == Header.Check.VALID) {
                assertEquals(0x123456789abcdef0L, Header.sessionIdAt(in));
                assertTrue(Header.hasVersionAt(in, Header.versionAt(in)));
                assertFalse(Header.isExpressLaneAt(in));
            }
        } finally {
            in.release();
        }
        ByteBuf shortOne = buf(bytes("48 65 01 02"));
        assertEquals(Header.Check.MALFORMED, Header.check(shortOne));
        shortOne.release();
    }

    @Test
    void prependWritesTheSameBytesAsEncodeWithOrWithoutHeadroom() {
        ByteBuf roomy = PooledByteBufAllocator.DEFAULT.buffer(32);
        roomy.writerIndex(Header.SIZE).readerIndex(Header.SIZE);
        roomy.writeByte(9);
        ByteBuf tight = PooledByteBufAllocator.DEFAULT.buffer(1).writeByte(9);
        for (ByteBuf d : new ByteBuf[] {roomy, tight}) {
            ByteBuf out = Header.prepend(d, Version.V1_2, 0x123456789abcdef0L, PooledByteBufAllocator.DEFAULT);
            try {
                assertEquals("4865010200000000123456789abcdef009", hex(ByteBufUtil.getBytes(out)));
            } finally {
                out.release();
            }
        }
    }
}
