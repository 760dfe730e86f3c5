package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * A DTLS client and a DTLS server (behind {@link DtlsAdmission}) over an in-memory link with a virtual
 * clock: one-way latency, and seeded loss, duplication and reordering per datagram. Everything runs on
 * the test thread; time moves only when {@link #step()} jumps it to the next delivery or engine deadline.
 */
final class Dtls13Harness implements AutoCloseable {
    static final InetSocketAddress CLIENT_ADDR = new InetSocketAddress("192.0.2.7", 40000);
    /** Refuses to run anything: the DTLS 1.3 paths must never need a thread. */
    static final Executor NO_THREADS = r -> {
        throw new AssertionError("the DTLS 1.3 engine asked for a thread");
    };

    final DtlsAdmission admission;
    final TlsServerConfig serverConfig;
    final TlsEngine client;
    TlsEngine server;
    long now = 1_000_000_000L;
    final long latencyNanos;
    double loss;
    double duplicate;
    double reorder;
    private final Random random;
    private long order;
    int datagramsToServer;
    int datagramsToClient;
    final List<ByteBuf> clientPlain = new ArrayList<>();
    final List<ByteBuf> serverPlain = new ArrayList<>();
    /** Where client datagrams appear to come from (tests change it to simulate another address). */
    SocketAddress clientAddress = CLIENT_ADDR;

    private record InFlight(long at, long order, boolean toServer, ByteBuf data) {
    }

    private final PriorityQueue<InFlight> wire = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));

    Dtls13Harness(TlsClientConfig cc, TlsServerConfig sc, long seed, long latencyNanos) {
        this.serverConfig = sc;
        this.admission = new DtlsAdmission(sc);
        this.random = new Random(seed);
        this.latencyNanos = latencyNanos;
        this.client = TlsEngines.dtlsClient(cc, NO_THREADS, now);
    }

    Dtls13Harness(TlsClientConfig cc, TlsServerConfig sc) {
        this(cc, sc, 1, 1_000_000L);
    }

    Dtls13Harness lossy(double loss, double duplicate, double reorder) {
        this.loss = loss;
        this.duplicate = duplicate;
        this.reorder = reorder;
        return this;
    }

    /** Moves queued output onto the wire (with loss, duplication and reordering). */
    private void collect() {
        for (ByteBuf b; (b = client.pollOutbound()) != null;) {
            put(true, b);
        }
        if (server != null) {
            for (ByteBuf b; (b = server.pollOutbound()) != null;) {
                put(false, b);
            }
        }
        for (ByteBuf b; (b = client.pollPlaintext()) != null;) {
            clientPlain.add(b);
        }
        if (server != null) {
            for (ByteBuf b; (b = server.pollPlaintext()) != null;) {
                serverPlain.add(b);
            }
        }
    }

    private void put(boolean toServer, ByteBuf b) {
        if (random.nextDouble() < loss) {
            b.release();
            return;
        }
        int copies = random.nextDouble() < duplicate ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long extra = random.nextDouble() < reorder ? (long) (random.nextDouble() * 3 * latencyNanos) : 0;
            ByteBuf d = i == 0 ? b : b.copy();
            wire.add(new InFlight(now + latencyNanos + extra, order++, toServer, d));
        }
    }

    /** Takes the next datagram off the wire (the test delivers it itself), or {@code null}. */
    ByteBuf takeInFlight() {
        collect();
        InFlight f = wire.poll();
        return f == null ? null : f.data;
    }

    /** Injects a datagram for the server as if it came from {@link #clientAddress}. */
    void injectToServer(ByteBuf d) {
        deliver(true, d);
    }

    /** Injects a datagram for the client. */
    void injectToClient(ByteBuf d) {
        deliver(false, d);
    }

    private void deliver(boolean toServer, ByteBuf d) {
        try {
            if (!toServer) {
                datagramsToClient++;
                client.receive(d, now);
            } else {
                datagramsToServer++;
                if (server != null) {
                    server.receive(d, now);
                } else {
                    List<ByteBuf> replies = new ArrayList<>();
                    DtlsAdmission.Ticket t = admission.admit(clientAddress, d, replies::add, now);
                    for (ByteBuf r : replies) {
                        put(false, r);
                    }
                    if (t != null) {
                        server = admission.newEngine(t, NO_THREADS, now);
                    }
                }
            }
        } catch (TlsException e) {
            throw new AssertionError(e);
        } finally {
            d.release();
        }
        collect();
    }

    /** Advances to the next event (delivery or deadline); false when nothing is left to happen. */
    boolean step() {
        collect();
        long next = Math.min(client.nextTimeout(), server == null ? Long.MAX_VALUE : server.nextTimeout());
        InFlight f = wire.peek();
        if (f != null && f.at <= next) {
            wire.poll();
            now = Math.max(now, f.at);
            deliver(f.toServer, f.data);
            return true;
        }
        if (next == Long.MAX_VALUE) {
            return false;
        }
        now = Math.max(now, next);
        client.tick(now);
        if (server != null) {
            server.tick(now);
        }
        collect();
        return true;
    }

    /** Runs until both sides are established (or something ended), at most {@code maxSteps}. */
    boolean handshake(int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            if (client.state() == TlsState.ESTABLISHED && server != null && server.state() == TlsState.ESTABLISHED) {
                return true;
            }
            if (client.state().isTerminal() || (server != null && server.state().isTerminal())) {
                return false;
            }
            if (!step()) {
                return false;
            }
        }
        return false;
    }

    /** Runs until the wire is empty and no deadline falls within {@code horizonNanos}. */
    void settle(long horizonNanos) {
        long end = now + horizonNanos;
        for (int i = 0; i < 100_000; i++) {
            collect();
            long next = Math.min(client.nextTimeout(), server == null ? Long.MAX_VALUE : server.nextTimeout());
            InFlight f = wire.peek();
            long t = Math.min(next, f == null ? Long.MAX_VALUE : f.at);
            if (t > end) {
                return;
            }
            step();
        }
    }

    static void seal(TlsEngine e, byte[] data, long now) throws TlsException {
        ByteBuf b = Unpooled.wrappedBuffer(data);
        try {
            e.seal(b, now);
        } finally {
            b.release();
        }
    }

    @Override
    public void close() {
        client.close();
        if (server != null) {
            server.close();
        }
        for (InFlight f; (f = wire.poll()) != null;) {
            f.data.release();
        }
        clientPlain.forEach(ByteBuf::release);
        serverPlain.forEach(ByteBuf::release);
        clientPlain.clear();
        serverPlain.clear();
    }
}
