package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * Two endpoints in memory: a client {@link Connection} and a server ({@link UdpServerEndpoint} on UDP, a
 * TCP server {@link Connection} on TCP) joined by a simulated link with a virtual clock. The link can
 * drop, duplicate, reorder and delay datagrams, driven by a seed; on TCP it keeps order and splits
 * chunks at random points instead. Everything is deterministic for a given seed.
 */
final class Harness implements AutoCloseable {

    static final SocketAddress CLIENT_ADDR = new InetSocketAddress("127.0.0.1", 40000);
    static final SocketAddress SERVER_ADDR = new InetSocketAddress("127.0.0.1", 27690);
    static final long MS = 1_000_000L;

    /** Link behaviour for one direction. */
    static final class Link {
        double loss;
        double duplicate;
        double reorder;
        long delay = 10 * MS;
        long jitter = 20 * MS;
        boolean blackHole;
        /** Datagrams longer than this are dropped (a path MTU); UDP only. */
        int maxDatagram = Integer.MAX_VALUE;
        long tooBig;

        Link maxDatagram(int n) {
            maxDatagram = n;
            return this;
        }
        /** Which frame kinds (UDP, first frame of the record; -1 = not a record) {@link #loss} applies to. */
        java.util.function.IntPredicate lossKinds = k -> true;

        Link loss(double p) {
            loss = p;
            return this;
        }

        Link duplicate(double p) {
            duplicate = p;
            return this;
        }

        Link reorder(double p) {
            reorder = p;
            return this;
        }

        Link blackHole(boolean b) {
            blackHole = b;
            return this;
        }
    }

    /** What one side observed. */
    static final class Side {
        final List<ConnectionEvent> events = new ArrayList<>();
        final List<ConnectionState> states = new ArrayList<>();
        final List<byte[]> inside = new ArrayList<>();
        final List<InsideIpConfig> ipConfigs = new ArrayList<>();
        int keepaliveReplies;
        int sessionRejected;
        int deliveredWhileNotOnline;

        void onEvent(ConnectionEvent e) {
            events.add(e);
            if (e instanceof ConnectionEvent.StateChanged s) {
                states.add(s.state());
            } else if (e instanceof ConnectionEvent.KeepaliveReply) {
                keepaliveReplies++;
            } else if (e instanceof ConnectionEvent.SessionRejected) {
                sessionRejected++;
            }
        }

        void onInside(Connection c, ByteBuf b) {
            if (c.state() != ConnectionState.ONLINE) {
                deliveredWhileNotOnline++;
            }
            try {
                byte[] a = new byte[b.readableBytes()];
                b.getBytes(b.readerIndex(), a);
                inside.add(a);
            } finally {
                b.release();
            }
        }
    }

    private record InFlight(long at, long seq, boolean toServer, ByteBuf data, SocketAddress from) {
        InFlight(long at, long seq, boolean toServer, ByteBuf data) {
            this(at, seq, toServer, data, null);
        }
    }

    final Transport transport;
    final SplittableRandom rnd;
    final Link c2s = new Link();
    final Link s2c = new Link();
    final Side clientSide = new Side();
    final Side serverSide = new Side();
    final CountingMetrics clientMetrics = new CountingMetrics();
    final CountingMetrics serverMetrics = new CountingMetrics();
    final TestIpPool pool = new TestIpPool();
    final TrackingAllocator alloc = new TrackingAllocator();
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long seq;
    private long lastTcpC2s;
    private long lastTcpS2c;
    long now = 1_000_000_000L;
    /** The client's current outside address (change it to roam); the server's replies must go there. */
    SocketAddress clientAddr = CLIENT_ADDR;
    /** Server datagrams addressed elsewhere than {@link #clientAddr} (lost after a roam). */
    long misaddressed;
    long datagramsC2s;
    long datagramsS2c;
    /** Raw captures of every datagram/chunk each way (before loss), when enabled. */
    boolean capture;
    final List<byte[]> capturedC2s = new ArrayList<>();

    Connection client;
    Connection tcpServer;
    UdpServerEndpoint endpoint;
    ServerContext serverContext;
    ClientContext clientContext;

    Harness(Transport transport, long seed) {
        this.transport = transport;
        this.rnd = new SplittableRandom(seed);
    }

    /** Builds both contexts with test engines and connects the client (nothing is delivered yet). */
    Harness start(AuthMethod auth) throws ConnectionException {
        return start(auth, b -> { }, b -> { }, null);
    }

