package org.lightwayj.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.lightwayj.codec.fec.FecCodecFactory;

/**
 * The live line (once a second) and the final summary. A direction is seen from its sender (what was
 * sent and lost on the way out) and its receiver (what arrived, what FEC rebuilt); in the two-process
 * mode one of the two is in the other process and its columns show "-".
 */
final class Report {

    /**
     * One direction of traffic.
     *
     * @param name for example "c->s"
     * @param sender the sending side's counters, or null when it runs in another process
     * @param receiver the receiving side's counters, or null
     * @param receiverFec the receiving side's codec (its decoders count {@code recovered}), or null
     */
    record Way(String name, SideStats sender, SideStats receiver, FecCodecFactory receiverFec) {
        long recovered() {
            return receiverFec == null ? 0 : receiverFec.counters().getOrDefault("recovered", 0L);
        }
    }

    /**
     * The final numbers of one direction (both halves known: the one-process mode).
     *
     * @param sent inside packets the sender's connection accepted
     * @param lost of those, how many had their datagram dropped by the loss injector
     * @param refused of those, how many had their datagram refused by the sender's socket
     * @param recovered packets the receiver's FEC decoder rebuilt
     * @param delivered distinct packets that reached the receiver's inside path
     * @param duplicates packets delivered a second time
     * @param invalid inside packets that failed the receiver's checks
     */
    record Totals(long sent, long lost, long refused, long recovered, long delivered, long duplicates,
            long invalid) {
        /** {@return packets sent but never delivered} */
        long residual() {
            return sent - delivered;
        }

        /**
         * {@return packets that should have arrived but did not: sent − lost − refused + recovered −
         * delivered; above 0 only when something outside the demo's counts dropped them}
         */
        long shortfall() {
            return sent - lost - refused + recovered - delivered;
        }
    }

    private final List<Way> ways;
    private final SideStats rttSide;
    private final SideStats encodingSide;
    private final PrintStream out;
    private final long[][] last;
    private long lastAt;

    Report(List<Way> ways, SideStats rttSide, SideStats encodingSide, PrintStream out) {
        this.ways = ways;
        this.rttSide = rttSide;
        this.encodingSide = encodingSide;
        this.out = out;
        this.last = new long[ways.size()][];
    }

    void header() {
        StringBuilder b = new StringBuilder("  time  fec ");
        for (Way w : ways) {
            b.append(String.format(Locale.ROOT, "| %-4s %6s %7s %5s %7s %5s ", w.name(), "pkt/s", "Mbit/s", "lost",
                    "fec-rec", "resid"));
        }
        b.append("| rtt ms");
        print(b.toString());
    }

    /** Prints the line for the second that just ended. */
    void line(double seconds) {
        long now = System.nanoTime();
        double dt = lastAt == 0 ? 1 : (now - lastAt) / 1e9;
        lastAt = now;
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%5.0fs  %-3s ", seconds,
                encodingSide != null && encodingSide.encoding ? "ON" : "off"));
        for (int i = 0; i < ways.size(); i++) {
            Way w = ways.get(i);
            long[] cur = sample(w);
            long[] prev = last[i] == null ? new long[cur.length] : last[i];
            last[i] = cur;
            long pkts;
            long bytes;
            if (w.receiver() != null) {
                pkts = cur[0] - prev[0];
                bytes = cur[1] - prev[1];
            } else {
                pkts = cur[2] - prev[2];
                bytes = cur[3] - prev[3];
            }
            b.append(String.format(Locale.ROOT, "| %-4s %6.0f %7.2f %5s %7s %5s ", "",
                    pkts / dt, bytes * 8 / dt / 1e6,
                    w.sender() == null ? "-" : Long.toString(cur[4] - prev[4]),
                    w.receiver() == null ? "-" : Long.toString(cur[5] - prev[5]),
                    w.receiver() == null ? "-" : Long.toString(Math.max(0, cur[6] - prev[6]))));
        }
        long rtt = rttSide == null ? -1 : rttSide.lastRttNanos;
        b.append(rtt < 0 ? "|      -" : String.format(Locale.ROOT, "| %6.2f", rtt / 1e6));
        print(b.toString());
    }

    /** {delivered, deliveredBytes, sent, sentBytes, lost+refused, recovered, expected-delivered}. */
    private static long[] sample(Way w) {
        SideStats r = w.receiver();
        SideStats s = w.sender();
        long delivered = r == null ? 0 : r.delivered.sum();
        return new long[] {
            delivered,
            r == null ? 0 : r.deliveredBytes.sum(),
            s == null ? 0 : s.sent.sum(),
            s == null ? 0 : s.sentBytes.sum(),
            s == null ? 0 : s.lost.sum() + s.socketDropped.sum(),
            w.recovered(),
            r == null ? 0 : r.expected.sum() - delivered,
        };
    }

    static Totals totals(Way w) {
        SideStats s = w.sender();
        SideStats r = w.receiver();
        return new Totals(s.sent.sum(), s.lost.sum(), s.socketDropped.sum(), w.recovered(), r.delivered.sum(),
                r.duplicates.sum(), r.invalid.sum());
    }

    private void print(String s) {
        synchronized (out) {
            out.println(s);
        }
    }

    static String pct(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }
}
