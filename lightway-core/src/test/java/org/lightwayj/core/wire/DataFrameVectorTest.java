package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.core.wire.WireTestSupport.ascii;
import static org.lightwayj.core.wire.WireTestSupport.assertFrameError;
import static org.lightwayj.core.wire.WireTestSupport.assertVector;
import static org.lightwayj.core.wire.WireTestSupport.buf;
import static org.lightwayj.core.wire.WireTestSupport.bytes;
import static org.lightwayj.core.wire.WireTestSupport.concat;
import static org.lightwayj.core.wire.WireTestSupport.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Data, EncodedData, DataFrag and EncodedDataFrag vectors (spec §2.5, §2.6) and their hot-path helpers. */
class DataFrameVectorTest {

    private static final byte[] FRAGMENTARY = ascii("fragmentary");

    // ---- §2.5 Data / EncodedData --------------------------------------------------------------

    @Test
    void dataFrame() {
        assertVector(bytes("05 00 03 fe be aa"), () -> new Data(buf(bytes("fe be aa"))));
    }

    @Test
    void encodedDataFrame() {
        assertVector(bytes("10 00 03 fe be aa"), () -> new EncodedData(buf(bytes("fe be aa"))));
    }

    @Test
    void dataTryFromWireTooShort() {
        assertFrameError(bytes("05"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("05 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("05 00 02 00"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void encodedDataTryFromWireTooShort() {
        assertFrameError(bytes("10"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("10 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("10 00 02 00"), WireError.INSUFFICIENT_DATA);
    }

    @ParameterizedTest(name = "plpmtu {0} -> {1}")
    @CsvSource({"4,1", "1200,1197", "1300,1297", "1500,1497"})
    void maximumPacketSizeForPlpmtu(int plpmtu, int max) {
        assertEquals(max, Data.maxPayload(plpmtu));
        assertEquals(max, EncodedData.maxPayload(plpmtu));
    }

    @ParameterizedTest(name = "plpmtu {0} rejected")
    @ValueSource(ints = {0, 1, 2, 3, -1})
    void maximumPacketSizeForTinyPlpmtuRejected(int plpmtu) {
        assertThrows(IllegalArgumentException.class, () -> Data.maxPayload(plpmtu));
    }

    @Test
    void dataEncodeHeaderHelpers() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            Data.encodeHeader(out, 3);
            EncodedData.encodeHeader(out, 0xffff);
            assertEquals("050003" + "10ffff", ByteBufUtil.hexDump(out));
            assertThrows(IllegalArgumentException.class, () -> Data.encodeHeader(out, 0x10000));
        } finally {
            out.release();
        }
    }

    @Test
    void decodedDataHoldsRetainedSliceOfInput() throws WireException {
        ByteBuf in = buf(bytes("05 00 03 fe be aa 01"));
        Frame f = Frame.decode(in);
        assertEquals(2, in.refCnt(), "decoded frame retains the input");
        assertEquals(6, in.readerIndex());
        in.release(); // caller is done with its reference
        assertEquals(1, in.refCnt());
        Data d = (Data) f;
        assertEquals("febeaa", ByteBufUtil.hexDump(d.packet()));
        f.release();
        assertEquals(0, in.refCnt());
    }

    @Test
    void failedDecodeRetainsNothing() {
        ByteBuf in = buf(bytes("05 00 05 fe be aa"));
        try {
            assertThrows(WireException.class, () -> Frame.decode(in));
            assertEquals(1, in.refCnt());
        } finally {
            in.release();
        }
    }

    @Test
    void encodeDoesNotConsumeOrReleasePacket() {
        ByteBuf packet = buf(bytes("01 02 03"));
        Data d = new Data(packet);
        byte[] first = WireTestSupport.encode(d);
        byte[] second = WireTestSupport.encode(d);
        assertEquals(hex(first), hex(second));
        assertEquals(3, packet.readableBytes());
        assertEquals(1, packet.refCnt());
        d.release();
        assertEquals(0, packet.refCnt());
    }

    @Test
    void dataConstructorRejectsOversizePacket() {
        ByteBuf big = PooledByteBufAllocator.DEFAULT.heapBuffer(0x10000).writeZero(0x10000);
        try {
            assertThrows(IllegalArgumentException.class, () -> new Data(big));
            assertThrows(IllegalArgumentException.class, () -> new DataFrag(1, 0, false, big));
        } finally {
            big.release();
        }
    }

    @Test
    void dataToStringHidesBytes() {
        Data d = new Data(buf(bytes("de ad")));
        try {
            assertEquals("Data[2 bytes]", d.toString());
        } finally {
            d.release();
        }
    }

    // ---- §2.6 DataFrag / EncodedDataFrag ------------------------------------------------------

    @Test
    void dataFragFrame() {
        assertVector(concat(bytes("0f 00 0b 12 34 2a cf"), FRAGMENTARY),
                () -> new DataFrag(0x1234, 0x5678 & ~7, true, buf(FRAGMENTARY)));
    }

    @Test
    void encodedDataFragFrame() {
        assertVector(concat(bytes("11 00 0b 12 34 2a cf"), FRAGMENTARY),
                () -> new EncodedDataFrag(0x1234, 0x5678 & ~7, true, buf(FRAGMENTARY)));
    }

    @Test
    void dataFragTryFromWireTooShort() {
        assertFrameError(bytes("0f 00 02 00 00 00 00 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("0f"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("0f 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("0f 00 00 00 00 00"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void encodedDataFragTryFromWireTooShort() {
        assertFrameError(bytes("11 00 02 00 00 00 00 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("11"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("11 00"), WireError.INSUFFICIENT_DATA);
        assertFrameError(bytes("11 00 00 00 00 00"), WireError.INSUFFICIENT_DATA);
    }

    @Test
    void dataFragDecodeIgnoresBits15And14() {
        assertVector(bytes("0f 00 00 00 01 00 00"), () -> new DataFrag(1, 0, false, buf(new byte[0])));
        WireTestSupport.assertDecodes(bytes("0f 00 01 ff ff c0 01 aa"), new DataFrag(0xffff, 8, false, buf(bytes("aa"))));
        WireTestSupport.assertDecodes(bytes("0f 00 01 ff ff ff ff aa"), new DataFrag(0xffff, 0xfff8, true, buf(bytes("aa"))));
    }

    @ParameterizedTest(name = "plpmtu {0} -> chunk {1}")
    @CsvSource({"15,8", "16,8", "20,8", "22,8", "23,16", "24,16", "1200,1192", "1300,1288", "1500,1488"})
    void dataFragMaximumPacketSizeForPlpmtu(int plpmtu, int chunk) {
        assertEquals(chunk, DataFrag.maxChunk(plpmtu));
        assertEquals(chunk, EncodedDataFrag.maxChunk(plpmtu));
    }

    @Test
    void dataFragTinyPlpmtuRejected() {
        for (int p = -1; p <= 7; p++) {
            int q = p;
            assertTrue(assertThrows(IllegalArgumentException.class, () -> DataFrag.maxChunk(q))
                    .getMessage().contains("plpmtu too small"));
        }
        for (int p = 8; p <= 14; p++) {
            int q = p;
            assertTrue(assertThrows(IllegalArgumentException.class, () -> DataFrag.maxChunk(q))
                    .getMessage().contains("chunk size too small"));
        }
    }

    @Test
    void dataFragEncodeHeaderHelpers() {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            DataFrag.encodeHeader(out, 11, 0x1234, 0x5678 & ~7, true);
            EncodedDataFrag.encodeHeader(out, 11, 0x1234, 0x5678 & ~7, true);
            assertEquals("0f000b12342acf" + "11000b12342acf", ByteBufUtil.hexDump(out));
            assertThrows(IllegalArgumentException.class, () -> DataFrag.encodeHeader(out, 1, 0, 3, false));
            assertThrows(IllegalArgumentException.class, () -> DataFrag.encodeHeader(out, 1, 0x10000, 0, false));
        } finally {
            out.release();
        }
    }

    @Test
    void dataFragConstructorValidates() {
        ByteBuf b = buf(bytes("00"));
        try {
            assertThrows(IllegalArgumentException.class, () -> new DataFrag(0, 4, true, b));
            assertThrows(IllegalArgumentException.class, () -> new DataFrag(0, 0x10000, true, b));
            assertThrows(IllegalArgumentException.class, () -> new EncodedDataFrag(-1, 0, true, b));
        } finally {
            b.release();
        }
    }

    // ---- §2.6 offset-word table ---------------------------------------------------------------

    @ParameterizedTest(name = "encode offset {0} mf={1} -> {2}")
    @CsvSource({"0x0000,false,0x0000", "0x0000,true,0x2000", "0x0008,false,0x0001", "0x0008,true,0x2001",
            "0x1000,false,0x0200", "0x1000,true,0x2200", "0xFFF8,false,0x1FFF", "0xFFF8,true,0x3FFF"})
    void encodeOffsetAndMf(String offset, boolean mf, String word) {
        assertEquals(Integer.decode(word), FragmentOffsets.encode(Integer.decode(offset), mf));
    }

    @ParameterizedTest(name = "decode {2} -> offset {0} mf={1}")
    @CsvSource({"0x0000,false,0x0000", "0x0000,true,0x2000", "0x0008,false,0x0001", "0x0008,true,0x2001",
            "0x1000,false,0x0200", "0x1000,true,0x2200", "0xFFF8,false,0x1FFF", "0xFFF8,true,0x3FFF"})
    void decodeOffsetAndMf(String offset, boolean mf, String word) {
        assertEquals((int) Integer.decode(offset), FragmentOffsets.offsetOf(Integer.decode(word)));
        assertEquals(mf, FragmentOffsets.moreFragments(Integer.decode(word)));
    }

    @ParameterizedTest(name = "offset {0} rejected")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 0xFFFF, 0x10000, -8, 0xFFF9})
    void encodeRejectsUnalignedOrTooLargeOffsets(int offset) {
        assertThrows(IllegalArgumentException.class, () -> FragmentOffsets.encode(offset, false));
        assertThrows(IllegalArgumentException.class, () -> FragmentOffsets.encode(offset, true));
    }

    @Test
    void decodeIgnoresTopBits() {
        assertEquals(8, FragmentOffsets.offsetOf(0xC001));
        assertFalse(FragmentOffsets.moreFragments(0xC001));
        assertTrue(FragmentOffsets.moreFragments(0xE001));
    }
}
