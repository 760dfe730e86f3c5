package org.lightwayj.core.ip;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.testing.AllocationCounter;

/** The clamp and the checksum helpers allocate nothing. */
class TcpMssClampAllocationTest {
    /** Keeps the results observable so the loop is not optimised away. */
    static volatile int sink;

    @Test
    void clampAllocatesNothing() throws Exception {
        assumeTrue(AllocationCounter.setUp(), "needs thread allocation counters");
        byte[] syn = Packets.tcp(new byte[0], Packets.SYN,
                Packets.options(new byte[] {1}, Packets.mss(1460), new byte[] {3, 3, 7}), new byte[0]);
        ByteBuf buf = Unpooled.wrappedBuffer(syn);
        try {
            long allocated = Long.MAX_VALUE;
            int acc = 0;
            for (int round = 0; round < 5; round++) {
                long before = AllocationCounter.allocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    buf.setShort(20 + 20 + 3, 1460);
                    MssClampResult r = TcpMssClamp.clamp(buf, 1200 + (i & 7));
                    acc += r.ordinal() + InternetChecksum.checksum(buf, 0, 20);
                }
                allocated = AllocationCounter.allocatedBytes() - before;
            }
            sink = acc;
            System.out.println("mss clamp: " + allocated + " bytes allocated for 20000 packets");
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes in 20000 clamps");
        } finally {
            buf.release();
        }
    }
}
