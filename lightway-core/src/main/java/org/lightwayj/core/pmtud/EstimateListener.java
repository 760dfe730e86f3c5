package org.lightwayj.core.pmtud;

/**
 * Told when the PLPMTU estimate of a {@link Dplpmtud} changes (spec §4.6): it appears on entering
 * Searching, grows with each successful probe, and disappears on a black hole (back to Base) or
 * {@code offline()}. Implementations must not call back into the {@link Dplpmtud} that invoked them.
 */
@FunctionalInterface
public interface EstimateListener {
    /** A listener that ignores every change. */
    EstimateListener NONE = plpmtu -> { };

    /**
     * @param plpmtu the new estimate in bytes, or {@link Dplpmtud#NO_ESTIMATE} when there is none
     */
    void estimateChanged(int plpmtu);
}
