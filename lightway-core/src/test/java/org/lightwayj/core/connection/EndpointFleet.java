package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * One {@link UdpServerEndpoint} and many in-process UDP clients on the test engine, joined by a lossless
 * in-memory wire with no delay. With {@link #deliverToClients} off, the server's datagrams are only
 * recorded (by destination) and released: the tick-budget tests count keepalive Pings that way.
 */
final class EndpointFleet implements AutoCloseable {

    private record Datagram(SocketAddress from, SocketAddress to, ByteBuf data) {
    }

    static final SocketAddress SERVER = new InetSocketAddress("127.0.0.1", 27692);

    final TrackingAllocator alloc = new TrackingAllocator();
    final CountingMetrics serverMetrics = new CountingMetrics();
    /** Addresses handed out and not yet freed. */
    final Map<Connection, InsideIpConfig> leased = new HashMap<>();
    int freed;
    private int nextHost = 2;
    /** A pool big enough for any fleet; checks that each address is freed once. */
    final ServerIpPool pool = new ServerIpPool() {
        @Override
        public InsideIpConfig allocate(Connection c) {
            int h = nextHost++;
            InsideIpConfig cfg = new InsideIpConfig("10.126." + (h >> 8 & 0xFF) + "." + (h & 0xFF), "10.126.0.1",
                    "10.126.0.1", 1350);
            if (leased.put(c, cfg) != null) {
                throw new AssertionError("allocated twice for " + c);
            }
            return cfg;
        }

        @Override
        public void free(Connection c, InsideIpConfig cfg) {
            if (!cfg.equals(leased.remove(c))) {
                throw new AssertionError("freed an address not leased to " + c);
            }
            freed++;
        }
    };
    final UdpServerEndpoint endpoint;
    final ClientContext clientContext;
    final List<Connection> clients = new ArrayList<>();
    final Map<SocketAddress, Connection> byAddress = new HashMap<>();
    /** Every event each client saw, in order. */
    final Map<Connection, List<ConnectionEvent>> clientEvents = new HashMap<>();
    /** Destinations of server datagrams while {@link #deliverToClients} is off. */
    final List<SocketAddress> serverSentTo = new ArrayList<>();
    boolean deliverToClients = true;
    private final ArrayDeque<Datagram> wire = new ArrayDeque<>();

    EndpointFleet(Consumer<ServerContext.Builder> serverCfg, Consumer<UdpServerEndpoint.Builder> endpointCfg) {
        ServerContext.Builder sb = ServerContext.builder().tlsEngineFactory(PlainTestEngine.factory(false))
                .allocator(alloc).auth(Harness::testAuth).ipPool(pool).metrics(serverMetrics)
                .random(new SplittableRandom(5)::nextLong);
        serverCfg.accept(sb);
        UdpServerEndpoint.Builder eb = UdpServerEndpoint.builder(sb.build())
                .datagramSender((d, to) -> {
                    if (deliverToClients) {
                        wire.add(new Datagram(SERVER, to, d));
                    } else {
                        serverSentTo.add(to);
                        d.release();
                    }
                    return true;
                })
                .insideSender((c, p) -> p.release());
        endpointCfg.accept(eb);
        endpoint = eb.build();
        clientContext = ClientContext.builder().tlsEngineFactory(PlainTestEngine.factory(true)).allocator(alloc)
                .build();
    }

    static SocketAddress address(int i) {
        return new InetSocketAddress("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 40000);
    }

    /** Connects one more client at {@code now} and delivers everything until the wire is quiet. */
    Connection connect(long now) throws ConnectionException {
        Connection c = newClient(now);
        pump(now);
        return c;
    }

    /** A new client at the next address, connecting at {@code now}; its datagrams wait on the wire. */
    private Connection newClient(long now) throws ConnectionException {
        SocketAddress addr = address(clients.size());
        List<ConnectionEvent> events = new ArrayList<>();
        Connection c = clientContext.newConnection(Transport.UDP, ConnectionExamplesTest.GOOD)
                .outsideSender((conn, d) -> wire.add(new Datagram(addr, SERVER, d)))
                .insideSender((conn, p) -> p.release())
                .eventListener((conn, e) -> events.add(e))
                .connect(now);
        clients.add(c);
        byAddress.put(addr, c);
        clientEvents.put(c, events);
        return c;
    }

    /**
     * Connects one more client whose hello reaches the server but hears nothing back: the server
     * connection is past its handshake (LinkUp), the client still Connecting.
     */
    Connection connectWithoutAuth(long now) throws ConnectionException {
        Connection c = newClient(now);
        List<Datagram> hello = new ArrayList<>(wire);
        wire.clear();
        for (Datagram d : hello) {
            endpoint.datagramReceived(d.data(), d.from(), now);
        }
        wire.forEach(d -> d.data().release()); // the server's answers are lost
        wire.clear();
        return c;
    }

    /** Delivers every datagram in flight (and those they cause) at {@code now}. */
    void pump(long now) {
        for (Datagram d; (d = wire.poll()) != null; ) {
            if (d.to().equals(SERVER)) {
                endpoint.datagramReceived(d.data(), d.from(), now);
            } else {
                Connection c = byAddress.get(d.to());
                if (c != null) {
                    c.outsideDataReceived(d.data(), now);
                } else {
                    d.data().release();
                }
            }
        }
    }

    @Override
    public void close() {
        wire.forEach(d -> d.data().release());
        wire.clear();
        for (Connection c : clients) {
            c.close();
        }
        for (Connection c : List.copyOf(endpoint.connections())) {
            c.close();
        }
        alloc.assertAllReleased();
    }
}
