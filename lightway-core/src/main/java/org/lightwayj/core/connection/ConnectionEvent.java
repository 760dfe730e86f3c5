package org.lightwayj.core.connection;

import org.lightwayj.core.SessionId;

/** Events a connection reports to its {@link EventListener} (spec §4.9 "Events"). */
public sealed interface ConnectionEvent {

    /**
     * The state changed (emitted once per actual change).
     *
     * @param state the new state
     */
    record StateChanged(ConnectionState state) implements ConnectionEvent {
    }

    /** A Pong answering a keepalive Ping (id 0) arrived. */
    record KeepaliveReply() implements ConnectionEvent {
        /** The only instance. */
        public static final KeepaliveReply INSTANCE = new KeepaliveReply();
    }

    /** Client: the first outside packet from the server arrived. */
    record FirstPacketReceived() implements ConnectionEvent {
        /** The only instance. */
        public static final FirstPacketReceived INSTANCE = new FirstPacketReceived();
    }

    /**
     * Client UDP: the server answered with a REJECTED header (it does not know our session). Non-fatal
     * by default (as in Rust); a host may disconnect.
     */
    record SessionRejected() implements ConnectionEvent {
        /** The only instance. */
        public static final SessionRejected INSTANCE = new SessionRejected();
    }

    /**
     * Client UDP: the session id in our headers changed to the server's (spec §1.4).
     *
     * @param sessionId the id now used
     */
    record SessionIdAdopted(SessionId sessionId) implements ConnectionEvent {
    }

    /**
     * The connection ended because of {@code cause} (a fatal error, or Goodbye); followed by
     * {@code StateChanged(DISCONNECTED)}. A host-requested {@link Connection#disconnect(long)} emits no
     * Closed event.
     *
     * @param cause why
     */
    record Closed(ConnectionException cause) implements ConnectionEvent {
    }

    /**
     * Server UDP: a session-id rotation started; {@code pending} is in every outgoing header from now
     * on (spec §1.4). The host's own session map needs no change yet.
     *
     * @param old the id still current
     * @param pending the new id, waiting for the client to echo it
     */
    record SessionIdRotationStarted(SessionId old, SessionId pending) implements ConnectionEvent {
    }

    /**
     * Server UDP: an authenticated client datagram carried the pending id, which is now the session id
     * (spec §1.4). A {@link UdpServerEndpoint} has already re-keyed its map; other hosts re-key theirs.
     *
     * @param old the id no longer used
     * @param current the id now used
     */
    record SessionIdRotationAcknowledged(SessionId old, SessionId current) implements ConnectionEvent {
    }

    /**
     * Client UDP with PMTUD: the path-MTU estimate changed (spec §4.6).
     *
     * @param plpmtu the PLPMTU (whole inner frame) in bytes, or -1 when there is no estimate
     * @param dataMps the largest inside packet sent as one Data frame (plpmtu − 3), or -1; longer ones
     *     go as DataFrag
     */
    record PathMtuChanged(int plpmtu, int dataMps) implements ConnectionEvent {
    }

    /**
     * Inside-packet encoding was switched (spec §0.2): on the server when it applies a ToggleEncoding
     * request, on the client when the matching answer arrives (or the stall guard fires).
     *
     * @param enabled whether this side's encoder now encodes
     */
    record EncodingStateChanged(boolean enabled) implements ConnectionEvent {
    }
}
