package org.lightwayj.core;

/**
 * Why a fragment was refused (spec {@code lightway-wire.md} §3). On the receive path every error is
 * non-fatal for the connection ({@code DataFragmentError}) and removes the whole reassembly entry.
 */
public enum FragmentError {
    /** The fragment carries no bytes (§3 rule 1). When splitting: the packet is empty. */
    EMPTY,
    /** The fragment overlaps bytes already held for the same fragment id (§3 rule 2.1). */
    OVERLAPPING,
    /** Bytes were appended or merged after the run that already holds the last fragment (§3 rule 2.3). */
    AFTER_LAST,
    /** A last fragment (MF = 0) was prepended to an existing run (§3 rule 2.3). */
    LAST_FRAGMENT_BEFORE_CURRENT_TAIL,
    /**
     * The fragment ends beyond the configured per-packet limit (§0.4, default 65535 bytes). When
     * splitting: the packet is longer than 65535 bytes ({@code InvalidPacketSize} in §3).
     */
    TOO_LARGE,
    /**
     * The partial packet alone would need more buffer bytes than the map's whole budget
     * (the connection's reassembly byte budget, {@code fragmentMapMaxBytes} on the context builders), so evicting other entries cannot make room. Kept
     * apart from {@link #TOO_LARGE} (a per-packet protocol bound) because this one is a local memory
     * policy an operator may want to tune. Never produced when splitting.
     */
    BUDGET_EXCEEDED
}
