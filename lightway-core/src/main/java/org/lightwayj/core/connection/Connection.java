package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.Set;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.PmtudSnapshot;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;
import org.lightwayj.core.frag.FragmentException;
import org.lightwayj.core.ip.TcpMssClamp;
import org.lightwayj.core.plugin.PluginResult;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsState;
import org.lightwayj.core.wire.AuthFailure;
import org.lightwayj.core.wire.AuthRequest;
import org.lightwayj.core.wire.AuthSuccessWithConfigV4;
import org.lightwayj.core.wire.Data;
import org.lightwayj.core.wire.DataFrag;
import org.lightwayj.core.wire.EncodedData;
import org.lightwayj.core.wire.EncodedDataFrag;
import org.lightwayj.core.wire.ExpresslaneConfig;
import org.lightwayj.core.wire.Frame;
import org.lightwayj.core.wire.FrameKind;
import org.lightwayj.core.wire.Goodbye;
import org.lightwayj.core.wire.NoOp;
import org.lightwayj.core.wire.Ping;
import org.lightwayj.core.wire.Pong;
import org.lightwayj.core.wire.ServerConfig;
import org.lightwayj.core.wire.ToggleEncodingAnswer;
import org.lightwayj.core.wire.ToggleEncodingRequest;
import org.lightwayj.core.wire.WireError;
import org.lightwayj.core.wire.WireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lightway connection (client, or the server side of one peer), sans-IO: the host hands in what
 * arrives and the current time, and the connection answers through the host's callbacks
 * (spec {@code lightway-wire.md} §4).
 *
 * <h2>Host → core</h2>
 * <ul>
 *   <li>{@link #outsideDataReceived(ByteBuf, long)}: a UDP datagram (with its 16-byte header) or a chunk
 *       of TCP stream bytes from the peer.</li>
 *   <li>{@link #insidePacketReceived(ByteBuf, long)}: an IP packet read from the TUN device.</li>
 *   <li>{@link #tick(long)} whenever {@link #nextTimeout()} has passed: the one entry point for every
 *       timer. Calling it early or twice is harmless.</li>
 *   <li>{@link #keepalive(long)}, {@link #disconnect(long)}, {@link #outsideWritable(long)} (TCP, after
 *       the outside sender refused a write), {@link #close()}.</li>
 *   <li>{@link #rotateSessionId(long)} (UDP server, spec §1.4).</li>
 *   <li>With a {@link CodecConfig}: {@link #setEncoding(boolean, long)} (client) and, for hosts that
 *       drive the codec explicitly, {@link #flushEncoder(long)} / {@link #cleanupDecoder(long)}.</li>
 * </ul>
 *
 * <h2>Path features (spec §1.4, §3, §4.6, §6)</h2>
 * Session-id rotation, DPLPMTUD with DataFrag fragmentation and the MSS clamp (client UDP, opt-in),
 * bounded fragment reassembly, and the inside/outside plugin chains all run inside the connection;
 * their timers are part of {@link #nextTimeout()}. {@code docs/path-features.md} describes each.
 * After any of these calls the deadline may have moved: read {@link #nextTimeout()} again. Nothing else
 * moves it.
 *
 * <h2>Errors</h2>
 * Input from the network never throws: non-fatal problems (spec §4.9) are counted through the
 * {@link MetricsListener} and the connection goes on; a fatal one closes the connection, emits
 * {@link ConnectionEvent.Closed} then {@code StateChanged(DISCONNECTED)}, and is kept in
 * {@link #closeReason()}. Only the host's own mistakes throw a {@link ConnectionException}
 * ({@link #insidePacketReceived} on a packet that cannot be sent, {@link #disconnect} in the wrong state).
 *
 * <h2>Buffer ownership</h2>
 * Every {@code ByteBuf} handed to a connection method is owned by the connection from that point, which
 * releases it (also when the call throws). Buffers handed to the host's callbacks are owned by the host
 * as documented on {@link OutsideSender} and {@link InsideSender}.
 *
 * <h2>Threads</h2>
 * A connection is confined to one thread at a time: the host must not call it concurrently, and its
 * callbacks run synchronously on the calling thread. Callbacks must not call back into the same
 * connection. Different connections are independent.
 */
public final class Connection implements AutoCloseable {

    // How the code is laid out ("rooms"): this class keeps the state, the public entry points, the
    // dispatch of records and frames, the timers and failure. What differs between client and server
    // is in the ConnectionSide (ClientRole / ServerRole); what differs between UDP and TCP is in the
    // OutsidePath (UdpOutside / TcpOutside); the inside-packet data path is the InsidePath. Every
    // public entry point ends in afterEntry(), the one place the deadline is re-published.

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private static final byte[] EMPTY = new byte[0];
    static final Ping KEEPALIVE_PING = new Ping(0, EMPTY);

    private final Transport transport;
    private final Settings settings;
    private final TlsEngine engine;
    private final ByteBufAllocator alloc;
    private final MetricsListener metrics;
    private final EventListener events;
    private final TimerTable timers = new TimerTable();
    private final PluginChains plugins;

    private final ConnectionSide side;
    private final OutsidePath outside;
    private final InsidePath insidePath;

    /** Server UDP: the endpoint that owns this connection (it also ran the outside ingress chain), or {@code null}. */
    private UdpServerEndpoint endpoint;
    private SocketAddress peerAddress;
    /** The endpoint's deadline-heap entry; in the heap only while an endpoint owns this connection. */
    final DeadlineHeap.Node<Connection> heapNode = new DeadlineHeap.Node<>(this);

    private ConnectionState state = ConnectionState.CONNECTING;
    private Version version;
    private SessionId sessionId = SessionId.EMPTY;
    private ConnectionException closeReason;
    private Object attachment;
    private long lastOutsideReceived;
    private long tlsDropped;

    /** Reused plaintext buffer for one outgoing frame (no per-packet allocation). */
    private ByteBuf scratch;

    private Connection(Transport transport, Settings settings, PathConfig path, ClientContext clientContext,
            ServerContext serverContext, AuthMethod authMethod, OutsideSender outsideSender, InsideSender inside,
            EventListener events, ClientIpConfigHandler ipConfigHandler, Object attachment, Object admission,
            long now) throws ConnectionException {
        this.transport = transport;
        this.settings = settings;
        this.events = events;
        this.attachment = attachment;
        this.alloc = settings.allocator();
        this.metrics = settings.metrics();
        this.lastOutsideReceived = now;
        this.plugins = PluginChains.create(path);
        this.side = clientContext != null ? new ClientRole(this, clientContext, authMethod, ipConfigHandler)
                : new ServerRole(this, serverContext);
        try {
            this.engine = admission != null
                    ? settings.tlsEngineFactory().newServerEngine(admission, alloc, now)
                    : settings.tlsEngineFactory().newEngine(transport, alloc, now);
        } catch (TlsException | RuntimeException e) {
            throw new ConnectionException(ConnectionError.TLS_FAILURE, "cannot create the TLS engine", e);
        }
        if (engine == null || engine.isDatagram() != transport.isDatagram()) {
            if (engine != null) {
                engine.close();
            }
            throw new ConnectionException(ConnectionError.TLS_FAILURE,
                    "the TLS engine factory returned an engine for the wrong transport");
        }
        this.outside = transport.isDatagram() ? new UdpOutside(this, side, engine, settings, plugins, outsideSender)
                : new TcpOutside(this, engine, settings, plugins, outsideSender);
        boolean pmtud = clientContext != null && transport.isDatagram() && path.pmtud() != null;
        try {
            this.insidePath = new InsidePath(this, outside, settings, path, pmtud, plugins, inside, timers, now);
        } catch (RuntimeException e) {
            outside.release();
            engine.close();
            throw new ConnectionException(ConnectionError.PACKET_CODEC_ERROR, "cannot create the codec", e);
        }
        this.scratch = alloc.buffer(2048);
    }

    static Connection client(ClientContext ctx, Transport transport, AuthMethod auth, OutsideSender outside,
            InsideSender inside, EventListener events, ClientIpConfigHandler ipConfig, Object attachment, long now)
            throws ConnectionException {
        Connection c = new Connection(transport, ctx.settings(), ctx.path(), ctx, null, auth, outside, inside, events,
                ipConfig, attachment, null, now);
        // §0.1/§4.7: the client puts its maximum version in every header.
        c.version = ctx.settings().versions().maximum();
        return c;
    }

    static Connection server(ServerContext ctx, Transport transport, Version udpVersion, SessionId sessionId,
            OutsideSender outside, InsideSender inside, EventListener events, Object attachment, Object admission,
            long now) throws ConnectionException {
        Connection c = new Connection(transport, ctx.settings(), ctx.path(), null, ctx, null, outside, inside, events,
                ClientIpConfigHandler.NONE, attachment, admission, now);
        // §4.7: UDP adopts the header version of the first datagram; TCP starts at the minimum.
        c.version = udpVersion != null ? udpVersion : ctx.settings().versions().minimum();
        if (sessionId != null) {
            c.sessionId = sessionId;
        }
        return c;
    }

    /** Arms the timers and sends the first handshake flight (§4.2 "Creation → Connecting"). */
    void start(long now) {
        try {
            timers.set(Timer.HANDSHAKE_TIMEOUT, TimerTable.after(now, settings.handshakeTimeoutNanos()));
            side.onStart(now);
            afterEngine(now, SessionId.EMPTY.value());
        } finally {
            afterEntry();
        }
    }

    /**
     * The end of every entry point (each public method, {@link #start} and {@link #receive} run their
     * body in {@code try { ... } finally { afterEntry(); }}): lets an owning endpoint re-position this
     * connection in its deadline heap, also when the host called the connection directly. Nothing
     * else publishes the deadline, so a new entry point cannot forget it by adding a timer. A plain
     * compare when nothing moved.
     */
    private void afterEntry() {
        if (endpoint != null && heapNode.inHeap() && nextTimeout() != heapNode.key) {
            endpoint.reschedule(this);
        }
    }

    void bindEndpoint(UdpServerEndpoint endpoint, SocketAddress peer) {
        this.endpoint = endpoint;
        this.peerAddress = peer;
    }

    void dfBitControl(DfBitControl control) {
        insidePath.dfBitControl(control);
    }

    // ------------------------------------------------------------------------------------------------
    // Accessors

    /** {@return the current state} */
    public ConnectionState state() {
        return state;
    }

    /** {@return the outside transport} */
    public Transport transport() {
        return transport;
    }

    /** {@return whether this is a client connection} */
    public boolean isClient() {
        return side.isClient();
    }

    /** {@return the protocol version in use (UDP header version; TCP tunnel version)} */
    public Version version() {
        return version;
    }

    /**
     * {@return the session id: UDP, the one in our headers ({@link SessionId#EMPTY} until a client learns
     * it); TCP server, the random id sent in the config frame; TCP client, EMPTY}
     */
    public SessionId sessionId() {
        return sessionId;
    }

    /** {@return server UDP: the pending id of a session-id rotation in progress, or {@code null}} */
    public SessionId pendingSessionId() {
        return side.pendingSessionId();
    }

    /**
     * {@return client UDP with PMTUD: the current PLPMTU estimate (whole inner frame), or -1 while there
     * is none (spec §4.6)}
     */
    public int pathMtuEstimate() {
        return insidePath.pathMtuEstimate();
    }

    /**
     * {@return client UDP with PMTUD: a snapshot of the DPLPMTUD state machine (state, estimate and
     * counters at the time of the call), or {@code null}}
     */
    public PmtudSnapshot pathMtuDiscovery() {
        return insidePath.pathMtuSnapshot();
    }

    /** {@return partial packets waiting in the fragment reassembly map} */
    public int pendingFragments() {
        return insidePath.pendingFragments();
    }

    /** {@return server UDP: the peer's address as last committed by the endpoint; otherwise {@code null}} */
    public SocketAddress peerAddress() {
        return peerAddress;
    }

    /** {@return client: the tunnel configuration received at authentication; server: the one allocated; or {@code null}} */
    public InsideIpConfig insideIpConfig() {
        return side.insideIpConfig();
    }

    /** {@return server: the optional features granted by the auth callback} */
    public Set<Feature> features() {
        return side.features();
    }

    /** {@return the fatal error that closed the connection, or {@code null}} */
    public ConnectionException closeReason() {
        return closeReason;
    }

    /** {@return the host's attachment, or {@code null}} */
    public Object attachment() {
        return attachment;
    }

    /**
     * Replaces the host's attachment.
     *
     * @param attachment anything, or {@code null}
     */
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    /**
     * {@return host time of the last outside activity: a UDP datagram that decrypted to at least one
     * frame, or any TCP bytes (creation time before any)}
     */
    public long lastOutsideDataReceived() {
        return lastOutsideReceived;
    }

    /**
     * The instant at which {@link #tick(long)} must next be called, or {@link Long#MAX_VALUE} for none.
     * It changes only during calls into this connection.
     *
     * @return the next deadline in host nanoseconds
     */
    public long nextTimeout() {
        return state == ConnectionState.DISCONNECTED ? Long.MAX_VALUE : timers.next();
    }

    // ------------------------------------------------------------------------------------------------
    // Host → core (every method: try { ... } finally { afterEntry(); })

    /**
     * Processes a UDP datagram (16-byte Lightway header + DTLS) or a chunk of TCP stream bytes from the
     * peer. Never throws for bad input: see the class documentation.
     *
     * @param data the received bytes; ownership passes to the connection, which releases it
     * @param nowNanos host time
     */
    public void outsideDataReceived(ByteBuf data, long nowNanos) {
        receive(data, nowNanos);
    }

    /** Like {@link #outsideDataReceived} but returns the number of frames decoded (for the endpoint). */
    int receive(ByteBuf data, long now) {
        try {
            if (state == ConnectionState.DISCONNECTED) {
                return 0;
            }
            metrics.outsideBytesReceived(this, data.readableBytes());
            if (endpoint == null && plugins.hasOutside() && !outsideIngress(data)) {
                return 0;
            }
            return outside.receive(data, now);
        } catch (RuntimeException e) {
            // A bug, not bad input; close rather than leave a half-updated state machine behind.
            LOG.warn("unexpected failure while receiving", e);
            fail(new ConnectionException(ConnectionError.INTERNAL_ERROR, e.toString(), e), now, true);
            return 0;
        } finally {
            data.release();
            afterEntry();
        }
    }

    /** §6: the outside ingress chain on a raw datagram / chunk; false when the packet must be dropped. */
    private boolean outsideIngress(ByteBuf data) {
        PluginResult r = plugins.outside.ingress(data);
        if (r.isAccept()) {
            return true;
        }
        // §6: Drop/DropWithReply → PacketError(PluginDrop), Error → PacketError(PluginError), non-fatal.
        PluginChains.count(metrics, this, PluginPoint.OUTSIDE_INGRESS, r, false);
        metrics.badPacket(this, ConnectionError.PACKET_ERROR);
        return false;
    }

    /**
     * Server UDP: starts a session-id rotation (spec §1.4). A fresh id goes into every outgoing header at
     * once and a keepalive Ping is sent so that the client echoes it within one round trip; the first
     * authenticated datagram carrying it makes it the session id
     * ({@link ConnectionEvent.SessionIdRotationAcknowledged}). While a rotation is pending this returns
     * the pending id and changes nothing. A {@link UdpServerEndpoint} also starts one by itself after a
     * client's address change.
     *
     * @param nowNanos host time
     * @return the pending id
     * @throws ConnectionException {@link ConnectionError#INVALID_STATE} on a client, on TCP or
     *     unless Online, {@link ConnectionError#DISCONNECTED} once closed
     */
    public SessionId rotateSessionId(long nowNanos) throws ConnectionException {
        try {
            return side.rotateSessionId(nowNanos);
        } finally {
            afterEntry();
        }
    }

    /**
     * Sends one inside IP packet (read from the TUN device) to the peer.
     *
     * @param packet the IP packet; ownership passes to the connection, which releases it (also on throw)
     * @param nowNanos host time
     * @throws ConnectionException {@link ConnectionError#INVALID_STATE} unless Online,
     *     {@link ConnectionError#DISCONNECTED} once closed, {@link ConnectionError#INVALID_PACKET_SIZE} for
     *     a packet longer than the inside MTU (or than a UDP record can carry),
     *     {@link ConnectionError#INVALID_IPV4_PACKET} for a packet that is not IPv4 (or IPv6 when allowed)
     */
    public void insidePacketReceived(ByteBuf packet, long nowNanos) throws ConnectionException {
        try {
            if (state != ConnectionState.ONLINE) {
                throw state == ConnectionState.DISCONNECTED ? Errors.DISCONNECTED : Errors.NOT_ONLINE;
            }
            insidePath.send(packet, nowNanos);
        } finally {
            packet.release();
            afterEntry();
        }
    }

    /**
     * Timer entry point: call at (or after) {@link #nextTimeout()}. Safe to call early or repeatedly;
     * never throws.
     *
     * @param nowNanos host time
     */
    public void tick(long nowNanos) {
        try {
            if (state != ConnectionState.DISCONNECTED) {
                runTimers(nowNanos);
            }
        } catch (RuntimeException e) {
            LOG.warn("unexpected failure in tick", e);
            fail(new ConnectionException(ConnectionError.INTERNAL_ERROR, e.toString(), e), nowNanos, true);
        } finally {
            afterEntry();
        }
    }

    /** Runs every due timer in a fixed order; stops at the first that closes the connection. */
    private void runTimers(long now) {
        if (timers.expired(Timer.TLS, now)) {
            engine.tick(now);
            afterEngine(now, SessionId.EMPTY.value());
            if (state == ConnectionState.DISCONNECTED) {
                return;
            }
        }
        if (timers.expired(Timer.TLS_HANDSHAKE_TIMEOUT, now)) {
            timers.stop(Timer.TLS_HANDSHAKE_TIMEOUT);
            if (state == ConnectionState.CONNECTING) {
                fail(new ConnectionException(ConnectionError.TIMED_OUT,
                        "(D)TLS handshake not complete within the TLS handshake timeout"), now, false);
                return;
            }
        }
        if (timers.expired(Timer.HANDSHAKE_TIMEOUT, now)) {
            timers.stop(Timer.HANDSHAKE_TIMEOUT);
            if (state.isHandshaking()) {
                fail(new ConnectionException(ConnectionError.TIMED_OUT, "not Online within the handshake timeout"),
                        now, true);
                return;
            }
        }
        if (timers.expired(Timer.AUTH_RESEND, now)) {
            if (state == ConnectionState.AUTHENTICATING) {
                side.onAuthResendTimer(now);
            } else {
                timers.stop(Timer.AUTH_RESEND);
            }
        }
        if (timers.expired(Timer.IDLE_TIMEOUT, now)) {
            long deadline = TimerTable.after(lastOutsideReceived, settings.keepaliveTimeoutNanos());
            if (deadline <= now) {
                fail(new ConnectionException(ConnectionError.TIMED_OUT, "keepalive timeout"), now, true);
                return;
            }
            timers.set(Timer.IDLE_TIMEOUT, deadline);
        }
        if (timers.expired(Timer.KEEPALIVE, now)) {
            long deadline = TimerTable.after(lastOutsideReceived, settings.keepaliveIntervalNanos());
            if (deadline <= now) {
                sendFrame(KEEPALIVE_PING, now);
                deadline = TimerTable.after(now, settings.keepaliveIntervalNanos());
            }
            timers.set(Timer.KEEPALIVE, deadline);
        }
        if (timers.expired(Timer.PMTUD, now)) {
            insidePath.tickPmtud(now);
        }
        if (timers.expired(Timer.FRAGMENT_EXPIRY, now)) {
            insidePath.expireFragments(now);
        }
        CodecPath codec = insidePath.codec();
        if (codec != null) {
            codec.tick(now); // TOGGLE_ENCODING, CODEC_FLUSH, CODEC_CLEANUP
        }
    }

    /**
     * Sends a keepalive Ping (id 0) when Online; does nothing otherwise (spec §4.4). The Pong is reported
     * as {@link ConnectionEvent.KeepaliveReply}.
     *
     * @param nowNanos host time
     */
    public void keepalive(long nowNanos) {
        try {
            if (state == ConnectionState.ONLINE) {
                sendFrame(KEEPALIVE_PING, nowNanos);
            }
        } finally {
            afterEntry();
        }
    }

    /**
     * Orderly close (spec §4.2): → Disconnecting, the server frees the tunnel address, Goodbye and
     * close_notify are sent (best effort), → Disconnected.
     *
     * @param nowNanos host time
     * @throws ConnectionException {@link ConnectionError#INVALID_STATE} from Connecting or Disconnecting,
     *     {@link ConnectionError#DISCONNECTED} once closed (use {@link #close()} to abandon a connection
     *     in any state)
     */
    public void disconnect(long nowNanos) throws ConnectionException {
        try {
            if (state == ConnectionState.DISCONNECTED) {
                throw Errors.DISCONNECTED;
            }
            if (state == ConnectionState.CONNECTING || state == ConnectionState.DISCONNECTING) {
                throw new ConnectionException(ConnectionError.INVALID_STATE, "cannot disconnect in state " + state);
            }
            shutdown(nowNanos, true);
        } finally {
            afterEntry();
        }
    }

    /**
     * TCP: the outside socket became writable again after {@link OutsideSender#sendOutside} returned
     * {@code false}; re-offers the kept bytes and the queued frames. Does nothing on UDP.
     *
     * @param nowNanos host time
     */
    public void outsideWritable(long nowNanos) {
        try {
            outside.writable(nowNanos);
        } finally {
            afterEntry();
        }
    }

    /**
     * Abandons the connection in any state without sending anything, releasing every buffer it holds.
     * The server's tunnel address goes back to the pool. Idempotent.
     */
    @Override
    public void close() {
        try {
            if (state == ConnectionState.DISCONNECTED) {
                return;
            }
            setState(ConnectionState.DISCONNECTED);
            releaseAll();
        } finally {
            afterEntry();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Inside-packet codec (spec §0.2, §0.3): public API; the codec itself is InsidePath's CodecPath

    /**
     * Client UDP: asks the server to switch inside-packet encoding on or off (ToggleEncoding, spec §0.2).
     * The request is retransmitted on ticks (after 0.5, 1.5, 3.0, 5.0, 7.5 s; abandoned at 10.5 s) until
     * the matching answer arrives; the answer's state (the server's word) is then applied and reported as
     * {@link ConnectionEvent.EncodingStateChanged}. A new call supersedes a pending request.
     *
     * @param enable the desired state
     * @param nowNanos host time
     * @throws ConnectionException {@link ConnectionError#PACKET_CODEC_DOES_NOT_EXIST} without a codec,
     *     {@link ConnectionError#DISCONNECTED} once closed, {@link ConnectionError#INVALID_STATE} on a
     *     server or unless Online, {@link ConnectionError#INVALID_CONNECTION_TYPE} on TCP. The connection
     *     stays open in every case.
     */
    public void setEncoding(boolean enable, long nowNanos) throws ConnectionException {
        try {
            if (state == ConnectionState.DISCONNECTED) {
                throw Errors.DISCONNECTED;
            }
            CodecPath codec = insidePath.codec();
            if (codec == null) {
                throw new ConnectionException(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST, "no codec configured");
            }
            codec.toggle().setEncoding(enable, nowNanos);
        } finally {
            afterEntry();
        }
    }

    /** {@return whether this connection ever created a decoder (package-private: tests of the codec grant)} */
    boolean hasDecoder() {
        CodecPath codec = insidePath.codec();
        return codec != null && codec.hasDecoder();
    }

    /** {@return whether this side's encoder currently encodes (false without a codec or once closed)} */
    public boolean isEncodingEnabled() {
        CodecPath codec = insidePath.codec();
        return codec != null && codec.encodingEnabled();
    }

    /**
     * Runs the encoder's flush tick now and sends what it releases. {@link #tick(long)} already does
     * this at the encoder's own deadline; this is for hosts that drive the codec explicitly. Does nothing
     * without a codec or once closed.
     *
     * @param nowNanos host time
     */
    public void flushEncoder(long nowNanos) {
        try {
            CodecPath codec = insidePath.codec();
            if (codec != null && state != ConnectionState.DISCONNECTED) {
                codec.flush(nowNanos);
            }
        } finally {
            afterEntry();
        }
    }

    /**
     * Runs the decoder's stale-state cleanup tick now and delivers what it releases. {@link #tick(long)}
     * already does this at the decoder's own deadline. Does nothing without a codec or once closed.
     *
     * @param nowNanos host time
     */
    public void cleanupDecoder(long nowNanos) {
        try {
            CodecPath codec = insidePath.codec();
            if (codec != null && state != ConnectionState.DISCONNECTED) {
                codec.cleanup(nowNanos);
            }
        } finally {
            afterEntry();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Receive path: engine output, records, frames

    /**
     * Runs after every engine interaction: notices the end of the handshake, parses what was decrypted,
     * sends what the engine produced and surfaces an engine failure. Returns the frames decoded.
     *
     * @param rxSessionId UDP: the header id of the datagram just fed to the engine, else EMPTY
     */
    int afterEngine(long now, long rxSessionId) {
        int frames = 0;
        long dropped = engine.droppedRecords();
        while (tlsDropped < dropped) {
            tlsDropped++;
            metrics.tlsRecordDropped(this);
        }
        if (state == ConnectionState.CONNECTING && engine.state() == TlsState.ESTABLISHED) {
            onLinkUp(now, rxSessionId);
        }
        ByteBuf pt;
        while ((pt = engine.pollPlaintext()) != null) {
            try {
                if (state == ConnectionState.DISCONNECTED) {
                    continue;
                }
                if (state == ConnectionState.CONNECTING && engine.state() == TlsState.ESTABLISHED) {
                    onLinkUp(now, rxSessionId);
                }
                frames += outside.onPlaintext(pt, rxSessionId, now);
            } finally {
                pt.release();
            }
        }
        if (state == ConnectionState.DISCONNECTED) {
            return frames;
        }
        flushEngine();
        outside.afterFlush(now);
        if (state == ConnectionState.DISCONNECTED) {
            return frames;
        }
        TlsState ts = engine.state();
        if (ts == TlsState.FAILED) {
            TlsException f = engine.failure();
            ConnectionError err = f != null && f.reason() == TlsException.Reason.HANDSHAKE_TIMEOUT
                    ? ConnectionError.TIMED_OUT : ConnectionError.TLS_FAILURE;
            fail(new ConnectionException(err, f != null ? f.getMessage() : "TLS engine failed", f), now, false);
        } else if (ts == TlsState.CLOSED && state != ConnectionState.DISCONNECTING) {
            fail(new ConnectionException(ConnectionError.TLS_FAILURE, "peer closed the TLS session"), now, false);
        } else {
            timers.set(Timer.TLS, engine.nextTimeout());
        }
        return frames;
    }

    private void onLinkUp(long now, long rxSessionId) {
        timers.stop(Timer.TLS_HANDSHAKE_TIMEOUT);
        if (endpoint != null) {
            endpoint.onLinkUp(this); // frees the handshake slot
        }
        setState(ConnectionState.LINK_UP);
        side.onLinkUp(outside.linkUpSessionId(rxSessionId), now);
    }

    /** UDP: one decrypted record; several frames, trailing zero padding, rest discarded on error (§0.4). Returns frames. */
    int handleRecord(ByteBuf rec, long rxSessionId, long now) {
        side.onAuthenticRecord(rxSessionId);
        int ri = rec.readerIndex();
        if (rec.readableBytes() >= Data.OVERHEAD && rec.getByte(ri) == FrameKind.DATA.id()
                && rec.getUnsignedShort(ri + 1) == rec.readableBytes() - Data.OVERHEAD) {
            // The common case (one frame per record, §2.0): the record buffer itself becomes the inside
            // packet, so the data path creates no slice object. Nothing touches rec after this.
            rec.skipBytes(Data.OVERHEAD);
            insidePath.onData(rec, now);
            return 1;
        }
        if (insidePath.codec() != null && rec.readableBytes() >= EncodedData.OVERHEAD
                && rec.getByte(ri) == FrameKind.ENCODED_DATA.id()
                && rec.getUnsignedShort(ri + 1) == rec.readableBytes() - EncodedData.OVERHEAD) {
            // The same shortcut for the codec path: the record buffer is the encoded packet.
            rec.skipBytes(EncodedData.OVERHEAD);
            insidePath.onEncoded(rec, now);
            return 1;
        }
        return dispatchFrames(rec, false, now);
    }

    /**
     * Parses and dispatches every whole frame in {@code in}. A record ({@code stream} false) may end in
     * zero padding and is abandoned at the first bad frame; a stream keeps a partial frame for the next
     * chunk (§0.4). Returns frames.
     */
    int dispatchFrames(ByteBuf in, boolean stream, long now) {
        int frames = 0;
        while (state != ConnectionState.DISCONNECTED && in.isReadable()) {
            if (!stream && frames > 0 && allZero(in)) {
                break; // C peers pad records with zeros (§0.4)
            }
            if (tryFastData(in, now)) {
                frames++;
                continue;
            }
            Frame f;
            try {
                f = Frame.decode(in);
            } catch (WireException e) {
                if (!stream || e.error() != WireError.INSUFFICIENT_DATA) {
                    frameError(e, now);
                }
                break;
            }
            frames++;
            handleFrame(f, now);
        }
        return frames;
    }

    /**
     * The data-path shortcut: a whole Data frame at the reader index is handed to the inside path as a
     * retained slice, without building a {@link Data} record. Anything else (including a partial Data
     * frame) is left untouched for {@link Frame#decode}, which then reports the same result as always.
     */
    private boolean tryFastData(ByteBuf in, long now) {
        int ri = in.readerIndex();
        if (in.readableBytes() < Data.OVERHEAD || in.getByte(ri) != FrameKind.DATA.id()) {
            return false;
        }
        int len = in.getUnsignedShort(ri + 1);
        if (in.readableBytes() < Data.OVERHEAD + len) {
            return false;
        }
        in.skipBytes(Data.OVERHEAD);
        ByteBuf p = in.readRetainedSlice(len);
        try {
            insidePath.onData(p, now);
        } finally {
            p.release();
        }
        return true;
    }

    private void frameError(WireException e, long now) {
        ConnectionError err = ConnectionError.fromWire(e.error());
        metrics.badFrame(this, err);
        if (err.isFatal(transport)) {
            fail(new ConnectionException(err, e.getMessage(), e), now, true);
        }
    }

    private static boolean allZero(ByteBuf b) {
        for (int i = b.readerIndex(), end = b.writerIndex(); i < end; i++) {
            if (b.getByte(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void handleFrame(Frame f, long now) {
        try {
            if (f instanceof Data d) {
                insidePath.onData(d.packet(), now);
            } else if (f instanceof Ping p) {
                if (state != ConnectionState.ONLINE) {
                    nonFatal(ConnectionError.INVALID_STATE, "Ping while " + state, now);
                } else {
                    // A Pong to a keepalive or to a probe carries no payload (§2.3; no ExpressLane).
                    sendFrame(new Pong(p.id(), EMPTY), now);
                }
            } else if (f instanceof Pong p) {
                if (state != ConnectionState.ONLINE) {
                    nonFatal(ConnectionError.INVALID_STATE, "Pong while " + state, now);
                } else if (p.id() == 0) {
                    emit(ConnectionEvent.KeepaliveReply.INSTANCE);
                } else {
                    insidePath.onProbePong(p.id(), now); // §4.6: probe answers
                }
            } else if (f instanceof AuthRequest a) {
                side.onAuthRequest(a.method(), now);
            } else if (f instanceof AuthSuccessWithConfigV4 s) {
                side.onAuthSuccess(s, now);
            } else if (f instanceof AuthFailure) {
                side.onAuthFailure(now);
            } else if (f instanceof Goodbye) {
                fail(new ConnectionException(ConnectionError.GOODBYE, "the peer said goodbye"), now, false);
            } else if (f instanceof NoOp || f instanceof ServerConfig) {
                // NoOp is ignored; ServerConfig is logged and ignored, as the Rust client does (§2.9).
                LOG.trace("ignored {}", f.kind());
            } else if (f instanceof ExpresslaneConfig) {
                metrics.expressLaneIgnored(this);
            } else if (f instanceof EncodedData e) {
                insidePath.onEncoded(e.packet(), now);
            } else if (f instanceof DataFrag df) {
                // Both kinds share one reassembly map (§3); the fragment that completes a packet
                // decides whether it goes to the decoder.
                insidePath.onFragment(df.fragmentId(), df.offset(), df.moreFragments(), false, df.data(), now);
            } else if (f instanceof EncodedDataFrag ef) {
                if (insidePath.admitEncodedFragment(now)) {
                    insidePath.onFragment(ef.fragmentId(), ef.offset(), ef.moreFragments(), true, ef.data(), now);
                }
            } else if (f instanceof ToggleEncodingRequest r) {
                CodecPath codec = insidePath.codec();
                if (codec != null) {
                    codec.toggle().onRequest(r, now);
                } else {
                    // §0.2: a server without an encoder ignores the request.
                    LOG.trace("ignored ToggleEncodingRequest: no codec");
                }
            } else if (f instanceof ToggleEncodingAnswer a) {
                CodecPath codec = insidePath.codec();
                if (codec != null) {
                    codec.toggle().onAnswer(a, now);
                } else {
                    side.onToggleAnswerWithoutCodec(now);
                }
            }
        } finally {
            f.release();
        }
    }

    /** Online: the keepalive and idle timers start, then the inside path's PMTUD and codec (§4.2). */
    void goOnline(long now) {
        timers.stop(Timer.AUTH_RESEND);
        timers.stop(Timer.HANDSHAKE_TIMEOUT);
        setState(ConnectionState.ONLINE);
        if (state != ConnectionState.ONLINE) {
            return; // the listener closed us
        }
        if (settings.keepaliveIntervalNanos() > 0) {
            timers.set(Timer.KEEPALIVE, TimerTable.after(now, settings.keepaliveIntervalNanos()));
        }
        if (settings.keepaliveTimeoutNanos() > 0) {
            timers.set(Timer.IDLE_TIMEOUT, TimerTable.after(lastOutsideReceived, settings.keepaliveTimeoutNanos()));
        }
        insidePath.onOnline(now);
    }

    // ------------------------------------------------------------------------------------------------
    // Send path

    /** {@return the reused frame buffer, cleared} */
    ByteBuf scratch() {
        ByteBuf s = scratch;
        s.clear();
        return s;
    }

    /** Encodes and sends one control frame (never through the codec). */
    void sendFrame(Frame frame, long now) {
        if (scratch == null) {
            return;
        }
        ByteBuf f = scratch();
        frame.encode(f);
        sendFrameBuf(f, now);
    }

    /** Seals one frame into one record and sends it; returns whether it left (or was queued). */
    boolean sendFrameBuf(ByteBuf frame, long now) {
        if (state == ConnectionState.DISCONNECTED || engine.state() != TlsState.ESTABLISHED) {
            return false;
        }
        return outside.sendFrame(frame, now);
    }

    /** Seals {@code frame} (still the caller's) and sends the engine's output; false when sealing failed. */
    boolean sealAndFlush(ByteBuf frame, long now) {
        try {
            engine.seal(frame, now);
        } catch (TlsException e) {
            fail(new ConnectionException(ConnectionError.TLS_FAILURE, e.getMessage(), e), now, false);
            return false;
        }
        flushEngine();
        outside.afterFlush(now);
        return true;
    }

    /** Sends everything the engine has produced. */
    private void flushEngine() {
        ByteBuf o;
        while ((o = engine.pollOutbound()) != null) {
            outside.send(o);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Errors, state, teardown

    /** A problem that is fatal only where {@link ConnectionError#isFatal} says so; otherwise counted. */
    void nonFatal(ConnectionError err, String detail, long now) {
        if (err.isFatal(transport)) {
            fail(new ConnectionException(err, detail), now, true);
            return;
        }
        if (err == ConnectionError.INVALID_STATE) {
            metrics.invalidStateFrame(this);
        } else {
            metrics.badFrame(this, err);
        }
        LOG.debug("non-fatal: {} ({})", err, detail);
    }

    /**
     * Closes after a fatal error: Goodbye (when {@code sayGoodbye} and the link is up) and close_notify
     * best effort, then Closed and StateChanged(DISCONNECTED).
     */
    void fail(ConnectionException cause, long now, boolean sayGoodbye) {
        if (state == ConnectionState.DISCONNECTED) {
            return;
        }
        LOG.debug("connection closing: {}", cause.getMessage());
        closeReason = cause;
        metrics.fatalError(this, cause.error());
        if (engine.state() == TlsState.ESTABLISHED && state != ConnectionState.DISCONNECTING) {
            if (sayGoodbye) {
                sendFrame(Goodbye.INSTANCE, now);
            }
            engine.close(now);
            flushEngine();
        }
        emit(new ConnectionEvent.Closed(cause));
        setState(ConnectionState.DISCONNECTED);
        releaseAll();
    }

    private void shutdown(long now, boolean sayGoodbye) {
        setState(ConnectionState.DISCONNECTING);
        side.release();
        if (engine.state() == TlsState.ESTABLISHED) {
            if (sayGoodbye) {
                sendFrame(Goodbye.INSTANCE, now);
            }
            engine.close(now);
            flushEngine();
        }
        setState(ConnectionState.DISCONNECTED);
        releaseAll();
    }

    private void releaseAll() {
        side.release();
        insidePath.close();
        timers.stopAll();
        engine.close();
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
        outside.release();
        if (endpoint != null) {
            endpoint.onClosed(this);
        }
    }

    void setState(ConnectionState s) {
        if (state == s) {
            return;
        }
        state = s;
        emit(new ConnectionEvent.StateChanged(s));
    }

    void emit(ConnectionEvent e) {
        try {
            events.onEvent(this, e);
        } catch (RuntimeException ex) {
            LOG.warn("event listener failed on {}", e, ex);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // For the rooms (ConnectionSide, OutsidePath, InsidePath) and the endpoint

    Settings settings() {
        return settings;
    }

    /** {@return the inside path (also for tests that push frames through the codec's framing)} */
    InsidePath insidePath() {
        return insidePath;
    }

    MetricsListener metrics() {
        return metrics;
    }

    TimerTable timers() {
        return timers;
    }

    UdpServerEndpoint endpoint() {
        return endpoint;
    }

    void sessionId(SessionId id) {
        this.sessionId = id;
    }

    void version(Version v) {
        this.version = v;
    }

    /** Outside bytes counted as activity (the idle timeout and the keepalive count from here). */
    void outsideActivity(long now) {
        this.lastOutsideReceived = now;
    }

    void peerAddress(SocketAddress a) {
        this.peerAddress = a;
    }

    @Override
    public String toString() {
        return (isClient() ? "client" : "server") + "/" + transport + "[" + state + ", session " + sessionId + "]";
    }

    /** Pre-built exceptions for the host-misuse paths of the data path (stackless, so sharing is safe). */
    static final class Errors {
        static final ConnectionException NOT_ONLINE =
                new ConnectionException(ConnectionError.INVALID_STATE, "inside packets need state ONLINE");
        static final ConnectionException DISCONNECTED =
                new ConnectionException(ConnectionError.DISCONNECTED, "the connection is closed");
        static final ConnectionException TOO_LONG =
                new ConnectionException(ConnectionError.INVALID_PACKET_SIZE, "the inside packet is too long");
        static final ConnectionException NOT_IPV4 =
                new ConnectionException(ConnectionError.INVALID_IPV4_PACKET, "the inside packet is not IPv4");

        private Errors() {
        }
    }
}
