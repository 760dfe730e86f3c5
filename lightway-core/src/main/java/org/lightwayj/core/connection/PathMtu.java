package org.lightwayj.core.connection;

import org.lightwayj.core.pmtud.Dplpmtud;
import org.lightwayj.core.pmtud.PmtudAction;
import org.lightwayj.core.pmtud.PmtudConfig;
import org.lightwayj.core.pmtud.PmtudSnapshot;

/**
 * Runs a client UDP {@link Connection}'s {@link Dplpmtud} (spec §4.6): feeds it the connection's
 * inputs and executes the actions it returns, probes as padded Pings through the connection (with
 * the host's DF-bit hook around the write), estimate changes as a {@link ConnectionEvent.PathMtuChanged}
 * event, lost probes as a metric. The connection keeps the PMTUD timer slot equal to
 * {@link #nextTimeout()} after each call.
 */
final class PathMtu {
    private final Connection conn;
    private final MetricsListener metrics;
    private final Dplpmtud machine;
    private long lostSeen;

    PathMtu(Connection conn, PmtudConfig config, MetricsListener metrics) {
        this.conn = conn;
        this.metrics = metrics;
        this.machine = new Dplpmtud(config);
    }

    void online(long now) {
        machine.online(now);
        runActions(now);
    }

    void offline() {
        machine.offline();
        // Going offline never asks for a probe: only the estimate can have changed (to none).
        while (machine.nextAction() == PmtudAction.ESTIMATE_CHANGED) {
            conn.onPathMtuChanged(machine.plpmtu());
        }
    }

    void onPong(int id, long now) {
        machine.onPong(id, now);
        runActions(now);
        countLost();
    }

    void tick(long now) {
        machine.tick(now);
        runActions(now);
        countLost();
    }

    /** Executes what the machine asked for after the last input, in its order. */
    private void runActions(long now) {
        PmtudAction a;
        while ((a = machine.nextAction()) != PmtudAction.NONE) {
            if (a == PmtudAction.SEND_PROBE) {
                int size = machine.outstandingProbeSize();
                metrics.pmtudProbeSent(conn, size);
                conn.sendProbe(machine.outstandingProbeId(), size, now);
            } else {
                conn.onPathMtuChanged(machine.plpmtu());
            }
        }
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

    int plpmtu() {
        return machine.plpmtu();
    }

    int dataMps() {
        return machine.dataMps();
    }

    int fragMps() {
        return machine.fragMps();
    }

    PmtudSnapshot snapshot() {
        return machine.snapshot();
    }
}
