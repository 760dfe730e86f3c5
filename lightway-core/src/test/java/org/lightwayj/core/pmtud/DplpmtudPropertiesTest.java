package org.lightwayj.core.pmtud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.PmtudState;

/**
 * Convergence properties of {@link Dplpmtud} against a simulated path that carries every probe of
 * at most {@code path} bytes (PLPMTU terms) and drops every larger one.
 *
 * <h3>The value the search converges to</h3>
 * With MAX = MAX_PLPMTU (1419 for a 1500-byte link) and a search that starts at {@code start}
 * (the base, or the plpmtu when a confirmation raises it):
 * <ul>
 *   <li>if {@code path >= MAX}: the probes climb to MAX (the last step is clamped to MAX) and the
 *       search completes at <b>MAX</b>;</li>
 *   <li>otherwise big steps succeed while {@code plpmtu + 32 <= path}, ending at
 *       {@code start + 32*floor((path-start)/32)}; the next big probe (or MAX, which is also larger
 *       than path) is lost 3 times; small steps then succeed while {@code plpmtu + 8 <= path}.
 *       The result is {@code start + 32a + 8b} with the largest such value {@code <= path}, i.e.
 *       <b>{@code start + 8*floor((path-start)/8)}</b>.</li>
 * </ul>
 * The result is exact only if no probe that fits the path is lost {@value Dplpmtud#MAX_PROBES}
 * times in a row; the lossy model used here therefore loses at most 2 consecutive fitting probes
 * ("eventually delivers"). A separate property with unrestricted loss checks only the bounds.
 */
class DplpmtudPropertiesTest {
    private static final long SECOND = PmtudRig.SECOND;
    private static final int MAX = 1419;

    static int expected(int start, int path, int max) {
        return path >= max ? max : start + ((path - start) & ~7);
    }

    @Test
    void expectedMatchesTheUpstreamTables() {
        int[][] full = {{1250, 1250}, {1282, 1282}, {1284, 1282}, {1419, 1419}, {1500, 1419}};
        for (int[] row : full) {
            assertEquals(row[1], expected(1250, row[0], MAX));
        }
        int[][] raise = {{1282, 1282}, {1314, 1314}, {1322, 1322}, {1324, 1322}, {1419, 1419}, {1500, 1419}};
        for (int[] row : raise) {
            assertEquals(row[1], expected(1250, row[0], MAX));
        }
    }

    /** A path that answers fitting probes, losing at most {@code MAX_PROBES - 1} in a row of them. */
    private static final class Path {
        final Rig rig;
        int size;
        final Random rnd;
        final int lossPercent;
        final boolean capLosses;
        int consecutiveLost;
        /** Off while a shrunk path is not yet detected: the old estimate is then stale by design. */
        boolean checkEstimate = true;

        Path(Rig rig, int size, long seed, int lossPercent, boolean capLosses) {
            this.rig = rig;
            this.size = size;
            this.rnd = new Random(seed);
            this.lossPercent = lossPercent;
            this.capLosses = capLosses;
        }

        /**
         * Drives until SearchComplete with no confirmation outstanding; checks that no estimate
         * ever exceeds the path.
         */
        void runToComplete() {
            DrivenPmtud d = rig.pmtud;
            for (int guard = 0; d.state() != PmtudState.SEARCH_COMPLETE || d.outstandingProbeId() != 0; guard++) {
                if (guard > 200_000) {
                    throw new AssertionError("no convergence: " + d);
                }
                int id = d.outstandingProbeId();
                boolean fits = id != 0 && d.outstandingProbeSize() <= size;
                boolean lose = rnd.nextInt(100) < lossPercent
                        && !(capLosses && consecutiveLost >= Dplpmtud.MAX_PROBES - 1);
                if (fits && !lose) {
                    consecutiveLost = 0;
                    rig.now += 1 + rnd.nextInt(4_000_000) * 1000L; // under the 5 s probe timer
                    assertTrue(d.onPong(id, rig.now));
                } else {
                    if (fits) {
                        consecutiveLost++;
                    }
                    rig.now = d.nextTimeout();
                    d.tick(rig.now);
                    if (fits && rnd.nextBoolean()) {
                        // The Pong was only delayed: it arrives after the timer fired, and is stale.
                        assertFalse(d.onPong(id, rig.now));
                    }
                }
                assertTrue(!checkEstimate || d.plpmtu() <= size, () -> "estimate above path " + size + ": " + d);
            }
        }
    }

    /** A rig whose listener checks every reported estimate against the current path. */
    private static final class Rig {
        final List<Integer> estimates = new ArrayList<>();
        final DrivenPmtud pmtud;
        long now = 77 * SECOND;
        Path path;

