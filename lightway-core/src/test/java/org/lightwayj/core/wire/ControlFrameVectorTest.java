package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.core.wire.WireTestSupport.ascii;
import static org.lightwayj.core.wire.WireTestSupport.assertDecodes;
import static org.lightwayj.core.wire.WireTestSupport.assertEncodes;
import static org.lightwayj.core.wire.WireTestSupport.assertFrameError;
import static org.lightwayj.core.wire.WireTestSupport.assertVector;
import static org.lightwayj.core.wire.WireTestSupport.buf;
import static org.lightwayj.core.wire.WireTestSupport.bytes;
import static org.lightwayj.core.wire.WireTestSupport.concat;
import static org.lightwayj.core.wire.WireTestSupport.repeat;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.SessionId;

/**
 * Byte vectors of spec §2.0, §2.2, §2.3, §2.7–§2.11: each decoded (consuming the whole buffer) and
 * encoded. Body vectors of the spec are prefixed with their kind byte.
 */
class ControlFrameVectorTest {

    // ---- §2.0 general rules -------------------------------------------------------------------

    @Test
    void fromWireTooShort() {
        assertFrameError(new byte[0], WireError.INSUFFICIENT_DATA);
    }

    @Test
    void fromWireUnknownFrameKind() {
        assertEquals(127, assertFrameError(bytes("7f"), WireError.UNKNOWN_FRAME_TYPE).kindId());
    }

    @Test
    void zeroPaddingIsUnknownKindZero() {
        assertEquals(0, assertFrameError(bytes("00 00 00"), WireError.UNKNOWN_FRAME_TYPE).kindId());
    }

    @Test
    void partialDecode() throws WireException {
        ByteBuf in = buf(bytes("02 f0 0b"));
        try {
            WireException e = assertThrows(WireException.class, () -> Frame.decode(in));
            assertEquals(WireError.INSUFFICIENT_DATA, e.error());
            assertEquals(0, in.readerIndex());
            assertEquals(3, in.readableBytes());
            in.writeBytes(bytes("00 00 01"));
            assertEquals(new Ping(0xf00b), Frame.decode(in));
            assertSame(NoOp.INSTANCE, Frame.decode(in));
            assertFalse(in.isReadable());
            assertEquals(WireError.INSUFFICIENT_DATA,
                    assertThrows(WireException.class, () -> Frame.decode(in)).error());
        } finally {
            in.release();
        }
    }

    @Test
    void decodeStartsAtReaderIndexAndLeavesFollowingFrames() throws WireException {
        ByteBuf in = buf(bytes("ff ff 0c 01"));
        try {
            in.skipBytes(2);
            assertSame(Goodbye.INSTANCE, Frame.decode(in));
            assertEquals(3, in.readerIndex());
            assertSame(NoOp.INSTANCE, Frame.decode(in));
        } finally {
            in.release();
        }
    }

    @Test
    void insufficientDataIsCheapSingleton() {
        assertSame(WireException.insufficientData(), assertFrameError(bytes("02"), WireError.INSUFFICIENT_DATA));
        assertEquals(0, WireException.insufficientData().getStackTrace().length);
    }

    // ---- §2.2 NoOp / Goodbye ------------------------------------------------------------------

    @Test
    void noOp() {
        assertVector(bytes("01"), () -> NoOp.INSTANCE);
        assertEquals(FrameKind.NO_OP, NoOp.INSTANCE.kind());
    }

    @Test
    void goodbye() {
        assertVector(bytes("0c"), () -> Goodbye.INSTANCE);
        assertEquals(FrameKind.GOODBYE, Goodbye.INSTANCE.kind());
    }

    // ---- §2.3 Ping / Pong ---------------------------------------------------------------------

    @Test
    void pingFrame() {
        assertVector(bytes("02 f0 0b 00 00"), () -> new Ping(0xf00b));
    }

    @Test
    void pongFrame() {
        assertVector(bytes("03 ab cd 00 00"), () -> new Pong(0xabcd));
    }

    @Test
    void pingAppendToWireNoPayload() {
        assertVector(bytes("02 de e4 00 00"), () -> new Ping(0xdee4, new byte[0]));
    }

    @Test
    void pingAppendToWireWithPayload() {
        assertVector(bytes("02 de e4 00 02 ff fe"), () -> new Ping(0xdee4, bytes("ff fe")));
    }

    @Test
    void pongAppendToWireNoPayload() {
        assertVector(bytes("03 de e4 00 00"), () -> new Pong(0xdee4, new byte[0]));
    }

    @Test
    void pongAppendToWireWithPayload() {
        assertVector(bytes("03 de e4 00 02 ff fe"), () -> new Pong(0xdee4, bytes("ff fe")));
    }

