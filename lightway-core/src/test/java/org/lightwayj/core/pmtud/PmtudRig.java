package org.lightwayj.core.pmtud;

import java.util.ArrayList;
import java.util.List;
import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.PmtudState;

/** Test driver: records probes and estimate changes, owns the fake clock. */
final class PmtudRig {
    static final long SECOND = 1_000_000_000L;

    final List<int[]> probes = new ArrayList<>();
    final List<Integer> estimates = new ArrayList<>();
    final DrivenPmtud pmtud;
    long now = 1_000 * SECOND;

    PmtudRig() {
        this(PmtudConfig.defaults(), 0);
    }

    PmtudRig(PmtudConfig config, int lastId) {
        pmtud = new DrivenPmtud(new Dplpmtud(config, lastId), (id, size) -> probes.add(new int[] {id, size}),
                estimates::add);
    }

    static PmtudRig withBase(int base) {
        return new PmtudRig(PmtudConfig.builder().basePlpmtu(base).build(), 0);
    }

    int[] lastProbe() {
        return probes.get(probes.size() - 1);
    }

    int lastId() {
        return lastProbe()[0];
    }

    int lastSize() {
        return lastProbe()[1];
    }

    void online() {
        pmtud.online(now);
    }

    /** Answers the most recent probe; returns whether it was accepted. */
    boolean pong() {
        return pmtud.onPong(lastId(), now);
    }

    boolean pong(int id) {
        return pmtud.onPong(id, now);
    }

    /** Advances the clock to the deadline and ticks. */
    void expire() {
        long t = pmtud.nextTimeout();
        if (t == Long.MAX_VALUE) {
            throw new AssertionError("no timer running in " + pmtud);
        }
        now = t;
        pmtud.tick(now);
    }

    void advance(long nanos) {
        now += nanos;
    }

    /** Lets the base probe succeed: Disabled → Base → Searching. */
    void toSearching() {
        online();
        pong();
    }

    /** Base probe lost MAX_PROBES times: Disabled → Base → Error. */
    void toError() {
        online();
        for (int i = 0; i < Dplpmtud.MAX_PROBES; i++) {
            expire();
        }
    }

    /**
     * Answers every outstanding probe no larger than {@code path} and lets larger ones time out
     * until SearchComplete.
     */
    void converge(int path) {
        for (int guard = 0; pmtud.state() != PmtudState.SEARCH_COMPLETE; guard++) {
            if (guard > 10_000) {
                throw new AssertionError("no convergence: " + pmtud);
            }
            if (pmtud.outstandingProbeId() != 0 && pmtud.outstandingProbeSize() <= path) {
                advance(SECOND / 10);
                pmtud.onPong(pmtud.outstandingProbeId(), now);
            } else {
                expire();
            }
        }
    }
}
