package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * Frame kind 14 (§2.9), server to client: opaque configuration data. Body: {@code len u16, data};
 * a length above 1348 is rejected before availability is checked. The array is copied on
 * construction and by {@link #data()}.
 *
 * @param data the data, at most 1348 bytes
 */
public record ServerConfig(byte[] data) implements Frame {
    /** Maximum data length (1350 − 2). */
    public static final int MAX_LENGTH = 1348;

    /**
     * Validates the size and copies.
     *
     * @param data the data, at most 1348 bytes
     * @throws IllegalArgumentException if the data exceeds 1348 bytes
     */
    public ServerConfig {
        Objects.requireNonNull(data, "data");
        if (data.length > MAX_LENGTH) {
            throw new IllegalArgumentException("data is " + data.length + " bytes, maximum " + MAX_LENGTH);
        }
        data = data.clone();
    }

    /** @return a copy of the data */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public FrameKind kind() {
        return FrameKind.SERVER_CONFIG;
    }

    @Override
    public int encodedLength() {
        return 3 + data.length;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(FrameKind.SERVER_CONFIG.id());
        out.writeShort(data.length);
        out.writeBytes(data);
    }

    static ServerConfig decodeBody(ByteBuf in) throws WireException {
        Wire.need(in, 2);
        int len = in.getUnsignedShort(in.readerIndex());
        if (len > MAX_LENGTH) {
            throw Wire.tooLarge("server config", len, MAX_LENGTH);
        }
        Wire.need(in, 2 + len);
        in.skipBytes(2);
        return new ServerConfig(Wire.readBytes(in, len));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerConfig c && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ServerConfig[" + data.length + " bytes]";
    }
}
