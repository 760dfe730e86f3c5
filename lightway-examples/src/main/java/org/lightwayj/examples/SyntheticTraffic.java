package org.lightwayj.examples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Synthetic inside traffic: valid IPv4/UDP packets whose payload carries a sequence number, standing in
 * for what a TUN device would hand the host.
 *
 * <pre>
 * IPv4 header (20)  | UDP header (8) | "LWJX" | seq u64 | sent-at u64 (host nanos) | filler …
 * </pre>
 *
 * Both checksums are real, so the receiver can tell a damaged packet from a good one.
 */
final class SyntheticTraffic {
    /** IPv4 + UDP + magic + seq + timestamp, rounded up. */
    static final int MIN_SIZE = 64;
    /** The default inside MTU: the largest inside packet a connection accepts without fragmentation. */
    static final int MAX_SIZE = 1350;

    static final int MAGIC = 0x4C574A58; // "LWJX"
    static final int SRC_PORT = 40000;
    static final int DST_PORT = 9; // "discard"
    private static final int IP = 20;
    private static final int UDP = 8;
    private static final int PAYLOAD = IP + UDP;

    private SyntheticTraffic() {
    }

    /** {@return the dotted quad as a big-endian int} */
    static int ipv4(String dotted) {
        try {
            InetAddress a = InetAddress.getByName(dotted); // a literal: no DNS lookup
            if (!(a instanceof Inet4Address)) {
                throw new IllegalArgumentException("not IPv4: " + dotted);
            }
            byte[] b = a.getAddress();
            return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + dotted, e);
        }
    }

    /**
     * Builds one packet.
     *
     * @param alloc where the buffer comes from
     * @param size total IP packet length, {@link #MIN_SIZE}..{@link #MAX_SIZE}
     * @param src source tunnel address
     * @param dst destination tunnel address
     * @param seq sequence number
     * @param nowNanos send time, carried in the payload
     * @return a new buffer owned by the caller
     */
    static ByteBuf packet(ByteBufAllocator alloc, int size, int src, int dst, long seq, long nowNanos) {
        ByteBuf b = alloc.directBuffer(size);
        // IPv4: version 4, IHL 5, DF, TTL 64, protocol 17 (UDP); checksum filled in below.
        b.writeByte(0x45).writeByte(0).writeShort(size).writeShort((int) seq).writeShort(0x4000)
                .writeByte(64).writeByte(17).writeShort(0).writeInt(src).writeInt(dst);
        b.writeShort(SRC_PORT).writeShort(DST_PORT).writeShort(size - IP).writeShort(0);
        b.writeInt(MAGIC).writeLong(seq).writeLong(nowNanos);
        int fill = (int) seq & 0xFF;
        while (b.writerIndex() < size) {
            b.writeByte(fill);
        }
        b.setShort(10, checksum(b, 0, IP, 0));
        int udp = checksum(b, IP, size - IP, pseudoHeader(src, dst, size - IP));
        b.setShort(IP + 6, udp == 0 ? 0xFFFF : udp); // RFC 768: a computed 0 is sent as all ones
        return b;
    }

    /**
     * Checks one received packet and extracts its sequence number.
     *
     * @param p the packet (readable bytes; not released here)
     * @return the sequence number, or -1 when it is not one of ours or is damaged
     */
    static long sequenceOf(ByteBuf p) {
        int i = p.readerIndex();
        int len = p.readableBytes();
        if (len < MIN_SIZE || p.getUnsignedByte(i) != 0x45 || p.getUnsignedShort(i + 2) != len
                || p.getUnsignedByte(i + 9) != 17 || checksum(p, i, IP, 0) != 0) {
            return -1;
        }
        int src = p.getInt(i + 12);
        int dst = p.getInt(i + 16);
        if (p.getUnsignedShort(i + IP + 4) != len - IP
                || checksum(p, i + IP, len - IP, pseudoHeader(src, dst, len - IP)) != 0
                || p.getInt(i + PAYLOAD) != MAGIC) {
            return -1;
        }
        return p.getLong(i + PAYLOAD + 4);
    }

    /** {@return the send time carried by a packet {@link #sequenceOf} accepted} */
    static long sentAt(ByteBuf p) {
        return p.getLong(p.readerIndex() + PAYLOAD + 12);
    }

    private static int pseudoHeader(int src, int dst, int udpLength) {
        long s = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + 17 + udpLength;
        return (int) s;
    }

    /** RFC 1071 one's-complement checksum of {@code length} bytes at {@code index}, plus {@code initial}. */
    static int checksum(ByteBuf b, int index, int length, int initial) {
        long sum = initial & 0xFFFFFFFFL;
        int end = index + length;
        int j = index;
        for (; j + 1 < end; j += 2) {
            sum += b.getUnsignedShort(j);
        }
        if (j < end) {
            sum += b.getUnsignedByte(j) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
