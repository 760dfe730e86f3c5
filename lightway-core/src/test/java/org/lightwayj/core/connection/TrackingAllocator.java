package org.lightwayj.core.connection;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A heap allocator that remembers every buffer it made, so a test can assert that all of them were
 * released ({@link #assertAllReleased()}). Deterministic and much cheaper than the PARANOID leak
 * detector, which samples stack traces on every allocation (the harness makes thousands per property
 * example).
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    /** Synchronized: DTLS handshakes allocate on the host's executor threads. */
    private final List<ByteBuf> made = java.util.Collections.synchronizedList(new ArrayList<>());

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        made.add(b);
        return b;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Buffers allocated so far. */
    int allocations() {
        return made.size();
    }

    /** Throws if any buffer made here is still referenced. */
    void assertAllReleased() {
        int leaked = 0;
        synchronized (made) {
            for (ByteBuf b : made) {
                if (b.refCnt() != 0) {
                    leaked++;
                }
            }
        }
        if (leaked > 0) {
            throw new AssertionError(leaked + " of " + made.size() + " buffers were never released");
        }
    }
}
