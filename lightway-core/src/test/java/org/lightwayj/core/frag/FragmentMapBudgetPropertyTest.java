package org.lightwayj.core.frag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.FragmentError;
import org.lightwayj.testkit.TrackingAllocator;
import org.quicktheories.core.Gen;

/** Random interleaved fragment streams against a random byte budget. */
class FragmentMapBudgetPropertyTest {
    /** Budgets from "refuses most packets" to "never evicts" for up to 12 packets of at most 20000 bytes. */
    private static final Gen<Long> BUDGETS = longs().between(1, 40_000)
            .mix(longs().between(40_000, 300_000), 40)
            .mix(longs().between(12L * 65_536, 16L * 65_536), 15);

    @Test
    void heldBytesNeverExceedTheBudgetAndCompletedPacketsAreExact() {
        qt().withExamples(300).forAll(BUDGETS, integers().between(1, 12), longs().all())
                .checkAssert((budget, packets, seed) -> run(budget, packets, new Random(seed)));
    }

    private static void run(long budget, int packets, Random rnd) {
        TrackingAllocator alloc = new TrackingAllocator();
        FragmentMap map = new FragmentMap(FragmentMapConfig.builder().maxTotalBytes(budget).build(), alloc);
        try {
            byte[][] data = new byte[packets][];
            List<int[]> frags = new ArrayList<>(); // {packet, from, to}
            for (int p = 0; p < packets; p++) {
                data[p] = new byte[1 + rnd.nextInt(20_000)];
                rnd.nextBytes(data[p]);
                int from = 0;
                while (from < data[p].length) {
                    int to = Math.min(data[p].length, from + 1 + rnd.nextInt(Math.max(1, data[p].length / 3)));
                    frags.add(new int[] {p, from, to});
                    from = to;
                }
            }
            Collections.shuffle(frags, rnd);
            int completed = 0;
            for (int[] f : frags) {
                int p = f[0];
                boolean last = f[2] == data[p].length;
                ByteBuf out;
                try {
                    out = Frags.add(map, p, f[1], !last, data[p], f[1], f[2], 0L);
                } catch (FragmentException e) {
                    assertEquals(FragmentError.BUDGET_EXCEEDED, e.error(), e.getMessage());
                    out = null;
                }
                assertTrue(map.heldBytes() <= budget, "held " + map.heldBytes() + " > budget " + budget);
                assertTrue(map.heldBytes() >= 0);
                if (out != null) {
                    try {
                        assertArrayEquals(data[p], ByteBufUtil.getBytes(out), "packet " + p);
                    } finally {
                        out.release();
                    }
                    completed++;
                }
            }
            FragmentMapStats s = map.stats();
            if (completed < packets) {
                // The entry count and the age never bind here, so only the budget can lose a packet.
                assertTrue(s.evictedBudget() + s.errors(FragmentError.BUDGET_EXCEEDED) > 0, s.toString());
            }
            if (budget >= (long) packets * 65_536) {
                assertEquals(packets, completed, "a budget that holds every packet loses none");
            }
            assertEquals(0, s.evictedLru());
            assertEquals(s.errors(FragmentError.BUDGET_EXCEEDED), s.errorsTotal());
        } finally {
            map.close();
        }
        if (map.heldBytes() != 0) {
            fail("heldBytes after close: " + map.heldBytes());
        }
        alloc.assertAllReleased();
    }
}
