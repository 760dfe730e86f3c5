package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * Frame kind 20 (§2.11): ExpressLane configuration. Lightway-J parses it so that a peer's frame is
 * recognised, then ignores and counts it; it never sends one (§0.1). Fixed 44-byte body:
 * {@code version u8, flags u8 (bit 7 enabled, bit 6 ack), reserved u16, counter u64, key[32]}.
 * Reserved bytes are skipped on decode and written as zero. The key is copied on construction and by
 * {@link #key()}, and redacted from {@code toString()}.
 *
 * @param version the ExpressLane version byte, 0..255 (unknown values are kept as they are)
 * @param flags the flags byte, 0..255
 * @param counter the counter, an unsigned 64-bit value
 * @param key the 32-byte key
 */
public record ExpresslaneConfig(int version, int flags, long counter, byte[] key) implements Frame {
    /** Body size in bytes. */
    public static final int BODY_SIZE = 44;
    /** Key size in bytes. */
    public static final int KEY_SIZE = 32;
    /** Flag bit: ExpressLane enabled. */
    public static final int FLAG_ENABLED = 0x80;
    /** Flag bit: acknowledgement. */
    public static final int FLAG_ACK = 0x40;

    /**
     * Validates and copies.
     *
     * @param version the ExpressLane version byte, 0..255 (unknown values are kept as they are)
     * @param flags the flags byte, 0..255
     * @param counter the counter, an unsigned 64-bit value
     * @param key the 32-byte key
     * @throws IllegalArgumentException if {@code version} or {@code flags} is not a byte or the key is
     *     not 32 bytes
     */
    public ExpresslaneConfig {
        if ((version & ~0xFF) != 0 || (flags & ~0xFF) != 0) {
            throw new IllegalArgumentException("version and flags must be 0..255");
        }
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_SIZE) {
            throw new IllegalArgumentException("key must be 32 bytes, got " + key.length);
        }
        key = key.clone();
    }

    /** @return a copy of the key */
    @Override
    public byte[] key() {
        return key.clone();
    }

    /** @return true if the enabled flag is set */
    public boolean enabled() {
        return (flags & FLAG_ENABLED) != 0;
    }

    /** @return true if the ack flag is set */
    public boolean ack() {
        return (flags & FLAG_ACK) != 0;
    }

    @Override
    public FrameKind kind() {
        return FrameKind.EXPRESSLANE_CONFIG;
    }

    @Override
    public int encodedLength() {
        return 1 + BODY_SIZE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(FrameKind.EXPRESSLANE_CONFIG.id());
        out.writeByte(version);
        out.writeByte(flags);
        out.writeShort(0);
        out.writeLong(counter);
        out.writeBytes(key);
    }

    static ExpresslaneConfig decodeBody(ByteBuf in) throws WireException {
        Wire.need(in, BODY_SIZE);
        int version = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        in.skipBytes(2);
        long counter = in.readLong();
        return new ExpresslaneConfig(version, flags, counter, Wire.readBytes(in, KEY_SIZE));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpresslaneConfig c && c.version == version && c.flags == flags
                && c.counter == counter && Arrays.equals(c.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, flags, counter, Arrays.hashCode(key));
    }

    @Override
    public String toString() {
        return "ExpresslaneConfig[version=" + version + ", flags=0x" + Integer.toHexString(flags)
                + ", counter=" + Long.toUnsignedString(counter) + ", key=<redacted>]";
    }
}
