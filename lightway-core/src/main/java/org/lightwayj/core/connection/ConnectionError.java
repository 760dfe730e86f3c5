package org.lightwayj.core.connection;

import org.lightwayj.core.wire.WireError;

/**
 * Every error a connection reports, with the fatality rule of spec §4.9: on TCP every error is fatal;
 * on UDP only the errors marked fatal end the connection, the rest are counted and the connection
 * goes on.
 */
public enum ConnectionError {
    /** The handshake (TLS + auth) did not finish in time, or the keepalive timed out. */
    TIMED_OUT(true),
    /** Client: the server answered AuthFailure. */
    UNAUTHORIZED(true),
    /** Server: the IP pool had no address. */
    NO_AVAILABLE_CLIENT_IP(true),
    /** Client: the server's AuthSuccessWithConfigV4 carried an unparseable address. */
    INVALID_INSIDE_IP_CONFIG(true),
    /** Server: the auth callback denied the client. */
    ACCESS_DENIED(true),
    /** The peer said Goodbye. */
    GOODBYE(true),
    /** The connection is closed. */
    DISCONNECTED(true),
    /** EncodedData arrived but this connection has no decoder (§0.3). */
    PACKET_CODEC_DOES_NOT_EXIST(true),
    /** The inside-packet codec failed (§0.3). */
    PACKET_CODEC_ERROR(true),
    /** An operation that needs UDP was attempted on TCP (ToggleEncoding, §0.2). */
    INVALID_CONNECTION_TYPE(true),
    /** Client UDP with PMTUD: the outside MTU is too small for the inside MTU (§4.2). */
    PATH_MTU_DISCOVERY_REQUIRED(true),
    /** The (D)TLS engine failed (untrusted certificate, name mismatch, alert, peer closed, …). */
    TLS_FAILURE(true),
    /** A frame was malformed in a way §4.9 calls fatal (bad enum, string, length, bool, …). */
    INVALID_FRAME(true),
    /** A frame of an unknown kind (non-fatal on UDP). */
    UNKNOWN_FRAME_TYPE(false),
    /** A record ended in the middle of a frame (non-fatal on UDP). */
    TRUNCATED_FRAME(false),
    /** A header carried a version other than the connection's (non-fatal on UDP). */
    INVALID_PROTOCOL_VERSION(false),
    /** Out of order or duplicate input for the current state (non-fatal). */
    INVALID_STATE(false),
    /** The inside I/O is not configured. */
    INVALID_INSIDE_IO(false),
    /** The outside sender refused a write. */
    OUTSIDE_IO_WRITE_ERROR(false),
    /** Server: a datagram carried a session id no connection owns. */
    UNKNOWN_SESSION_ID(false),
    /** A datagram carried the REJECTED session id. */
    REJECTED_SESSION_ID(false),
    /** An inside packet was refused (not IPv4 / IPv6 when disabled). */
    INVALID_INSIDE_PACKET(false),
    /** An inside packet longer than the inside MTU. */
    INVALID_PACKET_SIZE(false),
    /** An inside packet whose first nibble is not 4. */
    INVALID_IPV4_PACKET(false),
    /** An outside datagram that could not be processed (bad outer header, ExpressLane data, …). */
    PACKET_ERROR(false),
    /** Fragment reassembly failed (issue 5). */
    DATA_FRAGMENT_ERROR(false),
    /** A plugin dropped a packet and asked to reply (issue 5). */
    PLUGIN_DROP_WITH_REPLY(false),
    /** A plugin failed (issue 5). */
    PLUGIN_ERROR(false),
    /** A non-fatal (D)TLS condition (for example a record that failed to open). */
    TLS_NON_FATAL(false),
    /**
     * Lightway-J's own addition: a bug, or a host callback that threw. The connection closes rather
     * than go on with a half-updated state machine.
     */
    INTERNAL_ERROR(true);

    private final boolean fatalOnUdp;

    ConnectionError(boolean fatalOnUdp) {
        this.fatalOnUdp = fatalOnUdp;
    }

    /**
     * Whether this error ends a connection on the given transport (spec §4.9).
     *
     * @param transport the connection's transport
     * @return {@code true} on TCP always; on UDP for the fatal kinds only
     */
    public boolean isFatal(Transport transport) {
        return transport == Transport.TCP || fatalOnUdp;
    }

    /**
     * Maps a wire-layer parse error to its connection error (spec §4.9).
     *
     * @param error the wire error
     * @return the connection error it becomes
     */
    static ConnectionError fromWire(WireError error) {
        // By name, so that wire-layer constants added later default to the fatal class, as §4.9 does.
        switch (error.name()) {
            case "UNKNOWN_FRAME_TYPE":
                return UNKNOWN_FRAME_TYPE;
            case "INSUFFICIENT_DATA":
                return TRUNCATED_FRAME;
            case "INVALID_PROTOCOL_VERSION":
                return INVALID_PROTOCOL_VERSION;
            case "INVALID_EXPRESS_DATA":
            case "REPLAYED_EXPRESS_DATA":
                return PACKET_ERROR;
            default:
                return INVALID_FRAME;
        }
    }
}
