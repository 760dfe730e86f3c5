package org.lightwayj.core.connection;

import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.PmtudSnapshot;
import org.lightwayj.core.pmtud.Dplpmtud;
import org.lightwayj.core.pmtud.PmtudAction;
import org.lightwayj.core.wire.Data;
import org.lightwayj.core.wire.Ping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a client UDP {@link Connection}'s {@link Dplpmtud} (spec §4.6): feeds it the connection's
 * inputs and executes the actions it returns, probes as padded Pings through the connection (with
 * the host's DF-bit hook around the write), estimate changes as a {@link ConnectionEvent.PathMtuChanged}
 * event, lost probes as a metric. The connection keeps the PMTUD timer slot equal to
 * {@link #nextTimeout()} after each call.
 */
final class PathMtu {
    private static final Logger LOG = LoggerFactory.getLogger(PathMtu.class);

    private final Connection conn;
    private final MetricsListener metrics;
    private final Dplpmtud machine;
    private long lostSeen;
    private DfBitControl dfBit = DfBitControl.NONE;

    PathMtu(Connection conn, PmtudConfig config, MetricsListener metrics) {
        this.conn = conn;
        this.metrics = metrics;
        this.machine = new Dplpmtud(config);
    }

    void dfBitControl(DfBitControl control) {
        this.dfBit = control;
    }

    void online(long now) {
        machine.online(now);
        runActions(now);
    }

    void offline() {
        machine.offline();
        // Going offline never asks for a probe: only the estimate can have changed (to none).
        while (machine.nextAction() == PmtudAction.ESTIMATE_CHANGED) {
            estimateChanged(machine.plpmtu());
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
                sendProbe(machine.outstandingProbeId(), size, now);
            } else {
                estimateChanged(machine.plpmtu());
            }
        }
    }

    /** One probe: Ping{id, size − 5 zero bytes}, so the frame is exactly {@code size}, DF bit on around it (§4.6). */
    private void sendProbe(int id, int size, long now) {
        if (conn.state() != ConnectionState.ONLINE) {
            return;
        }
        Ping probe = new Ping(id, new byte[Math.max(0, size - 1 - Ping.BODY_OVERHEAD)]);
        try {
            dfBit.dontFragment(conn, true);
        } catch (RuntimeException e) {
            LOG.debug("DF-bit hook failed", e);
        }
        try {
            conn.sendFrame(probe, now);
        } finally {
            try {
                dfBit.dontFragment(conn, false);
            } catch (RuntimeException e) {
                LOG.debug("DF-bit hook failed", e);
            }
        }
    }

    private void estimateChanged(int plpmtu) {
        conn.emit(new ConnectionEvent.PathMtuChanged(plpmtu, plpmtu > 0 ? plpmtu - Data.OVERHEAD : -1));
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
