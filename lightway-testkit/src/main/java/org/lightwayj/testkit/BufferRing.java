package org.lightwayj.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * A fixed ring of reusable pooled buffers, each handed out with one extra reference that the taker
 * releases. Test engines and codecs copy through it so that an allocation measurement sees only the
 * code under test (pooled, as production engines' buffers are: their derived slices are recycled).
 */
public final class BufferRing {
    private static final PooledByteBufAllocator POOL = new PooledByteBufAllocator(false);
    private static final int SIZE = 16;

    private final ByteBuf[] bufs = new ByteBuf[SIZE];
    private int next;

    /** Sixteen 2048-byte buffers. */
    public BufferRing() {
        for (int i = 0; i < bufs.length; i++) {
            bufs[i] = POOL.heapBuffer(2048, 2048);
        }
    }

    /**
     * The next buffer, emptied, with {@code headroom} bytes reserved before its reader index.
     *
     * @throws AssertionError if the taker of that buffer sixteen turns ago still holds it
     */
    public ByteBuf take(int headroom) {
        ByteBuf b = bufs[next++ & (SIZE - 1)];
        if (b.refCnt() != 1) {
            throw new AssertionError("ring buffer still in use");
        }
        b.clear().writerIndex(headroom).readerIndex(headroom);
        return b.retain();
    }
}
