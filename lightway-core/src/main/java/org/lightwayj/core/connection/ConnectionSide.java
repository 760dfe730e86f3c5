package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import java.util.Set;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.wire.AuthSuccessWithConfigV4;

/**
 * The client-or-server half of a {@link Connection}: everything the two ends of the protocol do
 * differently (authentication, the tunnel configuration, session ids and their rotation, granted
 * features). The connection asks its side at each point where the roles differ instead of testing
 * {@code isClient}; the transport-specific half lives in {@link OutsidePath}. Confined to the
 * connection's thread.
 */
sealed abstract class ConnectionSide permits ClientRole, ServerRole {

    final Connection conn;

    ConnectionSide(Connection conn) {
        this.conn = conn;
    }

    abstract boolean isClient();

    /** Arms the side's own creation timers (server: the TLS-only handshake bound). */
    abstract void onStart(long now);

    /**
     * The (D)TLS handshake just completed (state is LINK_UP).
     *
     * @param sessionId UDP: the header id of the datagram that completed it (or of the latest one fed
     *     to the engine while Connecting), else {@link SessionId#EMPTY}
     */
    abstract void onLinkUp(long sessionId, long now);

    /** §1.4: a record of a datagram with header id {@code sessionId} decrypted; before its frames run. */
    abstract void onAuthenticRecord(long sessionId);

    /** §1.4: a datagram with header id {@code sessionId} yielded at least one frame (DTLS authenticated it). */
    abstract void onAuthenticatedDatagram(long sessionId);

    /** A datagram with the REJECTED header id arrived (already counted). */
    abstract void onRejectedHeader();

    /**
     * {@return whether a datagram whose header passed the supported-version check may go on (§4.7):
     * a server wants exactly the adopted version; a client takes any and notes its first packet}
     */
    abstract boolean admitHeader(ByteBuf datagram);

    /** {@return the raw id for outgoing headers} */
    abstract long headerSessionId();

    abstract void onAuthRequest(AuthMethod method, long now);

    abstract void onAuthSuccess(AuthSuccessWithConfigV4 s, long now);

    abstract void onAuthFailure(long now);

    /** The AUTH_RESEND timer fired while Authenticating. */
    abstract void onAuthResendTimer(long now);

    /** A ToggleEncodingAnswer arrived on a connection without a codec. */
    abstract void onToggleAnswerWithoutCodec(long now);

    /** See {@link Connection#rotateSessionId(long)}. */
    abstract SessionId rotateSessionId(long now) throws ConnectionException;

    /** {@return the pending id of a session-id rotation in progress, or {@code null}} */
    abstract SessionId pendingSessionId();

    /** {@return client: the configuration received; server: the one allocated; or {@code null}} */
    abstract InsideIpConfig insideIpConfig();

    abstract Set<Feature> features();

    /** The connection is going away: return what the side holds (server: the tunnel address). */
    abstract void release();
}
