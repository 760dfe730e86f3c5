package org.lightwayj.core.connection;

import java.util.Arrays;
import org.lightwayj.core.internal.Deadlines;

/**
 * One deadline per {@link Timer}, {@link Long#MAX_VALUE} meaning unset. Deadlines are absolute host
 * nanoseconds compared with plain {@code <=} (spec: hosts use a monotonic clock).
 */
final class TimerTable {
    private final long[] deadlines = new long[Timer.VALUES.length];

    TimerTable() {
        Arrays.fill(deadlines, Long.MAX_VALUE);
    }

    void set(Timer t, long deadline) {
        deadlines[t.ordinal()] = deadline;
    }

    void stop(Timer t) {
        deadlines[t.ordinal()] = Long.MAX_VALUE;
    }

    void stopAll() {
        Arrays.fill(deadlines, Long.MAX_VALUE);
    }

    long get(Timer t) {
        return deadlines[t.ordinal()];
    }

    boolean isSet(Timer t) {
        return deadlines[t.ordinal()] != Long.MAX_VALUE;
    }

    /** Whether {@code t} is set and due at {@code now}. */
    boolean expired(Timer t, long now) {
        long d = deadlines[t.ordinal()];
        return d != Long.MAX_VALUE && d <= now;
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE}. */
    long next() {
        long min = Long.MAX_VALUE;
        for (long d : deadlines) {
            if (d < min) {
                min = d;
            }
        }
        return min;
    }

    /**
     * {@return {@code now + delay}, saturated; a positive delay that overflows stays a (far-future)
     * deadline instead of reading as "no deadline"}
     */
    static long after(long now, long delay) {
        long r = Deadlines.saturatingAdd(now, delay);
        boolean overflowed = delay > 0 && now + delay < now;
        return overflowed ? Long.MAX_VALUE - 1 : r;
    }
}
