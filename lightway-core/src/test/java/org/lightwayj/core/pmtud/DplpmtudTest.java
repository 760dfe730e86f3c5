package org.lightwayj.core.pmtud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.core.pmtud.Dplpmtud.NO_ESTIMATE;
import static org.lightwayj.core.pmtud.PmtudRig.SECOND;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.PmtudState;

/** The {@code dplpmtud.rs} tests of spec §7 and the transitions of §4.6, as examples. */
class DplpmtudTest {
    private static final long PROBE_TIMER = 5 * SECOND;
    private static final long RAISE_TIMER = 600 * SECOND;

    @Test
    void notUsingId0() {
        PmtudRig rig = new PmtudRig(PmtudConfig.defaults(), 0xFFFE);
        rig.online();
        assertEquals(0xFFFF, rig.lastId());
        rig.expire();
        assertEquals(1, rig.lastId(), "the counter wraps past 0");
        rig.expire();
        assertEquals(2, rig.lastId());
        assertEquals(3, rig.probes.size());
        for (int[] p : rig.probes) {
            assertNotEquals(0, p[0]);
        }
    }

    @Test
    void firstProbeIdIs1() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        assertArrayEquals(new int[] {1, 1250}, rig.lastProbe());
    }

    @Test
    void effectivePmtuAndMaximumPacketSizes() {
        PmtudRig rig = new PmtudRig();
        assertNoEstimate(rig.pmtud);
        rig.online();
        assertEquals(PmtudState.BASE, rig.pmtud.state());
        assertNoEstimate(rig.pmtud);
        rig.pong();
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        assertEquals(1250, rig.pmtud.plpmtu());
        assertEquals(1315, rig.pmtud.effectivePmtu());
        assertEquals(1247, rig.pmtud.dataMps());
        assertEquals(1240, rig.pmtud.fragMps());
        rig.converge(1250);
        assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state());
        assertEquals(1315, rig.pmtud.effectivePmtu());
        assertEquals(1247, rig.pmtud.dataMps());
        assertEquals(1240, rig.pmtud.fragMps());

        PmtudRig error = new PmtudRig();
        error.toError();
        assertEquals(PmtudState.ERROR, error.pmtud.state());
        assertNoEstimate(error.pmtud);
    }

    @Test
    void staticSizeHelpers() {
        assertEquals(1315, Dplpmtud.effectivePmtuOf(1250));
        assertEquals(1247, Dplpmtud.dataMpsOf(1250));
        assertEquals(1240, Dplpmtud.fragMpsOf(1250));
        assertEquals(1416, Dplpmtud.dataMpsOf(1419));
        assertEquals(1408, Dplpmtud.fragMpsOf(1419));
        assertEquals(1408, Dplpmtud.fragMpsOf(1415));
        assertEquals(1400, Dplpmtud.fragMpsOf(1414));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void initialBaseProbeOk(int attempt) {
        PmtudRig rig = new PmtudRig();
        rig.online();
        for (int i = 1; i < attempt; i++) {
            assertEquals(PROBE_TIMER, rig.pmtud.nextTimeout() - rig.now);
            rig.expire();
            assertEquals(PmtudState.BASE, rig.pmtud.state());
            assertEquals(1250, rig.lastSize());
        }
        assertEquals(attempt, rig.probes.size());
        assertTrue(rig.pong());
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        assertEquals(1250, rig.pmtud.plpmtu());
        assertEquals(1282, rig.lastSize(), "big step");
        assertEquals(attempt + 1, rig.lastId());
        assertEquals(attempt - 1, rig.pmtud.probesLost());
        assertEquals(List.of(1250), rig.estimates);
    }

    @Test
    void initialBaseProbeDelayedThenOk() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        int first = rig.lastId();
        rig.expire();
        assertFalse(rig.pong(first), "the Pong of a timed-out probe is stale");
        assertEquals(PmtudState.BASE, rig.pmtud.state());
        assertEquals(1, rig.pmtud.stalePongs());
        assertNoEstimate(rig.pmtud);
        assertTrue(rig.pong());
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        assertEquals(1250, rig.pmtud.plpmtu());
    }

    @Test
    void initialBaseProbeTimeout() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.expire();
        rig.expire();
        assertEquals(PmtudState.BASE, rig.pmtud.state());
        rig.expire();
        assertEquals(PmtudState.ERROR, rig.pmtud.state());
        assertEquals(3, rig.pmtud.probesLost());
        assertEquals(4, rig.pmtud.probesSent());
        assertEquals(1250, rig.lastSize(), "Error keeps probing the base");
        assertEquals(PROBE_TIMER, rig.pmtud.nextTimeout() - rig.now);
        assertNoEstimate(rig.pmtud);
        assertTrue(rig.estimates.isEmpty());
    }

    @Test
    void errorStateProbesBaseEveryProbeTimer() {
        PmtudRig rig = new PmtudRig();
        rig.toError();
        for (int i = 0; i < 10; i++) {
            long before = rig.now;
            int sent = rig.probes.size();
            rig.expire();
            assertEquals(PROBE_TIMER, rig.now - before);
            assertEquals(sent + 1, rig.probes.size());
            assertEquals(1250, rig.lastSize());
            assertEquals(PmtudState.ERROR, rig.pmtud.state());
        }
    }

    @Test
    void recoverFromErrorStateOnProbeSuccess() {
        PmtudRig rig = new PmtudRig();
        rig.toError();
        rig.expire();
        assertTrue(rig.pong());
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        assertEquals(1250, rig.pmtud.plpmtu());
        assertEquals(1282, rig.lastSize());
        assertEquals(List.of(1250), rig.estimates);
    }

    @Test
    void recoverFromErrorStateOnDelayedSuccess() {
        PmtudRig rig = new PmtudRig();
        rig.toError();
        int late = rig.lastId();
        rig.expire();
        assertFalse(rig.pong(late));
        assertEquals(PmtudState.ERROR, rig.pmtud.state());
        assertTrue(rig.pong());
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        assertEquals(1250, rig.pmtud.plpmtu());
    }

    @Test
    void searchProbeOk() {
        PmtudRig rig = new PmtudRig();
        rig.toSearching();
        assertEquals(1282, rig.lastSize());
        assertTrue(rig.pong());
        assertEquals(1282, rig.pmtud.plpmtu());
        assertEquals(1314, rig.lastSize());
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        assertEquals(List.of(1250, 1282), rig.estimates);
    }

    @Test
    void searchProbeDelayedThenOk() {
        PmtudRig rig = new PmtudRig();
        rig.toSearching();
        int late = rig.lastId();
        rig.expire();
        assertEquals(1282, rig.lastSize(), "same size again");
        assertEquals(1250, rig.pmtud.plpmtu(), "a lost probe keeps the estimate");
        assertFalse(rig.pong(late));
        assertEquals(1250, rig.pmtud.plpmtu());
        assertTrue(rig.pong());
        assertEquals(1282, rig.pmtud.plpmtu());
        assertEquals(1314, rig.lastSize());
    }

    @Test
    void bigStepLossesRestartWithSmallStepsThenSmallLossesComplete() {
        PmtudRig rig = new PmtudRig();
        rig.toSearching();
        for (int i = 0; i < 3; i++) {
            assertEquals(1282, rig.lastSize());
            rig.expire();
        }
        assertEquals(1258, rig.lastSize(), "small step from the current plpmtu");
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        rig.pong();
        assertEquals(1266, rig.lastSize());
        for (int i = 0; i < 3; i++) {
            assertEquals(1266, rig.lastSize());
            rig.expire();
        }
        assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state());
        assertEquals(1258, rig.pmtud.plpmtu());
        assertEquals(0, rig.pmtud.outstandingProbeId());
        assertEquals(RAISE_TIMER, rig.pmtud.nextTimeout() - rig.now);
    }

    @ParameterizedTest
    @CsvSource({"1250,1250", "1282,1282", "1284,1282", "1419,1419", "1500,1419"})
    void fullSearch(int path, int expected) {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.converge(path);
        assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state());
        assertEquals(expected, rig.pmtud.plpmtu());
        assertEquals(expected, rig.estimates.get(rig.estimates.size() - 1));
        for (int e : rig.estimates) {
            assertTrue(e <= path);
        }
        for (int[] p : rig.probes) {
            assertTrue(p[1] <= 1419, "no probe above MAX_PLPMTU");
        }
    }

    @Test
    void fullSearchProbeSequence() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.converge(1284);
        int[] sizes = rig.probes.stream().mapToInt(p -> p[1]).toArray();
        assertArrayEquals(new int[] {1250, 1282, 1314, 1314, 1314, 1290, 1290, 1290}, sizes);
    }

    @ParameterizedTest
    @CsvSource({"1282,1282", "1314,1314", "1322,1322", "1324,1322", "1419,1419", "1500,1419"})
    void confirmSucceedsThenRaise(int raisedPath, int expected) {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.converge(1250);
        assertEquals(1250, rig.pmtud.plpmtu());
        long complete = rig.now;
        rig.pmtud.tick(complete + RAISE_TIMER - 1);
        int sent = rig.probes.size();
        assertEquals(sent, rig.probes.size(), "nothing before the raise timer");
        rig.expire();
        assertEquals(complete + RAISE_TIMER, rig.now);
        assertEquals(sent + 1, rig.probes.size());
        assertEquals(1250, rig.lastSize(), "confirmation probe at the current plpmtu");
        assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state());
        assertTrue(rig.pong());
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        assertEquals(1282, rig.lastSize(), "raise with a big step");
        rig.converge(raisedPath);
        assertEquals(expected, rig.pmtud.plpmtu());
    }

    @Test
    void confirmDelayedThenOk() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.converge(1282);
        assertEquals(1282, rig.pmtud.plpmtu());
        rig.expire(); // raise timer -> confirm
        int late = rig.lastId();
        rig.expire(); // confirm lost once
        assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state());
        assertEquals(1282, rig.lastSize());
        assertNotEquals(late, rig.lastId());
        assertFalse(rig.pong(late));
        assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state());
        assertTrue(rig.pong());
        assertEquals(PmtudState.SEARCHING, rig.pmtud.state());
        assertEquals(1282, rig.pmtud.plpmtu());
        assertEquals(1314, rig.lastSize());
    }

    @Test
    void confirmFailsIsABlackHole() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.converge(1419);
        assertEquals(1419, rig.pmtud.plpmtu());
        rig.expire(); // raise timer -> confirm
        for (int i = 0; i < 3; i++) {
            assertEquals(1419, rig.lastSize());
            assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state());
            rig.expire();
        }
        assertEquals(PmtudState.BASE, rig.pmtud.state());
        assertEquals(1, rig.pmtud.blackHolesDetected());
        assertNoEstimate(rig.pmtud);
        assertEquals(NO_ESTIMATE, rig.estimates.get(rig.estimates.size() - 1));
        assertEquals(1250, rig.lastSize(), "back to probing the base");
        assertEquals(PROBE_TIMER, rig.pmtud.nextTimeout() - rig.now);
        rig.converge(1250);
        assertEquals(1250, rig.pmtud.plpmtu());
    }

    @Test
    void confirmAtMaxStaysComplete() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.converge(1500);
        rig.expire();
        int sent = rig.probes.size();
        assertTrue(rig.pong());
        assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state(), "nothing above MAX to raise to");
        assertEquals(sent, rig.probes.size());
        assertEquals(RAISE_TIMER, rig.pmtud.nextTimeout() - rig.now);
    }

    @Test
    void baseEqualToMaxCompletesAtOnce() {
        PmtudRig rig = new PmtudRig(PmtudConfig.builder().outsideMtu(1331).build(), 0);
        assertEquals(1250, rig.pmtud.config().maxPlpmtu());
        rig.online();
        rig.pong();
        assertEquals(PmtudState.SEARCH_COMPLETE, rig.pmtud.state());
        assertEquals(1250, rig.pmtud.plpmtu());
        assertEquals(1, rig.probes.size());
    }

    enum From { DISABLED, BASE, ERROR, SEARCHING, SEARCH_COMPLETE }

    @ParameterizedTest
    @EnumSource(From.class)
    void offlineFrom(From from) {
        PmtudRig rig = new PmtudRig();
        switch (from) {
            case DISABLED -> { }
            case BASE -> rig.online();
            case ERROR -> rig.toError();
            case SEARCHING -> rig.toSearching();
            case SEARCH_COMPLETE -> {
                rig.online();
                rig.converge(1300);
            }
            default -> throw new AssertionError(from);
        }
        assertEquals(from.name(), rig.pmtud.state().name());
        boolean hadEstimate = rig.pmtud.state().hasEstimate();
        rig.pmtud.offline();
        assertEquals(PmtudState.DISABLED, rig.pmtud.state());
        assertEquals(Long.MAX_VALUE, rig.pmtud.nextTimeout(), "timer stopped");
        assertNoEstimate(rig.pmtud);
        if (hadEstimate) {
            assertEquals(NO_ESTIMATE, rig.estimates.get(rig.estimates.size() - 1));
        }
        int sent = rig.probes.size();
        rig.pmtud.tick(Long.MAX_VALUE - 1);
        assertFalse(rig.pmtud.onPong(rig.probes.isEmpty() ? 1 : rig.lastId(), rig.now));
        assertEquals(sent, rig.probes.size());
        assertEquals(PmtudState.DISABLED, rig.pmtud.state());
        rig.online();
        assertEquals(PmtudState.BASE, rig.pmtud.state(), "can go online again");
    }

    @Test
    void tickIsSafeEarlyAndTwice() {
        PmtudRig rig = new PmtudRig();
        rig.pmtud.tick(rig.now);
        assertEquals(Long.MAX_VALUE, rig.pmtud.nextTimeout());
        rig.online();
        long deadline = rig.pmtud.nextTimeout();
        rig.pmtud.tick(deadline - 1);
        assertEquals(1, rig.probes.size());
        assertEquals(deadline, rig.pmtud.nextTimeout());
        rig.pmtud.tick(deadline);
        assertEquals(2, rig.probes.size());
        rig.pmtud.tick(deadline);
        assertEquals(2, rig.probes.size(), "second tick at the same instant does nothing");
        assertEquals(1, rig.pmtud.probesLost());
    }

    @Test
    void onlineTwiceAndKeepalivePongsAreIgnored() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.online();
        assertEquals(1, rig.probes.size());
        assertFalse(rig.pong(0));
        assertFalse(rig.pong(999));
        assertEquals(1, rig.pmtud.stalePongs());
        assertEquals(PmtudState.BASE, rig.pmtud.state());
    }

    @Test
    void countersTrackProbes() {
        PmtudRig rig = new PmtudRig();
        rig.online();
        rig.converge(1284);
        assertEquals(8, rig.pmtud.probesSent());
        assertEquals(6, rig.pmtud.probesLost());
        assertEquals(0, rig.pmtud.blackHolesDetected());
    }

    @Test
    void saturatingDeadline() {
        PmtudRig rig = new PmtudRig();
        rig.now = Long.MAX_VALUE - SECOND;
        rig.online();
        assertEquals(Long.MAX_VALUE, rig.pmtud.nextTimeout());
    }

    private static void assertNoEstimate(DrivenPmtud d) {
        assertEquals(NO_ESTIMATE, d.plpmtu());
        assertEquals(NO_ESTIMATE, d.dataMps());
        assertEquals(NO_ESTIMATE, d.fragMps());
        assertEquals(NO_ESTIMATE, d.effectivePmtu());
    }
}
