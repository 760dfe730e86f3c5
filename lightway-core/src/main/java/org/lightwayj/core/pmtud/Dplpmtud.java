package org.lightwayj.core.pmtud;

import java.util.Objects;
import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.PmtudSnapshot;
import org.lightwayj.core.PmtudState;
import org.lightwayj.core.internal.Deadlines;

/**
 * The DPLPMTUD state machine of spec §4.6 (RFC 8899), sans-IO and driven by the host's clock.
 *
 * <h2>States</h2>
 * <pre>
 *  Disabled --online--> Base --Pong--> Searching --(probe = MAX acked | 3 small-step losses)--> SearchComplete
 *                        |  ^                                                                     |   |
 *          3 losses      v  |  black hole (3 confirm losses)                                       |   |
 *                      Error  +----------------------------------------------------------------------+   |
 *                        |                                            raise timer + confirm Pong --> Searching
 *                        +--Pong--> Searching
 *  any state --offline--> Disabled
 * </pre>
 * <ul>
 *   <li><b>Base</b>: probe the base PLPMTU; its Pong sets plpmtu = base and starts Searching with
 *       {@value #PROBE_BIG_STEP}-byte steps; a lost probe is sent again, {@value #MAX_PROBES} losses
 *       lead to Error.</li>
 *   <li><b>Error</b>: probe the base again every probe timer; a Pong starts Searching.</li>
 *   <li><b>Searching</b>: probe min(plpmtu + step, MAX_PLPMTU). A Pong makes the probed size the
 *       plpmtu and, below MAX, probes the next step; at MAX the search completes. A lost probe is
 *       repeated; {@value #MAX_PROBES} losses on a big step restart from plpmtu with
 *       {@value #PROBE_SMALL_STEP}-byte steps, on a small step they complete the search.</li>
 *   <li><b>SearchComplete</b>: after the raise timer, a confirmation probe of the current plpmtu;
 *       its Pong starts Searching again (big steps) to raise, {@value #MAX_PROBES} losses are a
 *       black hole: back to Base, without an estimate.</li>
 * </ul>
 * Each probe has a fresh id (a wrapping u16 counter starting at 1 that skips 0). Only the Pong of
 * the probe currently outstanding counts; a Pong for an earlier probe (it arrived after its timer
 * fired) is stale and ignored (counted in {@link #stalePongs()}).
 *
 * <h2>Timer</h2>
 * One deadline, {@link #nextTimeout()}: the probe timer while a probe is outstanding, the raise
 * timer in SearchComplete, none in Disabled. The deadline moves only in {@link #online(long)},
 * {@link #offline()}, {@link #onPong(int, long)} and {@link #tick(long)}. {@code tick(now)} is safe to
 * call early or twice: it acts only once {@code now >= nextTimeout()}.
 *
 * <h2>Estimate</h2>
 * Only Searching and SearchComplete have one: {@link #plpmtu()}, {@link #dataMps()},
 * {@link #fragMps()}, {@link #effectivePmtu()}; otherwise they return {@link #NO_ESTIMATE}.
 *
 * <h2>Actions</h2>
 * The machine never calls out. After every input the owner polls {@link #nextAction()} until
 * {@link PmtudAction#NONE} and executes what it returns, in order: at most one
 * {@link PmtudAction#SEND_PROBE}, then {@link PmtudAction#ESTIMATE_CHANGED} when the estimate differs
 * from the one last returned. The estimate is compared when it is polled, so an owner whose probe
 * send took the machine {@link #offline()} (the connection closed) sees only the final estimate.
 * Polling creates no objects.
 *
 * <p>Not thread-safe.
 */
public final class Dplpmtud {
    /** The value of every estimate query when there is no estimate. */
    public static final int NO_ESTIMATE = org.lightwayj.core.PmtudSnapshot.NO_ESTIMATE;
    /** Probes of one size sent before the size is declared lost (MAX_PROBES). */
    public static final int MAX_PROBES = 3;
    /** Search step before the first run of losses (PROBE_BIG_STEP). */
    public static final int PROBE_BIG_STEP = 32;
    /** Search step after big-step probes were lost (PROBE_SMALL_STEP). */
    public static final int PROBE_SMALL_STEP = 8;
    /** Data frame overhead: kind 1 + length 2 (spec §2.5). */
    public static final int DATA_OVERHEAD = 3;
    /** DataFrag frame overhead: kind 1 + id 2 + offset word 2 + length 2 (spec §2.6). */
    public static final int DATA_FRAG_OVERHEAD = 7;
    /** Bytes added to the PLPMTU for the effective (IP-level) PMTU: IPv4 20 + UDP 8 + DTLS 37. */
    public static final int EFFECTIVE_PMTU_OVERHEAD = 20 + 8 + 37;

    private final PmtudConfig config;
    private final int base;
    private final int max;