    Harness start(AuthMethod auth, Consumer<ClientContext.Builder> clientCfg, Consumer<ServerContext.Builder> serverCfg,
            TlsException.Reason serverFailure) throws ConnectionException {
        ClientContext.Builder cb = ClientContext.builder()
                .tlsEngineFactory(PlainTestEngine.factory(true))
                .metrics(clientMetrics)
                .allocator(alloc);
        clientCfg.accept(cb);
        clientContext = cb.build();
        ServerContext.Builder sb = ServerContext.builder()
                .tlsEngineFactory(PlainTestEngine.factory(false, serverFailure))
                .auth(Harness::testAuth)
                .ipPool(pool)
                .metrics(serverMetrics)
                .allocator(alloc)
                .random(new SplittableRandom(rnd.nextLong())::nextLong);
        serverCfg.accept(sb);
        serverContext = sb.build();
        if (transport == Transport.UDP) {
            endpoint = UdpServerEndpoint.builder(serverContext)
                    .datagramSender((d, to) -> {
                        if (!to.equals(clientAddr)) {
                            if (capture) {
                                byte[] a = new byte[d.readableBytes()];
                                d.getBytes(d.readerIndex(), a);
                                capturedS2c.add(a);
                            }
                            misaddressed++;
                            d.release();
                            return true;
                        }
                        return send(false, d);
                    })
                    .insideSender((c, p) -> serverSide.onInside(c, p))
                    .eventListener((c, e) -> serverSide.onEvent(e))
                    .build();
        } else {
            tcpServer = serverContext.newTcpConnection()
                    .outsideSender((c, d) -> send(false, d))
                    .insideSender((c, p) -> serverSide.onInside(c, p))
                    .eventListener((c, e) -> serverSide.onEvent(e))
                    .accept(now);
        }
        client = clientContext.newConnection(transport, auth)
                .outsideSender((c, d) -> send(true, d))
                .insideSender((c, p) -> clientSide.onInside(c, p))
                .eventListener((c, e) -> clientSide.onEvent(e))
                .ipConfigHandler((c, cfg) -> clientSide.ipConfigs.add(cfg))
                .connect(now);
        return this;
    }

    static AuthResult testAuth(Connection c, AuthMethod m) {
        if (m instanceof AuthMethod.UserPass up && up.user().equals("me") && up.password().equals("secret")) {
            return AuthResult.granted();
        }
        if (m instanceof AuthMethod.Token t && t.token().equals("token")) {
            return AuthResult.granted();
        }
        return AuthResult.denied();
    }

    /** The server-side connection (UDP: the endpoint's only one), or {@code null}. */
    Connection server() {
        if (tcpServer != null) {
            return tcpServer;
        }
        return endpoint.connections().isEmpty() ? null : endpoint.connections().iterator().next();
    }

    /** When set, the client's outside sender reports "would block" and keeps nothing. */
    boolean clientBlocked;
    /** Datagrams/chunks the server sent, captured (before loss) when {@link #capture} is set. */
    final List<byte[]> capturedS2c = new ArrayList<>();

    /** The link takes ownership of {@code d} unless the client is blocked. */
    boolean send(boolean toServer, ByteBuf d) {
        if (toServer && clientBlocked) {
            return false;
        }
        if (!toServer && capture) {
            byte[] a = new byte[d.readableBytes()];
            d.getBytes(d.readerIndex(), a);
            capturedS2c.add(a);
        }
        if (toServer) {
            datagramsC2s++;
            if (capture) {
                byte[] a = new byte[d.readableBytes()];
                d.getBytes(d.readerIndex(), a);
                capturedC2s.add(a);
            }
        } else {
            datagramsS2c++;
        }
        Link l = toServer ? c2s : s2c;
        if (transport == Transport.UDP && d.readableBytes() > l.maxDatagram) {
            l.tooBig++;
            d.release();
            return true;
        }
        if (l.blackHole) {
            d.release();
            return true;
        }
        if (transport == Transport.TCP) {
            // In order; split the chunk in two at a random point to exercise partial frames.
            long at = Math.max(now + l.delay, toServer ? lastTcpC2s : lastTcpS2c);
            if (toServer) {
                lastTcpC2s = at;
            } else {
                lastTcpS2c = at;
            }
            int n = d.readableBytes();
            if (n > 1 && rnd.nextInt(3) == 0) {
                int cut = 1 + rnd.nextInt(n - 1);
                queue.add(new InFlight(at, seq++, toServer, d.retainedSlice(d.readerIndex(), cut)));
                queue.add(new InFlight(at, seq++, toServer, d.retainedSlice(d.readerIndex() + cut, n - cut)));
                d.release();
            } else {
                queue.add(new InFlight(at, seq++, toServer, d));
            }
            return true;
        }
        // The draw happens for every datagram, so a kind filter leaves the seeded sequence unchanged.
        if (rnd.nextDouble() < l.loss && l.lossKinds.test(frameKind(d))) {
            d.release();
            return true;
        }
        long at = now + l.delay + (rnd.nextDouble() < l.reorder ? rnd.nextLong(l.jitter + 1) : 0);
        if (rnd.nextDouble() < l.duplicate) {
            queue.add(new InFlight(at + rnd.nextLong(l.jitter + 1), seq++, toServer, d.retainedDuplicate(), toServer ? clientAddr : null));
        }
        queue.add(new InFlight(at, seq++, toServer, d, toServer ? clientAddr : null));
        return true;
    }

