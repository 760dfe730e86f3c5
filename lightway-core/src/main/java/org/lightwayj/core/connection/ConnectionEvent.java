package org.lightwayj.core.connection;

import org.lightwayj.core.wire.SessionId;

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
     * Inside-packet encoding was switched (spec §0.2): on the server when it applies a ToggleEncoding
     * request, on the client when the matching answer arrives (or the stall guard fires).
     *
     * @param enabled whether this side's encoder now encodes
     */
    record EncodingStateChanged(boolean enabled) implements ConnectionEvent {
    }
}