    @Test
    void pingTryFromWirePayload() {
        byte[] payload = bytes("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
        assertDecodes(concat(bytes("02 12 34 00 10"), payload), new Ping(0x1234, payload));
    }

    @Test
    void pongTryFromWirePayload() {
        byte[] payload = bytes("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
        assertDecodes(concat(bytes("03 12 34 00 10"), payload), new Pong(0x1234, payload));
    }

    @Test
    void pingTryFromWirePayloadTooShort() {
        assertFrameError(bytes("02 00 00 03 00 01 02"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void pongTryFromWirePayloadTooShort() {
        assertFrameError(bytes("03 00 00 03 00 01 02"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void pingTryFromWireHeaderTooShort() {
        assertFrameError(bytes("02 00 00 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("02"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void pongTryFromWireTooShort() {
        assertFrameError(bytes("03 00 00 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("03"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void pingPayloadIsCopied() {
        byte[] p = {1, 2};
        Ping ping = new Ping(1, p);
        p[0] = 9;
        ping.payload()[1] = 9;
        assertEquals(new Ping(1, new byte[] {1, 2}), ping);
        assertNotEquals(new Pong(1, new byte[] {1, 2}), ping);
        assertEquals(new Ping(1, new byte[] {1, 2}).hashCode(), ping.hashCode());
    }

    @Test
    void pingConstructorRejectsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new Ping(0x10000));
        assertThrows(IllegalArgumentException.class, () -> new Pong(-1));
        assertThrows(IllegalArgumentException.class, () -> new Ping(0, new byte[0x10000]));
    }

    // ---- §2.7 AuthSuccessWithConfigV4 ---------------------------------------------------------

    private static byte[] slot(String s, int fill) {
        byte[] b = ascii(s);
        return concat(b, repeat(fill, 24 - b.length));
    }

    @Test
    void authSuccessFrame() {
        byte[] wire = concat(bytes("06"), concat(slot("1.1.1.1", 0), slot("2.2.2.2", 0), slot("3.3.3.3", 0),
                slot("1500", 0), bytes("00 00 00 00 00 00 2f 66")));
        assertEquals(105, wire.length);
        assertVector(wire, () -> new AuthSuccessWithConfigV4("1.1.1.1", "2.2.2.2", "3.3.3.3", "1500",
                new SessionId(0x2f66)));
    }

    private static byte[] maxConfigBody(int l, int p, int d, int m) {
        return concat(concat(ascii("l".repeat(23)), new byte[] {(byte) l}),
                concat(ascii("p".repeat(23)), new byte[] {(byte) p}),
                concat(ascii("d".repeat(23)), new byte[] {(byte) d}),
                concat(ascii("m".repeat(23)), new byte[] {(byte) m}),
                bytes("12 34 56 78 90 ab cd ef"));
    }

    private static AuthSuccessWithConfigV4 maxConfig() {
        return new AuthSuccessWithConfigV4("l".repeat(23), "p".repeat(23), "d".repeat(23), "m".repeat(23),
                new SessionId(0x1234567890abcdefL));
    }

    @Test
    void maxConfigLengthToWire() {
        assertEncodes(maxConfig(), concat(6, maxConfigBody(0, 0, 0, 0)));
    }

    @Test
    void maxConfigLengthFromWire() {
        assertDecodes(concat(6, maxConfigBody(0, 0, 0, 0)), maxConfig());
    }

    @Test
    void maxConfigLengthFromWireFinalNullByteAssumedToBeNull() {
        assertDecodes(concat(6, maxConfigBody('A', 'B', 'C', 'D')), maxConfig());
    }

    @Test
    void authSuccessTryFromWireTooShort() {
        assertFrameError(concat(6, new byte[103]), WireError.INSUFFICIENT_DATA);
        assertFrameError(concat(6, new byte[22]), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("06"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void authSuccessInvalidUtf8InEachField() {
        for (int field = 0; field < 4; field++) {
            byte[] body = maxConfigBody(0, 0, 0, 0);
            body[field * 24] = (byte) 0xc3;
            body[field * 24 + 1] = 0x28;
            assertFrameError(concat(6, body), WireError.INVALID_STRING_ENCODING);
        }
    }

    @Test
    void authSuccessEmptyStringsAndMultibyte() {
        assertVector(concat(6, concat(slot("", 0), concat(bytes("c3 a9"), new byte[22]), slot("", 0),
                slot("", 0), new byte[8])), () -> new AuthSuccessWithConfigV4("", "\u00e9", "", "", SessionId.EMPTY));
    }

    @Test
    void authSuccessConstructorRejectsBadStrings() {
        assertThrows(IllegalArgumentException.class,
                () -> new AuthSuccessWithConfigV4("x".repeat(24), "", "", "", SessionId.EMPTY));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthSuccessWithConfigV4("", "a\0b", "", "", SessionId.EMPTY));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthSuccessWithConfigV4("", "", "\ud800", "", SessionId.EMPTY));
    }

    // ---- §2.8 AuthFailure ---------------------------------------------------------------------

    @Test
    void authFailureFrame() {
        assertVector(concat(7, new byte[52]), () -> AuthFailure.INSTANCE);
    }

    @Test
    void authFailureBodyIsSkippedUnchecked() {
        assertDecodes(concat(7, repeat(0x5a, 52)), AuthFailure.INSTANCE);
    }

    @Test
    void authFailureTryFromWireTooShort() {
        assertFrameError(concat(7, new byte[51]), WireError.INSUFFICIENT_DATA);
    }

    // ---- §2.9 ServerConfig --------------------------------------------------------------------

    @Test
    void serverConfigFrame() {
        assertVector(concat(bytes("0e 00 0d"), ascii("server config")),
                () -> new ServerConfig(ascii("server config")));
    }

    @Test
    void serverConfigTryFromWireTooLong() {
        assertFrameError(concat(bytes("0e 05 45"), new byte[1349]), WireError.FIELD_TOO_LARGE);
    }

    @Test
    void serverConfigTooLongCheckedBeforeAvailability() {
        assertFrameError(bytes("0e 05 45"), WireError.FIELD_TOO_LARGE);
    }

    @Test
    void serverConfigTryFromWireTooShort() {
        assertFrameError(bytes("0e"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("0e 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("0e 00 02 00"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void serverConfigMaxLength() {
        byte[] data = repeat('c', 1348);
        assertVector(concat(bytes("0e 05 44"), data), () -> new ServerConfig(data));
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig(new byte[1349]));
    }

    // ---- §2.10 ToggleEncoding (§0.2) ----------------------------------------------------------

    @Test
    void toggleEncodingRequestFrame() {
        assertVector(bytes("12 00 00 00 00 00 00 02 01 01"), () -> new ToggleEncodingRequest(513, true));
    }

    @Test
    void toggleEncodingAnswerFrame() {
        assertVector(bytes("13 00 00 00 00 00 00 02 01 01"), () -> new ToggleEncodingAnswer(513, true));
    }

    @Test
    void toggleEncodingAnswerDisabled() {
        assertVector(bytes("13 00 00 00 00 00 00 02 02 00"), () -> new ToggleEncodingAnswer(514, false));
    }

    @Test
    void toggleEncodingRequestFromWireEnabled() {
        assertVector(bytes("12 00 00 00 00 00 00 02 01 01"), () -> new ToggleEncodingRequest(513, true));
    }

    @Test
    void toggleEncodingRequestFromWireDisabled() {
        assertVector(bytes("12 00 00 00 00 00 00 02 02 00"), () -> new ToggleEncodingRequest(514, false));
    }

    @Test
    void toggleEncodingTryFromWireTooShort() {
        assertFrameError(concat(0x12, new byte[8]), WireError.INSUFFICIENT_DATA);
        assertFrameError(concat(0x13, new byte[8]), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void toggleEncodingInvalidBool() {
        assertFrameError(bytes("12 00 00 00 00 00 00 02 01 02"), WireError.INVALID_BOOL);
        assertFrameError(bytes("13 00 00 00 00 00 00 02 01 ff"), WireError.INVALID_BOOL);
    }

    @Test
    void toggleEncodingIdIsUnsigned64() {
        assertVector(bytes("12 ff ff ff ff ff ff ff ff 01"), () -> new ToggleEncodingRequest(-1L, true));
        assertEquals("ToggleEncodingRequest[requestId=18446744073709551615, enable=true]",
                new ToggleEncodingRequest(-1L, true).toString());
    }

    // ---- §2.11 ExpresslaneConfig --------------------------------------------------------------

    @Test
    void expresslaneConfigTryFromWireInsufficientData() {
        assertFrameError(bytes("14"), WireError.INSUFFICIENT_DATA);
        assertFrameError(concat(0x14, new byte[43]), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void expresslaneConfigTryFromWireSuccess() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] body = concat(bytes("01 c0 00 00 00 00 00 00 00 00 01 02"), key);
        ExpresslaneConfig expected = new ExpresslaneConfig(1, 0xc0, 0x102, key);
        assertDecodes(concat(0x14, body), expected);
        assertTrue(expected.enabled());
        assertTrue(expected.ack());
    }

    @Test
    void expresslaneConfigAppendToWire() {
        byte[] key = repeat(0xab, 32);
        assertVector(concat(bytes("14 02 80 00 00 ff ff ff ff ff ff ff fe"), key),
                () -> new ExpresslaneConfig(2, 0x80, -2L, key));
        assertVector(concat(bytes("14 ff 00 00 00 00 00 00 00 00 00 00 00"), new byte[32]),
                () -> new ExpresslaneConfig(255, 0, 0, new byte[32]));
        assertFalse(new ExpresslaneConfig(2, 0x80, 0, key).ack());
    }

    @Test
    void expresslaneConfigReservedIsSkippedAndKeyRedacted() {
        byte[] key = repeat(0x11, 32);
        ExpresslaneConfig c = new ExpresslaneConfig(1, 0, 5, key);
        assertDecodes(concat(bytes("14 01 00 ab cd 00 00 00 00 00 00 00 05"), key), c);
        assertFalse(c.toString().contains("11"), c.toString());
        assertThrows(IllegalArgumentException.class, () -> new ExpresslaneConfig(1, 0, 0, new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new ExpresslaneConfig(256, 0, 0, new byte[32]));
    }
}
