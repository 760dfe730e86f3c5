package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;

/** Host callback: writes one IP packet to the inside (TUN) device. */
@FunctionalInterface
public interface InsideSender {

    /**
     * Delivers one inside IP packet received from the peer.
     *
     * <p>Ownership: the callee owns {@code packet} and releases it. It is usually a retained slice of
     * the decrypted record (no copy), so hand it on promptly.
     *
     * @param connection the connection that received it
     * @param packet the IP packet (readable bytes)
     */
    void sendInside(Connection connection, ByteBuf packet);
}
