package org.lightwayj.core.ip;

import io.netty.buffer.ByteBuf;

/**
 * The TCP MSS clamp of spec §4.6: an inner IPv4 TCP segment with SYN set (SYN or SYN-ACK) whose
 * MSS option exceeds the limit gets the limit written in place, and its TCP checksum fixed with the
 * RFC 1624 incremental update. The connection clamps to {@code Data MPS − 40}
 * ({@link #mssForDataMps(int)}) so that inner TCP segments fit one Data frame.
 *
 * <h2>What is left alone</h2>
 * Anything but IPv4 (e.g. IPv6), non-TCP, non-first IPv4 fragments, TCP without SYN, SYNs without
 * an MSS option, and anything malformed: a header shorter than its fields say, an IPv4 total length
 * beyond the buffer, a TCP data offset outside the segment, an option whose length is below 2 or runs
 * past the option area, or an MSS option whose length is not 4. Options are validated in full before
 * any byte is written, so a malformed packet is never half-changed. Every MSS option present is
 * clamped. Bytes past the IPv4 total length (link padding) are ignored.
 *
 * <p>The buffer's readable region is the packet; indices are not moved; the caller keeps ownership.
 * Allocation-free.
 */
public final class TcpMssClamp {
    /** IPv4 (20) plus TCP (20) header bytes between the Data MPS and the MSS. */
    public static final int IPV4_TCP_HEADERS = 40;

    private static final int PROTO_TCP = 6;
    private static final int TCP_SYN = 0x02;
    private static final int OPT_EOL = 0;
    private static final int OPT_NOP = 1;
    private static final int OPT_MSS = 2;

    private TcpMssClamp() {
    }

    /**
     * The MSS for a Data MPS: {@code dataMps - 40}, at least 0.
     *
     * @param dataMps the largest inside packet that fits one Data frame
     * @return the MSS to clamp to
     */
    public static int mssForDataMps(int dataMps) {
        return Math.max(0, dataMps - IPV4_TCP_HEADERS);
    }

    /**
     * Lowers the MSS option of an IPv4 TCP SYN / SYN-ACK to {@code maxMss} in place.
     *
     * @param packet the inside packet (readable region); modified only when the result is
     *               {@link MssClampResult#CLAMPED}; ownership stays with the caller
     * @param maxMss the largest MSS allowed, 0..65535
     * @return what was done
     * @throws IllegalArgumentException if {@code maxMss} is not a u16
     */
    public static MssClampResult clamp(ByteBuf packet, int maxMss) {
        if ((maxMss & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("maxMss must be 0..65535, was " + maxMss);
        }
        int base = packet.readerIndex();
        int avail = packet.readableBytes();
        if (avail < 1 || (packet.getUnsignedByte(base) >>> 4) != 4) {
            return MssClampResult.NOT_IPV4;
        }
        if (avail < 20) {
            return MssClampResult.MALFORMED;
        }
        int ihl = (packet.getUnsignedByte(base) & 0xF) * 4;
        int totalLength = packet.getUnsignedShort(base + 2);
        if (ihl < 20 || totalLength < ihl || totalLength > avail) {
            return MssClampResult.MALFORMED;
        }
        if (packet.getUnsignedByte(base + 9) != PROTO_TCP) {
            return MssClampResult.NOT_TCP;
        }
        if ((packet.getUnsignedShort(base + 6) & 0x1FFF) != 0) {
            return MssClampResult.FRAGMENT;
        }
        int tcp = base + ihl;
        int tcpLength = totalLength - ihl;
        if (tcpLength < 20) {
            return MssClampResult.MALFORMED;
        }
        int dataOffset = (packet.getUnsignedByte(tcp + 12) >>> 4) * 4;
        if (dataOffset < 20 || dataOffset > tcpLength) {
            return MssClampResult.MALFORMED;
        }
        if ((packet.getUnsignedByte(tcp + 13) & TCP_SYN) == 0) {
            return MssClampResult.NOT_SYN;
        }
        int end = tcp + dataOffset;
        // Pass 1: validate the whole option list and see whether anything needs lowering.
        int mssOptions = 0;
        boolean needed = false;
        for (int i = tcp + 20; i < end; ) {
            int kind = packet.getUnsignedByte(i);
            if (kind == OPT_EOL) {
                break;
            }
            if (kind == OPT_NOP) {
                i++;
                continue;
            }
            if (i + 1 >= end) {
                return MssClampResult.MALFORMED;
            }
            int len = packet.getUnsignedByte(i + 1);
            if (len < 2 || i + len > end) {
                return MssClampResult.MALFORMED;
            }
            if (kind == OPT_MSS) {
                if (len != 4) {
                    return MssClampResult.MALFORMED;
                }
                mssOptions++;
                needed |= packet.getUnsignedShort(i + 2) > maxMss;
            }
            i += len;
        }
        if (mssOptions == 0) {
            return MssClampResult.NO_MSS_OPTION;
        }
        if (!needed) {
            return MssClampResult.UNCHANGED;
        }
        // Pass 2: the list is known to be well formed; lower each MSS and fix the checksum.
        int checksum = packet.getUnsignedShort(tcp + 16);
        for (int i = tcp + 20; i < end; ) {
            int kind = packet.getUnsignedByte(i);
            if (kind == OPT_EOL) {
                break;
            }
            if (kind == OPT_NOP) {
                i++;
                continue;
            }
            int len = packet.getUnsignedByte(i + 1);
            if (kind == OPT_MSS) {
                int old = packet.getUnsignedShort(i + 2);
                if (old > maxMss) {
                    packet.setShort(i + 2, maxMss);
                    // The checksum sums 16-bit words from the TCP header start; an MSS value at an
                    // odd offset straddles two words, which equals adding its byte-swapped value.
                    boolean odd = ((i + 2 - tcp) & 1) != 0;
                    checksum = odd
                            ? InternetChecksum.update(checksum, InternetChecksum.swap(old), InternetChecksum.swap(maxMss))
                            : InternetChecksum.update(checksum, old, maxMss);
                }
            }
            i += len;
        }
        packet.setShort(tcp + 16, checksum);
        return MssClampResult.CLAMPED;
    }
}
