package org.lightwayj.examples;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one side (client or server) counted. Written by that side's loop thread, read by the reporter
 * thread once a second, hence {@link LongAdder}s and volatiles.
 *
 * <p>Send-side counters describe the stream this side sends; receive-side counters the stream it
 * receives. Every inside packet goes out in exactly one outside datagram (the packets are smaller than
 * the path MTU, and the FEC encoder emits a packet's source symbol at once), so the loop knows which
 * dropped datagram carried an inside packet: the first datagram sent while the connection handles it.
 */
final class SideStats {
    /** Inside packets handed to a connection (accepted by {@code insidePacketReceived}). */
    final LongAdder sent = new LongAdder();
    final LongAdder sentBytes = new LongAdder();
    /** Of {@link #sent}: the packet's own datagram was dropped by the loss injector. */
    final LongAdder lost = new LongAdder();
    /** Of {@link #sent}: the packet's own datagram was refused by the socket (send buffer full). */
    final LongAdder socketDropped = new LongAdder();
    /** Every outside datagram (any kind) the loss injector dropped. */
    final LongAdder datagramsDropped = new LongAdder();
    /** Every outside datagram (any kind) handed to the socket. */
    final LongAdder datagramsSent = new LongAdder();

    /** Inside packets of the peer's stream received intact, each sequence number once. */
    final LongAdder delivered = new LongAdder();
    final LongAdder deliveredBytes = new LongAdder();
    /** Sequence numbers seen a second time. */
    final LongAdder duplicates = new LongAdder();
    /** Inside packets that were not ours or failed a checksum. */
    final LongAdder invalid = new LongAdder();
    /** Sum over connections of (highest sequence number received + 1): what the peer has sent at least. */
    final LongAdder expected = new LongAdder();

    /** Keepalive round trips (client). */
    final LongAdder rttSamples = new LongAdder();
    final LongAdder rttSumNanos = new LongAdder();
    volatile long lastRttNanos = -1;
    volatile long minRttNanos = Long.MAX_VALUE;
    volatile long maxRttNanos = -1;

    /** Whether inside-packet encoding (FEC) is on, as the connection reports it. */
    volatile boolean encoding;
    /** Encoding state changes seen. */
    final LongAdder encodingChanges = new LongAdder();

    void rtt(long nanos) {
        lastRttNanos = nanos;
        rttSamples.increment();
        rttSumNanos.add(nanos);
        if (nanos < minRttNanos) {
            minRttNanos = nanos;
        }
        if (nanos > maxRttNanos) {
            maxRttNanos = nanos;
        }
    }

    /** A point-in-time copy of the counters. */
    record Snapshot(long sent, long sentBytes, long lost, long socketDropped, long datagramsDropped,
            long datagramsSent, long delivered, long deliveredBytes, long duplicates, long invalid, long expected,
            long recovered, long lastRttNanos, boolean encoding) {
    }

    Snapshot snapshot(long recovered) {
        return new Snapshot(sent.sum(), sentBytes.sum(), lost.sum(), socketDropped.sum(), datagramsDropped.sum(),
                datagramsSent.sum(), delivered.sum(), deliveredBytes.sum(), duplicates.sum(), invalid.sum(),
                expected.sum(), recovered, lastRttNanos, encoding);
    }
}
