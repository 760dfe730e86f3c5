package org.lightwayj.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Linux's {@code struct ifreq} as a byte array: {@code char ifr_name[IFNAMSIZ]} (16 bytes, NUL-terminated)
 * followed by a union whose {@code short ifr_flags} and {@code int ifr_mtu} both sit at offset 16. The
 * struct is 40 bytes on 64-bit Linux (the union's largest member, {@code struct ifmap}, is 24). Fields
 * are in the machine's byte order.
 */
final class IfReq {
    /** {@code IFNAMSIZ}: the name field, terminating NUL included. */
    static final int IFNAMSIZ = 16;
    /** {@code sizeof(struct ifreq)} on 64-bit Linux. */
    static final int SIZE = 40;
    static final int UNION_OFFSET = 16;

    /** {@code IFF_TUN}: layer-3 device, packets are IP packets. */
    static final short IFF_TUN = 0x0001;
    /** {@code IFF_NO_PI}: no 4-byte packet-information header before each packet. */
    static final short IFF_NO_PI = 0x1000;
    /** {@code TUNSETIFF = _IOW('T', 202, int)}. */
    static final long TUNSETIFF = 0x400454caL;
    /** {@code SIOCGIFMTU}. */
    static final long SIOCGIFMTU = 0x8921L;
    /** {@code SIOCSIFMTU}. */
    static final long SIOCSIFMTU = 0x8922L;

    private IfReq() {
    }

    /**
     * Checks an interface name the way the kernel will: 1..15 bytes of ASCII, no {@code '/'}, no
     * whitespace, no {@code ':'}, and not "." or "..". A {@code %d} asks the kernel to pick a number.
     *
     * @throws IllegalArgumentException when the kernel would refuse it
     */
    static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("interface name must not be empty");
        }
        if (name.length() >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name '" + name + "' is longer than "
                    + (IFNAMSIZ - 1) + " characters");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("interface name must not be '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7F || c == '/' || c == ':') {
                throw new IllegalArgumentException("interface name '" + name
                        + "' may hold only printable ASCII without '/', ':' or spaces");
            }
        }
        return name;
    }

    /** {@return a zeroed ifreq holding {@code name} and, at offset 16, {@code flags}} */
    static byte[] withFlags(String name, short flags) {
        byte[] r = withName(name);
        order(r).putShort(UNION_OFFSET, flags);
        return r;
    }

    /** {@return a zeroed ifreq holding {@code name} and, at offset 16, {@code mtu}} */
    static byte[] withMtu(String name, int mtu) {
        byte[] r = withName(name);
        order(r).putInt(UNION_OFFSET, mtu);
        return r;
    }

    /** {@return a zeroed ifreq holding {@code name}} */
    static byte[] withName(String name) {
        byte[] r = new byte[SIZE];
        byte[] n = checkName(name).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, r, 0, n.length); // the rest stays 0: the terminating NUL
        return r;
    }

    /** {@return the name the kernel wrote back (up to the first NUL)} */
    static String name(byte[] ifreq) {
        int n = 0;
        while (n < IFNAMSIZ && ifreq[n] != 0) {
            n++;
        }
        return new String(ifreq, 0, n, StandardCharsets.US_ASCII);
    }

    /** {@return the int at offset 16 ({@code ifr_mtu})} */
    static int mtu(byte[] ifreq) {
        return order(ifreq).getInt(UNION_OFFSET);
    }

    /** {@return the short at offset 16 ({@code ifr_flags})} */
    static short flags(byte[] ifreq) {
        return order(ifreq).getShort(UNION_OFFSET);
    }

    private static ByteBuffer order(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }
}