    /** UDP: the kind of the first frame of a test-engine record datagram, or -1. */
    static int frameKind(ByteBuf d) {
        int ri = d.readerIndex();
        if (d.readableBytes() > 25 && d.getByte(ri + 16) == PlainTestEngine.RECORD) {
            return d.getUnsignedByte(ri + 25);
        }
        return -1;
    }

    /** Injects raw bytes as if they came from the client (UDP: to the endpoint; TCP: to the server). */
    void injectToServer(ByteBuf d) {
        if (endpoint != null) {
            endpoint.datagramReceived(d, clientAddr, now);
        } else {
            tcpServer.outsideDataReceived(d, now);
        }
    }

    /**
     * An authenticated datagram (UDP: header + test-engine record) or stream record (TCP) carrying
     * {@code frames}, addressed to {@code target}'s side.
     */
    ByteBuf authenticated(Connection target, byte[] frames) {
        ByteBuf b = alloc.buffer();
        long seq = (1L << 40) + rnd.nextLong(1L << 40);
        if (transport == Transport.UDP) {
            b.writeByte('H').writeByte('e').writeByte(target.version().major()).writeByte(target.version().minor())
                    .writeInt(0).writeLong(target.sessionId().value());
            PlainTestEngine.writeRecord(b, seq, frames);
        } else {
            PlainTestEngine.writeStreamRecord(b, seq, frames);
        }
        return b;
    }

    /** Delivers {@code frames} to {@code target} as if its peer had sent them, authenticated. */
    void inject(Connection target, byte[] frames) {
        ByteBuf b = authenticated(target, frames);
        if (target.isClient()) {
            target.outsideDataReceived(b, now);
        } else {
            injectToServer(b);
        }
    }

    long nextEvent() {
        long t = Long.MAX_VALUE;
        if (!queue.isEmpty()) {
            t = queue.peek().at;
        }
        t = Math.min(t, client.nextTimeout());
        t = Math.min(t, endpoint != null ? endpoint.nextTimeout() : tcpServer.nextTimeout());
        return t;
    }

    /** Advances to the next event (delivery or timer) no later than {@code limit}; false when idle. */
    boolean step(long limit) {
        long t = nextEvent();
        if (t == Long.MAX_VALUE || t > limit) {
            now = Math.max(now, limit == Long.MAX_VALUE ? now : limit);
            return false;
        }
        now = Math.max(now, t);
        while (!queue.isEmpty() && queue.peek().at <= now) {
            InFlight f = queue.poll();
            if (f.toServer) {
                if (endpoint != null) {
                    endpoint.datagramReceived(f.data, f.from != null ? f.from : clientAddr, now);
                } else {
                    tcpServer.outsideDataReceived(f.data, now);
                }
            } else {
                client.outsideDataReceived(f.data, now);
            }
        }
        if (client.nextTimeout() <= now) {
            client.tick(now);
        }
        if (endpoint != null) {
            endpoint.tick(now);
        } else if (tcpServer.nextTimeout() <= now) {
            tcpServer.tick(now);
        }
        return true;
    }

    /** Runs until {@code done} holds or {@code maxNanos} of virtual time pass; returns {@code done}. */
    boolean runUntil(BooleanSupplier done, long maxNanos) {
        long limit = now + maxNanos;
        while (!done.getAsBoolean()) {
            if (!step(limit) && now >= limit) {
                return done.getAsBoolean();
            }
            if (now >= limit && nextEvent() > limit) {
                return done.getAsBoolean();
            }
        }
        return true;
    }

    /** Runs for {@code nanos} of virtual time. */
    void runFor(long nanos) {
        long limit = now + nanos;
        while (step(limit)) {
            // keep going
        }
        now = limit;
    }

    boolean bothOnline() {
        Connection s = server();
        return client.state() == ConnectionState.ONLINE && s != null && s.state() == ConnectionState.ONLINE;
    }

    /** Connects and runs until both sides are Online (or fails the calling test). */
    Harness online() {
        if (!runUntil(this::bothOnline, Duration.ofSeconds(30).toNanos())) {
            throw new AssertionError("not online: client " + client + " server " + server() + ", cause "
                    + client.closeReason());
        }
        return this;
    }

    /** An IPv4-looking inside packet whose bytes 4..11 carry {@code id}. */
    ByteBuf packet(long id, int len) {
        ByteBuf b = alloc.buffer(len);
        b.writeByte(0x45).writeByte(0).writeShort(len).writeLong(id);
        while (b.readableBytes() < len) {
            b.writeByte((int) (id + b.readableBytes()));
        }
        return b;
    }

    static long packetId(byte[] p) {
        long v = 0;
        for (int i = 4; i < 12; i++) {
            v = (v << 8) | (p[i] & 0xFF);
        }
        return v;
    }

    @Override
    public void close() {
        while (!queue.isEmpty()) {
            queue.poll().data.release();
        }
        if (client != null) {
            client.close();
        }
        if (tcpServer != null) {
            tcpServer.close();
        }
        if (endpoint != null) {
            for (Connection c : new ArrayList<>(endpoint.connections())) {
                c.close();
            }
        }
        alloc.assertAllReleased();
    }
}
