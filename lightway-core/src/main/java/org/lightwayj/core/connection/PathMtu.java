package org.lightwayj.core.connection;

import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.pmtud.Dplpmtud;
import org.lightwayj.core.pmtud.EstimateListener;
import org.lightwayj.core.pmtud.ProbeSender;

/**
 * Adapter between a client UDP {@link Connection} and its {@link Dplpmtud} (spec §4.6): probes go out
 * as padded Pings through the connection (with the host's DF-bit hook around the write), estimate
 * changes become a {@link ConnectionEvent.PathMtuChanged} event, lost probes a metric. The connection
 * keeps the PMTUD timer slot equal to {@link #nextTimeout()} after each call.
 */
final class PathMtu implements ProbeSender, EstimateListener {
    private final Connection conn;
    private final MetricsListener metrics;
    private final Dplpmtud machine;
    private long lostSeen;

    PathMtu(Connection conn, PmtudConfig config, MetricsListener metrics) {
        this.conn = conn;
        this.metrics = metrics;
        this.machine = new Dplpmtud(config, this, this);
    }

    @Override
    public void sendProbe(int id, int size) {
        metrics.pmtudProbeSent(conn, size);
        conn.sendProbe(id, size);
    }

    @Override
    public void estimateChanged(int plpmtu) {
        conn.onPathMtuChanged(plpmtu);
    }

    void online(long now) {
        machine.online(now);
    }

    void offline() {
        machine.offline();
    }

    void onPong(int id, long now) {
        machine.onPong(id, now);
        countLost();
    }

    void tick(long now) {
        machine.tick(now);
        countLost();
    }

    private void countLost() {
        long lost = machine.probesLost();
        while (lostSeen < lost) {
            lostSeen++;
            metrics.pmtudProbeLost(conn);
        }
    }

    long nextTimeout() {
        return machine.nextTimeout();
    }

    boolean hasEstimate() {
        return machine.dataMps() > 0;
    }

    int dataMps() {
        return machine.dataMps();
    }

    int fragMps() {
        return machine.fragMps();
    }

    Dplpmtud machine() {
        return machine;
    }
}