    private PmtudState state = PmtudState.DISABLED;
    private int plpmtu;
    private boolean bigStep = true;
    /** Id of the outstanding probe; 0 when none. */
    private int probeId;
    private int probeSize;
    /** Probes of the current size sent so far. */
    private int probeCount;
    private long deadline = Long.MAX_VALUE;
    private int lastId;
    /** A probe was started and not yet returned by {@link #nextAction()}. */
    private boolean probeDue;
    private int reportedEstimate = NO_ESTIMATE;

    private long probesSent;
    private long probesLost;
    private long blackHoles;
    private long stalePongs;

    /**
     * A machine in Disabled.
     *
     * @param config limits and timers
     */
    public Dplpmtud(PmtudConfig config) {
        this(config, 0);
    }

    /** For tests: the first probe id is the one after {@code lastId} (skipping 0). */
    Dplpmtud(PmtudConfig config, int lastId) {
        this.config = Objects.requireNonNull(config, "config");
        this.base = config.basePlpmtu();
        this.max = config.maxPlpmtu();
        this.lastId = lastId & 0xFFFF;
    }

    /**
     * The connection went Online: Disabled → Base, and the base probe is sent. Does nothing in any
     * other state.
     *
     * @param nowNanos host monotonic time
     */
    public void online(long nowNanos) {
        if (state != PmtudState.DISABLED) {
            return;
        }
        enterBase(nowNanos);
    }

    /** The connection left Online (or PMTUD is switched off): any state → Disabled, timer stopped. */
    public void offline() {
        state = PmtudState.DISABLED;
        probeId = 0;
        probeCount = 0;
        probeDue = false;
        deadline = Long.MAX_VALUE;
    }

    /**
     * Offers a received Pong. Only the Pong of the outstanding probe is consumed; id 0 (keepalive)
     * and any other id are ignored.
     *
     * @param id       the Pong's id, 0..65535
     * @param nowNanos host monotonic time
     * @return whether the Pong acknowledged the outstanding probe
     */
    public boolean onPong(int id, long nowNanos) {
        if (id == 0 || state == PmtudState.DISABLED) {
            return false;
        }
        if (probeId == 0 || id != probeId) {
            stalePongs++;
            return false;
        }
        probeId = 0;
        switch (state) {
            case BASE, ERROR -> {
                plpmtu = base;
                bigStep = true;
                searchNext(nowNanos);
            }
            case SEARCHING -> {
                plpmtu = probeSize;
                searchNext(nowNanos);
            }
            case SEARCH_COMPLETE -> {
                // Confirmation: the path still carries plpmtu, so try to raise it.
                bigStep = true;
                searchNext(nowNanos);
            }
            default -> throw new AssertionError(state);
        }
        return true;
    }

    /**
     * Runs the timer if it is due: a lost probe (repeat, step down, Error, search complete or black
     * hole as §4.6 says) or the raise timer (send a confirmation probe). Does nothing before
     * {@link #nextTimeout()}.
     *
     * @param nowNanos host monotonic time
     */
    public void tick(long nowNanos) {
        if (deadline == Long.MAX_VALUE || nowNanos < deadline) {
            return;
        }
        deadline = Long.MAX_VALUE;
        if (state == PmtudState.SEARCH_COMPLETE && probeId == 0) {
            // Raise timer: confirm the current plpmtu first.
            probeCount = 0;
            probe(plpmtu, nowNanos);
            return;
        }
        probesLost++;
        probeId = 0;
        switch (state) {
            case BASE -> {
                if (probeCount < MAX_PROBES) {
                    probe(base, nowNanos);
                } else {
                    state = PmtudState.ERROR;
                    probeCount = 0;
                    probe(base, nowNanos);
                }
            }
            case ERROR -> {
                probeCount = 0;
                probe(base, nowNanos);
            }
            case SEARCHING -> {
                if (probeCount < MAX_PROBES) {
                    probe(probeSize, nowNanos);
                } else if (bigStep) {
                    bigStep = false;
                    probeCount = 0;
                    probe(Math.min(plpmtu + PROBE_SMALL_STEP, max), nowNanos);
                } else {
                    completeSearch(nowNanos);
                }
            }
            case SEARCH_COMPLETE -> {
                if (probeCount < MAX_PROBES) {
                    probe(plpmtu, nowNanos);
                } else {
                    blackHoles++;
                    enterBase(nowNanos);
                }
            }
            default -> throw new AssertionError(state);
        }
    }

    /**
     * {@return the next thing the owner must do after the last input, {@link PmtudAction#NONE} once
     * there is nothing left} See the class documentation for the order.
     */
    public PmtudAction nextAction() {
        if (probeDue) {
            probeDue = false;
            return PmtudAction.SEND_PROBE;
        }
        int estimate = plpmtu();
        if (estimate != reportedEstimate) {
            reportedEstimate = estimate;
            return PmtudAction.ESTIMATE_CHANGED;
        }
        return PmtudAction.NONE;
    }

