package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A one-buffer recycler for the buffers a DTLS engine hands to its caller (one slot for outbound
 * datagrams, one for plaintext).
 *
 * <p>Why: per record the engine must return a buffer the caller owns and releases. Taking it from a
 * pooled allocator and giving it back costs two trips through the pool per record (thread-cache
 * lookup, queue poll/offer, object recycler) — measured at about half of the engine's overhead
 * over raw Bouncy Castle on a 1.5 µs AES-GCM record. A host that releases each buffer before the next
 * record (the usual synchronous loop) gets the same buffer back instead.
 *
 * <p>Semantics are those of any Netty buffer: the caller owns the one reference it gets
 * ({@code refCnt() == 1}, {@code release()} returns {@code true}), may retain it, slice it, or release
 * it on any thread. Only when its reference count reaches 0 does the buffer return to the slot (at
 * most one waits there); otherwise its array is simply dropped. While the engine's own buffer is out,
 * or when a larger buffer is asked for, the configured allocator is used, so a caller that holds on
 * to buffers still allocates nothing per record beyond the pool's. Leak detection works as for Netty's
 * own buffers (the shared {@link ResourceLeakDetector} level; a tracker per hand-out).
 *
 * <p>Only with a pooling allocator ({@link ByteBufAllocator#isDirectBufferPooled()}): the host asked for
 * reuse, and this is reuse of the same kind. With a non-pooling allocator (unpooled, or an accounting
 * allocator in tests that must see every buffer) every buffer comes from the allocator.
 *
 * <p>Memory: at most one array of {@code capacity} bytes per slot stays with an idle engine;
 * {@link #close()} drops it.
 */
final class BufferSlot {
    private static final ResourceLeakDetector<ByteBuf> LEAKS =
            ResourceLeakDetectorFactory.instance().newResourceLeakDetector(ByteBuf.class);
    private static final AtomicReferenceFieldUpdater<BufferSlot, Buf> FREE =
            AtomicReferenceFieldUpdater.newUpdater(BufferSlot.class, Buf.class, "free");

    private final ByteBufAllocator alloc;
    private final int capacity;
    private final boolean recycle;
    private volatile Buf free;
    private volatile boolean closed;
    /** Whether this slot's own buffer exists (engine thread only): at most one is ever created. */
    private boolean created;

    BufferSlot(ByteBufAllocator alloc, int capacity) {
        this.alloc = alloc;
        this.capacity = capacity;
        this.recycle = alloc.isDirectBufferPooled();
    }

    /**
     * A heap buffer with at least {@code size} writable bytes, indices 0, reference count 1; the
     * caller owns (releases) it.
     */
    ByteBuf take(int size) {
        if (recycle && size <= capacity && !closed) {
            Buf b = free;
            if (b != null && FREE.compareAndSet(this, b, null)) {
                return b.reuse();
            }
            if (!created) {
                created = true;
                return new Buf(this).reuse();
            }
        }
        return alloc.heapBuffer(size);
    }

    /** Stops recycling and drops the waiting buffer; buffers still out are dropped when released. */
    void close() {
        closed = true;
        FREE.set(this, null);
    }

    /** The slot's own buffer: an unpooled heap buffer whose deallocation hands it back to the slot. */
    private static final class Buf extends UnpooledHeapByteBuf {
        private final BufferSlot slot;
        private ResourceLeakTracker<ByteBuf> leak;

        Buf(BufferSlot slot) {
            super(slot.alloc, new byte[slot.capacity], Integer.MAX_VALUE);
            this.slot = slot;
        }

        Buf reuse() {
            resetRefCnt();
            clear();
            leak = LEAKS.track(this);
            return this;
        }

        @Override
        protected void deallocate() {
            ResourceLeakTracker<ByteBuf> l = leak;
            if (l != null) {
                leak = null;
                l.close(this);
            }
            if (!slot.closed && capacity() >= slot.capacity && FREE.compareAndSet(slot, null, this)) {
                return; // back in the slot; the array is kept
            }
            super.deallocate();
        }
    }
}
