package org.lightwayj.core.connection;

import java.util.Objects;

/**
 * The tunnel's IPv4 configuration (AuthSuccessWithConfigV4, spec §2.7): the client's tunnel address,
 * the server's tunnel address, the DNS server and the inside MTU.
 *
 * @param localIp the client's tunnel address, dotted quad
 * @param peerIp the server's tunnel address, dotted quad
 * @param dnsIp the DNS server, dotted quad
 * @param mtu the inside MTU
 */
public record InsideIpConfig(String localIp, String peerIp, String dnsIp, int mtu) {

    /**
     * Validates the addresses (dotted-quad IPv4, ≤ 23 bytes each) and the MTU.
     *
     * @param localIp the client's tunnel address
     * @param peerIp the server's tunnel address
     * @param dnsIp the DNS server
     * @param mtu the inside MTU, 68..65535
     */
    public InsideIpConfig {
        checkIpv4(localIp, "localIp");
        checkIpv4(peerIp, "peerIp");
        checkIpv4(dnsIp, "dnsIp");
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("mtu must be 68..65535: " + mtu);
        }
    }

    /** Whether {@code s} is a dotted-quad IPv4 literal (no DNS lookups, no leading zeros beyond "0"). */
    static boolean isIpv4(String s) {
        if (s == null || s.isEmpty() || s.length() > 15) {
            return false;
        }
        int parts = 0;
        int i = 0;
        while (i <= s.length()) {
            int start = i;
            int v = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 3 || v > 255) {
                return false;
            }
            parts++;
            if (i == s.length()) {
                break;
            }
            if (s.charAt(i) != '.') {
                return false;
            }
            i++;
        }
        return parts == 4;
    }

    private static void checkIpv4(String s, String field) {
        Objects.requireNonNull(s, field);
        if (!isIpv4(s)) {
            throw new IllegalArgumentException(field + " is not a dotted-quad IPv4 address: " + s);
        }
    }
}
