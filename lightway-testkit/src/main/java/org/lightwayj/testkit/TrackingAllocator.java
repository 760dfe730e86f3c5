package org.lightwayj.testkit;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A heap allocator that remembers every buffer it made, so a test can assert that all of them were
 * released ({@link #assertAllReleased()}). Deterministic and much cheaper than the PARANOID leak
 * detector, which samples stack traces on every allocation (the harness makes thousands per property
 * example).
 */
public final class TrackingAllocator extends AbstractByteBufAllocator {
    /** Synchronized: DTLS handshakes allocate on the host's executor threads. */
    private final List<ByteBuf> made = Collections.synchronizedList(new ArrayList<>());

    private final boolean realDirect;

    /** A heap-only tracking allocator: direct buffers asked for are heap buffers too. */
    public TrackingAllocator() {
        this(false);
    }

    /**
     * @param realDirect whether {@code directBuffer()} makes real direct buffers (to exercise code
     *     paths that read through NIO addresses) rather than heap ones
     */
    public TrackingAllocator(boolean realDirect) {
        super(false);
        this.realDirect = realDirect;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        made.add(b);
        return b;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        if (!realDirect) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }
        ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
        made.add(b);
        return b;
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** @return the number of buffers allocated so far */
    public int allocations() {
        return made.size();
    }

    /** @return the number of buffers made here that are still referenced */
    public int live() {
        synchronized (made) {
            int n = 0;
            for (ByteBuf b : made) {
                if (b.refCnt() != 0) {
                    n++;
                }
            }
            return n;
        }
    }

    /** Throws if any buffer made here is still referenced. */
    public void assertAllReleased() {
        int leaked = live();
        if (leaked > 0) {
            throw new AssertionError(leaked + " of " + made.size() + " buffers were never released");
        }
    }
}