        Rig(int base) {
            pmtud = new DrivenPmtud(new Dplpmtud(PmtudConfig.builder().basePlpmtu(base).build()), (id, size) -> {
                assertTrue(id != 0 && size <= MAX && size >= base);
            }, e -> {
                estimates.add(e);
                assertTrue(!path.checkEstimate || e <= path.size,
                        "reported estimate " + e + " above path " + path.size);
            });
        }
    }

    private static int baseFor(int path, int pick) {
        int top = Math.min(path, MAX);
        return 512 + pick % (top - 512 + 1);
    }

    @Test
    void convergesToTheStepLimitedPathPlpmtu() {
        qt().withExamples(400)
                .forAll(integers().between(576, 1500), integers().between(0, 1 << 20),
                        integers().between(0, 60), longs().all())
                .checkAssert((pathSize, pick, loss, seed) -> {
                    int base = baseFor(pathSize, pick);
                    Rig rig = new Rig(base);
                    rig.path = new Path(rig, pathSize, seed, loss, true);
                    rig.pmtud.online(rig.now);
                    rig.path.runToComplete();
                    int want = expected(base, pathSize, MAX);
                    assertEquals(want, rig.pmtud.plpmtu(), () -> "base " + base + " path " + pathSize);
                    assertEquals(want, rig.estimates.get(rig.estimates.size() - 1));
                    assertEquals(0, rig.pmtud.blackHolesDetected());
                });
    }

    @Test
    void raisesAfterConfirmationAndFallsBackOnABlackHole() {
        qt().withExamples(200)
                .forAll(integers().between(576, 1500), integers().between(0, 1 << 20),
                        integers().between(0, 1 << 20), longs().all())
                .checkAssert((pathSize, pick, pick2, seed) -> {
                    int base = baseFor(pathSize, pick);
                    Rig rig = new Rig(base);
                    rig.path = new Path(rig, pathSize, seed, 30, true);
                    rig.pmtud.online(rig.now);
                    rig.path.runToComplete();
                    int settled = rig.pmtud.plpmtu();
                    boolean raise = (pick2 & 1) == 0 || settled == base;
                    if (raise) {
                        // Path grows to somewhere in [path, 1500]: the confirmation succeeds and
                        // the search climbs again from the settled plpmtu.
                        int grown = pathSize + (pick2 >>> 1) % (1500 - pathSize + 1);
                        rig.path.size = grown;
                        rig.now = rig.pmtud.nextTimeout();
                        rig.pmtud.tick(rig.now);
                        assertEquals(settled, rig.pmtud.outstandingProbeSize(), "confirmation probe");
                        rig.path.runToComplete();
                        assertEquals(expected(settled, grown, MAX), rig.pmtud.plpmtu());
                        assertEquals(0, rig.pmtud.blackHolesDetected());
                    } else {
                        // Path shrinks below the estimate but not below the base: black hole,
                        // back to Base, and a fresh search from the base.
                        int shrunk = base + (pick2 >>> 1) % (settled - base);
                        rig.path.size = shrunk;
                        rig.path.checkEstimate = false;
                        int before = rig.estimates.size();
                        rig.now = rig.pmtud.nextTimeout();
                        rig.pmtud.tick(rig.now);
                        rig.path.runToComplete();
                        assertEquals(1, rig.pmtud.blackHolesDetected());
                        List<Integer> after = rig.estimates.subList(before, rig.estimates.size());
                        assertEquals(Dplpmtud.NO_ESTIMATE, after.get(0), "the black hole drops the estimate first");
                        for (int e : after) {
                            assertTrue(e <= shrunk, "estimate " + e + " above shrunk path " + shrunk);
                        }
                        assertEquals(expected(base, shrunk, MAX), rig.pmtud.plpmtu());
                    }
                });
    }

    @Test
    void unrestrictedLossNeverOverestimates() {
        qt().withExamples(200)
                .forAll(integers().between(576, 1500), integers().between(0, 1 << 20),
                        integers().between(0, 70), longs().all())
                .checkAssert((pathSize, pick, loss, seed) -> {
                    int base = baseFor(pathSize, pick);
                    Rig rig = new Rig(base);
                    rig.path = new Path(rig, pathSize, seed, loss, false);
                    rig.pmtud.online(rig.now);
                    rig.path.runToComplete();
                    int got = rig.pmtud.plpmtu();
                    assertTrue(got >= base && got <= expected(base, pathSize, MAX),
                            () -> "base " + base + " path " + pathSize + " got " + got);
                    assertTrue(got == MAX || (got - base) % 8 == 0, "steps are multiples of 8 unless clamped to MAX");
                });
    }
}
