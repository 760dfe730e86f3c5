package org.lightwayj.core;

/**
 * An immutable copy of what a connection's path MTU discovery (DPLPMTUD, RFC 8899) knows at one instant, for hosts and diagnostics: a
 * host can read it at any time without being able to drive the connection's state machine.
 *
 * @param state the state
 * @param plpmtu the PLPMTU estimate, or {@link #NO_ESTIMATE}
 * @param dataMps the largest inside packet sent as one Data frame, or {@link #NO_ESTIMATE}
 * @param fragMps the DataFrag chunk size, or {@link #NO_ESTIMATE}
 * @param effectivePmtu the IP-level path MTU the estimate implies, or {@link #NO_ESTIMATE}
 * @param outstandingProbeId the id of the probe waiting for its Pong, or 0
 * @param outstandingProbeSize the size of that probe, or 0
 * @param probesSent probes sent so far
 * @param probesLost probes whose timer fired before their Pong arrived
 * @param blackHolesDetected confirmation probes lost three times in a row
 * @param stalePongs non-zero Pong ids that matched no outstanding probe
 */
public record PmtudSnapshot(PmtudState state, int plpmtu, int dataMps, int fragMps, int effectivePmtu,
        int outstandingProbeId, int outstandingProbeSize, long probesSent, long probesLost,
        long blackHolesDetected, long stalePongs) {
    /** The value of an estimate that does not exist yet. */
    public static final int NO_ESTIMATE = -1;
}
