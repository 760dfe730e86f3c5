package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;
import org.lightwayj.core.tls.DtlsVersion;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsEngines;
import org.lightwayj.core.tls.TlsServerConfig;
import org.lightwayj.core.wire.Header;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * Issue 16: half-open (D)TLS handshakes are bounded. Fake clients with real client engines complete the
 * cookie exchange (DTLS 1.2 HelloVerifyRequest, DTLS 1.3 HelloRetryRequest) against a real
 * {@link UdpServerEndpoint}, then go silent: the endpoint's caps hold, refusals are counted, and the
 * server's TLS handshake timeout (host time, through {@code tick}) frees the slots for new clients.
 */
class HandshakeCapsTest {

    static final long SEC = 1_000_000_000L;

    private TrackingAllocator alloc;
    /** The server's handshake executor; its pool size is the number of DTLS 1.2 threads it ever needed at once. */
    private ThreadPoolExecutor serverExec;
    private ExecutorService clientExec;
    private final AtomicInteger serverThreads = new AtomicInteger();
    private final Map<HandshakeRefusal, Long> refusedByMetrics = new EnumMap<>(HandshakeRefusal.class);
    private final Map<SocketAddress, ArrayDeque<ByteBuf>> toPeer = new HashMap<>();
    private final List<Connection> timedOut = new ArrayList<>();
    private UdpServerEndpoint endpoint;
    private TlsClientConfig clientConfig;
    private long now = 5 * SEC;
    private int maxConnectionsSeen;

