package org.lightwayj.core.ip;

import java.io.ByteArrayOutputStream;

/**
 * Builds IPv4/TCP test packets on byte arrays, with checksums from a reference implementation
 * independent of {@link InternetChecksum}.
 */
final class Packets {
    static final int SYN = 0x02;
    static final int ACK = 0x10;

    private Packets() {
    }

    /** Reference RFC 1071 sum over byte arrays, straightforward and unoptimised. */
    static int refSum(byte[] b, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xFF;
            int lo = i + 1 < len ? b[off + i + 1] & 0xFF : 0;
            s += (hi << 8) | lo;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    static int refChecksum(byte[] b, int off, int len) {
        return ~refSum(b, off, len, 0) & 0xFFFF;
    }

    /** Whether the IPv4 header checksum verifies (sum over the header is all ones). */
    static boolean ipHeaderOk(byte[] p) {
        int ihl = (p[0] & 0xF) * 4;
        return refSum(p, 0, ihl, 0) == 0xFFFF;
    }

    /** Whether the TCP checksum over pseudo-header + segment verifies. */
    static boolean tcpOk(byte[] p) {
        int ihl = (p[0] & 0xF) * 4;
        int total = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
        int tcpLen = total - ihl;
        long pseudo = refSum(p, 12, 8, 0) + 6 + tcpLen;
        return refSum(p, ihl, tcpLen, pseudo) == 0xFFFF;
    }

    /**
     * An IPv4 TCP packet with correct checksums.
     *
     * @param ipOptions IPv4 options (length a multiple of 4, at most 40)
     * @param flags     TCP flags byte
     * @param tcpOptions TCP options (length a multiple of 4, at most 40)
     * @param payload   TCP payload
     */
    static byte[] tcp(byte[] ipOptions, int flags, byte[] tcpOptions, byte[] payload) {
        int ihl = 20 + ipOptions.length;
        int thl = 20 + tcpOptions.length;
        int total = ihl + thl + payload.length;
        byte[] p = new byte[total];
        p[0] = (byte) (0x40 | (ihl / 4));
        p[2] = (byte) (total >>> 8);
        p[3] = (byte) total;
        p[4] = 0x12;
        p[5] = 0x34;
        p[6] = 0x40; // DF
        p[8] = 64;
        p[9] = 6;
        byte[] addrs = {10, 125, 0, 5, (byte) 93, (byte) 184, (byte) 216, 34};
        System.arraycopy(addrs, 0, p, 12, 8);
        System.arraycopy(ipOptions, 0, p, 20, ipOptions.length);
        int t = ihl;
        p[t] = (byte) 0xC3;
        p[t + 1] = 0x50;
        p[t + 2] = 0x01;
        p[t + 3] = (byte) 0xBB;
        p[t + 4] = 0x11;
        p[t + 5] = 0x22;
        p[t + 6] = 0x33;
        p[t + 7] = 0x44;
        p[t + 12] = (byte) ((thl / 4) << 4);
        p[t + 13] = (byte) flags;
        p[t + 14] = (byte) 0xFA;
        p[t + 15] = (byte) 0xF0;
        System.arraycopy(tcpOptions, 0, p, t + 20, tcpOptions.length);
        System.arraycopy(payload, 0, p, t + thl, payload.length);
        fixChecksums(p);
        return p;
    }

    /** Recomputes both checksums of an IPv4 TCP packet in place. */
    static void fixChecksums(byte[] p) {
        int ihl = (p[0] & 0xF) * 4;
        p[10] = 0;
        p[11] = 0;
        int ipc = refChecksum(p, 0, ihl);
        p[10] = (byte) (ipc >>> 8);
        p[11] = (byte) ipc;
        int total = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
        int tcpLen = total - ihl;
        p[ihl + 16] = 0;
        p[ihl + 17] = 0;
        long pseudo = refSum(p, 12, 8, 0) + 6 + tcpLen;
        int tc = ~refSum(p, ihl, tcpLen, pseudo) & 0xFFFF;
        p[ihl + 16] = (byte) (tc >>> 8);
        p[ihl + 17] = (byte) tc;
    }

    /** MSS option bytes. */
    static byte[] mss(int value) {
        return new byte[] {2, 4, (byte) (value >>> 8), (byte) value};
    }

    /** Concatenates option pieces and pads with EOL (0) to a multiple of 4. */
    static byte[] options(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        return out.toByteArray();
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }
}
