package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Frame kind 16 (§2.5): one inside packet as produced by the codec encoder (§0.3). Body: {@code len u16, packet[len]}.
 *
 * <p><b>Ownership:</b> the frame owns {@code packet}. A decoded frame holds a retained slice of the
 * decode input (no copy); a frame built by the caller takes over the buffer passed in. Call {@link
 * #release()} exactly once when done (or hand the packet on with {@code packet().retain()} first).
 * {@link #encode(ByteBuf)} copies the packet's readable bytes without moving its reader index.
 *
 * <p>The connection's hot path can avoid creating the frame: write {@link #encodeHeader(ByteBuf, int)}
 * and then the packet bytes.
 *
 * @param packet the packet's readable bytes, at most 65535
 */
public record EncodedData(ByteBuf packet) implements Frame {
    /** Frame bytes before the packet: kind u8 + len u16. */
    public static final int OVERHEAD = 3;

    /**
     * Validates the size.
     *
     * @param packet the packet's readable bytes, at most 65535
     * @throws IllegalArgumentException if the packet has more than 65535 readable bytes
     */
    public EncodedData {
        Objects.requireNonNull(packet, "packet");
        Wire.checkU16(packet.readableBytes(), "packet length");
    }

    @Override
    public FrameKind kind() {
        return FrameKind.ENCODED_DATA;
    }

    @Override
    public int encodedLength() {
        return OVERHEAD + packet.readableBytes();
    }

    @Override
    public void encode(ByteBuf out) {
        int len = packet.readableBytes();
        encodeHeader(out, len);
        out.writeBytes(packet, packet.readerIndex(), len);
    }

    /** Releases {@link #packet()}. */
    @Override
    public void release() {
        packet.release();
    }

    /**
     * Writes the kind byte and the length of a EncodedData frame; the caller then writes {@code len}
     * packet bytes. Allocation-free.
     *
     * @param out the destination; the caller keeps ownership
     * @param len the packet length, 0..65535
     * @throws IllegalArgumentException if {@code len} does not fit in 16 bits
     */
    public static void encodeHeader(ByteBuf out, int len) {
        SharedLayouts.encodePacketHeader(out, FrameKind.ENCODED_DATA, len);
    }

    /**
     * The largest packet a single frame carries within a PLPMTU of {@code plpmtu} bytes: p − 3, capped
     * at 65535 (§2.5).
     *
     * @param plpmtu the packetization-layer path MTU (the DTLS payload budget)
     * @return the maximum packet length
     * @throws IllegalArgumentException if {@code plpmtu <= 3}
     */
    public static int maxPayload(int plpmtu) {
        return Data.maxPayloadFor(plpmtu);
    }

    static int maxPayloadFor(int plpmtu) {
        if (plpmtu <= OVERHEAD) {
            throw new IllegalArgumentException("plpmtu too small: " + plpmtu);
        }
        return Math.min(plpmtu - OVERHEAD, 0xFFFF);
    }

    static EncodedData decodeBody(ByteBuf in) throws WireException {
        return new EncodedData(SharedLayouts.decodePacket(in));
    }

    /** @return kind and length only; packet bytes are never printed */
    @Override
    public String toString() {
        return "EncodedData[" + (packet.refCnt() > 0 ? packet.readableBytes() + " bytes" : "released") + "]";
    }
}
