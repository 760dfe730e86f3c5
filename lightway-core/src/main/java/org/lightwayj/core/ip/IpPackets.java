package org.lightwayj.core.ip;

import io.netty.buffer.ByteBuf;

/**
 * IP version checks on inside packets (spec §4.9: an inside packet must have version nibble 4).
 * The buffer's readable region is the packet; indices are not moved; the caller keeps ownership.
 */
public final class IpPackets {
    private IpPackets() {
    }

    /**
     * @param packet the packet (readable region)
     * @return the high nibble of the first byte (4 for IPv4, 6 for IPv6), or −1 if the packet is empty
     */
    public static int version(ByteBuf packet) {
        if (!packet.isReadable()) {
            return -1;
        }
        return (packet.getUnsignedByte(packet.readerIndex()) >>> 4) & 0xF;
    }

    /**
     * Upstream's {@code ipv4_is_valid_packet}: only the version nibble is checked.
     *
     * @param packet the packet (readable region)
     * @return whether the packet is non-empty and its version nibble is 4
     */
    public static boolean isIpv4(ByteBuf packet) {
        return version(packet) == 4;
    }
}
