package org.lightwayj.core.connection;

import java.util.Arrays;

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

    /** {@return adds without overflowing past "no deadline"} */
    static long after(long now, long delay) {
        long r = now + delay;
        return (delay > 0 && r < now) ? Long.MAX_VALUE - 1 : r;
    }
}
