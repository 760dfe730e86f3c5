package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import java.util.Set;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;
import org.lightwayj.core.wire.AuthFailure;
import org.lightwayj.core.wire.AuthSuccessWithConfigV4;
import org.lightwayj.core.wire.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one peer (spec §4.2): answers the AuthRequest through the host's auth callback
 * and IP pool, keeps the peer to the header version it adopted (§4.7), and runs session-id rotation
 * (§1.4), together with the {@link UdpServerEndpoint} that owns the connection on UDP.
 */
final class ServerRole extends ConnectionSide {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRole.class);

    private final ServerContext context;
    private final SessionRotation rotation = new SessionRotation();
    private InsideIpConfig allocatedIp;
    private Set<Feature> features = Set.of();

    ServerRole(Connection conn, ServerContext context) {
        super(conn);
        this.context = context;
    }

    @Override
    boolean isClient() {
        return false;
    }

    @Override
    void onStart(long now) {
        // The TLS part alone gets a shorter bound than TLS + auth: half-open handshakes must not hold a slot for long.
        conn.timers().set(Timer.TLS_HANDSHAKE_TIMEOUT, TimerTable.after(now, context.tlsHandshakeTimeoutNanos()));
    }

    @Override
    void onLinkUp(long sessionId, long now) {
        // The client speaks first (AuthRequest).
    }

    @Override
    void onAuthenticRecord(long sessionId) {
    }

    @Override
    void onAuthenticatedDatagram(long sid) {
        SessionId current = conn.sessionId();
        if (rotation.isPending(sid)) {
            // §1.4: the client echoed the pending id, so it has seen it: finalise the rotation.
            SessionId next = rotation.finish();
            conn.sessionId(next);
            UdpServerEndpoint endpoint = conn.endpoint();
            if (endpoint != null) {
                endpoint.onRotationAcknowledged(conn, current, next);
            }
            conn.emit(new ConnectionEvent.SessionIdRotationAcknowledged(current, next));
        } else if (sid != current.value() && sid != SessionId.EMPTY.value()) {
            conn.metrics().sessionIdMismatch(conn);
        }
    }

    @Override
    void onRejectedHeader() {
    }

    @Override
    boolean admitHeader(ByteBuf datagram) {
        // §4.7: later packets must carry exactly the adopted version (non-fatal).
        return Header.hasVersionAt(datagram, conn.version());
    }

    @Override
    long headerSessionId() {
        return rotation.headerId(conn.sessionId());
    }

    @Override
    SessionId rotateSessionId(long now) throws ConnectionException {
        if (!conn.transport().isDatagram()) {
            throw new ConnectionException(ConnectionError.INVALID_STATE, "session ids rotate on UDP servers only");
        }
        ConnectionState state = conn.state();
        if (state == ConnectionState.DISCONNECTED) {
            throw Connection.Errors.DISCONNECTED;
        }
        if (state != ConnectionState.ONLINE) {
            throw new ConnectionException(ConnectionError.INVALID_STATE, "cannot rotate in state " + state);
        }
        SessionId p = rotation.pending();
        if (p != null) {
            return p;
        }
        SessionId old = conn.sessionId();
        UdpServerEndpoint endpoint = conn.endpoint();
        p = rotation.start(conn.settings().random(),
                id -> id == old.value() || (endpoint != null && endpoint.sessionIdTaken(id)));
        if (endpoint != null) {
            endpoint.onRotationStarted(conn, p);
        }
        conn.emit(new ConnectionEvent.SessionIdRotationStarted(old, p));
        conn.sendFrame(Connection.KEEPALIVE_PING, now);
        return p;
    }

    @Override
    SessionId pendingSessionId() {
        return rotation.pending();
    }

    @Override
    void onAuthRequest(AuthMethod method, long now) {
        ConnectionState state = conn.state();
        if (!(state == ConnectionState.LINK_UP || state == ConnectionState.ONLINE)) {
            conn.nonFatal(ConnectionError.INVALID_STATE, "AuthRequest while " + state, now);
            return;
        }
        if (allocatedIp == null) {
            InsideIpConfig ip = context.ipPool().allocate(conn);
            if (ip == null) {
                conn.sendFrame(AuthFailure.INSTANCE, now);
                conn.fail(new ConnectionException(ConnectionError.NO_AVAILABLE_CLIENT_IP, "the IP pool is exhausted"),
                        now, true);
                return;
            }
            allocatedIp = ip;
        }
        AuthResult result;
        try {
            result = context.auth().authorize(conn, method);
        } catch (RuntimeException e) {
            LOG.warn("the auth callback failed; denying", e);
            result = AuthResult.denied();
        }
        if (!(result instanceof AuthResult.Granted g)) {
            conn.sendFrame(AuthFailure.INSTANCE, now);
            conn.fail(new ConnectionException(ConnectionError.ACCESS_DENIED, "the auth callback denied access"), now,
                    true);
            return;
        }
        if (conn.state() != ConnectionState.ONLINE) {
            features = g.features();
            Version tv = g.tunnelVersion();
            if (tv != null && !conn.transport().isDatagram() && conn.settings().versions().contains(tv)) {
                conn.version(tv); // §4.7: TCP tunnel version, only before Online
            }
        }
        InsideIpConfig ip = allocatedIp;
        conn.sendFrame(new AuthSuccessWithConfigV4(ip.localIp(), ip.peerIp(), ip.dnsIp(), Integer.toString(ip.mtu()),
                conn.sessionId()), now);
        if (conn.state() != ConnectionState.ONLINE && conn.state() != ConnectionState.DISCONNECTED) {
            conn.goOnline(now);
        }
    }

    @Override
    void onAuthSuccess(AuthSuccessWithConfigV4 s, long now) {
        conn.nonFatal(ConnectionError.INVALID_STATE, "AuthSuccess at a server", now);
    }

    @Override
    void onAuthFailure(long now) {
        conn.nonFatal(ConnectionError.INVALID_STATE, "AuthFailure while " + conn.state(), now);
    }

    @Override
    void onAuthResendTimer(long now) {
        // Never armed: only a client resends its AuthRequest.
    }

    @Override
    void onToggleAnswerWithoutCodec(long now) {
        conn.nonFatal(ConnectionError.INVALID_STATE, "ToggleEncodingAnswer at a server", now);
    }

    @Override
    InsideIpConfig insideIpConfig() {
        return allocatedIp;
    }

    @Override
    Set<Feature> features() {
        return features;
    }

    /** Returns the tunnel address to the pool (on Disconnecting and on close). */
    @Override
    void release() {
        if (allocatedIp != null) {
            InsideIpConfig ip = allocatedIp;
            allocatedIp = null;
            try {
                context.ipPool().free(conn, ip);
            } catch (RuntimeException e) {
                LOG.warn("the IP pool failed to free {}", ip, e);
            }
        }
    }
}
