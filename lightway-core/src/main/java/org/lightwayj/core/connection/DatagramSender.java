package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;

/** Host callback of a {@link UdpServerEndpoint}: sends one datagram from the server's socket. */
@FunctionalInterface
public interface DatagramSender {

    /**
     * Ownership: when this returns {@code true} the callee owns {@code datagram} and releases it; on
     * {@code false} ("would block") the core releases it and counts the drop.
     *
     * @param datagram the whole datagram, Lightway header included
     * @param recipient where to send it
     * @return whether the datagram was taken
     */
    boolean send(ByteBuf datagram, SocketAddress recipient);
}
