package org.lightwayj.core.ip;

/** What {@link TcpMssClamp#clamp} did with a packet. Only {@link #CLAMPED} means bytes changed. */
public enum MssClampResult {
    /** At least one MSS option was lowered and the TCP checksum updated. */
    CLAMPED,
    /** A SYN whose MSS options were already at or below the limit. */
    UNCHANGED,
    /** A SYN without an MSS option. */
    NO_MSS_OPTION,
    /** TCP without the SYN flag. */
    NOT_SYN,
    /** IPv4 but not TCP. */
    NOT_TCP,
    /** An IPv4 fragment other than the first: it carries no TCP header. */
    FRAGMENT,
    /** Not IPv4 (including IPv6 and empty input). */
    NOT_IPV4,
    /** An IPv4/TCP header or option list that is truncated or inconsistent; left alone. */
    MALFORMED;

    /** Whether the packet's bytes were modified. */
    public boolean modified() {
        return this == CLAMPED;
    }
}