    /** {@return an immutable copy of the state, estimate and counters} */
    public PmtudSnapshot snapshot() {
        return new PmtudSnapshot(state, plpmtu(), dataMps(), fragMps(), effectivePmtu(), probeId,
                outstandingProbeSize(), probesSent, probesLost, blackHoles, stalePongs);
    }

    /** The instant (host nanoseconds) at which {@link #tick(long)} has work, or {@code Long.MAX_VALUE}. */
    public long nextTimeout() {
        return deadline;
    }

    /** The current state. */
    public PmtudState state() {
        return state;
    }

    /** The PLPMTU estimate (whole inner frame size), or {@link #NO_ESTIMATE}. */
    public int plpmtu() {
        return state.hasEstimate() ? plpmtu : NO_ESTIMATE;
    }

    /** Largest inside packet sent as one Data frame: plpmtu − 3, or {@link #NO_ESTIMATE}. */
    public int dataMps() {
        return state.hasEstimate() ? dataMpsOf(plpmtu) : NO_ESTIMATE;
    }

    /** DataFrag chunk size: (plpmtu − 7) rounded down to a multiple of 8, or {@link #NO_ESTIMATE}. */
    public int fragMps() {
        return state.hasEstimate() ? fragMpsOf(plpmtu) : NO_ESTIMATE;
    }

    /** The IP-level path MTU the estimate implies: plpmtu + 65, or {@link #NO_ESTIMATE}. */
    public int effectivePmtu() {
        return state.hasEstimate() ? effectivePmtuOf(plpmtu) : NO_ESTIMATE;
    }

    /** The id of the probe waiting for its Pong, or 0 when none is outstanding. */
    public int outstandingProbeId() {
        return probeId;
    }

    /** The size of the outstanding probe, or 0 when none is outstanding. */
    public int outstandingProbeSize() {
        return probeId == 0 ? 0 : probeSize;
    }

    /** The configuration. */
    public PmtudConfig config() {
        return config;
    }

    /** Probes started (each returned once as {@link PmtudAction#SEND_PROBE}). */
    public long probesSent() {
        return probesSent;
    }

    /** Probes whose timer fired before their Pong arrived. */
    public long probesLost() {
        return probesLost;
    }

    /** Confirmation probes lost {@value #MAX_PROBES} times in a row (SearchComplete → Base). */
    public long blackHolesDetected() {
        return blackHoles;
    }

    /** Non-zero Pong ids that matched no outstanding probe (late or unknown). */
    public long stalePongs() {
        return stalePongs;
    }

    /**
     * @param plpmtu a PLPMTU
     * @return the Data MPS for it: {@code plpmtu - 3}
     */
    public static int dataMpsOf(int plpmtu) {
        return plpmtu - DATA_OVERHEAD;
    }

    /**
     * @param plpmtu a PLPMTU
     * @return the DataFrag MPS for it: {@code (plpmtu - 7)} rounded down to a multiple of 8
     */
    public static int fragMpsOf(int plpmtu) {
        return (plpmtu - DATA_FRAG_OVERHEAD) & ~7;
    }

    /**
     * @param plpmtu a PLPMTU
     * @return the effective PMTU for it: {@code plpmtu + 65}
     */
    public static int effectivePmtuOf(int plpmtu) {
        return plpmtu + EFFECTIVE_PMTU_OVERHEAD;
    }

    @Override
    public String toString() {
        return "Dplpmtud{state=" + state + ", plpmtu=" + plpmtu() + ", probeId=" + probeId
                + ", probeSize=" + outstandingProbeSize() + ", probeCount=" + probeCount + '}';
    }

    private void enterBase(long now) {
        state = PmtudState.BASE;
        bigStep = true;
        probeCount = 0;
        probe(base, now);
    }

    /** After a successful probe: the next step up, or SearchComplete at MAX_PLPMTU. */
    private void searchNext(long now) {
        if (plpmtu >= max) {
            completeSearch(now);
            return;
        }
        state = PmtudState.SEARCHING;
        probeCount = 0;
        probe(Math.min(plpmtu + (bigStep ? PROBE_BIG_STEP : PROBE_SMALL_STEP), max), now);
    }

    private void completeSearch(long now) {
        state = PmtudState.SEARCH_COMPLETE;
        probeId = 0;
        probeCount = 0;
        deadline = Deadlines.saturatingAdd(now, config.raiseTimerNanos());
    }

    private void probe(int size, long now) {
        int id = (lastId + 1) & 0xFFFF;
        if (id == 0) {
            id = 1;
        }
        lastId = id;
        probeId = id;
        probeSize = size;
        probeCount++;
        probesSent++;
        deadline = Deadlines.saturatingAdd(now, config.probeTimerNanos());
        probeDue = true;
    }
}
