package org.lightwayj.codec.fec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Totals across every encoder and decoder of one factory (LongAdder: many connections, many threads). */
final class FecCounters {
    final LongAdder sourceSent = new LongAdder();
    final LongAdder repairSent = new LongAdder();
    final LongAdder blocksSent = new LongAdder();
    final LongAdder oversizeSkipped = new LongAdder();
    final LongAdder sourceReceived = new LongAdder();
    final LongAdder repairReceived = new LongAdder();
    final LongAdder recovered = new LongAdder();
    final LongAdder blocksExpired = new LongAdder();
    final LongAdder malformedDropped = new LongAdder();
    final LongAdder duplicatesDropped = new LongAdder();
    final LongAdder repairsUnneeded = new LongAdder();
    final LongAdder lateDropped = new LongAdder();
    /** Source packets delivered after their block had expired or been evicted unfinished. */
    final LongAdder lateSourcesDelivered = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LossEstimator loss = new LossEstimator();
    /** R of the block an encoder of this factory opened last. */
    volatile int lastR;

    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sourceSent", sourceSent.sum());
        m.put("repairSent", repairSent.sum());
        m.put("blocksSent", blocksSent.sum());
        m.put("oversizeSkipped", oversizeSkipped.sum());
        m.put("sourceReceived", sourceReceived.sum());
        m.put("repairReceived", repairReceived.sum());
        m.put("recovered", recovered.sum());
        m.put("blocksExpired", blocksExpired.sum());
        m.put("malformedDropped", malformedDropped.sum());
        m.put("duplicatesDropped", duplicatesDropped.sum());
        m.put("repairsUnneeded", repairsUnneeded.sum());
        m.put("lateDropped", lateDropped.sum());
        m.put("lateSourcesDelivered", lateSourcesDelivered.sum());
        m.put("evictions", evictions.sum());
        m.put("observedLossPpm", Math.round(loss.rate() * 1e6));
        m.put("adaptiveR", (long) lastR);
        return m;
    }
}
