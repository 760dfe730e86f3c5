package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The harness's own checks can fail. */
class HarnessSelfTest {

    @Test
    void leakCheckCatchesAnUnreleasedBuffer() throws Exception {
        Harness h = new Harness(Transport.UDP, 1).start(ConnectionExamplesTest.GOOD);
        h.online();
        h.alloc.buffer(10);
        assertThrows(AssertionError.class, h::close);
    }

    @Test
    void linkDropsDuplicatesAndReordersBySeed() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 2)) {
            h.c2s.loss(0.3).duplicate(0.3).reorder(1);
            h.s2c.loss(0.3).duplicate(0.3).reorder(1);
            h.start(ConnectionExamplesTest.GOOD).online();
            for (int i = 0; i < 200; i++) {
                h.client.insidePacketReceived(h.packet(i, 100), h.now);
            }
            h.runFor(1_000_000_000L);
            int n = h.serverSide.inside.size();
            assertTrue(n > 100 && n < 180, "about 70% arrive: " + n);
            boolean reordered = false;
            for (int i = 1; i < n; i++) {
                reordered |= Harness.packetId(h.serverSide.inside.get(i))
                        < Harness.packetId(h.serverSide.inside.get(i - 1));
            }
            assertTrue(reordered);
        }
    }
}
