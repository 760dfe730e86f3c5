package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;
import org.lightwayj.core.wire.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP server's demultiplexer (spec §1.4): maps each incoming datagram to its {@link Connection} by
 * peer address, then by session id; creates a connection for a new peer whose header carries the EMPTY
 * id and a version in the server's range; answers an unknown session id with the reject header.
 *
 * <p>Lookup order: peer address, then session id, then the pending id of a session-id rotation. A
 * peer found by id from a new address ("float") is processed by its connection, and the new address is
 * committed only if the datagram decrypted to at least one frame; a float found by the current session
 * id then starts a rotation ({@link Connection#rotateSessionId}), so the id seen from both addresses is
 * retired. Rotations re-key the endpoint's map by themselves.
 *
 * <p>The context's outside plugins run here once, on the raw datagram, before the lookup (spec §6);
 * each connection still runs its own outside egress chain.
 *
 * <h2>Admission caps</h2>
 * A peer that passes the cookie check and then goes silent holds a half-open handshake: a connection,
 * an engine and, with DTLS 1.2 (Bouncy Castle), a thread parked on the handshake executor. The endpoint
 * therefore bounds, after the cookie check and before anything is created, the connections in total
 * ({@link Builder#maxConnections}, default {@value #DEFAULT_MAX_CONNECTIONS}), the handshakes in
 * progress ({@link Builder#maxHandshakes}, default {@value #DEFAULT_MAX_HANDSHAKES}) and those from one
 * IP address ({@link Builder#maxHandshakesPerAddress}, default {@value #DEFAULT_MAX_HANDSHAKES_PER_ADDRESS}).
 * A refused ClientHello creates no connection and no engine, is counted
 * ({@link MetricsListener#handshakeRefused}, {@link #handshakesRefused}) and logged at debug. A
 * handshake slot is held until (D)TLS completes or the connection closes; the server's
 * {@link ServerContext.Builder#tlsHandshakeTimeout} (default 10 s) bounds how long. The caps apply to
 * every engine the context's factory makes (DTLS 1.2 and DTLS 1.3 alike).
 *
 * <h2>Driving it</h2>
 * Hand every datagram the server socket receives to {@link #datagramReceived}; call {@link #tick} at
 * {@link #nextTimeout()}. Closed connections leave the endpoint by themselves.
 *
 * <h2>Timers</h2>
 * The endpoint keeps its connections in a binary min-heap keyed by each one's
 * {@link Connection#nextTimeout()}: {@link #nextTimeout()} is O(1) and {@link #tick} costs
 * O(log connections) per due connection, allocating nothing in steady state. One {@link #tick} ticks at
 * most {@link Builder#tickBudget(int)} connections (a mass expiry is spread over several calls, and
 * {@link #nextTimeout()} stays due until it is done). A connection re-positions
 * itself at the end of every call that can move its deadline, so the host may also call a connection
 * directly ({@link Connection#keepalive}, {@link Connection#disconnect}, {@link Connection#insidePacketReceived}
 * …) and {@link #nextTimeout()} reflects it at once.
 *
 * <h2>Shutdown</h2>
 * {@link #disconnectAll} says Goodbye to every peer and closes its connection; {@link #close} does that
 * and then refuses every later datagram (released and counted). A client that receives the Goodbye
 * ends with {@link ConnectionError#GOODBYE}, as after any server-initiated disconnect.
 *
 * <h2>Threads</h2>
 * An endpoint and all its connections are confined to one thread at a time. That includes
 * {@link #close}: a JVM shutdown hook must hand the call to the endpoint's thread, not make it itself.
 */
public final class UdpServerEndpoint implements AutoCloseable {

    /**
     * Connection ticks per {@link #tick} call by default. A mass expiry of 10,000 connections in one
     * call blocked the host's loop for ~91 ms (issue 12); 256 keeps a call to a few milliseconds.
     */
    public static final int DEFAULT_TICK_BUDGET = 256;

    /** Default {@link Builder#maxConnections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 65536;
    /** Default {@link Builder#maxHandshakes}. */
    public static final int DEFAULT_MAX_HANDSHAKES = 1024;
    /** Default {@link Builder#maxHandshakesPerAddress}. */
    public static final int DEFAULT_MAX_HANDSHAKES_PER_ADDRESS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(UdpServerEndpoint.class);

    private final ServerContext context;
    private final DatagramSender sender;
    private final InsideSender inside;
    private final EventListener events;
    private final Map<SocketAddress, Connection> byAddress = new HashMap<>();
    private final Map<Long, Connection> bySession = new HashMap<>();
    private final Map<Long, Connection> byPending = new HashMap<>();
    private final org.lightwayj.core.plugin.PluginChain outsideIngress;
    private final OutsideSender connectionSender;
    /** Every live connection, ordered by its deadline. */
    private final DeadlineHeap<Connection> deadlines = new DeadlineHeap<>();
    /** Reused by {@link #tick}: the connections due in the current tick. */
    private Connection[] due = new Connection[16];
    private final HandshakeLimiter limits;
    /** Connection ticks per {@link #tick} call at most. */
    private final int tickBudget;
    /** Set by {@link #close}: every later datagram is dropped. */
    private boolean closed;
    private long droppedAfterClose;
    /** The latest host time handed in, for {@link #close()} (which takes none). */
    private long lastNowNanos;

    private UdpServerEndpoint(ServerContext context, DatagramSender sender, InsideSender inside,
            EventListener events, HandshakeLimiter limits, int tickBudget) {
        this.context = context;
        this.limits = limits;
        this.tickBudget = tickBudget;
        this.sender = sender;
        this.inside = inside;
        this.events = events;
        this.connectionSender = (c, d) -> sender.send(d, c.peerAddress());
        try {
            this.outsideIngress = org.lightwayj.core.plugin.PluginChain.create(context.path().outsidePlugins());
        } catch (org.lightwayj.core.plugin.PluginBuildException e) {
            throw new IllegalStateException("outside plugins: " + e.getMessage(), e);
        }
    }

    /**
     * Starts building an endpoint.
     *
     * @param context the server configuration
     * @return a builder
     */
    public static Builder builder(ServerContext context) {
        return new Builder(Objects.requireNonNull(context, "context"));
    }

    /**
     * Routes one datagram received on the server socket.
     *
     * @param datagram the whole datagram (header included); ownership passes to the endpoint, which
     *     releases it
     * @param from the sender's address
     * @param nowNanos host time
     * @return the connection that processed it, or {@code null} when it was dropped or rejected
     */
    public Connection datagramReceived(ByteBuf datagram, SocketAddress from, long nowNanos) {
        lastNowNanos = nowNanos;
        if (closed) {
            // Shut down: nobody is served any more, and no connection may be created.
            droppedAfterClose++;
            context.settings().metrics().badPacket(null, ConnectionError.DISCONNECTED);
            datagram.release();
            return null;
        }
        if (!outsideIngress.isEmpty()) {
            org.lightwayj.core.plugin.PluginResult r = outsideIngress.ingress(datagram);
            if (!r.isAccept()) {
                // §6: PacketError(PluginDrop / PluginError), before any connection owns the datagram.
                MetricsListener m = context.settings().metrics();
                PluginChains.count(m, null, PluginPoint.OUTSIDE_INGRESS, r, false);
                m.badPacket(null, ConnectionError.PACKET_ERROR);
                datagram.release();
                return null;
            }
        }
        Connection c = byAddress.get(from);
        if (c != null) {
            c.receive(datagram, nowNanos);
            return c;
        }
        boolean handed = false;
        try {
            MetricsListener metrics = context.settings().metrics();
            int ri = datagram.readerIndex();
            Header.Check check = Header.check(datagram);
            if (check == Header.Check.MALFORMED) {
                metrics.badPacket(null, ConnectionError.PACKET_ERROR);
                return null;
            }
            if (check == Header.Check.UNSUPPORTED_VERSION) {
                // Upstream fails the header parse here (§1.3): drop the datagram before any session
                // lookup, so an unknown id with a bad version is not answered with a reject either.
                metrics.badPacket(null, ConnectionError.INVALID_PROTOCOL_VERSION);
                return null;
            }
            long sid = Header.sessionIdAt(datagram);
            if (sid == SessionId.EMPTY.value()) {
                Version v = Header.versionAt(datagram); // supported, checked above
                if (!context.settings().versions().contains(v)) {
                    metrics.badPacket(null, ConnectionError.INVALID_PROTOCOL_VERSION);
                    return null; // §1.4: dropped silently
                }
                TlsEngineFactory engines = context.settings().tlsEngineFactory();
                Version replyVersion = v;
                Object admission;
                boolean[] answered = new boolean[1];
                try {
                    admission = engines.admit(from,
                            datagram.slice(ri + Header.SIZE, datagram.readableBytes() - Header.SIZE),
                            reply -> {
                                answered[0] = true;
                                sendRaw(Header.prepend(reply, replyVersion, SessionId.EMPTY.value(),
                                        context.settings().allocator()), from);
                            }, nowNanos);
                } catch (RuntimeException e) {
                    LOG.debug("admission of {} failed", from, e);
                    admission = null;
                }
                if (admission == null) {
                    // e.g. a HelloVerifyRequest went back (the client retries with the cookie), or a
                    // fragment was held, or the datagram was garbage: counted either way.
                    metrics.notAdmitted(answered[0]);
                    return null;
                }
                if (refused(from, metrics)) {
                    return null;
                }
                c = create(from, v, admission, nowNanos);
                if (c == null) {
                    return null;
                }
                if (engines.admissionConsumesDatagram()) {
                    return c;
                }
                handed = true;
                c.receive(datagram, nowNanos);
                return c;
            }
            if (sid == SessionId.REJECTED.value()) {
                // Never answer a reject with a reject (guards against ping-pong between servers).
                metrics.rejectedPacket(null);
                return null;
            }
            c = bySession.get(sid);
            boolean byCurrentId = c != null;
            if (c == null) {
                c = byPending.get(sid); // §1.4: a float in the middle of a rotation
            }
            if (c == null) {
                metrics.rejectedPacket(null);
                sendReject(from);
                return null;
            }
            handed = true;
            int frames = c.receive(datagram, nowNanos);
            if (frames > 0 && c.state() != ConnectionState.DISCONNECTED) {
                // §1.4: commit the new address only after DTLS authenticated the datagram.
                byAddress.remove(c.peerAddress(), c);
                c.peerAddress(from);
                byAddress.put(from, c);
                if (byCurrentId && c.state() == ConnectionState.ONLINE) {
                    // §1.4: the id was seen from two addresses; retire it (a pending one is reused).
                    try {
                        if (c.pendingSessionId() != null) {
                            c.keepalive(nowNanos); // the pending id's Ping went to the old address
                        } else {
                            c.rotateSessionId(nowNanos);
                        }
                    } catch (ConnectionException e) {
                        LOG.debug("no rotation after float of {}", c, e);
                    }
                }
            }
            return c;
        } finally {
            if (!handed) {
                datagram.release();
            }
        }
    }

    /** The admission caps, checked after the cookie: a refused peer gets nothing (it will retransmit). */
    private boolean refused(SocketAddress from, MetricsListener metrics) {
        HandshakeRefusal r = limits.check(from, bySession.size());
        if (r == null) {
            return false;
        }
        LOG.debug("handshake from {} refused: {}", from, r);
        metrics.handshakeRefused(r);
        return true;
    }

    private Connection create(SocketAddress from, Version v, Object admission, long now) {
        SessionId id;
        do {
            id = SessionId.random(context.settings().random());
        } while (sessionIdTaken(id.value()));
        Connection c;
        try {
            c = Connection.server(context, Transport.UDP, v, id, connectionSender, inside, events, null, admission,
                    now);
        } catch (ConnectionException e) {
            // A peer can cause this (an admitted hello whose key share the engine rejects): debug, not
            // warn, so it cannot flood the host's log; counted like any other datagram not admitted.
            LOG.debug("cannot create a connection for {}", from, e);
            context.settings().metrics().notAdmitted(false);
            return null;
        }
        c.bindEndpoint(this, from);
        byAddress.put(from, c);
        bySession.put(id.value(), c);
        limits.started(c, from);
        context.settings().metrics().connectionCreated(c);
        deadlines.insertOrUpdate(c.heapNode, c.nextTimeout());
        c.start(now);
        return c.state() == ConnectionState.DISCONNECTED ? null : c;
    }

    private void sendReject(SocketAddress to) {
        ByteBuf b = context.settings().allocator().buffer(Header.SIZE);
        Header.reject().encode(b);
        sendRaw(b, to);
    }

    private void sendRaw(ByteBuf b, SocketAddress to) {
        boolean taken;
        try {
            taken = sender.send(b, to);
        } catch (RuntimeException e) {
            taken = false;
        }
        if (!taken) {
            b.release();
        }
    }

    /** Called by a connection whose (D)TLS handshake completed: its handshake slot is free. */
    void onLinkUp(Connection c) {
        limits.finished(c);
    }

    /** Called by a connection as it closes. */
    void onClosed(Connection c) {
        limits.finished(c);
        deadlines.remove(c.heapNode);
        byAddress.remove(c.peerAddress(), c);
        bySession.remove(c.sessionId().value(), c);
        SessionId p = c.pendingSessionId();
        if (p != null) {
            byPending.remove(p.value(), c);
        }
    }

    /** Whether {@code id} is some connection's current or pending session id. */
    boolean sessionIdTaken(long id) {
        return bySession.containsKey(id) || byPending.containsKey(id);
    }

    /** A connection started a rotation: route its pending id to it as well (§1.4 lookup step 3). */
    void onRotationStarted(Connection c, SessionId pending) {
        byPending.put(pending.value(), c);
    }

    /** A rotation finished: the pending id becomes the key, the old one is forgotten. */
    void onRotationAcknowledged(Connection c, SessionId old, SessionId current) {
        bySession.remove(old.value(), c);
        byPending.remove(current.value(), c);
        bySession.put(current.value(), c);
    }

    /** A connection's deadline may have moved: re-position it in the heap (O(log connections)). */
    void reschedule(Connection c) {
        if (c.heapNode.inHeap()) {
            deadlines.update(c.heapNode, c.nextTimeout());
        }
    }

    /**
     * Ticks the connections whose deadline has passed, earliest first, each at most once per call and
     * at most {@linkplain Builder#tickBudget(int) the tick budget} of them (default
     * {@value #DEFAULT_TICK_BUDGET}): with thousands due at once (a mass expiry) one call stays short,
     * and the rest wait for the next call. {@link #nextTimeout()} then still reports a deadline at or
     * before {@code nowNanos}, so a host that follows the tick contract calls again at once. The
     * connections left over are the earliest in the heap, so they go before anything that falls due
     * later: every connection due now is ticked within ceil(due / budget) calls. Safe to call early or
     * twice. O(log connections) per ticked connection; allocates nothing in steady state.
     *
     * @param nowNanos host time
     */
    public void tick(long nowNanos) {
        lastNowNanos = nowNanos;
        // Take the due connections out of the heap first: ticking one may close others or move their
        // deadlines, and a connection still due after its tick must not be ticked again in this call.
        int n = 0;
        while (n < tickBudget && deadlines.minKey() <= nowNanos) {
            if (n == due.length) {
                due = Arrays.copyOf(due, n * 2);
            }
            due[n++] = deadlines.poll().owner;
        }
        int i = 0;
        try {
            for (; i < n; i++) {
                due[i].tick(nowNanos);
                requeue(due[i], nowNanos);
                due[i] = null;
            }
        } finally {
            // Only when a host callback threw out of a tick: keep the rest scheduled, at their own
            // deadlines (they were not ticked, so they keep their place).
            for (; i < n; i++) {
                requeue(due[i], Long.MIN_VALUE);
                due[i] = null;
            }
        }
    }

    /** Back into the heap unless closed; {@code now} is the tick's time, MIN_VALUE when not ticked. */
    private void requeue(Connection c, long now) {
        if (c.state() != ConnectionState.DISCONNECTED) {
            // One still due after its own tick goes behind every connection that has waited since
            // `now` (all keyed <= now), so a budget-limited tick cannot serve it again before them.
            long t = c.nextTimeout();
            deadlines.insertOrUpdate(c.heapNode, t <= now ? TimerTable.after(now, 1) : t);
        }
    }

    /**
     * {@return the earliest deadline of any connection, or {@link Long#MAX_VALUE}; O(1). After a
     * {@link #tick} that used up its budget this is at or before that tick's time: call again at once}
     */
    public long nextTimeout() {
        return deadlines.minKey();
    }

    /**
     * Server shutdown without leaving: every connection past the handshake (LinkUp, Online) sends
     * Goodbye and close_notify and goes to DISCONNECTED ({@link Connection#disconnect}); one still in
     * its handshake has no secure channel to say it on and is closed silently ({@link Connection#close}).
     * Either way its engine, buffers and tunnel address are released and it leaves the endpoint. Peers
     * that receive the Goodbye end with {@link ConnectionError#GOODBYE}. The endpoint stays open: a new
     * peer may still connect (use {@link #close} to refuse them).
     *
     * @param nowNanos host time
     * @return how many connections were closed
     */
    public int disconnectAll(long nowNanos) {
        lastNowNanos = nowNanos;
        // A copy: each close removes the connection from the maps.
        List<Connection> all = new ArrayList<>(bySession.values());
        for (Connection c : all) {
            ConnectionState s = c.state();
            try {
                if (s == ConnectionState.LINK_UP || s == ConnectionState.AUTHENTICATING
                        || s == ConnectionState.ONLINE) {
                    c.disconnect(nowNanos);
                }
            } catch (ConnectionException | RuntimeException e) {
                LOG.debug("goodbye to {} failed", c, e);
            } finally {
                c.close(); // no-op once disconnected; otherwise abandons it
            }
        }
        return all.size();
    }

    /**
     * Shuts the endpoint down: {@link #disconnectAll} at the latest host time handed in, then every
     * later datagram is released unread and counted ({@link #droppedAfterClose()}, and
     * {@link MetricsListener#badPacket} with {@link ConnectionError#DISCONNECTED}). Idempotent.
     */
    @Override
    public void close() {
        close(lastNowNanos);
    }

    /**
     * {@link #close()} at an explicit host time.
     *
     * @param nowNanos host time
     */
    public void close(long nowNanos) {
        if (closed) {
            return;
        }
        closed = true;
        disconnectAll(nowNanos);
    }

    /** {@return whether {@link #close} was called} */
    public boolean isClosed() {
        return closed;
    }

    /** {@return datagrams dropped because the endpoint was closed} */
    public long droppedAfterClose() {
        return droppedAfterClose;
    }

    /** {@return the live connections (unmodifiable view)} */
    public Collection<Connection> connections() {
        return Collections.unmodifiableCollection(bySession.values());
    }

    /** {@return the connections whose (D)TLS handshake is still in progress (they hold a handshake slot)} */
    public int handshakesInProgress() {
        return limits.inProgress();
    }

    /**
     * Counts refused peers.
     *
     * @param reason the cap
     * @return how many admitted ClientHellos this endpoint refused for {@code reason}
     */
    public long handshakesRefused(HandshakeRefusal reason) {
        return limits.refused(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Looks a connection up by session id.
     *
     * @param sessionId the id
     * @return the connection owning it, or {@code null}
     */
    public Connection connection(SessionId sessionId) {
        return bySession.get(sessionId.value());
    }

    /** Builds a {@link UdpServerEndpoint}. */
    public static final class Builder {
        private final ServerContext context;
        private DatagramSender sender;
        private InsideSender inside;
        private EventListener events = EventListener.NONE;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxHandshakes = DEFAULT_MAX_HANDSHAKES;
        private int maxHandshakesPerAddress = DEFAULT_MAX_HANDSHAKES_PER_ADDRESS;
        private int tickBudget = DEFAULT_TICK_BUDGET;

        private Builder(ServerContext context) {
            this.context = context;
        }

        /**
         * Caps the endpoint's connections (all states). A new peer beyond it is refused
         * ({@link HandshakeRefusal#TOO_MANY_CONNECTIONS}).
         *
         * @param max at least 1 (default {@value UdpServerEndpoint#DEFAULT_MAX_CONNECTIONS}, the size of a
         *     typical tunnel address pool)
         * @return this builder
         */
        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        /**
         * Caps the (D)TLS handshakes in progress: connections not yet LinkUp. Each holds an engine and,
         * with DTLS 1.2, a thread of the handshake executor, so this also bounds those threads. A new
         * peer beyond it is refused ({@link HandshakeRefusal#TOO_MANY_HANDSHAKES}).
         *
         * @param max at least 1 (default {@value UdpServerEndpoint#DEFAULT_MAX_HANDSHAKES}: far above
         *     the legitimate handshake rate times the handshake time, far below what exhausts a JVM's
         *     threads)
         * @return this builder
         */
        public Builder maxHandshakes(int max) {
            this.maxHandshakes = max;
            return this;
        }

        /**
         * Caps the handshakes in progress from one source IP address (any port), so one host cannot
         * take every slot of {@link #maxHandshakes}. A new peer beyond it is refused
         * ({@link HandshakeRefusal#TOO_MANY_HANDSHAKES_FROM_ADDRESS}).
         *
         * @param max at least 1 (default {@value UdpServerEndpoint#DEFAULT_MAX_HANDSHAKES_PER_ADDRESS}:
         *     room for a NAT with several clients reconnecting at once)
         * @return this builder
         */
        public Builder maxHandshakesPerAddress(int max) {
            this.maxHandshakesPerAddress = max;
            return this;
        }

        /**
         * Sets the datagram sender.
         *
         * @param sender writes datagrams to the server socket (required)
         * @return this builder
         */
        public Builder datagramSender(DatagramSender sender) {
            this.sender = sender;
            return this;
        }

        /**
         * Sets the inside sender shared by every connection.
         *
         * @param sender writes received inside packets to the TUN device (required)
         * @return this builder
         */
        public Builder insideSender(InsideSender sender) {
            this.inside = sender;
            return this;
        }

        /**
         * Sets the event listener shared by every connection.
         *
         * @param listener receives every connection's events (default none)
         * @return this builder
         */
        public Builder eventListener(EventListener listener) {
            this.events = listener;
            return this;
        }

        /**
         * Sets how many due connections one {@link UdpServerEndpoint#tick} call ticks at most; the rest
         * are ticked by the following calls, earliest deadline first.
         *
         * @param connectionsPerTick at least 1 (default {@value UdpServerEndpoint#DEFAULT_TICK_BUDGET})
         * @return this builder
         * @throws IllegalArgumentException if {@code connectionsPerTick < 1}
         */
        public Builder tickBudget(int connectionsPerTick) {
            if (connectionsPerTick < 1) {
                throw new IllegalArgumentException("tickBudget must be at least 1, got " + connectionsPerTick);
            }
            this.tickBudget = connectionsPerTick;
            return this;
        }

        /**
         * Validates and builds; also builds the endpoint's outside ingress plugin chain.
         *
         * @return the endpoint
         * @throws IllegalArgumentException naming a cap below 1
         * @throws IllegalStateException if an outside plugin factory fails
         */
        public UdpServerEndpoint build() {
            Objects.requireNonNull(sender, "datagramSender");
            Objects.requireNonNull(inside, "insideSender");
            Objects.requireNonNull(events, "eventListener");
            ContextBuilder.check(maxConnections >= 1, "maxConnections must be >= 1: " + maxConnections);
            ContextBuilder.check(maxHandshakes >= 1, "maxHandshakes must be >= 1: " + maxHandshakes);
            ContextBuilder.check(maxHandshakesPerAddress >= 1,
                    "maxHandshakesPerAddress must be >= 1: " + maxHandshakesPerAddress);
            return new UdpServerEndpoint(context, sender, inside, events,
                    new HandshakeLimiter(maxConnections, maxHandshakes, maxHandshakesPerAddress), tickBudget);
        }
    }
}
