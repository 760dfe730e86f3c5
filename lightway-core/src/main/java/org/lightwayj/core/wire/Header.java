package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;

/**
 * The 16-byte outer Lightway header that starts every UDP datagram (spec §1.3). All multi-byte fields
 * are big-endian:
 *
 * <pre>
 *  0   1   2     3     4          5            6..7      8..15
 * 'H' 'e' major minor aggressive expresslane reserved  session id
 * </pre>
 *
 * <p>The aggressive flag is informational (receivers ignore it). A non-zero ExpressLane byte marks an
 * ExpressLane datagram, which Lightway-J recognises but never negotiates (§0.1): the connection drops
 * and counts it. TCP has no header (§1.2).
 *
 * @param version the protocol version (decode guarantees {@link Version#isValid()})
 * @param aggressive the aggressive-mode byte was non-zero
 * @param expressLane the ExpressLane byte was non-zero
 * @param sessionId the session id
 */
public record Header(Version version, boolean aggressive, boolean expressLane, SessionId sessionId) {
    /** Encoded size in bytes. */
    public static final int SIZE = 16;

    private static final int MAGIC_0 = 'H';
    private static final int MAGIC_1 = 'e';
    private static final Header REJECT = new Header(Version.V1_1, false, false, SessionId.REJECTED);

    /**
     * Validates non-null components.
     *
     * @param version the protocol version (decode guarantees {@link Version#isValid()})
     * @param aggressive the aggressive-mode byte was non-zero
     * @param expressLane the ExpressLane byte was non-zero
     * @param sessionId the session id
     */
    public Header {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    /**
     * Decodes a header from the readable bytes of {@code in}. Atomic: on success exactly 16 bytes are
     * consumed, on failure none. Checks in the order of §1.3: length, magic, then the version last.
     * Does not take ownership of {@code in}.
     *
     * @param in the buffer to read from (caller keeps ownership)
     * @return the header
     * @throws WireException {@code INSUFFICIENT_DATA} (fewer than 16 bytes), {@code INVALID_MAGIC_NUMBER}
     *     or {@code INVALID_PROTOCOL_VERSION}
     */
    public static Header decode(ByteBuf in) throws WireException {
        if (in.readableBytes() < SIZE) {
            throw WireException.insufficientData();
        }
        int i = in.readerIndex();
        int m0 = in.getUnsignedByte(i);
        int m1 = in.getUnsignedByte(i + 1);
        if (m0 != MAGIC_0 || m1 != MAGIC_1) {
            throw WireException.invalidMagic(m0, m1);
        }
        int major = in.getUnsignedByte(i + 2);
        int minor = in.getUnsignedByte(i + 3);
        boolean aggressive = in.getByte(i + 4) != 0;
        boolean expressLane = in.getByte(i + 5) != 0;
        long session = in.getLong(i + 8);
        Version version = new Version(major, minor);
        if (!version.isValid()) {
            throw WireException.invalidVersion(major, minor);
        }
        in.skipBytes(SIZE);
        return new Header(version, aggressive, expressLane, new SessionId(session));
    }

    /**
     * Writes this header (16 bytes) to {@code out}. The ExpressLane byte is written as 1 when set.
     *
     * @param out the destination (caller keeps ownership)
     */
    public void encode(ByteBuf out) {
        write(out, version, aggressive, expressLane, sessionId.value());
    }

    /**
     * Writes a non-ExpressLane header without creating a {@code Header} (hot path, allocation-free).
     *
     * @param out the destination (caller keeps ownership)
     * @param version the protocol version
     * @param aggressive whether to set the aggressive-mode byte
     * @param sessionId the session id
     */
    public static void encode(ByteBuf out, Version version, boolean aggressive, SessionId sessionId) {
        write(out, version, aggressive, false, sessionId.value());
    }

    private static void write(ByteBuf out, Version v, boolean aggressive, boolean expressLane, long session) {
        out.ensureWritable(SIZE);
        out.writeByte(MAGIC_0);
        out.writeByte(MAGIC_1);
        out.writeByte(v.major());
        out.writeByte(v.minor());
        out.writeByte(aggressive ? 1 : 0);
        out.writeByte(expressLane ? 1 : 0);
        out.writeShort(0);
        out.writeLong(session);
    }

    /**
     * The reject header a server sends, alone, when it refuses a packet (§1.4): version 1.1, no flags,
     * session {@link SessionId#REJECTED}.
     *
     * @return the reject header
     */
    public static Header reject() {
        return REJECT;
    }
}
