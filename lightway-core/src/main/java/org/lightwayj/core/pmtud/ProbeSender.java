package org.lightwayj.core.pmtud;

/**
 * Sends one DPLPMTUD probe on behalf of {@link Dplpmtud} (spec §4.6).
 *
 * <p>The connection sends a Ping frame with the given {@code id} (never 0) and {@code size - 5}
 * zero payload bytes, so the inner frame (kind + body) is exactly {@code size} bytes, with the
 * host's DF-bit hook enabled around the write. A failed send needs no report: the probe simply
 * times out. Implementations must not call back into the {@link Dplpmtud} that invoked them.
 */
@FunctionalInterface
public interface ProbeSender {
    /**
     * @param id   probe id, 1..65535
     * @param size PLPMTU being probed: the whole inner frame size in bytes
     */
    void sendProbe(int id, int size);
}
