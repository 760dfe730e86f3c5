package org.lightwayj.examples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionException;

/**
 * What the client and server loops share: one thread, one {@link Selector}, no fixed-interval polling.
 * Each pass computes the earliest deadline (the connections' {@code nextTimeout()}, the next synthetic
 * packet, the next keepalive…) and sleeps in {@code select} exactly until then, or until a socket is
 * readable.
 *
 * <p>The thread is a Netty {@link FastThreadLocalThread}: Netty's pooled allocator recycles its buffer
 * objects only on such threads, so the data path stays allocation-light.
 */
abstract class SelectorLoop implements Runnable {
    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;
    /** Synthetic packets sent per pass at most, so a late loop catches up without starving reads. */
    private static final int BURST = 64;

    final String name;
    final Options options;
    final PrintStream out;
    final SideStats stats = new SideStats();
    final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    final Selector selector;
    final LossyLink link;
    private final Thread thread;
    volatile boolean running = true;
    /** Set when the loop ended because of an exception (reported by {@link #failure()}). */
    private volatile Throwable failure;

    /** True while the connection handles one synthetic packet and has not yet sent all its datagrams. */
    private boolean armed;
    /** Every datagram of the current call carries the packet (no encoder: Data, or DataFrag fragments). */
    private boolean armedForAll;
    /** The current packet has already been counted as lost or refused. */
    private boolean counted;

    SelectorLoop(String name, Options options, PrintStream out, long seed) throws IOException {
        this.name = name;
        this.options = options;
        this.out = out;
        this.selector = Selector.open();
        this.link = new LossyLink(options.loss, seed);
        this.thread = new FastThreadLocalThread(this, "lightway-" + name);
        this.thread.setDaemon(true);
    }

    /** {@return the host clock: monotonic nanoseconds (the core never reads a clock itself)} */
    static long now() {
        return System.nanoTime();
    }

    void start() {
        thread.start();
    }

    /**
     * Asks the loop to end and waits for it; safe from any thread (the loop itself reads
     * {@link #running} and runs {@link #cleanup()} on its own thread).
     *
     * @return whether the loop has ended
     */
    boolean stop(long timeoutMillis) throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    boolean join(long timeoutMillis) throws InterruptedException {
        thread.join(timeoutMillis);
        return !thread.isAlive();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    Throwable failure() {
        return failure;
    }

    void log(String line) {
        synchronized (out) {
            out.println("[" + name + "] " + line);
        }
    }

    @Override
    public final void run() {
        try {
            loop();
        } catch (Throwable t) {
            failure = t;
            log("stopped by " + t);
        } finally {
            try {
                cleanup();
            } finally {
                try {
                    selector.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        }
    }

    abstract void loop() throws IOException, ConnectionException;

    /** Releases sockets and connections; runs on the loop thread when the loop ends. */
    abstract void cleanup();

    /** Sleeps in the selector until {@code deadline} (host nanos) or until a channel is ready. */
    void selectUntil(long deadline) throws IOException {
        long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now();
        if (wait <= 0) {
            selector.selectNow();
        } else if (wait == Long.MAX_VALUE) {
            selector.select();
        } else {
            // select() takes milliseconds (0 = forever): round up so we never wake before the deadline.
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + MS - 1)));
        }
    }

    /**
     * Sends one outside datagram through the loss injector. This is the body of the host's
     * {@code OutsideSender} / {@code DatagramSender}.
     *
     * @param channel the UDP socket
     * @param datagram owned by us if we return true
     * @param to recipient, or {@code null} on a connected socket
     * @return true if taken (sent, or lost on the simulated link); false if the socket would block
     */
    boolean sendDatagram(DatagramChannel channel, ByteBuf datagram, SocketAddress to) {
        // Encoding off: every datagram of the call is the packet or one of its fragments. Encoding on:
        // the first is the packet's (the FEC source symbol goes first), the rest are repairs.
        boolean carriesPacket = armed && !counted;
        armed = armedForAll;
        if (link.drop()) {
            stats.datagramsDropped.increment();
            if (carriesPacket) {
                stats.lost.increment();
                counted = true;
            }
            datagram.release(); // "sent", and lost on the way
            return true;
        }
        int n;
        try {
            n = to == null ? channel.write(datagram.nioBuffer()) : channel.send(datagram.nioBuffer(), to);
        } catch (IOException e) {
            n = 0; // e.g. ICMP port unreachable reported on a connected socket
        }
        if (n == 0) {
            if (carriesPacket) {
                stats.socketDropped.increment();
                counted = true;
            }
            return false; // the core releases it and counts outsideSendDropped
        }
        datagram.release();
        stats.datagramsSent.increment();
        return true;
    }

    /**
     * Sends the synthetic packets of {@code flow} that are due, paced at the configured rate.
     *
     * @return the next send time
     */
    long sendDue(Connection c, Flow flow, boolean encoding, long now) {
        flow.sendingWith(encoding, now);
        int n = 0;
        while (flow.nextSendAt <= now && n < BURST) {
            ByteBuf p = SyntheticTraffic.packet(alloc, options.packetSize, flow.src, flow.dst, flow.nextSeq, now);
            armed = true;
            armedForAll = !encoding;
            counted = false;
            try {
                c.insidePacketReceived(p, now); // the connection releases p
                flow.nextSeq++;
                stats.sent.increment();
                stats.sentBytes.add(options.packetSize);
            } catch (ConnectionException e) {
                // Not Online any more, or the packet was refused: this sequence number is not used.
                flow.nextSendAt = Long.MAX_VALUE;
                return Long.MAX_VALUE;
            } finally {
                armed = false;
                armedForAll = false;
            }
            flow.nextSendAt += flow.intervalNanos;
            n++;
        }
        if (now - flow.nextSendAt > 100 * MS) {
            flow.nextSendAt = now; // far behind (the machine was busy): skip rather than burst
        }
        return flow.nextSendAt;
    }
}
