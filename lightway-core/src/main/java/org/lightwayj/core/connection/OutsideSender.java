package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;

/** Host callback: writes bytes to the outside network (a UDP datagram, or TCP stream bytes). */
@FunctionalInterface
public interface OutsideSender {

    /**
     * Sends one datagram (UDP: header included) or a chunk of stream bytes (TCP).
     *
     * <p>Ownership: when this returns {@code true} the callee owns {@code data} and releases it
     * (possibly later, after an asynchronous write). When it returns {@code false} ("would block")
     * the core keeps ownership: on UDP the datagram is dropped and counted; on TCP the bytes are kept
     * and re-offered from {@link Connection#outsideWritable(long)}, and further frames queue (bounded,
     * spec §4.8).
     *
     * @param connection the connection sending
     * @param data the bytes to send (readable bytes)
     * @return whether the bytes were taken
     */
    boolean sendOutside(Connection connection, ByteBuf data);
}
