package org.lightwayj.core.internal;

/**
 * Deadline arithmetic shared by every timer of the core (connection, PMTUD, fragment map, TLS
 * engines). Deadlines are absolute host nanoseconds in which {@link Long#MAX_VALUE} means "none", so
 * an addition that overflows must saturate instead of wrapping into the past. Not exported: an
 * implementation detail of the module.
 */
public final class Deadlines {

    private Deadlines() {
    }

    /**
     * {@return {@code a + b}, or {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE} when the sum
     * overflows upwards / downwards}
     *
     * @param a a time or duration
     * @param b a time or duration
     */
    public static long saturatingAdd(long a, long b) {
        long r = a + b;
        // Overflow only when both operands have the same sign and the result's sign differs.
        if (((a ^ r) & (b ^ r)) < 0) {
            return r < 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