    @BeforeEach
    void executors() {
        alloc = new TrackingAllocator();
        serverExec = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            serverThreads.incrementAndGet();
            Thread t = new Thread(r, "dtls-server-handshake");
            t.setDaemon(true);
            return t;
        });
        clientExec = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dtls-client-handshake");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void shutdown() throws InterruptedException {
        if (endpoint != null) {
            for (Connection c : new ArrayList<>(endpoint.connections())) {
                c.close();
            }
        }
        toPeer.values().forEach(q -> q.forEach(ByteBuf::release));
        serverExec.shutdown();
        clientExec.shutdown();
        assertTrue(serverExec.awaitTermination(10, TimeUnit.SECONDS), "a server handshake task outlived its engine");
        assertTrue(clientExec.awaitTermination(10, TimeUnit.SECONDS));
        alloc.assertAllReleased();
    }

    private void endpoint(DtlsVersion v, java.util.function.Consumer<UdpServerEndpoint.Builder> caps) throws Exception {
        TestCerts pki = TestCerts.main();
        TlsServerConfig sc = TlsServerConfig.builder().allocator(alloc).certificateChain(pki.chain(),
                pki.leafKey.getPrivate()).build();
        clientConfig = TlsClientConfig.builder().allocator(alloc).trustAnchors(pki.ca).serverName(TestCerts.NAME)
                .dtlsVersions(v).build();
        MetricsListener m = new MetricsListener() {
            @Override
            public void handshakeRefused(HandshakeRefusal reason) {
                refusedByMetrics.merge(reason, 1L, Long::sum);
            }
        };
        ServerContext ctx = ServerContext.builder().tls(sc, serverExec).allocator(alloc).auth(Harness::testAuth)
                .ipPool(new TestIpPool()).metrics(m).random(new SplittableRandom(16)::nextLong).build();
        UdpServerEndpoint.Builder b = UdpServerEndpoint.builder(ctx)
                .datagramSender((d, to) -> toPeer.computeIfAbsent(to, k -> new ArrayDeque<>()).add(d))
                .insideSender((c, p) -> p.release())
                .eventListener((c, e) -> {
                    if (e instanceof ConnectionEvent.Closed cl && cl.cause().error() == ConnectionError.TIMED_OUT) {
                        timedOut.add(c);
                    }
                });
        caps.accept(b);
        endpoint = b.build();
    }

    private void toServer(TlsEngine e, SocketAddress from) {
        for (ByteBuf d; (d = e.pollOutbound()) != null; ) {
            endpoint.datagramReceived(Header.prepend(d, Version.MAXIMUM, SessionId.EMPTY.value(), alloc),
                    from, now);
            maxConnectionsSeen = Math.max(maxConnectionsSeen, endpoint.connections().size());
        }
    }

    private void dropReplies(SocketAddress to) {
        ArrayDeque<ByteBuf> q = toPeer.remove(to);
        if (q != null) {
            q.forEach(ByteBuf::release);
        }
    }

    /**
     * One silent client: ClientHello, the cookie reply, ClientHello with the cookie, then nothing (its
     * engine is closed, the server's flight is dropped).
     *
     * @return whether the endpoint made a connection for it
     */
    private boolean knock(DtlsVersion v, SocketAddress from) {
        TlsEngine e = v == DtlsVersion.DTLS_1_2 ? TlsEngines.dtls12Client(clientConfig, clientExec, now)
                : TlsEngines.dtls13Client(clientConfig, now);
        try {
            toServer(e, from);
            ArrayDeque<ByteBuf> q = toPeer.remove(from);
            assertEquals(1, q == null ? 0 : q.size(), "one cookie reply to " + from);
            ByteBuf cookie = q.poll();
            cookie.skipBytes(Header.SIZE);
            try {
                e.receive(cookie, now);
            } finally {
                cookie.release();
            }
            toServer(e, from);
            dropReplies(from); // the server's flight: the client is gone
            return endpoint.connections().stream().anyMatch(c -> c.peerAddress().equals(from));
        } finally {
            e.close();
        }
    }

    private static SocketAddress addr(int host, int port) {
        return new InetSocketAddress("10.0." + (host >> 8) + "." + (host & 0xFF), port);
    }

    private long refused(HandshakeRefusal r) {
        long n = endpoint.handshakesRefused(r);
        assertEquals(n, refusedByMetrics.getOrDefault(r, 0L), "metrics and endpoint agree on " + r);
        return n;
    }

    /** Ticks the endpoint as a host would, at every deadline up to {@code until}. */
    private void runUntil(long until) {
        while (endpoint.nextTimeout() <= until) {
            now = Math.max(now, endpoint.nextTimeout());
            endpoint.tick(now);
            new ArrayList<>(toPeer.keySet()).forEach(this::dropReplies); // retransmissions to silent peers
        }
        now = until;
    }

    @ParameterizedTest
    @EnumSource(value = DtlsVersion.class)
    void silentClientsAreCappedAndTimedOutThenANewClientGetsIn(DtlsVersion v) throws Exception {
        int maxHs = 16;
        int perAddr = 4;
        endpoint(v, b -> b.maxHandshakes(maxHs).maxHandshakesPerAddress(perAddr));
        long start = now;
        // One host with many ports: only perAddr of its handshakes are admitted.
        int admitted = 0;
        for (int port = 0; port < 10; port++) {
            admitted += knock(v, addr(1, 50000 + port)) ? 1 : 0;
        }
        assertEquals(perAddr, admitted, "per-address cap");
        assertEquals(10 - perAddr, refused(HandshakeRefusal.TOO_MANY_HANDSHAKES_FROM_ADDRESS));
        // Another address still gets in while the first is at its cap.
        assertTrue(knock(v, addr(2, 50000)), "another address is admitted");
        // Many hosts: the endpoint-wide cap.
        for (int host = 3; host < 103; host++) {
            knock(v, addr(host, 50000));
        }
        assertEquals(maxHs, endpoint.connections().size());
        assertEquals(maxHs, endpoint.handshakesInProgress());
        assertEquals(maxHs, maxConnectionsSeen, "never above the cap");
        assertEquals(101 - (maxHs - perAddr), refused(HandshakeRefusal.TOO_MANY_HANDSHAKES));
        assertEquals(0, refused(HandshakeRefusal.TOO_MANY_CONNECTIONS));
        if (v == DtlsVersion.DTLS_1_2) {
            assertTrue(serverExec.getLargestPoolSize() <= maxHs,
                    "server handshake threads bounded by the cap: " + serverExec.getLargestPoolSize());
        } else {
            assertEquals(0, serverThreads.get(), "DTLS 1.3 uses no thread");
        }
        // While the slots are taken, a retransmitted ClientHello is refused again (nothing created).
        assertFalse(knock(v, addr(500, 50000)));

        // The TLS handshake timeout (10 s by default), well before the 30 s until-Online timeout.
        runUntil(start + 9 * SEC);
        assertEquals(maxHs, endpoint.connections().size(), "not before 10 s");
        runUntil(start + 10 * SEC + SEC / 2);
        assertEquals(0, endpoint.connections().size(), "every half-open handshake closed");
        assertEquals(0, endpoint.handshakesInProgress(), "slots freed");
        assertEquals(maxHs, timedOut.size());
        for (Connection c : timedOut) {
            assertEquals(ConnectionState.DISCONNECTED, c.state());
        }
        // The engines were released: their handshake threads finish (BC's parked tasks end on close).
        long deadline = System.nanoTime() + 10 * SEC;
        while (serverExec.getActiveCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, serverExec.getActiveCount(), "no handshake thread still parked");

        // A new client from the first (previously capped) address is admitted and goes Online.
        Connection client = connectRealClient(addr(1, 60000));
        assertEquals(ConnectionState.ONLINE, client.state());
        assertEquals(0, endpoint.handshakesInProgress(), "its slot was freed at LinkUp");
        client.close();
    }

    /**
     * The scenario at the default caps: 400 silent DTLS 1.2 clients, here from 4 addresses (100
     * ports each). Before the caps: 400 connections and 400 parked server threads for 30 s.
     */
    @Test
    void fourHundredSilentDtls12ClientsAtTheDefaultCaps() throws Exception {
        endpoint(DtlsVersion.DTLS_1_2, b -> { });
        long start = now;
        long t = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            knock(DtlsVersion.DTLS_1_2, addr(1 + i % 4, 50000 + i / 4));
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        int cap = 4 * UdpServerEndpoint.DEFAULT_MAX_HANDSHAKES_PER_ADDRESS;
        assertEquals(cap, maxConnectionsSeen);
        assertEquals(400 - cap, refused(HandshakeRefusal.TOO_MANY_HANDSHAKES_FROM_ADDRESS));
        int threads = serverExec.getLargestPoolSize();
        assertTrue(threads <= cap, "server threads " + threads);
        runUntil(start + 10 * SEC + SEC / 2);
        assertEquals(0, endpoint.connections().size());
        System.out.printf("400 silent DTLS 1.2 clients from 4 addresses: max connections %d, server handshake"
                + " threads %d, refused %d, all freed at +10 s (host time); %d ms wall%n", maxConnectionsSeen, threads,
                refused(HandshakeRefusal.TOO_MANY_HANDSHAKES_FROM_ADDRESS), ms);
    }

    @Test
    void connectionCapCountsAllConnections() throws Exception {
        endpoint(DtlsVersion.DTLS_1_3, b -> b.maxConnections(3));
        for (int host = 1; host <= 5; host++) {
            knock(DtlsVersion.DTLS_1_3, addr(host, 50000));
        }
        assertEquals(3, endpoint.connections().size());
        assertEquals(2, refused(HandshakeRefusal.TOO_MANY_CONNECTIONS));
        runUntil(now + 11 * SEC);
        assertEquals(0, endpoint.connections().size());
        assertTrue(knock(DtlsVersion.DTLS_1_3, addr(9, 50000)), "room again");
    }

    /** A real client {@link Connection} through the endpoint, lossless, pumped until both sides settle. */
    private Connection connectRealClient(SocketAddress from) throws Exception {
        dropReplies(from);
        ArrayDeque<ByteBuf> toServer = new ArrayDeque<>();
        ClientContext cctx = ClientContext.builder().tls(clientConfig, clientExec).allocator(alloc).build();
        Connection c = cctx.newConnection(Transport.UDP, ConnectionExamplesTest.GOOD)
                .outsideSender((conn, d) -> toServer.add(d))
                .insideSender((conn, p) -> p.release())
                .connect(now);
        for (int round = 0; round < 100 && c.state() != ConnectionState.ONLINE; round++) {
            for (ByteBuf d; (d = toServer.poll()) != null; ) {
                endpoint.datagramReceived(d, from, now);
            }
            ArrayDeque<ByteBuf> back = toPeer.remove(from);
            if (back != null) {
                for (ByteBuf d; (d = back.poll()) != null; ) {
                    c.outsideDataReceived(d, now);
                }
            }
            if (toServer.isEmpty() && (back == null)) {
                now += 10_000_000L;
                c.tick(now);
                endpoint.tick(now);
            }
        }
        toServer.forEach(ByteBuf::release);
        return c;
    }

    @Test
    void authKeepsItsOwnLongerTimeout() throws Exception {
        // The TLS part completes, AuthRequest never arrives: the 10 s TLS timeout no longer applies, the
        // 30 s until-Online timeout does.
        try (Harness h = new Harness(Transport.UDP, 1601)) {
            h.c2s.loss(1.0);
            h.c2s.lossKinds = k -> k == org.lightwayj.core.wire.FrameKind.AUTH_REQUEST.id();
            // The client's own until-Online timeout is longer, so its Goodbye does not end the server first.
            h.start(ConnectionExamplesTest.GOOD, c -> c.handshakeTimeout(Duration.ofSeconds(60)), s -> { }, null);
            long t0 = h.now;
            assertTrue(h.runUntil(() -> h.server() != null && h.server().state() == ConnectionState.LINK_UP, SEC));
            Connection s = h.server();
            assertEquals(0, h.endpoint.handshakesInProgress(), "LinkUp frees the handshake slot");
            h.runFor(t0 + 20 * SEC - h.now);
            assertEquals(ConnectionState.LINK_UP, s.state(), "past the TLS handshake timeout, still authenticating");
            h.runFor(11 * SEC);
            assertEquals(ConnectionState.DISCONNECTED, s.state());
            assertEquals(ConnectionError.TIMED_OUT, s.closeReason().error());
            assertTrue(s.closeReason().getMessage().contains("Online"), s.closeReason().getMessage());
        }
    }

    /** A server engine whose handshake never completes and never sends anything. */
    static final class StuckEngine extends TestEngines.Null {
        boolean closed;

        @Override public org.lightwayj.core.tls.TlsState state() {
            return closed ? org.lightwayj.core.tls.TlsState.CLOSED : org.lightwayj.core.tls.TlsState.HANDSHAKING;
        }
        @Override public void close(long nowNanos) { closed = true; }
        @Override public void close() { closed = true; }
    }

    @Test
    void tlsHandshakeTimeoutClosesAConnectionStuckBeforeLinkUp() throws Exception {
        List<StuckEngine> engines = new ArrayList<>();
        TlsEngineFactory stuck = (t, a, n) -> {
            StuckEngine e = new StuckEngine();
            engines.add(e);
            return e;
        };
        ServerContext ctx = ServerContext.builder().tlsEngineFactory(stuck).auth(Harness::testAuth)
                .ipPool(new TestIpPool()).allocator(alloc).tlsHandshakeTimeout(Duration.ofSeconds(3)).build();
        endpoint = UdpServerEndpoint.builder(ctx).datagramSender((d, to) -> {
            d.release();
            return true;
        }).insideSender((c, p) -> p.release()).build();
        ByteBuf hello = alloc.buffer();
        hello.writeByte('H').writeByte('e').writeByte(1).writeByte(2).writeInt(0).writeLong(SessionId.EMPTY.value())
                .writeByte(1);
        Connection s = endpoint.datagramReceived(hello, addr(1, 1), now);
        long t0 = now;
        assertEquals(1, endpoint.handshakesInProgress());
        assertEquals(t0 + 3 * SEC, endpoint.nextTimeout(), "the TLS handshake timeout is the deadline");
        runUntil(t0 + 3 * SEC - 1);
        assertEquals(ConnectionState.CONNECTING, s.state());
        runUntil(t0 + 3 * SEC);
        assertEquals(ConnectionState.DISCONNECTED, s.state());
        assertEquals(ConnectionError.TIMED_OUT, s.closeReason().error());
        assertTrue(s.closeReason().getMessage().contains("TLS handshake timeout"), s.closeReason().getMessage());
        assertEquals(0, endpoint.handshakesInProgress());
        assertTrue(endpoint.connections().isEmpty(), "the endpoint forgot it");
        assertEquals(1, engines.size());
        assertTrue(engines.get(0).closed, "its engine was released");
    }

    @Test
    void capsAndTimeoutAreValidated() throws Exception {
        ServerContext ctx = ServerContext.builder().tlsEngineFactory(PlainTestEngine.factory(false))
                .auth(Harness::testAuth).ipPool(new TestIpPool()).build();
        for (java.util.function.Consumer<UdpServerEndpoint.Builder> bad : List.<java.util.function.Consumer<UdpServerEndpoint.Builder>>of(
                b -> b.maxHandshakes(0), b -> b.maxHandshakesPerAddress(0), b -> b.maxConnections(-1))) {
            UdpServerEndpoint.Builder b = UdpServerEndpoint.builder(ctx).datagramSender((d, to) -> false)
                    .insideSender((c, p) -> p.release());
            bad.accept(b);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
            assertTrue(e.getMessage().startsWith("max"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerContext.builder().tlsEngineFactory(PlainTestEngine.factory(false)).auth(Harness::testAuth)
                        .ipPool(new TestIpPool()).tlsHandshakeTimeout(Duration.ZERO).build());
        assertTrue(e.getMessage().contains("tlsHandshakeTimeout"), e.getMessage());
    }
}
