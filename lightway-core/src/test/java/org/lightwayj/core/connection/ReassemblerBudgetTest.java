package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.frag.FragmentException;
import org.lightwayj.testkit.TrackingAllocator;

/** Budget evictions of the fragment map reach {@link MetricsListener#fragmentsEvicted}. */
class ReassemblerBudgetTest {
    @Test
    void budgetEvictionsAreReportedAsFragmentsEvicted() throws FragmentException {
        int[] evicted = {0};
        MetricsListener metrics = new MetricsListener() {
            @Override
            public void fragmentsEvicted(Connection c, int count) {
                evicted[0] += count;
            }
        };
        TrackingAllocator alloc = new TrackingAllocator();
        try (Reassembler r = new Reassembler(null, 4096, Long.MAX_VALUE, 2000, alloc, metrics)) {
            for (int id = 0; id < 5; id++) {
                ByteBuf data = Unpooled.wrappedBuffer(new byte[1000]);
                try {
                    assertNull(r.add(id, 0, true, false, data, 0L));
                } finally {
                    data.release();
                }
            }
            assertEquals(2, r.size());
            assertEquals(3, evicted[0]);
        }
        alloc.assertAllReleased();
    }
}
