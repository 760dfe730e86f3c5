package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * {@link UdpServerEndpoint}'s deadline heap: {@link UdpServerEndpoint#nextTimeout()} always equals the
 * minimum over its connections, also right after the host called a server-side connection directly.
 */
class EndpointTimersTest {

    private static final long SEC = 1_000_000_000L;

    private record Datagram(SocketAddress from, SocketAddress to, ByteBuf data) {
    }

    private static long bruteMin(UdpServerEndpoint endpoint) {
        long min = Long.MAX_VALUE;
        for (Connection c : endpoint.connections()) {
            min = Math.min(min, c.nextTimeout());
        }
        return min;
    }

    @Test
    void directCallsOnServerConnectionsMoveTheEndpointDeadline() throws Exception {
        TrackingAllocator alloc = new TrackingAllocator();
        ArrayDeque<Datagram> wire = new ArrayDeque<>();
        ServerContext sctx = ServerContext.builder().tlsEngineFactory(PlainTestEngine.factory(false)).allocator(alloc)
                .auth(Harness::testAuth).ipPool(new TestIpPool()).random(new SplittableRandom(11)::nextLong)
                .keepaliveInterval(Duration.ofSeconds(10)).build();
        SocketAddress serverAddr = new InetSocketAddress("127.0.0.1", 27691);
        UdpServerEndpoint endpoint = UdpServerEndpoint.builder(sctx)
                .datagramSender((d, to) -> wire.add(new Datagram(serverAddr, to, d)))
                .insideSender((c, p) -> p.release())
                .build();
        assertEquals(Long.MAX_VALUE, endpoint.nextTimeout());
        ClientContext cctx = ClientContext.builder().tlsEngineFactory(PlainTestEngine.factory(true)).allocator(alloc)
                .build();
        int n = 4;
        List<Connection> clients = new ArrayList<>();
        Map<SocketAddress, Connection> byAddr = new HashMap<>();
        long[] now = {0};
        Runnable pump = () -> {
            for (Datagram d; (d = wire.poll()) != null; ) {
                if (d.to().equals(serverAddr)) {
                    endpoint.datagramReceived(d.data(), d.from(), now[0]);
                } else {
                    byAddr.get(d.to()).outsideDataReceived(d.data(), now[0]);
                }
                assertEquals(bruteMin(endpoint), endpoint.nextTimeout());
            }
        };
        // Clients come online one second apart, so the server connections' deadlines differ.
        for (int i = 0; i < n; i++) {
            now[0] = i * SEC;
            SocketAddress addr = new InetSocketAddress("10.0.1." + (i + 1), 41000 + i);
            Connection c = cctx.newConnection(Transport.UDP, ConnectionExamplesTest.GOOD)
                    .outsideSender((conn, d) -> wire.add(new Datagram(addr, serverAddr, d)))
                    .insideSender((conn, p) -> p.release())
                    .connect(now[0]);
            clients.add(c);
            byAddr.put(addr, c);
            pump.run();
            assertEquals(ConnectionState.ONLINE, c.state());
        }
        assertEquals(n, endpoint.connections().size());
        List<Connection> servers = new ArrayList<>(endpoint.connections());
        servers.sort(Comparator.comparingLong(Connection::nextTimeout));
        for (int i = 0; i < n; i++) {
            assertTrue(servers.get(i).nextTimeout() < Long.MAX_VALUE);
        }
        assertTrue(servers.get(0).nextTimeout() < servers.get(1).nextTimeout(), "distinct deadlines");
        assertEquals(servers.get(0).nextTimeout(), endpoint.nextTimeout());

        // The host ticks the earliest server connection itself (not through the endpoint): its keepalive
        // fires and re-arms later, and the endpoint's deadline follows with no endpoint call in between.
        Connection first = servers.get(0);
        long firstDeadline = first.nextTimeout();
        now[0] = firstDeadline;
        first.tick(now[0]);
        assertTrue(first.nextTimeout() > firstDeadline, "keepalive re-armed");
        assertEquals(bruteMin(endpoint), endpoint.nextTimeout());
        assertEquals(servers.get(1).nextTimeout(), endpoint.nextTimeout());
        pump.run(); // the Ping and its Pong

        // The host disconnects the now-earliest server connection directly: it leaves the heap at once.
        Connection second = servers.get(1);
        second.disconnect(now[0]);
        assertEquals(ConnectionState.DISCONNECTED, second.state());
        assertEquals(n - 1, endpoint.connections().size());
        assertEquals(bruteMin(endpoint), endpoint.nextTimeout());
        assertEquals(servers.get(2).nextTimeout(), endpoint.nextTimeout());
        pump.run();

        // The endpoint's own tick walks time forward; the heap stays exact after every step.
        for (int step = 0; step < 40; step++) {
            long t = endpoint.nextTimeout();
            if (t == Long.MAX_VALUE) {
                break;
            }
            now[0] = t;
            endpoint.tick(now[0]);
            assertTrue(endpoint.nextTimeout() > now[0], "each due connection re-armed past now");
            assertEquals(bruteMin(endpoint), endpoint.nextTimeout());
            pump.run();
        }

        // close() directly on a server connection, then the rest.
        Connection third = servers.get(2);
        third.close();
        assertEquals(bruteMin(endpoint), endpoint.nextTimeout());
        for (Connection c : clients) {
            c.close();
        }
        for (Connection c : List.copyOf(endpoint.connections())) {
            c.close();
        }
        assertTrue(endpoint.connections().isEmpty());
        assertEquals(Long.MAX_VALUE, endpoint.nextTimeout());
        wire.forEach(d -> d.data().release());
        alloc.assertAllReleased();
    }
}
