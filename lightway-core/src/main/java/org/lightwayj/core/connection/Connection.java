package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Set;
import org.lightwayj.core.frag.FragmentException;
import org.lightwayj.core.ip.TcpMssClamp;
import org.lightwayj.core.plugin.PluginResult;
import org.lightwayj.core.pmtud.PmtudSnapshot;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsState;
import org.lightwayj.core.wire.AuthFailure;
import org.lightwayj.core.wire.AuthMethod;
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
import org.lightwayj.core.wire.Header;
import org.lightwayj.core.wire.NoOp;
import org.lightwayj.core.wire.Ping;
import org.lightwayj.core.wire.Pong;
import org.lightwayj.core.wire.ServerConfig;
import org.lightwayj.core.wire.SessionId;
import org.lightwayj.core.wire.ToggleEncodingAnswer;
import org.lightwayj.core.wire.ToggleEncodingRequest;
import org.lightwayj.core.wire.Version;
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

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    /** Lightway header + IPv4 + UDP + maximum DTLS record overhead (spec §4.2, §8). */
    static final int UDP_OVERHEAD = 20 + 8 + Header.SIZE + 37;
    /** Frames queued while a TCP outside sender is blocked (spec §4.8). */
    static final int TCP_SEND_QUEUE_FRAMES = 64;
    /** Aggressive mode: each datagram is sent this many times before Online (spec §4.3). */
    static final int AGGRESSIVE_COPIES = 3;
    private static final int MAX_AUTH_BACKOFF_SHIFT = 3;

    private static final byte[] EMPTY = new byte[0];
    private static final Ping KEEPALIVE_PING = new Ping(0, EMPTY);

    private final boolean isClient;
    private final Transport transport;
    private final Settings settings;
    private final TlsEngine engine;
    private final ByteBufAllocator alloc;
    private final MetricsListener metrics;
    private final EventListener events;
    private final InsideSender inside;
    private final OutsideSender outside;
    private final TimerTable timers = new TimerTable();
    /** The inside-packet codec (issue 6), or {@code null}: without a CodecConfig the data path skips it. */
    private final CodecPath codec;

    // path features (issue 5): see PathMtu, Fragmenter, Reassembler, PluginChains, SessionRotation
    private final PluginChains plugins;
    private final Reassembler reassembler;
    private final Fragmenter fragmenter = new Fragmenter();
    private final Fragmenter.FrameOut frameOut = this::sendFrameBuf;
    private final SessionRotation rotation = new SessionRotation();
    private PathMtu pathMtu;
    private DfBitControl dfBit = DfBitControl.NONE;
    /** Server UDP behind an endpoint: the endpoint already ran the outside ingress chain. */
    private boolean outsideIngressByEndpoint;
    /** TCP: an outside egress plugin failed, so the stream lost bytes and must close. */
    private boolean pluginStreamFailed;
    /** UDP: the header session id of the datagram being processed (EMPTY outside receiveDatagram). */
    private long rxSessionId;
    /** Client UDP: the header session id of the latest datagram fed to the engine while Connecting. */
    private long handshakeSessionId;

    // client
    private final ClientContext clientContext;
    private final AuthMethod authMethod;
    private final ClientIpConfigHandler ipConfigHandler;
    private int authResends;
    private boolean firstPacketSeen;
    private InsideIpConfig receivedIpConfig;

    // server
    private final ServerContext serverContext;
    private InsideIpConfig allocatedIp;
    private Set<Feature> features = Set.of();
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
    /** TCP: received plaintext not yet parsed into whole frames. */
    private ByteBuf streamIn;
    /** TCP: sealed bytes the outside sender refused; re-offered on {@link #outsideWritable}. */
    private ArrayDeque<ByteBuf> blockedOut;
    /** TCP: plaintext frames waiting for the outside sender to unblock (bounded). */
    private ArrayDeque<ByteBuf> queuedFrames;
    /** TCP: how many of {@link #queuedFrames} carry inner TCP (at most one is kept). */
    private int queuedInnerTcp;

    private Connection(boolean isClient, Transport transport, Settings settings, ClientContext clientContext,
            ServerContext serverContext, AuthMethod authMethod, OutsideSender outside, InsideSender inside,
            EventListener events, ClientIpConfigHandler ipConfigHandler, Object attachment, Object admission,
            long now) throws ConnectionException {
        this.isClient = isClient;
        this.transport = transport;
        this.settings = settings;
        this.clientContext = clientContext;
        this.serverContext = serverContext;
        this.authMethod = authMethod;
        this.outside = outside;
        this.inside = inside;
        this.events = events;
        this.ipConfigHandler = ipConfigHandler;
        this.attachment = attachment;
        this.alloc = settings.allocator();
        this.metrics = settings.metrics();
        this.lastOutsideReceived = now;
        PathConfig path = clientContext != null ? clientContext.path() : serverContext.path();
        this.plugins = PluginChains.create(path);
        this.reassembler = new Reassembler(this, settings.fragmentMapEntries(), settings.fragmentMaxAgeNanos(),
                settings.fragmentMapMaxBytes(), alloc, metrics);
        if (isClient && transport.isDatagram() && path.pmtud() != null) {
            this.pathMtu = new PathMtu(this, path.pmtud(), metrics);
        }
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
        this.codec = newCodec(settings.codec(), now);
        this.scratch = alloc.buffer(2048);
        if (!transport.isDatagram()) {
            this.streamIn = alloc.buffer(4096);
            this.blockedOut = new ArrayDeque<>();
            this.queuedFrames = new ArrayDeque<>();
        }
    }

    private CodecPath newCodec(CodecConfig cfg, long now) throws ConnectionException {
        if (cfg == null) {
            return null;
        }
        try {
            return new CodecPath(cfg, this, timers, metrics, alloc, now);
        } catch (RuntimeException e) {
            engine.close();
            throw new ConnectionException(ConnectionError.PACKET_CODEC_ERROR, "cannot create the codec", e);
        }
    }

    static Connection client(ClientContext ctx, Transport transport, AuthMethod auth, OutsideSender outside,
            InsideSender inside, EventListener events, ClientIpConfigHandler ipConfig, Object attachment, long now)
            throws ConnectionException {
        Connection c = new Connection(true, transport, ctx.settings(), ctx, null, auth, outside, inside, events,
                ipConfig, attachment, null, now);
        // §0.1/§4.7: the client puts its maximum version in every header.
        c.version = ctx.settings().versions().maximum();
        return c;
    }

    static Connection server(ServerContext ctx, Transport transport, Version udpVersion, SessionId sessionId,
            OutsideSender outside, InsideSender inside, EventListener events, Object attachment, Object admission,
            long now) throws ConnectionException {
        Connection c = new Connection(false, transport, ctx.settings(), null, ctx, null, outside, inside, events,
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
        timers.set(Timer.HANDSHAKE_TIMEOUT, TimerTable.after(now, settings.handshakeTimeoutNanos()));
        if (serverContext != null) {
            // The TLS part alone gets a shorter bound than TLS + auth: half-open handshakes must not hold a slot for long.
            timers.set(Timer.TLS_HANDSHAKE_TIMEOUT, TimerTable.after(now, serverContext.tlsHandshakeTimeoutNanos()));
        }
        afterEngine(now);
        deadlineMayHaveMoved();
    }

    /**
     * Runs at the end of every entry point that can move {@link #nextTimeout()}: lets an owning endpoint
     * re-position this connection in its deadline heap, also when the host called the connection
     * directly. A plain compare when nothing moved.
     */
    private void deadlineMayHaveMoved() {
        if (endpoint != null && heapNode.inHeap() && nextTimeout() != heapNode.key) {
            endpoint.reschedule(this);
        }
    }

    void bindEndpoint(UdpServerEndpoint endpoint, SocketAddress peer) {
        this.endpoint = endpoint;
        this.peerAddress = peer;
        this.outsideIngressByEndpoint = true;
    }

    void dfBitControl(DfBitControl control) {
        this.dfBit = control;
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
        return isClient;
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
        return rotation.pending();
    }

    /**
     * {@return client UDP with PMTUD: the current PLPMTU estimate (whole inner frame), or -1 while there
     * is none (spec §4.6)}
     */
    public int pathMtuEstimate() {
        return pathMtu == null ? -1 : pathMtu.plpmtu();
    }

    /**
     * {@return client UDP with PMTUD: a snapshot of the DPLPMTUD state machine (state, estimate and
     * counters at the time of the call), or {@code null}}
     */
    public PmtudSnapshot pathMtuDiscovery() {
        return pathMtu == null ? null : pathMtu.snapshot();
    }

    /** {@return partial packets waiting in the fragment reassembly map} */
    public int pendingFragments() {
        return reassembler.size();
    }

    /** {@return server UDP: the peer's address as last committed by the endpoint; otherwise {@code null}} */
    public SocketAddress peerAddress() {
        return peerAddress;
    }

    /** {@return client: the tunnel configuration received at authentication; server: the one allocated; or {@code null}} */
    public InsideIpConfig insideIpConfig() {
        return isClient ? receivedIpConfig : allocatedIp;
    }

    /** {@return server: the optional features granted by the auth callback} */
    public Set<Feature> features() {
        return features;
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
    // Host → core

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
            if (!outsideIngressByEndpoint && plugins.hasOutside() && !outsideIngress(data)) {
                return 0;
            }
            if (transport.isDatagram()) {
                return receiveDatagram(data, now);
            }
            lastOutsideReceived = now;
            engine.receive(data, now);
            return afterEngine(now);
        } catch (RuntimeException e) {
            // A bug, not bad input; close rather than leave a half-updated state machine behind.
            LOG.warn("unexpected failure while receiving", e);
            fail(new ConnectionException(ConnectionError.INTERNAL_ERROR, e.toString(), e), now, true);
            return 0;
        } finally {
            data.release();
            deadlineMayHaveMoved();
        }
    }

    private int receiveDatagram(ByteBuf d, long now) {
        Header.Check check = Header.check(d);
        if (check != Header.Check.VALID) {
            metrics.badPacket(this, check == Header.Check.MALFORMED ? ConnectionError.PACKET_ERROR
                    : ConnectionError.INVALID_PROTOCOL_VERSION);
            return 0;
        }
        if (Header.isExpressLaneAt(d)) {
            // §0.1: ExpressLane is never negotiated, so its data path is dropped.
            metrics.expressLaneIgnored(this);
            return 0;
        }
        long sid = Header.sessionIdAt(d);
        if (sid == SessionId.REJECTED.value()) {
            metrics.rejectedPacket(this);
            if (isClient) {
                emit(ConnectionEvent.SessionRejected.INSTANCE);
            }
            return 0;
        }
        if (!isClient && !Header.hasVersionAt(d, version)) {
            // §4.7: later packets must carry exactly the adopted version (non-fatal).
            metrics.badPacket(this, ConnectionError.INVALID_PROTOCOL_VERSION);
            return 0;
        }
        if (isClient && !firstPacketSeen) {
            firstPacketSeen = true;
            emit(ConnectionEvent.FirstPacketReceived.INSTANCE);
        }
        d.skipBytes(Header.SIZE);
        if (state == ConnectionState.CONNECTING && sid != SessionId.EMPTY.value()) {
            handshakeSessionId = sid; // for an engine that completes its handshake later (BC DTLS 1.2's thread)
        }
        engine.receive(d, now);
        rxSessionId = sid;
        int frames;
        try {
            frames = afterEngine(now);
        } finally {
            rxSessionId = SessionId.EMPTY.value();
        }
        if (frames > 0 && state != ConnectionState.DISCONNECTED) {
            // Only authenticated datagrams count as activity: spoofed ones must not keep a dead peer alive.
            lastOutsideReceived = now;
            onAuthenticatedDatagram(sid);
        }
        return frames;
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

    /** §1.4: runs after a datagram that yielded at least one frame (DTLS authenticated it). */
    private void onAuthenticatedDatagram(long sid) {
        if (isClient) {
            if (sid != SessionId.EMPTY.value() && sid != sessionId.value()) {
                sessionId = new SessionId(sid);
                emit(new ConnectionEvent.SessionIdAdopted(sessionId));
            }
        } else if (rotation.isPending(sid)) {
            // §1.4: the client echoed the pending id, so it has seen it: finalise the rotation.
            SessionId old = sessionId;
            sessionId = rotation.finish();
            if (endpoint != null) {
                endpoint.onRotationAcknowledged(this, old, sessionId);
            }
            emit(new ConnectionEvent.SessionIdRotationAcknowledged(old, sessionId));
        } else if (sid != sessionId.value() && sid != SessionId.EMPTY.value()) {
            metrics.sessionIdMismatch(this);
        }
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
            if (isClient || !transport.isDatagram()) {
                throw new ConnectionException(ConnectionError.INVALID_STATE, "session ids rotate on UDP servers only");
            }
            if (state == ConnectionState.DISCONNECTED) {
                throw Errors.DISCONNECTED;
            }
            if (state != ConnectionState.ONLINE) {
                throw new ConnectionException(ConnectionError.INVALID_STATE, "cannot rotate in state " + state);
            }
            SessionId p = rotation.pending();
            if (p != null) {
                return p;
            }
            SessionId old = sessionId;
            p = rotation.start(settings.random(),
                    id -> id == old.value() || (endpoint != null && endpoint.sessionIdTaken(id)));
            if (endpoint != null) {
                endpoint.onRotationStarted(this, p);
            }
            emit(new ConnectionEvent.SessionIdRotationStarted(old, p));
            sendFrame(KEEPALIVE_PING, nowNanos);
            return p;
        } finally {
            deadlineMayHaveMoved();
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
            if (plugins.hasInside() && !insideIngress(packet)) {
                return; // §6: from the TUN, before the encoder; Drop is silently Ok
            }
            int len = packet.readableBytes();
            if (len > settings.insideMtu()) {
                throw Errors.TOO_LONG;
            }
            if (len == 0 || !ipVersionAllowed(packet.getUnsignedByte(packet.readerIndex()) >> 4)) {
                throw Errors.NOT_IPV4;
            }
            int dataMps = currentDataMps();
            if (dataMps > 0) {
                TcpMssClamp.clamp(packet, mssClamp(dataMps)); // §4.6
            } else if (transport.isDatagram() && len > Data.maxPayload(settings.outsideMtu())) {
                // §4.6: without a PMTUD estimate UDP refuses only what no outside datagram could carry.
                throw Errors.TOO_LONG;
            }
            // After the inside plugins, the encoder (when configured) decides Data vs EncodedData;
            // either kind is fragmented when it exceeds the Data MPS of the PMTUD estimate (§3).
            if (codec != null ? codec.send(packet, nowNanos) : sendPlain(packet, nowNanos)) {
                metrics.insidePacketSent(this, len);
            }
        } finally {
            packet.release();
            deadlineMayHaveMoved();
        }
    }

    /**
     * The MSS inner TCP may use (§4.6: Data MPS − 40). With a codec configured its worst-case overhead
     * comes off too, whether or not encoding is on right now: a TCP connection keeps the MSS of its
     * SYN, and encoding may be switched on later; without this every full-size segment would be split
     * into two EncodedDataFrag chunks.
     */
    private int mssClamp(int dataMps) {
        return TcpMssClamp.mssForDataMps(dataMps - (codec != null ? codec.maxOverhead() : 0));
    }

    /**
     * Frames {@code packet} (still owned by the caller) as one Data frame, or as DataFrag frames when it
     * exceeds the Data MPS of the PMTUD estimate, and sends it.
     */
    private boolean sendPlain(ByteBuf packet, long now) {
        int len = packet.readableBytes();
        int dataMps = currentDataMps();
        if (dataMps > 0 && len > dataMps) {
            return sendFragmentedOrDrop(packet, false, now);
        }
        ByteBuf f = scratch();
        Data.encodeHeader(f, len);
        f.writeBytes(packet, packet.readerIndex(), len);
        if (transport.isDatagram() && settings.dataPadding() != DataPadding.NONE) {
            // Never past what one record may carry on this path (the PMTUD estimate, else the configured MTU).
            int limit = dataMps > 0 ? Data.OVERHEAD + dataMps : settings.outsideMtu() - UDP_OVERHEAD;
            f.writeZero(settings.dataPadding().paddedLength(f.readableBytes(), limit) - f.readableBytes());
        }
        return sendFrameBuf(f, now);
    }

    /** {@link #sendFragmented} for paths that count a refusal instead of throwing. */
    private boolean sendFragmentedOrDrop(ByteBuf packet, boolean encoded, long now) {
        try {
            return sendFragmented(packet, encoded, now);
        } catch (ConnectionException e) {
            metrics.insidePacketDropped(this, e.error());
            return false;
        }
    }

    /**
     * §6 inside ingress: true on Accept; false on Drop (the caller returns quietly); DropWithReply → a
     * {@link ConnectionError#PLUGIN_DROP_WITH_REPLY} carrying the reply; Error → {@link ConnectionError#PLUGIN_ERROR}.
     */
    private boolean insideIngress(ByteBuf packet) throws ConnectionException {
        PluginResult r = plugins.inside.ingress(packet);
        if (r.isAccept()) {
            return true;
        }
        PluginChains.count(metrics, this, PluginPoint.INSIDE_INGRESS, r, true);
        if (r instanceof PluginResult.DropWithReply d) {
            throw new ConnectionException(ConnectionError.PLUGIN_DROP_WITH_REPLY,
                    "an inside plugin dropped the packet with a reply", null, d.reply());
        }
        if (r instanceof PluginResult.Error e) {
            throw new ConnectionException(ConnectionError.PLUGIN_ERROR, "an inside plugin failed: " + e.cause(),
                    e.cause());
        }
        return false;
    }

    /**
     * Sends one inside packet (or, for the codec, one encoded packet) as DataFrag ({@code encoded} false,
     * kind 15) or EncodedDataFrag (kind 17) in chunks of the current DataFrag MPS (spec §3). Needs a
     * PMTUD estimate. {@code packet} stays the caller's.
     *
     * @return whether every fragment left
     */
    boolean sendFragmented(ByteBuf packet, boolean encoded, long now) throws ConnectionException {
        if (pathMtu == null || !pathMtu.hasEstimate()) {
            throw Errors.TOO_LONG;
        }
        int mps = pathMtu.fragMps();
        try {
            boolean ok = fragmenter.send(packet, mps, encoded, scratch(), frameOut, now);
            metrics.insidePacketFragmented(this, (packet.readableBytes() + mps - 1) / mps);
            return ok;
        } catch (FragmentException e) {
            throw Errors.TOO_LONG;
        }
    }

    /**
     * {@return the Data MPS of the current PMTUD estimate (packets longer than this must go through
     * {@link #sendFragmented}), or -1 when there is no estimate (no fragmentation; spec §3)}
     */
    int currentDataMps() {
        return pathMtu != null && pathMtu.hasEstimate() ? pathMtu.dataMps() : -1;
    }

    /** Sends one DPLPMTUD probe: Ping{id, size − 5 zero bytes}, with the host's DF bit on around it (§4.6). */
    void sendProbe(int id, int size, long now) {
        if (state != ConnectionState.ONLINE) {
            return;
        }
        Ping probe = new Ping(id, new byte[Math.max(0, size - 1 - Ping.BODY_OVERHEAD)]);
        try {
            dfBit.dontFragment(this, true);
        } catch (RuntimeException e) {
            LOG.debug("DF-bit hook failed", e);
        }
        try {
            sendFrame(probe, now);
        } finally {
            try {
                dfBit.dontFragment(this, false);
            } catch (RuntimeException e) {
                LOG.debug("DF-bit hook failed", e);
            }
        }
    }

    /** Dplpmtud reported a new estimate. */
    void onPathMtuChanged(int plpmtu) {
        emit(new ConnectionEvent.PathMtuChanged(plpmtu, plpmtu > 0 ? plpmtu - Data.OVERHEAD : -1));
    }

    private void syncPmtudTimer() {
        timers.set(Timer.PMTUD, pathMtu == null ? Long.MAX_VALUE : pathMtu.nextTimeout());
    }

    /**
     * Timer entry point: call at (or after) {@link #nextTimeout()}. Safe to call early or repeatedly;
     * never throws.
     *
     * @param nowNanos host time
     */
    public void tick(long nowNanos) {
        if (state == ConnectionState.DISCONNECTED) {
            return;
        }
        try {
            if (timers.expired(Timer.TLS, nowNanos)) {
                engine.tick(nowNanos);
                afterEngine(nowNanos);
                if (state == ConnectionState.DISCONNECTED) {
                    return;
                }
            }
            if (timers.expired(Timer.TLS_HANDSHAKE_TIMEOUT, nowNanos)) {
                timers.stop(Timer.TLS_HANDSHAKE_TIMEOUT);
                if (state == ConnectionState.CONNECTING) {
                    fail(new ConnectionException(ConnectionError.TIMED_OUT,
                            "(D)TLS handshake not complete within the TLS handshake timeout"), nowNanos, false);
                    return;
                }
            }
            if (timers.expired(Timer.HANDSHAKE_TIMEOUT, nowNanos)) {
                timers.stop(Timer.HANDSHAKE_TIMEOUT);
                if (state.isHandshaking()) {
                    fail(new ConnectionException(ConnectionError.TIMED_OUT, "not Online within the handshake timeout"),
                            nowNanos, true);
                    return;
                }
            }
            if (timers.expired(Timer.AUTH_RESEND, nowNanos)) {
                if (state == ConnectionState.AUTHENTICATING) {
                    sendAuthRequest(nowNanos);
                } else {
                    timers.stop(Timer.AUTH_RESEND);
                }
            }
            if (timers.expired(Timer.IDLE_TIMEOUT, nowNanos)) {
                long deadline = TimerTable.after(lastOutsideReceived, settings.keepaliveTimeoutNanos());
                if (deadline <= nowNanos) {
                    fail(new ConnectionException(ConnectionError.TIMED_OUT, "keepalive timeout"), nowNanos, true);
                    return;
                }
                timers.set(Timer.IDLE_TIMEOUT, deadline);
            }
            if (timers.expired(Timer.KEEPALIVE, nowNanos)) {
                long deadline = TimerTable.after(lastOutsideReceived, settings.keepaliveIntervalNanos());
                if (deadline <= nowNanos) {
                    sendFrame(KEEPALIVE_PING, nowNanos);
                    deadline = TimerTable.after(nowNanos, settings.keepaliveIntervalNanos());
                }
                timers.set(Timer.KEEPALIVE, deadline);
            }
            if (timers.expired(Timer.PMTUD, nowNanos) && pathMtu != null) {
                pathMtu.tick(nowNanos);
                syncPmtudTimer();
            }
            if (timers.expired(Timer.FRAGMENT_EXPIRY, nowNanos)) {
                reassembler.expire(nowNanos);
                timers.set(Timer.FRAGMENT_EXPIRY, reassembler.nextExpiry());
            }
            if (codec != null) {
                codec.tick(nowNanos); // TOGGLE_ENCODING, CODEC_FLUSH, CODEC_CLEANUP
            }
        } catch (RuntimeException e) {
            LOG.warn("unexpected failure in tick", e);
            fail(new ConnectionException(ConnectionError.INTERNAL_ERROR, e.toString(), e), nowNanos, true);
        } finally {
            deadlineMayHaveMoved();
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
            deadlineMayHaveMoved();
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
            deadlineMayHaveMoved();
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
            if (transport.isDatagram() || state == ConnectionState.DISCONNECTED) {
                return;
            }
            if (!drainBlocked()) {
                return;
            }
            while (!queuedFrames.isEmpty() && blockedOut.isEmpty() && state != ConnectionState.DISCONNECTED) {
                ByteBuf f = queuedFrames.poll();
                if (carriesInnerTcp(f)) {
                    queuedInnerTcp--;
                }
                try {
                    sealAndFlush(f, nowNanos);
                } finally {
                    f.release();
                }
            }
        } finally {
            deadlineMayHaveMoved();
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
            deadlineMayHaveMoved();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Receive path

    /**
     * Runs after every engine interaction: notices the end of the handshake, parses what was decrypted,
     * sends what the engine produced and surfaces an engine failure. Returns the frames decoded.
     */
    private int afterEngine(long now) {
        int frames = 0;
        long dropped = engine.droppedRecords();
        while (tlsDropped < dropped) {
            tlsDropped++;
            metrics.tlsRecordDropped(this);
        }
        if (state == ConnectionState.CONNECTING && engine.state() == TlsState.ESTABLISHED) {
            onLinkUp(now);
        }
        ByteBuf pt;
        while ((pt = engine.pollPlaintext()) != null) {
            try {
                if (state == ConnectionState.DISCONNECTED) {
                    continue;
                }
                if (state == ConnectionState.CONNECTING && engine.state() == TlsState.ESTABLISHED) {
                    onLinkUp(now);
                }
                frames += transport.isDatagram() ? handleRecord(pt, now) : handleStream(pt, now);
            } finally {
                pt.release();
            }
        }
        if (state == ConnectionState.DISCONNECTED) {
            return frames;
        }
        flushEngine();
        checkStreamPlugin(now);
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

    private void onLinkUp(long now) {
        timers.stop(Timer.TLS_HANDSHAKE_TIMEOUT);
        if (endpoint != null) {
            endpoint.onLinkUp(this); // frees the handshake slot
        }
        setState(ConnectionState.LINK_UP);
        if (isClient && transport.isDatagram()) {
            // As C does: the handshake just completed, so the peer proved its key. Adopt the session id
            // from its header now, so that the AuthRequest already carries it.
            long sid = rxSessionId != SessionId.EMPTY.value() ? rxSessionId : handshakeSessionId;
            if (sid != SessionId.EMPTY.value() && sid != SessionId.REJECTED.value()) {
                onAuthenticatedDatagram(sid);
            }
        }
        if (isClient) {
            setState(ConnectionState.AUTHENTICATING);
            authResends = 0;
            sendAuthRequest(now);
        }
    }

    /** UDP: one decrypted record; several frames, trailing zero padding, rest discarded on error (§0.4). Returns frames. */
    private int handleRecord(ByteBuf rec, long now) {
        if (isClient && rxSessionId != SessionId.EMPTY.value() && rxSessionId != sessionId.value()) {
            // §1.4: the record decrypted, so the header is authentic: adopt its id before answering
            // anything in it, so that the Pong to a rotation's Ping already echoes the new id.
            onAuthenticatedDatagram(rxSessionId);
        }
        int ri = rec.readerIndex();
        if (rec.readableBytes() >= Data.OVERHEAD && rec.getByte(ri) == FrameKind.DATA.id()
                && rec.getUnsignedShort(ri + 1) == rec.readableBytes() - Data.OVERHEAD) {
            // The common case (one frame per record, §2.0): the record buffer itself becomes the inside
            // packet, so the data path creates no slice object. Nothing touches rec after this.
            rec.skipBytes(Data.OVERHEAD);
            onData(rec, now);
            return 1;
        }
        if (codec != null && rec.readableBytes() >= EncodedData.OVERHEAD
                && rec.getByte(ri) == FrameKind.ENCODED_DATA.id()
                && rec.getUnsignedShort(ri + 1) == rec.readableBytes() - EncodedData.OVERHEAD) {
            // The same shortcut for the codec path: the record buffer is the encoded packet.
            rec.skipBytes(EncodedData.OVERHEAD);
            onEncoded(rec, now);
            return 1;
        }
        int frames = 0;
        while (rec.isReadable() && state != ConnectionState.DISCONNECTED) {
            if (frames > 0 && allZero(rec)) {
                break; // C peers pad records with zeros (§0.4)
            }
            if (tryFastData(rec, now)) {
                frames++;
                continue;
            }
            Frame f;
            try {
                f = Frame.decode(rec);
            } catch (WireException e) {
                frameError(e, now);
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
            onData(p, now);
        } finally {
            p.release();
        }
        return true;
    }

    /** TCP: appends decrypted bytes and parses every whole frame; a partial frame waits (§0.4). Returns frames. */
    private int handleStream(ByteBuf chunk, long now) {
        compactStream();
        streamIn.writeBytes(chunk);
        int frames = 0;
        while (state != ConnectionState.DISCONNECTED && streamIn.isReadable()) {
            if (tryFastData(streamIn, now)) {
                frames++;
                continue;
            }
            Frame f;
            try {
                f = Frame.decode(streamIn);
            } catch (WireException e) {
                if (e.error() != WireError.INSUFFICIENT_DATA) {
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
     * Makes room in the stream buffer without moving bytes under a retained slice still held by the
     * host (Data packets are handed out as slices of this buffer).
     */
    private void compactStream() {
        if (streamIn.refCnt() > 1) {
            ByteBuf fresh = alloc.buffer(Math.max(4096, streamIn.readableBytes() * 2));
            fresh.writeBytes(streamIn);
            streamIn.release();
            streamIn = fresh;
        } else if (!streamIn.isReadable()) {
            streamIn.clear();
        } else {
            streamIn.discardSomeReadBytes();
        }
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
                onData(d.packet(), now);
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
                } else if (pathMtu != null) {
                    pathMtu.onPong(p.id(), now); // §4.6: probe answers
                    syncPmtudTimer();
                }
            } else if (f instanceof AuthRequest a) {
                if (isClient || !(state == ConnectionState.LINK_UP || state == ConnectionState.ONLINE)) {
                    nonFatal(ConnectionError.INVALID_STATE, "AuthRequest while " + state, now);
                } else {
                    onAuthRequest(a.method(), now);
                }
            } else if (f instanceof AuthSuccessWithConfigV4 s) {
                onAuthSuccess(s, now);
            } else if (f instanceof AuthFailure) {
                if (!isClient || state == ConnectionState.ONLINE) {
                    nonFatal(ConnectionError.INVALID_STATE, "AuthFailure while " + state, now);
                } else {
                    fail(new ConnectionException(ConnectionError.UNAUTHORIZED, "the server refused the credentials"),
                            now, false);
                }
            } else if (f instanceof Goodbye) {
                fail(new ConnectionException(ConnectionError.GOODBYE, "the peer said goodbye"), now, false);
            } else if (f instanceof NoOp || f instanceof ServerConfig) {
                // NoOp is ignored; ServerConfig is logged and ignored, as the Rust client does (§2.9).
                LOG.trace("ignored {}", f.kind());
            } else if (f instanceof ExpresslaneConfig) {
                metrics.expressLaneIgnored(this);
            } else if (f instanceof EncodedData e) {
                onEncoded(e.packet(), now);
            } else if (f instanceof DataFrag || f instanceof EncodedDataFrag) {
                if (f instanceof EncodedDataFrag && codec == null) {
                    fail(new ConnectionException(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST,
                            "EncodedDataFrag received without a decoder"), now, true);
                    return;
                }
                if (f instanceof EncodedDataFrag && !codec.admitEncoded()) {
                    return; // not authorised for the codec: counted, kept out of the reassembly map too
                }
                // Both kinds share one reassembly map (§3); the fragment that completes a packet
                // decides whether it goes to the decoder.
                if (f instanceof DataFrag df) {
                    onFragment(df.fragmentId(), df.offset(), df.moreFragments(), false, df.data(), now);
                } else {
                    EncodedDataFrag ef = (EncodedDataFrag) f;
                    onFragment(ef.fragmentId(), ef.offset(), ef.moreFragments(), true, ef.data(), now);
                }
            } else if (f instanceof ToggleEncodingRequest r) {
                if (codec != null) {
                    codec.toggle().onRequest(r, now);
                } else {
                    // §0.2: a server without an encoder ignores the request.
                    LOG.trace("ignored ToggleEncodingRequest: no codec");
                }
            } else if (f instanceof ToggleEncodingAnswer a) {
                if (codec != null) {
                    codec.toggle().onAnswer(a, now);
                } else if (isClient) {
                    fail(new ConnectionException(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST,
                            "ToggleEncodingAnswer received without an encoder"), now, true);
                } else {
                    nonFatal(ConnectionError.INVALID_STATE, "ToggleEncodingAnswer at a server", now);
                }
            }
        } finally {
            f.release();
        }
    }

    /**
     * §3: one received DataFrag ({@code encoded} false) or EncodedDataFrag into the shared reassembly map;
     * {@code data} stays the caller's. Only accepted while Online.
     */
    void onFragment(int id, int offset, boolean more, boolean encoded, ByteBuf data, long now) {
        if (state != ConnectionState.ONLINE) {
            nonFatal(ConnectionError.INVALID_STATE, "fragment while " + state, now);
            return;
        }
        ByteBuf packet;
        try {
            packet = reassembler.add(id, offset, more, encoded, data, now);
        } catch (FragmentException e) {
            metrics.dataFragmentError(this, e.error());
            nonFatal(ConnectionError.DATA_FRAGMENT_ERROR, e.getMessage(), now);
            return;
        } finally {
            timers.set(Timer.FRAGMENT_EXPIRY, reassembler.nextExpiry());
        }
        if (packet != null) {
            onReassembled(packet, reassembler.lastCompletedEncoded(), now);
        }
    }

    /**
     * The one place a reassembled packet goes (spec §3): encoded ones to the decoder (issue 6), plain
     * ones to the inside path. Releases {@code packet}.
     */
    void onReassembled(ByteBuf packet, boolean encoded, long now) {
        try {
            if (encoded) {
                onEncoded(packet, now);
            } else {
                onData(packet, now);
            }
        } finally {
            packet.release();
        }
    }

    /**
     * A complete EncodedData payload (or reassembled EncodedDataFrag): to the decoder (§0.3). Without
     * a codec the peer's codec use is fatal; without the peer's authorisation for it (see
     * {@link CodecPath#decodingAllowed()}) the payload is dropped and counted. {@code p} stays owned by
     * the caller.
     */
    private void onEncoded(ByteBuf p, long now) {
        if (codec == null) {
            fail(new ConnectionException(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST,
                    "EncodedData received without a decoder"), now, true);
        } else if (state != ConnectionState.ONLINE) {
            nonFatal(ConnectionError.INVALID_STATE, "EncodedData while " + state, now);
        } else {
            codec.receive(p, now);
        }
    }

    /** Delivers one received inside packet; {@code p} stays owned by the caller (the host gets its own reference). */
    private void onData(ByteBuf p, long now) {
        deliver(p, false, false, now);
    }

    /**
     * Delivers one received inside packet to the host.
     *
     * @param p the packet
     * @param owned whether the caller's reference passes to this method (it then reaches the host as is,
     *     without a retain/release pair, or is released here)
     * @param shared whether a codec may still hold the bytes (it stored them, or returned them from
     *     poll, and may keep them through its own reference, codec SPI): they are then never written,
     *     and the one in-place edit, the MSS clamp of a TCP SYN, happens on a copy
     */
    private void deliver(ByteBuf p, boolean owned, boolean shared, long now) {
        try {
            if (state != ConnectionState.ONLINE) {
                nonFatal(ConnectionError.INVALID_STATE, "Data while " + state, now);
                return;
            }
            int len = p.readableBytes();
            if (len == 0 || !ipVersionAllowed(p.getUnsignedByte(p.readerIndex()) >> 4)) {
                metrics.insidePacketDropped(this, ConnectionError.INVALID_INSIDE_PACKET);
                if (!transport.isDatagram()) {
                    fail(new ConnectionException(ConnectionError.INVALID_INSIDE_PACKET, "not an IPv4 packet"), now,
                            true);
                }
                return;
            }
            if (pathMtu != null && pathMtu.hasEstimate()) {
                if (shared && maybeTcpSyn(p)) {
                    ByteBuf copy = alloc.buffer(len).writeBytes(p, p.readerIndex(), len);
                    if (owned) {
                        p.release();
                    }
                    p = copy;
                    owned = true;
                }
                TcpMssClamp.clamp(p, mssClamp(pathMtu.dataMps())); // §4.6, e.g. the SYN-ACK
            }
            if (plugins.hasInside()) {
                // §6 inside egress, before TUN delivery. A copy, since p may be a slice a plugin cannot grow.
                ByteBuf copy = alloc.buffer(len + 64).writeBytes(p, p.readerIndex(), len);
                PluginResult r = plugins.inside.egress(copy);
                if (!r.isAccept()) {
                    copy.release();
                    PluginChains.count(metrics, this, PluginPoint.INSIDE_EGRESS, r, false);
                    return;
                }
                metrics.insidePacketReceived(this, copy.readableBytes());
                if (codec != null) {
                    codec.delivered(now); // stall guard: a delivery through the plugins counts too
                }
                inside.sendInside(this, copy);
                return;
            }
            metrics.insidePacketReceived(this, len);
            if (codec != null) {
                codec.delivered(now);
            }
            ByteBuf out = owned ? p : p.retain();
            owned = false; // the host owns out from here, also if it throws
            inside.sendInside(this, out);
        } finally {
            if (owned) {
                p.release();
            }
        }
    }

    /**
     * Whether {@code p} may be an IPv4 TCP SYN, the only packet {@link TcpMssClamp#clamp} ever writes
     * into (a superset test: anything it rejects is left unmodified by the clamp too).
     */
    private static boolean maybeTcpSyn(ByteBuf p) {
        int b = p.readerIndex();
        int n = p.readableBytes();
        if (n < 20 || (p.getUnsignedByte(b) >> 4) != 4 || p.getByte(b + 9) != 6) {
            return false;
        }
        int flags = b + (p.getUnsignedByte(b) & 0xF) * 4 + 13;
        return flags < b + n && (p.getByte(flags) & 0x02) != 0;
    }

    private boolean ipVersionAllowed(int nibble) {
        return nibble == 4 || (nibble == 6 && settings.allowIpv6Inside());
    }

    // ------------------------------------------------------------------------------------------------
    // Authentication

    private void sendAuthRequest(long now) {
        sendFrame(new AuthRequest(authMethod), now);
        if (transport.isDatagram()) {
            // §4.2: resent on ticks while Authenticating (UDP only), with a capped backoff.
            long interval = clientContext.authResendNanos() << Math.min(authResends, MAX_AUTH_BACKOFF_SHIFT);
            authResends++;
            timers.set(Timer.AUTH_RESEND, TimerTable.after(now, interval));
        }
    }

    private void onAuthRequest(AuthMethod method, long now) {
        ServerIpPool pool = serverContext.ipPool();
        if (allocatedIp == null) {
            InsideIpConfig ip = pool.allocate(this);
            if (ip == null) {
                sendFrame(AuthFailure.INSTANCE, now);
                fail(new ConnectionException(ConnectionError.NO_AVAILABLE_CLIENT_IP, "the IP pool is exhausted"),
                        now, true);
                return;
            }
            allocatedIp = ip;
        }
        AuthResult result;
        try {
            result = serverContext.auth().authorize(this, method);
        } catch (RuntimeException e) {
            LOG.warn("the auth callback failed; denying", e);
            result = AuthResult.denied();
        }
        if (!(result instanceof AuthResult.Granted g)) {
            sendFrame(AuthFailure.INSTANCE, now);
            fail(new ConnectionException(ConnectionError.ACCESS_DENIED, "the auth callback denied access"), now, true);
            return;
        }
        if (state != ConnectionState.ONLINE) {
            features = g.features();
            Version tv = g.tunnelVersion();
            if (tv != null && !transport.isDatagram() && settings.versions().contains(tv)) {
                version = tv; // §4.7: TCP tunnel version, only before Online
            }
        }
        InsideIpConfig ip = allocatedIp;
        sendFrame(new AuthSuccessWithConfigV4(ip.localIp(), ip.peerIp(), ip.dnsIp(), Integer.toString(ip.mtu()),
                sessionId), now);
        if (state != ConnectionState.ONLINE && state != ConnectionState.DISCONNECTED) {
            goOnline(now);
        }
    }

    private void onAuthSuccess(AuthSuccessWithConfigV4 s, long now) {
        if (!isClient) {
            nonFatal(ConnectionError.INVALID_STATE, "AuthSuccess at a server", now);
            return;
        }
        if (state == ConnectionState.ONLINE) {
            return; // a duplicate answer to a resent AuthRequest
        }
        if (state != ConnectionState.AUTHENTICATING) {
            nonFatal(ConnectionError.INVALID_STATE, "AuthSuccess while " + state, now);
            return;
        }
        int insideMtu = settings.insideMtu();
        // §4.2: the outside path must carry a whole inside packet unless PMTUD (with fragmentation) runs.
        // The spec text says "PMTUD is enabled"; the check only makes sense when it is not, see docs.
        if (transport.isDatagram() && !clientContext.pmtudEnabled()
                && settings.outsideMtu() < insideMtu + UDP_OVERHEAD) {
            fail(new ConnectionException(ConnectionError.PATH_MTU_DISCOVERY_REQUIRED,
                    "inside MTU " + insideMtu + " needs an outside MTU of " + (insideMtu + UDP_OVERHEAD)), now, true);
            return;
        }
        InsideIpConfig cfg;
        try {
            cfg = new InsideIpConfig(s.localIp(), s.peerIp(), s.dnsIp(), parseMtu(s.mtu()));
        } catch (IllegalArgumentException e) {
            fail(new ConnectionException(ConnectionError.INVALID_INSIDE_IP_CONFIG, e.getMessage()), now, true);
            return;
        }
        receivedIpConfig = cfg;
        ipConfigHandler.onIpConfig(this, cfg);
        if (state == ConnectionState.AUTHENTICATING) {
            goOnline(now);
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

    private void goOnline(long now) {
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
        if (pathMtu != null) {
            pathMtu.online(now); // §4.6: Disabled → Base, probe the base size
            syncPmtudTimer();
        }
        if (codec != null) {
            codec.onOnline(now); // encode-at-connect
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Send path

    private ByteBuf scratch() {
        ByteBuf s = scratch;
        s.clear();
        return s;
    }

    private void sendFrame(Frame frame, long now) {
        if (scratch == null) {
            return;
        }
        ByteBuf f = scratch();
        frame.encode(f);
        sendFrameBuf(f, now);
    }

    /** Seals one frame into one record and sends it; returns whether it left (or was queued). */
    private boolean sendFrameBuf(ByteBuf frame, long now) {
        if (state == ConnectionState.DISCONNECTED || engine.state() != TlsState.ESTABLISHED) {
            return false;
        }
        if (!transport.isDatagram() && !blockedOut.isEmpty()) {
            // §4.8: while the TCP socket is blocked, queue up to 64 frames and drop the rest; of the
            // frames carrying inner TCP only one is kept, since inner TCP retransmits by itself.
            boolean innerTcp = carriesInnerTcp(frame);
            if (queuedFrames.size() >= TCP_SEND_QUEUE_FRAMES || (innerTcp && queuedInnerTcp > 0)) {
                metrics.outsideSendDropped(this);
                return false;
            }
            if (innerTcp) {
                queuedInnerTcp++;
            }
            queuedFrames.add(alloc.buffer(frame.readableBytes()).writeBytes(frame));
            return true;
        }
        return sealAndFlush(frame, now);
    }

    /** Whether {@code frame} is a Data frame whose packet is IPv4 with protocol 6 (TCP). */
    private static boolean carriesInnerTcp(ByteBuf frame) {
        int ri = frame.readerIndex();
        return frame.readableBytes() > Data.OVERHEAD + 9 && frame.getByte(ri) == FrameKind.DATA.id()
                && (frame.getUnsignedByte(ri + Data.OVERHEAD) >> 4) == 4
                && frame.getUnsignedByte(ri + Data.OVERHEAD + 9) == 6;
    }

    private boolean sealAndFlush(ByteBuf frame, long now) {
        try {
            engine.seal(frame, now);
        } catch (TlsException e) {
            fail(new ConnectionException(ConnectionError.TLS_FAILURE, e.getMessage(), e), now, false);
            return false;
        }
        flushEngine();
        checkStreamPlugin(now);
        return true;
    }

    /** TCP: an outside egress Error dropped sealed bytes, so the stream is broken (§6 "I/O error", §4.9). */
    private void checkStreamPlugin(long now) {
        if (pluginStreamFailed && state != ConnectionState.DISCONNECTED) {
            pluginStreamFailed = false;
            fail(new ConnectionException(ConnectionError.OUTSIDE_IO_WRITE_ERROR, "an outside plugin failed"), now,
                    false);
        }
    }

    /** Sends everything the engine has produced. */
    private void flushEngine() {
        ByteBuf o;
        while ((o = engine.pollOutbound()) != null) {
            if (transport.isDatagram()) {
                sendDatagram(o);
            } else {
                sendStream(o);
            }
        }
    }

    private void sendDatagram(ByteBuf d) {
        ByteBuf out = Header.prepend(d, version, rotation.headerId(sessionId), alloc);
        if (plugins.hasOutside()) {
            // §6 outside egress on the final datagram: Drop (and DropWithReply) count as sent; Error is an
            // I/O error (non-fatal on UDP).
            PluginResult r = plugins.outside.egress(out);
            if (!r.isAccept()) {
                out.release();
                PluginChains.count(metrics, this, PluginPoint.OUTSIDE_EGRESS, r, false);
                if (r instanceof PluginResult.Error) {
                    metrics.outsideSendDropped(this);
                }
                return;
            }
        }
        // §4.3: the UDP client sends every datagram 3× until Online to beat loss during the handshake.
        int copies = isClient && state != ConnectionState.ONLINE ? AGGRESSIVE_COPIES : 1;
        for (int i = 1; i < copies; i++) {
            offerOutside(out.retainedDuplicate());
        }
        offerOutside(out);
    }

    private void offerOutside(ByteBuf d) {
        if (!trySendOutside(d)) {
            d.release();
            metrics.outsideSendDropped(this);
        }
    }

    /**
     * Offers {@code d} to the outside sender (a throwing sender counts as a refusal) and counts the bytes
     * it took. {@return whether the sender took {@code d} (and with it the release)}
     */
    private boolean trySendOutside(ByteBuf d) {
        int n = d.readableBytes();
        boolean taken;
        try {
            taken = outside.sendOutside(this, d);
        } catch (RuntimeException e) {
            LOG.debug("outside sender failed", e);
            taken = false;
        }
        if (taken) {
            metrics.outsideBytesSent(this, n);
        }
        return taken;
    }

    private void sendStream(ByteBuf b) {
        if (plugins.hasOutside()) {
            // §6: once per chunk, before it is offered or queued. Error is an I/O error: fatal on TCP.
            PluginResult r = plugins.outside.egress(b);
            if (!r.isAccept()) {
                b.release();
                PluginChains.count(metrics, this, PluginPoint.OUTSIDE_EGRESS, r, false);
                if (r instanceof PluginResult.Error) {
                    pluginStreamFailed = true;
                }
                return;
            }
        }
        if (!blockedOut.isEmpty()) {
            blockedOut.add(b);
            return;
        }
        if (!trySendOutside(b)) {
            // Sealed stream bytes can never be dropped: keep them for outsideWritable().
            blockedOut.add(b);
        }
    }

    /** {@return re-offers kept stream bytes; returns whether everything left} */
    private boolean drainBlocked() {
        while (!blockedOut.isEmpty()) {
            ByteBuf b = blockedOut.peek();
            int n = b.readableBytes();
            boolean taken;
            try {
                taken = outside.sendOutside(this, b);
            } catch (RuntimeException e) {
                taken = false;
            }
            if (!taken) {
                return false;
            }
            blockedOut.poll();
            metrics.outsideBytesSent(this, n);
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // Errors, state, teardown

    private void nonFatal(ConnectionError err, String detail, long now) {
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
    private void fail(ConnectionException cause, long now, boolean sayGoodbye) {
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
        freeIp();
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

    private void freeIp() {
        if (allocatedIp != null) {
            InsideIpConfig ip = allocatedIp;
            allocatedIp = null;
            try {
                serverContext.ipPool().free(this, ip);
            } catch (RuntimeException e) {
                LOG.warn("the IP pool failed to free {}", ip, e);
            }
        }
    }

    private void releaseAll() {
        freeIp();
        if (pathMtu != null) {
            pathMtu.offline();
        }
        reassembler.close();
        timers.stopAll();
        if (codec != null) {
            codec.close();
        }
        engine.close();
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
        if (streamIn != null) {
            streamIn.release();
            streamIn = null;
        }
        if (blockedOut != null) {
            blockedOut.forEach(ByteBuf::release);
            blockedOut.clear();
            queuedFrames.forEach(ByteBuf::release);
            queuedFrames.clear();
            queuedInnerTcp = 0;
        }
        if (endpoint != null) {
            endpoint.onClosed(this);
        }
    }

    private void setState(ConnectionState s) {
        if (state == s) {
            return;
        }
        state = s;
        emit(new ConnectionEvent.StateChanged(s));
    }

    private void emit(ConnectionEvent e) {
        try {
            events.onEvent(this, e);
        } catch (RuntimeException ex) {
            LOG.warn("event listener failed on {}", e, ex);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Inside-packet codec (issue 6, spec §0.2, §0.3): public API and the hooks CodecPath calls

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
            if (codec == null) {
                throw new ConnectionException(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST, "no codec configured");
            }
            codec.toggle().setEncoding(enable, nowNanos);
        } finally {
            deadlineMayHaveMoved();
        }
    }

    /** {@return whether this connection ever created a decoder (package-private: tests of the codec grant)} */
    boolean hasDecoder() {
        return codec != null && codec.hasDecoder();
    }

    /** {@return whether this side's encoder currently encodes (false without a codec or once closed)} */
    public boolean isEncodingEnabled() {
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
            if (codec != null && state != ConnectionState.DISCONNECTED) {
                codec.flush(nowNanos);
            }
        } finally {
            deadlineMayHaveMoved();
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
            if (codec != null && state != ConnectionState.DISCONNECTED) {
                codec.cleanup(nowNanos);
            }
        } finally {
            deadlineMayHaveMoved();
        }
    }

    /**
     * Frames one encoded packet (still owned by the caller) as EncodedData and sends it.
     *
     * @return whether it left
     */
    boolean codecSendEncoded(ByteBuf packet, long now) {
        int len = packet.readableBytes();
        if (state != ConnectionState.ONLINE) {
            return false;
        }
        int dataMps = currentDataMps();
        if (dataMps > 0 && len > dataMps) {
            boolean sent = sendFragmentedOrDrop(packet, true, now); // EncodedDataFrag, §3
            if (sent) {
                metrics.encodedPacketSent(this, len);
            }
            return sent;
        }
        if (transport.isDatagram() ? len > EncodedData.maxPayload(settings.outsideMtu()) : len > 0xFFFF) {
            metrics.insidePacketDropped(this, ConnectionError.INVALID_PACKET_SIZE);
            return false;
        }
        ByteBuf f = scratch();
        EncodedData.encodeHeader(f, len);
        f.writeBytes(packet, packet.readerIndex(), len);
        boolean sent = sendFrameBuf(f, now);
        if (sent) {
            metrics.encodedPacketSent(this, len);
        }
        return sent;
    }

    /** The encoder declined {@code packet} (SKIP_PACKET): plain Data. */
    boolean codecSendPlain(ByteBuf packet, long now) {
        return sendPlain(packet, now);
    }

    /**
     * A skipped encoded packet (the decoder's SKIP_PACKET) to the inside path; {@code p} stays owned by
     * the caller, and the decoder may keep its bytes: they are never written.
     */
    void codecDeliver(ByteBuf p, long now) {
        deliver(p, false, true, now);
    }

    /**
     * A decoded packet to the inside path; the reference passes to this method. Its bytes may be shared
     * with what the decoder keeps: they are never written.
     */
    void codecDeliverOwned(ByteBuf p, long now) {
        deliver(p, true, true, now);
    }

    /** A ToggleEncoding frame (control frames never pass the codec). */
    void codecSendFrame(Frame f, long now) {
        sendFrame(f, now);
    }

    void codecFail(ConnectionError err, String detail, Throwable cause, long now) {
        fail(new ConnectionException(err, detail, cause), now, true);
    }

    void codecEmit(ConnectionEvent e) {
        emit(e);
    }

    void peerAddress(SocketAddress a) {
        this.peerAddress = a;
    }

    @Override
    public String toString() {
        return (isClient ? "client" : "server") + "/" + transport + "[" + state + ", session " + sessionId + "]";
    }

    /** Pre-built exceptions for the host-misuse paths of the data path (stackless, so sharing is safe). */
    private static final class Errors {
        static final ConnectionException NOT_ONLINE =
                new ConnectionException(ConnectionError.INVALID_STATE, "inside packets need state ONLINE");
        static final ConnectionException DISCONNECTED =
                new ConnectionException(ConnectionError.DISCONNECTED, "the connection is closed");
        static final ConnectionException TOO_LONG =
                new ConnectionException(ConnectionError.INVALID_PACKET_SIZE, "the inside packet is too long");
        static final ConnectionException NOT_IPV4 =
                new ConnectionException(ConnectionError.INVALID_IPV4_PACKET, "the inside packet is not IPv4");
    }
}
