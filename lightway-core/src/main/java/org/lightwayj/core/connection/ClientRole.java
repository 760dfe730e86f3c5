package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import java.util.Set;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.wire.AuthRequest;
import org.lightwayj.core.wire.AuthSuccessWithConfigV4;

/**
 * The client side (spec §4.2): sends the AuthRequest once the link is up (resent on UDP), takes the
 * tunnel configuration from the server's answer, and follows the session id the server puts in its
 * headers (§1.4).
 */
final class ClientRole extends ConnectionSide {

    private static final int MAX_AUTH_BACKOFF_SHIFT = 3;

    private final ClientContext context;
    private final AuthMethod authMethod;
    private final ClientIpConfigHandler ipConfigHandler;
    private int authResends;
    private boolean firstPacketSeen;
    private InsideIpConfig receivedIpConfig;

    ClientRole(Connection conn, ClientContext context, AuthMethod authMethod, ClientIpConfigHandler ipConfigHandler) {
        super(conn);
        this.context = context;
        this.authMethod = authMethod;
        this.ipConfigHandler = ipConfigHandler;
    }

    @Override
    boolean isClient() {
        return true;
    }

    @Override
    void onStart(long now) {
    }

    @Override
    void onLinkUp(long sessionId, long now) {
        // As C does: the handshake just completed, so the peer proved its key. Adopt the session id
        // from its header now, so that the AuthRequest already carries it.
        if (sessionId != SessionId.EMPTY.value() && sessionId != SessionId.REJECTED.value()) {
            onAuthenticatedDatagram(sessionId);
        }
        conn.setState(ConnectionState.AUTHENTICATING);
        authResends = 0;
        sendAuthRequest(now);
    }

    @Override
    void onAuthenticRecord(long sessionId) {
        // §1.4: the record decrypted, so the header is authentic: adopt its id before answering
        // anything in it, so that the Pong to a rotation's Ping already echoes the new id.
        onAuthenticatedDatagram(sessionId);
    }

    @Override
    void onAuthenticatedDatagram(long sessionId) {
        if (sessionId != SessionId.EMPTY.value() && sessionId != conn.sessionId().value()) {
            SessionId adopted = new SessionId(sessionId);
            conn.sessionId(adopted);
            conn.emit(new ConnectionEvent.SessionIdAdopted(adopted));
        }
    }

    @Override
    void onRejectedHeader() {
        conn.emit(ConnectionEvent.SessionRejected.INSTANCE);
    }

    @Override
    boolean admitHeader(ByteBuf datagram) {
        // §0.1/§4.7: the client accepts any supported version from the server.
        if (!firstPacketSeen) {
            firstPacketSeen = true;
            conn.emit(ConnectionEvent.FirstPacketReceived.INSTANCE);
        }
        return true;
    }

    @Override
    long headerSessionId() {
        return conn.sessionId().value();
    }

    private void sendAuthRequest(long now) {
        conn.sendFrame(new AuthRequest(authMethod), now);
        if (conn.transport().isDatagram()) {
            // §4.2: resent on ticks while Authenticating (UDP only), with a capped backoff.
            long interval = context.authResendNanos() << Math.min(authResends, MAX_AUTH_BACKOFF_SHIFT);
            authResends++;
            conn.timers().set(Timer.AUTH_RESEND, TimerTable.after(now, interval));
        }
    }

    @Override
    void onAuthResendTimer(long now) {
        sendAuthRequest(now);
    }

    @Override
    void onAuthRequest(AuthMethod method, long now) {
        conn.nonFatal(ConnectionError.INVALID_STATE, "AuthRequest while " + conn.state(), now);
    }

    @Override
    void onAuthSuccess(AuthSuccessWithConfigV4 s, long now) {
        ConnectionState state = conn.state();
        if (state == ConnectionState.ONLINE) {
            return; // a duplicate answer to a resent AuthRequest
        }
        if (state != ConnectionState.AUTHENTICATING) {
            conn.nonFatal(ConnectionError.INVALID_STATE, "AuthSuccess while " + state, now);
            return;
        }
        Settings settings = conn.settings();
        int insideMtu = settings.insideMtu();
        // §4.2: the outside path must carry a whole inside packet unless PMTUD (with fragmentation) runs.
        // The spec text says "PMTUD is enabled"; the check only makes sense when it is not, see docs.
        if (conn.transport().isDatagram() && !context.pmtudEnabled()
                && settings.outsideMtu() < insideMtu + UdpOutside.OVERHEAD) {
            conn.fail(new ConnectionException(ConnectionError.PATH_MTU_DISCOVERY_REQUIRED,
                    "inside MTU " + insideMtu + " needs an outside MTU of " + (insideMtu + UdpOutside.OVERHEAD)),
                    now, true);
            return;
        }
        InsideIpConfig cfg;
        try {
            cfg = new InsideIpConfig(s.localIp(), s.peerIp(), s.dnsIp(), parseMtu(s.mtu()));
        } catch (IllegalArgumentException e) {
            conn.fail(new ConnectionException(ConnectionError.INVALID_INSIDE_IP_CONFIG, e.getMessage()), now, true);
            return;
        }
        receivedIpConfig = cfg;
        ipConfigHandler.onIpConfig(conn, cfg);
        if (conn.state() == ConnectionState.AUTHENTICATING) {
            conn.goOnline(now);
        }
    }

    /** {@return the server's MTU string; C clamps to 1350 and uses 1350 for garbage, as here} */
    private static int parseMtu(String s) {
        try {
            int v = Integer.parseInt(s.trim());
            return v < 68 ? 1350 : Math.min(v, 1350);
        } catch (NumberFormatException e) {
            return 1350;
        }
    }

    @Override
    void onAuthFailure(long now) {
        if (conn.state() == ConnectionState.ONLINE) {
            conn.nonFatal(ConnectionError.INVALID_STATE, "AuthFailure while " + conn.state(), now);
        } else {
            conn.fail(new ConnectionException(ConnectionError.UNAUTHORIZED, "the server refused the credentials"),
                    now, false);
        }
    }

    @Override
    void onToggleAnswerWithoutCodec(long now) {
        conn.fail(new ConnectionException(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST,
                "ToggleEncodingAnswer received without an encoder"), now, true);
    }

    @Override
    SessionId rotateSessionId(long now) throws ConnectionException {
        throw new ConnectionException(ConnectionError.INVALID_STATE, "session ids rotate on UDP servers only");
    }

    @Override
    SessionId pendingSessionId() {
        return null;
    }

    @Override
    InsideIpConfig insideIpConfig() {
        return receivedIpConfig;
    }

    @Override
    Set<Feature> features() {
        return Set.of();
    }

    @Override
    void release() {
    }
}
