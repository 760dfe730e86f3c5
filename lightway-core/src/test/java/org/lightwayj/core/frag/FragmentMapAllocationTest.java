package org.lightwayj.core.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledHeapByteBuf;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.testing.AllocationCounter;

/**
 * Steady-state reassembly and splitting allocate nothing themselves: with an allocator that hands
 * out the same buffers again, a fragmented packet costs zero heap bytes in the map and splitter.
 */
class FragmentMapAllocationTest {
    private static final int[] ORDER = {2, 0, 1};

    /** Hands out a few preallocated buffers in turn; the test keeps one reference to each. */
    private static final class ReusingAllocator extends AbstractByteBufAllocator {
        private final ByteBuf[] ring = new ByteBuf[4];
        private int next;

        ReusingAllocator() {
            super(false);
            for (int i = 0; i < ring.length; i++) {
                ring[i] = new UnpooledHeapByteBuf(this, 65535, 65535);
            }
        }

        @Override
        public ByteBuf buffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = ring[next];
            next = (next + 1) % ring.length;
            assertEquals(1, b.refCnt(), "buffer handed out twice");
            return b.retain().clear();
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            throw new AssertionError("unexpected allocation");
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            throw new AssertionError("unexpected allocation");
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void releaseAll() {
            for (ByteBuf b : ring) {
                assertTrue(b.release());
            }
        }
    }

    @Test
    void steadyStateAllocatesNothing() throws Exception {
        assumeTrue(AllocationCounter.setUp(), "needs thread allocation counters");

        ReusingAllocator alloc = new ReusingAllocator();
        ByteBuf packet = Unpooled.buffer(3000).writeZero(3000);
        ByteBuf[] chunks = {packet.slice(0, 1192), packet.slice(1192, 1192), packet.slice(2384, 616)};
        int[] offsets = {0, 1192, 2384};
        FragmentIdCounter ids = new FragmentIdCounter();
        FragmentSplitter splitter = new FragmentSplitter();
        FragmentMap map = new FragmentMap(FragmentMapConfig.defaults(), alloc);
        try {
            long allocated = Long.MAX_VALUE;
            // The first rounds warm up (class loading, JIT, entry free list); the last must be zero.
            for (int round = 0; round < 5; round++) {
                long before = AllocationCounter.allocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    int id = ids.next();
                    splitter.reset(packet, 1192);
                    int total = 0;
                    while (splitter.next()) {
                        total += splitter.chunkLength();
                    }
                    ByteBuf out = null;
                    // Out of order, so runs are inserted, prepended and merged.
                    for (int k : ORDER) {
                        out = map.add(id, offsets[k], k < 2, false, chunks[k], i);
                    }
                    assertNotNull(out);
                    assertEquals(total, out.readableBytes());
                    out.release();
                }
                allocated = AllocationCounter.allocatedBytes() - before;
            }
            System.out.println("fragment map + splitter: " + allocated + " bytes allocated for 20000 packets");
            // Any per-packet allocation costs >= 16 bytes x 20000 = 320000; the slack is for JVM noise
            // in this thread (reflection, JIT transitions), seen at 0..3 KB.
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes in 20000 packets");
        } finally {
            map.close();
            packet.release();
            alloc.releaseAll();
        }
    }
}
