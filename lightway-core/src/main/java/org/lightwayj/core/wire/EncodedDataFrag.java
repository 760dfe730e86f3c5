package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Frame kind 17 (§2.6): one fragment of a codec-encoded packet; shares the fragment id space and reassembly map with {@link DataFrag} (§3).
 *
 * <p>Body: {@code len u16, fragment_id u16, offset_word u16, data[len]}; the offset word packs the
 * byte offset ÷ 8 and the more-fragments flag ({@link FragmentOffsets}). Decoding does no validation
 * beyond lengths (§2.6); reassembly checks are the fragment map's job.
 *
 * <p><b>Ownership:</b> as for {@link Data}: the frame owns {@code data} (a retained slice of the input
 * after decode); call {@link #release()} once. {@link #encode(ByteBuf)} does not move the data's
 * reader index.
 *
 * @param fragmentId the id shared by all fragments of one packet, 0..65535
 * @param offset the byte offset of this fragment in the packet: a multiple of 8, 0..0xFFF8
 * @param moreFragments false only on the packet's last fragment
 * @param data the fragment's readable bytes, at most 65535
 */
public record EncodedDataFrag(int fragmentId, int offset, boolean moreFragments, ByteBuf data) implements Frame {
    /** Frame bytes before the data: kind u8, len u16, id u16, offset word u16. */
    public static final int OVERHEAD = 7;

    /**
     * Validates the fields.
     *
     * @param fragmentId the id shared by all fragments of one packet, 0..65535
     * @param offset the byte offset of this fragment in the packet: a multiple of 8, 0..0xFFF8
     * @param moreFragments false only on the packet's last fragment
     * @param data the fragment's readable bytes, at most 65535
     * @throws IllegalArgumentException if the id or length does not fit in 16 bits, or the offset is
     *     not a multiple of 8 within 0..0xFFF8
     */
    public EncodedDataFrag {
        Wire.checkU16(fragmentId, "fragmentId");
        FragmentOffsets.encode(offset, moreFragments);
        Objects.requireNonNull(data, "data");
        Wire.checkU16(data.readableBytes(), "data length");
    }

    @Override
    public FrameKind kind() {
        return FrameKind.ENCODED_DATA_FRAG;
    }

    @Override
    public int encodedLength() {
        return OVERHEAD + data.readableBytes();
    }

    @Override
    public void encode(ByteBuf out) {
        int len = data.readableBytes();
        encodeHeader(out, len, fragmentId, offset, moreFragments);
        out.writeBytes(data, data.readerIndex(), len);
    }

    /** Releases {@link #data()}. */
    @Override
    public void release() {
        data.release();
    }

    /**
     * Writes the 7 bytes that precede a EncodedDataFrag's data (kind, len, id, offset word); the caller then
     * writes {@code len} data bytes. Allocation-free.
     *
     * @param out the destination; the caller keeps ownership
     * @param len the data length, 0..65535
     * @param fragmentId the fragment id, 0..65535
     * @param offset the byte offset, a multiple of 8 within 0..0xFFF8
     * @param moreFragments false on the last fragment
     * @throws IllegalArgumentException on an out-of-range argument
     */
    public static void encodeHeader(ByteBuf out, int len, int fragmentId, int offset, boolean moreFragments) {
        SharedLayouts.encodeFragmentHeader(out, FrameKind.ENCODED_DATA_FRAG, len, fragmentId, offset, moreFragments);
    }

    /**
     * The largest fragment payload within a PLPMTU of {@code plpmtu} bytes: (p − 7) rounded down to a
     * multiple of 8 (§2.6), capped at 0xFFF8.
     *
     * @param plpmtu the packetization-layer path MTU
     * @return the chunk size, at least 8
     * @throws IllegalArgumentException if {@code plpmtu <= 14}
     */
    public static int maxChunk(int plpmtu) {
        return DataFrag.maxChunkFor(plpmtu);
    }

    static EncodedDataFrag decodeBody(ByteBuf in) throws WireException {
        return SharedLayouts.decodeFragment(in, EncodedDataFrag::new);
    }

    /** @return the fields and data length; data bytes are never printed */
    @Override
    public String toString() {
        return "EncodedDataFrag[id=" + fragmentId + ", offset=" + offset + ", mf=" + moreFragments + ", "
                + (data.refCnt() > 0 ? data.readableBytes() + " bytes" : "released") + "]";
    }
}
