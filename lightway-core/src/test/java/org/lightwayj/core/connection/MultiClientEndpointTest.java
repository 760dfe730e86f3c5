package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.testkit.TrackingAllocator;

/** One {@link UdpServerEndpoint} serving several clients: each gets its own connection and session id. */
class MultiClientEndpointTest {

    private record Datagram(SocketAddress from, SocketAddress to, ByteBuf data) {
    }

    @Test
    void severalClientsAreDemultiplexedBySessionAndAddress() throws Exception {
        TrackingAllocator alloc = new TrackingAllocator();
        ArrayDeque<Datagram> wire = new ArrayDeque<>();
        Map<Connection, List<Long>> serverGot = new HashMap<>();
        TestIpPool pool = new TestIpPool();
        ServerContext sctx = ServerContext.builder().tlsEngineFactory(PlainTestEngine.factory(false)).allocator(alloc)
                .auth(Harness::testAuth).ipPool(pool).random(new SplittableRandom(7)::nextLong).build();
        SocketAddress serverAddr = new InetSocketAddress("127.0.0.1", 27690);
        UdpServerEndpoint endpoint = UdpServerEndpoint.builder(sctx)
                .datagramSender((d, to) -> wire.add(new Datagram(serverAddr, to, d)))
                .insideSender((c, p) -> {
                    serverGot.computeIfAbsent(c, k -> new ArrayList<>()).add(p.getLong(p.readerIndex() + 4));
                    p.release();
                })
                .build();
        ClientContext cctx = ClientContext.builder().tlsEngineFactory(PlainTestEngine.factory(true)).allocator(alloc)
                .build();
        int n = 5;
        List<Connection> clients = new ArrayList<>();
        Map<SocketAddress, Connection> byAddr = new HashMap<>();
        for (int i = 0; i < n; i++) {
            SocketAddress addr = new InetSocketAddress("10.0.0." + (i + 1), 40000 + i);
            Connection c = cctx.newConnection(Transport.UDP, ConnectionExamplesTest.GOOD)
                    .outsideSender((conn, d) -> wire.add(new Datagram(addr, serverAddr, d)))
                    .insideSender((conn, p) -> p.release())
                    .connect(0);
            clients.add(c);
            byAddr.put(addr, c);
        }
        Runnable pump = () -> {
            for (Datagram d; (d = wire.poll()) != null; ) {
                if (d.to().equals(serverAddr)) {
                    endpoint.datagramReceived(d.data(), d.from(), 1);
                } else {
                    byAddr.get(d.to()).outsideDataReceived(d.data(), 1);
                }
            }
        };
        pump.run();
        for (Connection c : clients) {
            assertEquals(ConnectionState.ONLINE, c.state());
        }
        assertEquals(n, endpoint.connections().size());
        HashSet<Long> sessions = new HashSet<>();
        for (Connection c : clients) {
            assertNotEquals(0L, c.sessionId().value());
            assertTrue(sessions.add(c.sessionId().value()), "distinct session ids");
        }
        ByteBuf packet = alloc.buffer(64);
        for (int i = 0; i < n; i++) {
            packet.clear().writeByte(0x45).writeZero(3).writeLong(i).writeZero(52);
            clients.get(i).insidePacketReceived(packet.retainedDuplicate(), 1);
        }
        pump.run();
        for (int i = 0; i < n; i++) {
            Connection server = endpoint.connection(clients.get(i).sessionId());
            assertEquals(List.of((long) i), serverGot.get(server), "packet of client " + i);
        }
        clients.get(2).disconnect(1);
        pump.run();
        assertEquals(n - 1, endpoint.connections().size());
        assertEquals(1, pool.freed);
        packet.clear().writeByte(0x45).writeZero(3).writeLong(99).writeZero(52);
        clients.get(3).insidePacketReceived(packet, 1);
        pump.run();
        assertEquals(List.of(3L, 99L), serverGot.get(endpoint.connection(clients.get(3).sessionId())));
        for (Connection c : clients) {
            c.close();
        }
        for (Connection c : List.copyOf(endpoint.connections())) {
            c.close();
        }
        assertTrue(endpoint.connections().isEmpty());
        alloc.assertAllReleased();
    }
}
