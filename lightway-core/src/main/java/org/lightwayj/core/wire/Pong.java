package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * Frame kind 3 (§2.3): the answer to a {@link Ping}, echoing its id. The C layout (id + reserved u16 0) is identical to a Pong with an empty payload.
 *
 * <p>Body: {@code id u16, payload_len u16, payload}. The payload array is copied on construction and
 * by {@link #payload()}, so the record is immutable.
 *
 * @param id the id, 0..65535
 * @param payload the payload, at most 65535 bytes
 */
public record Pong(int id, byte[] payload) implements Frame {
    /** Body bytes before the payload. */
    public static final int BODY_OVERHEAD = 4;

    private static final byte[] EMPTY = new byte[0];

    /**
     * Validates and copies.
     *
     * @param id the id, 0..65535
     * @param payload the payload, at most 65535 bytes
     * @throws IllegalArgumentException if {@code id} or the payload length does not fit in 16 bits
     */
    public Pong {
        Wire.checkU16(id, "id");
        Objects.requireNonNull(payload, "payload");
        Wire.checkU16(payload.length, "payload length");
        payload = payload.length == 0 ? EMPTY : payload.clone();
    }

    /**
     * A Pong with an empty payload.
     *
     * @param id the id, 0..65535
     */
    public Pong(int id) {
        this(id, EMPTY);
    }

    /** @return a copy of the payload */
    @Override
    public byte[] payload() {
        return payload.length == 0 ? EMPTY : payload.clone();
    }

    /** @return the payload length, without copying */
    public int payloadLength() {
        return payload.length;
    }

    @Override
    public FrameKind kind() {
        return FrameKind.PONG;
    }

    @Override
    public int encodedLength() {
        return 1 + BODY_OVERHEAD + payload.length;
    }

    @Override
    public void encode(ByteBuf out) {
        SharedLayouts.encodeIdPayload(out, FrameKind.PONG, id, payload);
    }

    static Pong decodeBody(ByteBuf in) throws WireException {
        return SharedLayouts.decodeIdPayload(in, Pong::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pong p && p.id == id && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Pong[id=" + id + ", payload=" + payload.length + " bytes]";
    }
}
