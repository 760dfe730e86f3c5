package org.lightwayj.jfr;

import java.util.Map;
import java.util.Objects;
import jdk.jfr.FlightRecorder;
import org.lightwayj.codec.PacketCodecFactory;

/**
 * Periodic {@code org.lightwayj.FecRecovery} JFR events for one inside-packet codec factory, polled from
 * its {@link PacketCodecFactory#counters()} (keys {@code recovered}, {@code sourceReceived},
 * {@code repairReceived}, {@code blocksExpired}, {@code observedLossPpm}: the FEC codec's; a codec without
 * them reports zeros). Polling, not a callback: the codec has no per-recovery hook and its decode path
 * stays as it is. JFR runs the poll on its own thread, every period (1 s unless the recording's settings
 * say otherwise), only while a recording has the event enabled; an event is written only for a period in
 * which a packet was recovered or a block expired.
 *
 * <pre>{@code
 * CodecRecoveryEvents jfr = CodecRecoveryEvents.register(fecFactory);
 * ...
 * jfr.close(); // stop polling
 * }</pre>
 */
public final class CodecRecoveryEvents implements AutoCloseable {
    private final PacketCodecFactory factory;
    private final Runnable hook = this::poll;
    private long recovered;
    private long sourceReceived;
    private long repairReceived;
    private long blocksExpired;

    private CodecRecoveryEvents(PacketCodecFactory factory) {
        this.factory = factory;
        Map<String, Long> m = factory.counters();
        recovered = get(m, "recovered");
        sourceReceived = get(m, "sourceReceived");
        repairReceived = get(m, "repairReceived");
        blocksExpired = get(m, "blocksExpired");
    }

    /**
     * Starts polling {@code factory} for recordings that enable {@code org.lightwayj.FecRecovery}; the
     * first event counts from now.
     *
     * @param factory the codec factory (the one the host gave its contexts)
     * @return the registration; {@link #close()} it to stop polling
     */
    public static CodecRecoveryEvents register(PacketCodecFactory factory) {
        CodecRecoveryEvents r = new CodecRecoveryEvents(Objects.requireNonNull(factory, "factory"));
        FlightRecorder.addPeriodicEvent(FecRecoveryEvent.class, r.hook);
        return r;
    }

    private static long get(Map<String, Long> m, String key) {
        Long v = m.get(key);
        return v == null ? 0 : v;
    }

    /** One period: the deltas since the previous poll. Runs on JFR's periodic thread. */
    synchronized void poll() {
        Map<String, Long> m = factory.counters();
        long rec = get(m, "recovered");
        long src = get(m, "sourceReceived");
        long rep = get(m, "repairReceived");
        long exp = get(m, "blocksExpired");
        FecRecoveryEvent e = new FecRecoveryEvent();
        if ((rec != recovered || exp != blocksExpired) && e.shouldCommit()) {
            e.codec = factory.name();
            e.recovered = rec - recovered;
            e.sourceReceived = src - sourceReceived;
            e.repairReceived = rep - repairReceived;
            e.blocksExpired = exp - blocksExpired;
            e.observedLossPpm = get(m, "observedLossPpm");
            e.commit();
        }
        recovered = rec;
        sourceReceived = src;
        repairReceived = rep;
        blocksExpired = exp;
    }

    /** Stops polling. */
    @Override
    public void close() {
        FlightRecorder.removePeriodicEvent(hook);
    }
}
