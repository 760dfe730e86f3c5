package org.lightwayj.core;

/** The DPLPMTUD states of spec §4.6 (RFC 8899 §5.2). */
public enum PmtudState {
    /** Not running: the connection is not Online, or PMTUD was stopped. No timer, no estimate. */
    DISABLED,
    /** Probing the base PLPMTU (up to three attempts). No estimate. */
    BASE,
    /** The base probe failed three times; re-probing the base every probe timer. No estimate. */
    ERROR,
    /** The base is confirmed; probing larger sizes in big then small steps. Has an estimate. */
    SEARCHING,
    /** Search finished; the raise/confirmation timer re-checks the path periodically. Has an estimate. */
    SEARCH_COMPLETE;

    /** Whether the state carries a PLPMTU estimate (only {@link #SEARCHING} and {@link #SEARCH_COMPLETE}). */
    public boolean hasEstimate() {
        return this == SEARCHING || this == SEARCH_COMPLETE;
    }
}
