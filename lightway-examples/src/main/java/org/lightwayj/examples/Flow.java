package org.lightwayj.examples;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The synthetic traffic of one connection: the stream this side sends (sequence numbers, pacing) and
 * the bookkeeping of the stream it receives (which sequence numbers arrived). Confined to the loop
 * thread; read by others only after the loop has ended.
 */
final class Flow {
    /** The send-side encoding state from a given sequence number on. */
    record Phase(long firstSeq, boolean encoding, long atNanos) {
    }

    final int src;
    final int dst;
    final long intervalNanos;
    long nextSeq;
    long nextSendAt;
    private long highest = -1;
    private final BitSet seen = new BitSet();
    final List<Phase> phases = new ArrayList<>();

    /**
     * @param rate packets per second (0 = send nothing)
     * @param start when to send the first packet, or {@code Long.MAX_VALUE} to wait for {@link #start}
     */
    Flow(int src, int dst, int rate, long start) {
        this.src = src;
        this.dst = dst;
        this.intervalNanos = rate == 0 ? Long.MAX_VALUE : 1_000_000_000L / rate;
        this.nextSendAt = rate == 0 ? Long.MAX_VALUE : start;
    }

    /** Starts a stream created with no start time (no effect on a started one or at rate 0). */
    void start(long now) {
        if (!started && intervalNanos != Long.MAX_VALUE) {
            started = true;
            nextSendAt = now;
        }
    }

    private boolean started;

    /** Records the encoding state that the next packets are sent with, if it changed. */
    void sendingWith(boolean encoding, long now) {
        if (phases.isEmpty() || phases.get(phases.size() - 1).encoding() != encoding) {
            phases.add(new Phase(nextSeq, encoding, now));
        }
    }

    /** Accounts one received inside packet (not released here). */
    void received(ByteBuf p, SideStats stats) {
        long seq = SyntheticTraffic.sequenceOf(p);
        if (seq < 0 || seq >= Integer.MAX_VALUE) {
            stats.invalid.increment();
            return;
        }
        int s = (int) seq;
        if (seen.get(s)) {
            stats.duplicates.increment();
            return;
        }
        seen.set(s);
        stats.delivered.increment();
        stats.deliveredBytes.add(p.readableBytes());
        if (seq > highest) {
            stats.expected.add(seq - highest);
            highest = seq;
        }
    }

    /** {@return how many distinct sequence numbers in [from, to) arrived} */
    int deliveredBetween(long from, long to) {
        return seen.get((int) from, (int) Math.min(to, Integer.MAX_VALUE)).cardinality();
    }
}
