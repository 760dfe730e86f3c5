package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.frag.FragmentSplitter;

/**
 * Spec §3/§4.6 end to end: for a random path (its PLPMTU 576..1500), a random PMTUD base at or below
 * it (512 minimum, as C) and random inside packets (20..1500 bytes), once the estimate has settled
 * every packet the link did not drop arrives byte-exact — as one Data frame when it fits the Data MPS,
 * else as DataFrag fragments of the DataFrag MPS. The link reorders and loses; loss of any fragment
 * loses the packet, and nothing else arrives.
 */
class PathMtuPropertyTest {

    static final long SEC = 1_000_000_000L;

    @Test
    void everySurvivingPacketArrivesByteExactThroughDataOrDataFrag() {
        qt().withExamples(200)
                .forAll(longs().all(), integers().between(576, 1500), integers().between(0, 1000),
                        lists().of(integers().between(20, 1500)).ofSizeBetween(1, 25))
                .checkAssert((seed, path, baseFrac, sizes) -> {
                    try {
                        run(seed, path, baseFrac, sizes);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }

    static void run(long seed, int path, int baseFrac, List<Integer> sizes) throws Exception {
        int max = 1500 - PmtudConfig.OUTSIDE_OVERHEAD;
        int base = 512 + (int) ((long) (Math.min(path, max) - 512) * baseFrac / 1000);
        PmtudConfig cfg = PmtudConfig.builder().basePlpmtu(base).build();
        try (Harness h = PathMtuConnectionTest.pmtudHarness(seed, path, b -> b.pmtudConfig(cfg))) {
            assertTrue(h.runUntil(() -> PathMtuConnectionTest.settled(h), 600 * SEC),
                    () -> "not settled: " + h.client.pathMtuDiscovery());
            int expected = path >= max ? max : base + 8 * ((path - base) / 8);
            assertEquals(expected, h.client.pathMtuEstimate(), "path " + path + " base " + base);
            int dataMps = expected - 3;
            int fragMps = (expected - 7) & ~7;

            h.c2s.loss(0.05).reorder(0.5);
            h.c2s.tooBig = 0; // probes above the path were dropped during the search
            h.capture = true;
            h.capturedC2s.clear();
            Map<Long, byte[]> sent = new HashMap<>();
            int wantData = 0;
            int wantFrags = 0;
            for (int i = 0; i < sizes.size(); i++) {
                long id = i + 1;
                int len = sizes.get(i);
                sent.put(id, PathMtuConnectionTest.toArray(h.packet(id, len)));
                h.client.insidePacketReceived(h.packet(id, len), h.now);
                if (len > dataMps) {
                    wantFrags += FragmentSplitter.chunkCount(len, fragMps);
                } else {
                    wantData++;
                }
            }
            h.runFor(2 * SEC);
            assertEquals(0, h.c2s.tooBig, "after settling nothing exceeds the path");
            List<Integer> kinds = ConnectionBehaviourTest.recordKinds(h.capturedC2s);
            assertEquals(wantData, kinds.stream().filter(k -> k == 5).count());
            assertEquals(wantFrags, kinds.stream().filter(k -> k == 15).count());
            List<Long> seen = new ArrayList<>();
            for (byte[] got : h.serverSide.inside) {
                long id = Harness.packetId(got);
                assertArrayEquals(sent.get(id), got, "packet " + id + " byte-exact");
                seen.add(id);
            }
            assertEquals(seen.size(), seen.stream().distinct().count());
            if (h.c2s.loss == 0) {
                assertEquals(sizes.size(), seen.size());
            }
        }
    }

    @Test
    void losslessLinkDeliversEverything() throws Exception {
        // The same property without loss: nothing may go missing.
        qt().withExamples(50)
                .forAll(longs().all(), integers().between(576, 1500),
                        lists().of(integers().between(20, 1500)).ofSizeBetween(1, 20))
                .checkAssert((seed, path, sizes) -> {
                    try (Harness h = PathMtuConnectionTest.pmtudHarness(seed, path,
                            b -> b.pmtudConfig(PmtudConfig.builder().basePlpmtu(512).build()))) {
                        assertTrue(h.runUntil(() -> PathMtuConnectionTest.settled(h), 600 * SEC));
                        for (int i = 0; i < sizes.size(); i++) {
                            h.client.insidePacketReceived(h.packet(i + 1, sizes.get(i)), h.now);
                        }
                        h.runFor(2 * SEC);
                        assertEquals(sizes.size(), h.serverSide.inside.size());
                        for (int i = 0; i < sizes.size(); i++) {
                            assertEquals(sizes.get(i), h.serverSide.inside.get(i).length);
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }
}
