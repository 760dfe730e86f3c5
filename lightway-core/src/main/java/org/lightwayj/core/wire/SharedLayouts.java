package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * Body layouts that two frame kinds share (Ping/Pong, Data/EncodedData, DataFrag/EncodedDataFrag,
 * ToggleEncoding request/answer). Records cannot inherit code, so each pair delegates here; the
 * factories are non-capturing constructor references, so decoding allocates only the frame.
 */
final class SharedLayouts {
    private static final byte[] EMPTY = new byte[0];

    private SharedLayouts() {
    }

    /** Makes a frame from an id and a payload. */
    @FunctionalInterface
    interface IdPayloadFactory<T> {
        T make(int id, byte[] payload);
    }

    /** Makes a frame from fragment fields; {@code data} is a retained slice the frame takes over. */
    @FunctionalInterface
    interface FragmentFactory<T> {
        T make(int fragmentId, int offset, boolean moreFragments, ByteBuf data);
    }

    /** Makes a frame from a ToggleEncoding body. */
    @FunctionalInterface
    interface ToggleFactory<T> {
        T make(long requestId, boolean enable);
    }

    /** §2.3: {@code id u16, payload_len u16, payload}. */
    static <T> T decodeIdPayload(ByteBuf in, IdPayloadFactory<T> factory) throws WireException {
        Wire.need(in, 4);
        int i = in.readerIndex();
        int id = in.getUnsignedShort(i);
        int len = in.getUnsignedShort(i + 2);
        Wire.need(in, 4 + len);
        in.skipBytes(4);
        return factory.make(id, len == 0 ? EMPTY : Wire.readBytes(in, len));
    }

    static void encodeIdPayload(ByteBuf out, FrameKind kind, int id, byte[] payload) {
        out.writeByte(kind.id());
        out.writeShort(id);
        out.writeShort(payload.length);
        out.writeBytes(payload);
    }

    /** §2.5: {@code len u16, packet[len]}; returns a retained slice of {@code in}. */
    static ByteBuf decodePacket(ByteBuf in) throws WireException {
        Wire.need(in, 2);
        int len = in.getUnsignedShort(in.readerIndex());
        Wire.need(in, 2 + len);
        in.skipBytes(2);
        return in.readRetainedSlice(len);
    }

    static void encodePacketHeader(ByteBuf out, FrameKind kind, int len) {
        Wire.checkU16(len, "packet length");
        out.writeByte(kind.id());
        out.writeShort(len);
    }

    /** §2.6: {@code len u16, id u16, offset_word u16, data[len]}. */
    static <T> T decodeFragment(ByteBuf in, FragmentFactory<T> factory) throws WireException {
        Wire.need(in, 6);
        int i = in.readerIndex();
        int len = in.getUnsignedShort(i);
        int id = in.getUnsignedShort(i + 2);
        int word = in.getUnsignedShort(i + 4);
        Wire.need(in, 6 + len);
        in.skipBytes(6);
        return factory.make(id, FragmentOffsets.offsetOf(word), FragmentOffsets.moreFragments(word),
                in.readRetainedSlice(len));
    }

    static void encodeFragmentHeader(ByteBuf out, FrameKind kind, int len, int fragmentId, int offset, boolean mf) {
        Wire.checkU16(len, "data length");
        Wire.checkU16(fragmentId, "fragmentId");
        int word = FragmentOffsets.encode(offset, mf);
        out.writeByte(kind.id());
        out.writeShort(len);
        out.writeShort(fragmentId);
        out.writeShort(word);
    }

    /** §0.2 / §2.10: {@code request_id u64, enable u8} with enable ∈ {0, 1}. */
    static <T> T decodeToggle(ByteBuf in, ToggleFactory<T> factory) throws WireException {
        Wire.need(in, 9);
        int i = in.readerIndex();
        long id = in.getLong(i);
        int b = in.getUnsignedByte(i + 8);
        if (b > 1) {
            throw new WireException(WireError.INVALID_BOOL, "invalid bool " + b);
        }
        in.skipBytes(9);
        return factory.make(id, b == 1);
    }

    static void encodeToggle(ByteBuf out, FrameKind kind, long requestId, boolean enable) {
        out.writeByte(kind.id());
        out.writeLong(requestId);
        out.writeByte(enable ? 1 : 0);
    }
}
