package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 * <p>The record is the decoded form. The receive and send paths use the static in-place helpers
 * instead, which create no objects: {@link #check(ByteBuf)} and the {@code ...At} readers on a
 * received datagram, {@link #prepend} on an outgoing one. Both accept exactly the versions of
 * {@link VersionRange#SUPPORTED}.
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
        Check check = check(in);
        if (check == Check.MALFORMED) {
            throw WireException.invalidMagic(in.getUnsignedByte(i), in.getUnsignedByte(i + 1));
        }
        if (check == Check.UNSUPPORTED_VERSION) {
            throw WireException.invalidVersion(in.getUnsignedByte(i + 2), in.getUnsignedByte(i + 3));
        }
        Version version = versionAt(in);
        boolean aggressive = in.getByte(i + 4) != 0;
        boolean expressLane = isExpressLaneAt(in);
        long session = sessionIdAt(in);
        in.skipBytes(SIZE);
        return new Header(version, aggressive, expressLane, new SessionId(session));
    }

    /** What {@link #check(ByteBuf)} found at the reader index of a received datagram. */
    public enum Check {
        /** Long enough, the magic matches and the version is one Lightway-J supports. */
        VALID,
        /** Shorter than {@link #SIZE} bytes, or not starting with {@code 'H' 'e'}. */
        MALFORMED,
        /** The magic matches but the version lies outside {@link VersionRange#SUPPORTED}. */
        UNSUPPORTED_VERSION
    }

    /**
     * Checks the header at the reader index of {@code d} in place, in the order of §1.3 (length, magic,
     * version), without consuming or allocating anything.
     *
     * @param d a received datagram (caller keeps ownership)
     * @return the verdict
     */
    public static Check check(ByteBuf d) {
        int i = d.readerIndex();
        if (d.readableBytes() < SIZE || d.getByte(i) != MAGIC_0 || d.getByte(i + 1) != MAGIC_1) {
            return Check.MALFORMED;
        }
        return supported(d.getUnsignedByte(i + 2), d.getUnsignedByte(i + 3)) ? Check.VALID
                : Check.UNSUPPORTED_VERSION;
    }

    private static boolean supported(int major, int minor) {
        VersionRange r = VersionRange.SUPPORTED;
        return compare(major, minor, r.minimum()) >= 0 && compare(major, minor, r.maximum()) <= 0;
    }

    private static int compare(int major, int minor, Version v) {
        int c = Integer.compare(major, v.major());
        return c != 0 ? c : Integer.compare(minor, v.minor());
    }

    /**
     * {@return whether the header at the reader index of {@code d} carries exactly {@code v}} Only
     * meaningful after {@link #check} returned {@link Check#VALID}.
     *
     * @param d a checked datagram
     * @param v the expected version
     */
    public static boolean hasVersionAt(ByteBuf d, Version v) {
        int i = d.readerIndex();
        return d.getUnsignedByte(i + 2) == v.major() && d.getUnsignedByte(i + 3) == v.minor();
    }

    /**
     * {@return the version of the header at the reader index of {@code d} (a new object: for the
     * paths that keep it)} Only meaningful after {@link #check} returned {@link Check#VALID}.
     *
     * @param d a checked datagram
     */
    public static Version versionAt(ByteBuf d) {
        int i = d.readerIndex();
        return new Version(d.getUnsignedByte(i + 2), d.getUnsignedByte(i + 3));
    }

    /**
     * {@return whether the ExpressLane byte of the header at the reader index of {@code d} is set}
     *
     * @param d a checked datagram
     */
    public static boolean isExpressLaneAt(ByteBuf d) {
        return d.getByte(d.readerIndex() + 5) != 0;
    }

    /**
     * {@return the raw session id of the header at the reader index of {@code d}}
     *
     * @param d a checked datagram
     */
    public static long sessionIdAt(ByteBuf d) {
        return d.getLong(d.readerIndex() + 8);
    }

    /**
     * Puts a 16-byte non-ExpressLane header in front of {@code d}: into its headroom when there is
     * some (no copy; the TLS engines leave room for it), else into a new buffer, in which case
     * {@code d} is released. The aggressive byte is written as 0 (it is informational).
     *
     * @param d the datagram body; ownership passes to this method
     * @param version the header version
     * @param sessionId the raw session id
     * @param alloc for the rare body without headroom
     * @return the datagram with its header (the caller owns it)
     */
    public static ByteBuf prepend(ByteBuf d, Version version, long sessionId, ByteBufAllocator alloc) {
        ByteBuf out = d;
        int ri = d.readerIndex();
        if (ri >= SIZE) {
            ri -= SIZE;
            d.readerIndex(ri);
        } else {
            out = alloc.buffer(SIZE + d.readableBytes());
            out.writeZero(SIZE).writeBytes(d);
            d.release();
            ri = 0;
        }
        set(out, ri, version, false, false, sessionId);
        return out;
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
        int at = out.writerIndex();
        set(out, at, v, aggressive, expressLane, session);
        out.writerIndex(at + SIZE);
    }

    /** The one place the header layout is written, at absolute index {@code at}. */
    private static void set(ByteBuf out, int at, Version v, boolean aggressive, boolean expressLane, long session) {
        out.setByte(at, MAGIC_0);
        out.setByte(at + 1, MAGIC_1);
        out.setByte(at + 2, v.major());
        out.setByte(at + 3, v.minor());
        out.setByte(at + 4, aggressive ? 1 : 0);
        out.setByte(at + 5, expressLane ? 1 : 0);
        out.setShort(at + 6, 0);
        out.setLong(at + 8, session);
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
