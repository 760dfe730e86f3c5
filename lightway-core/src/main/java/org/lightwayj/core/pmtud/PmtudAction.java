package org.lightwayj.core.pmtud;

/**
 * What a {@link Dplpmtud} asks its owner to do after an input (spec §4.6). The owner polls
 * {@link Dplpmtud#nextAction()} after every call into the machine until it returns {@link #NONE},
 * executing each action in the order returned; the machine itself never calls out.
 */
public enum PmtudAction {
    /** Nothing (more) to do. */
    NONE,
    /**
     * Send one probe: a Ping with id {@link Dplpmtud#outstandingProbeId()} padded so that the inner
     * frame is exactly {@link Dplpmtud#outstandingProbeSize()} bytes, with the host's DF bit set around
     * the write. A failed send needs no report: the probe simply times out.
     */
    SEND_PROBE,
    /** The estimate changed to {@link Dplpmtud#plpmtu()} ({@link Dplpmtud#NO_ESTIMATE} when gone). */
    ESTIMATE_CHANGED
}
