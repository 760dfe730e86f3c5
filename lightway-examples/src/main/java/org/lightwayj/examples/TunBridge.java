package org.lightwayj.examples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.io.IOException;
import java.nio.channels.Selector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.lightwayj.tun.TunDevice;

/**
 * A TUN device next to a selector loop. The connections belong to the loop's thread, and a TUN read
 * blocks, so a reader thread of its own reads packets and queues them for the loop, waking its selector
 * only when the queue turns non-empty; the loop {@link #drain drains} the queue into the connections.
 * Writes (packets from the tunnel) happen on the loop thread directly: a TUN write does not block.
 */
final class TunBridge implements AutoCloseable {
    /** Packets waiting for the loop; beyond this the reader drops (a TUN device is a lossy link). */
    private static final int QUEUE = 4096;
    /** Packets handed to the loop per drain, so reads from the sockets are not starved. */
    private static final int BURST = 256;

    final TunDevice device;
    private final ByteBufAllocator alloc;
    private final Selector selector;
    private final BlockingQueue<ByteBuf> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Set by the reader when it wakes the selector; cleared by the loop before it drains. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Thread reader;
    /** Read buffer per packet: at least the interface MTU (a longer packet would be cut short). */
    private volatile int bufferSize;
    private volatile boolean closing;

    /** Packets read from the TUN device (and queued). */
    final LongAdder fromTun = new LongAdder();
    /** Packets written to the TUN device. */
    final LongAdder toTun = new LongAdder();
    /** Packets dropped on the way in or out: queue full, no connection for the address, refused. */
    final LongAdder dropped = new LongAdder();

    private TunBridge(TunDevice device, ByteBufAllocator alloc, Selector selector, int bufferSize) {
        this.device = device;
        this.alloc = alloc;
        this.selector = selector;
        this.bufferSize = bufferSize;
        this.reader = new FastThreadLocalThread(this::readLoop, "tun-reader-" + device.name());
        this.reader.setDaemon(true);
    }

    /**
     * Opens the TUN device {@code name} and starts its reader thread.
     *
     * @param bufferSize the read buffer per packet: at least the interface MTU (see {@link #mtuChanged})
     */
    static TunBridge open(String name, ByteBufAllocator alloc, Selector selector, int bufferSize) throws IOException {
        TunBridge b = new TunBridge(TunDevice.open(name), alloc, selector, bufferSize);
        b.reader.start();
        return b;
    }

    String name() {
        return device.name();
    }

    /** Sizes the read buffers for a new interface MTU (small pooled buffers are cheaper than 64 KiB ones). */
    void mtuChanged(int mtu) {
        bufferSize = Math.max(bufferSize, mtu);
    }

    private void readLoop() {
        try {
            while (!closing) {
                ByteBuf p = alloc.directBuffer(bufferSize);
                int n;
                try {
                    n = device.read(p);
                } catch (IOException e) {
                    p.release();
                    if (!closing) {
                        System.err.println("[tun] " + device.name() + ": " + e.getMessage());
                    }
                    return;
                }
                if (n < 0) {
                    p.release();
                    return; // closed
                }
                if (!queue.offer(p)) {
                    p.release();
                    dropped.increment();
                    continue;
                }
                fromTun.increment();
                if (wakeupPending.compareAndSet(false, true)) {
                    selector.wakeup();
                }
            }
        } finally {
            ByteBuf p;
            while ((p = queue.poll()) != null) {
                p.release();
            }
        }
    }

    /**
     * On the loop thread: hands up to {@link #BURST} queued packets to {@code sink}, which owns each.
     *
     * @return true if packets are still queued (the loop should not sleep)
     */
    boolean drain(Consumer<ByteBuf> sink) {
        wakeupPending.set(false); // a packet queued from now on wakes the selector again
        for (int i = 0; i < BURST; i++) {
            ByteBuf p = queue.poll();
            if (p == null) {
                return false;
            }
            sink.accept(p);
        }
        return !queue.isEmpty();
    }

    /** On the loop thread: writes one packet from the tunnel to the device and releases it. */
    void write(ByteBuf packet) {
        try {
            if (device.write(packet)) {
                toTun.increment();
            } else {
                dropped.increment();
            }
        } catch (IOException e) {
            dropped.increment(); // e.g. EIO while the interface is not up yet
        } finally {
            packet.release();
        }
    }

    /** Stops the reader (close wakes it) and closes the device; the interface disappears. */
    @Override
    public void close() {
        closing = true;
        device.close();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
