package org.lightwayj.core.connection;

/**
 * Counters a connection reports, one method per counter (every default does nothing). Called on the
 * connection's thread, synchronously, from the data path: keep implementations cheap (for example
 * {@link java.util.concurrent.atomic.LongAdder}s) and thread-safe when shared between connections.
 */
public interface MetricsListener {

    /** A listener that counts nothing. */
    MetricsListener NONE = new MetricsListener() { };

    /** An outside datagram or chunk arrived ({@code bytes} long). */
    default void outsideBytesReceived(Connection c, int bytes) { }

    /** Bytes handed to the {@link OutsideSender}. */
    default void outsideBytesSent(Connection c, int bytes) { }

    /** An inside packet was delivered to the {@link InsideSender}. */
    default void insidePacketReceived(Connection c, int bytes) { }

    /** An inside packet from the host was sent to the peer. */
    default void insidePacketSent(Connection c, int bytes) { }

    /** An outside datagram was dropped before (D)TLS: bad header, wrong version, ExpressLane, … */
    default void badPacket(Connection c, ConnectionError reason) { }

    /** A datagram was answered with, or carried, the REJECTED session id. */
    default void rejectedPacket(Connection c) { }

    /** An authenticated datagram carried a session id other than the connection's (spec §1.4). */
    default void sessionIdMismatch(Connection c) { }

    /** A frame could not be parsed; on UDP the rest of its record was discarded (spec §0.4). */
    default void badFrame(Connection c, ConnectionError reason) { }

    /** A frame arrived in a state that does not accept it (non-fatal {@link ConnectionError#INVALID_STATE}). */
    default void invalidStateFrame(Connection c) { }

    /** A received inside packet was dropped (not IPv4, or IPv6 when disabled). */
    default void insidePacketDropped(Connection c, ConnectionError reason) { }

    /** An ExpressLane datagram or frame was ignored (spec §0.1). */
    default void expressLaneIgnored(Connection c) { }

    /** A datagram or frame was dropped because the outside sender refused it or the send queue was full. */
    default void outsideSendDropped(Connection c) { }

    /** A (D)TLS record was dropped by the engine (forged, replayed, truncated). */
    default void tlsRecordDropped(Connection c) { }

    /** The connection ended with a fatal error. */
    default void fatalError(Connection c, ConnectionError error) { }

    /** A server connection was created (UDP endpoint or TCP accept). */
    default void connectionCreated(Connection c) { }
}
