package org.lightwayj.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lossy UDP relay: clients send to {@code --listen}, the relay forwards each datagram to {@code --to}
 * from a socket of that client's own (so the server sees one address per client and answers go back to
 * the right one), and drops a seeded random share of the datagrams in each direction. It stands in for
 * a lossy network between two namespaces where no netem is available; the Lightway traffic it carries
 * is opaque to it.
 */
final class UdpRelay implements Runnable {
    private final DatagramChannel front;
    private final InetSocketAddress to;
    private final Selector selector;
    private final LossyLink upLoss;
    private final LossyLink downLoss;
    private final Map<SocketAddress, DatagramChannel> upstreamByClient = new HashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
    private volatile boolean running = true;

    final LongAdder forwardedUp = new LongAdder();
    final LongAdder droppedUp = new LongAdder();
    final LongAdder forwardedDown = new LongAdder();
    final LongAdder droppedDown = new LongAdder();

    UdpRelay(InetSocketAddress listen, InetSocketAddress to, double loss, long seed) throws IOException {
        this.to = to;
        this.selector = Selector.open();
        this.front = DatagramChannel.open();
        front.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        front.bind(listen);
        front.configureBlocking(false);
        front.register(selector, SelectionKey.OP_READ);
        this.upLoss = new LossyLink(loss, seed);
        this.downLoss = new LossyLink(loss, seed + 1);
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) front.getLocalAddress();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(500);
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.channel() == front) {
                        fromClients();
                    } else {
                        fromServer((DatagramChannel) k.channel(), (SocketAddress) k.attachment());
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            System.err.println("[relay] stopped by " + e);
        } finally {
            close();
        }
    }

    private void fromClients() throws IOException {
        for (int i = 0; i < 256; i++) {
            buffer.clear();
            SocketAddress client = front.receive(buffer);
            if (client == null) {
                return;
            }
            buffer.flip();
            DatagramChannel up = upstreamByClient.get(client);
            if (up == null) {
                up = DatagramChannel.open();
                up.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                up.connect(to);
                up.configureBlocking(false);
                up.register(selector, SelectionKey.OP_READ, client);
                upstreamByClient.put(client, up);
            }
            if (upLoss.drop()) {
                droppedUp.increment();
                continue;
            }
            try {
                up.write(buffer);
                forwardedUp.increment();
            } catch (IOException e) {
                droppedUp.increment(); // e.g. the server is not up yet (ICMP port unreachable)
            }
        }
    }

    private void fromServer(DatagramChannel up, SocketAddress client) throws IOException {
        for (int i = 0; i < 256; i++) {
            buffer.clear();
            int n;
            try {
                n = up.read(buffer);
            } catch (IOException e) {
                continue; // an ICMP error from an earlier write; keep draining
            }
            if (n <= 0) {
                return;
            }
            buffer.flip();
            if (downLoss.drop()) {
                droppedDown.increment();
                continue;
            }
            front.send(buffer, client);
            forwardedDown.increment();
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    private void close() {
        try {
            for (DatagramChannel c : upstreamByClient.values()) {
                c.close();
            }
            front.close();
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** {@return the totals line printed when the relay stops} */
    String totals() {
        return String.format(Locale.ROOT, "[relay] totals: client->server %d forwarded, %d dropped (%s); "
                + "server->client %d forwarded, %d dropped (%s)",
                forwardedUp.sum(), droppedUp.sum(), Report.pct(droppedUp.sum(), forwardedUp.sum() + droppedUp.sum()),
                forwardedDown.sum(), droppedDown.sum(),
                Report.pct(droppedDown.sum(), forwardedDown.sum() + droppedDown.sum()));
    }

    /** The {@code relay} sub-command: runs until killed (or for {@code --duration}), then prints totals. */
    static int run(Options o, PrintStream out) throws IOException, InterruptedException {
        UdpRelay relay = new UdpRelay(o.listen, o.relayTo, o.loss, o.seed);
        Thread t = new Thread(relay, "lightway-relay");
        t.start();
        out.printf(Locale.ROOT, "[relay] relaying %s -> %s, dropping %.1f%% of the datagrams each way%n",
                relay.address(), o.relayTo, o.loss * 100);
        out.flush();
        Thread hook = new Thread(() -> {
            relay.stop();
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (out) {
                out.println(relay.totals());
                out.flush();
            }
        }, "lightway-relay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        t.join(o.duration.isZero() ? 0 : o.duration.toMillis());
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return Main.OK; // shutting down: the hook prints
        }
        relay.stop();
        t.join(2_000);
        out.println(relay.totals());
        return Main.OK;
    }
}
