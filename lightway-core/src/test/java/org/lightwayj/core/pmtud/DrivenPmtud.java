package org.lightwayj.core.pmtud;

import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.PmtudState;

/**
 * Test driver: a {@link Dplpmtud} whose actions are executed right after each input, as the
 * connection does, by handing them to a probe and an estimate callback. Reads delegate to the machine.
 */
final class DrivenPmtud {
    @FunctionalInterface
    interface Probes {
        void send(int id, int size);
    }

    @FunctionalInterface
    interface Estimates {
        void changed(int plpmtu);
    }

    final Dplpmtud machine;
    private final Probes probes;
    private final Estimates estimates;

    DrivenPmtud(Dplpmtud machine, Probes probes, Estimates estimates) {
        this.machine = machine;
        this.probes = probes;
        this.estimates = estimates;
    }

    void online(long now) {
        machine.online(now);
        drain();
    }

    void offline() {
        machine.offline();
        drain();
    }

    boolean onPong(int id, long now) {
        boolean acked = machine.onPong(id, now);
        drain();
        return acked;
    }

    void tick(long now) {
        machine.tick(now);
        drain();
    }

    private void drain() {
        PmtudAction a;
        while ((a = machine.nextAction()) != PmtudAction.NONE) {
            if (a == PmtudAction.SEND_PROBE) {
                probes.send(machine.outstandingProbeId(), machine.outstandingProbeSize());
            } else {
                estimates.changed(machine.plpmtu());
            }
        }
    }

    long nextTimeout() {
        return machine.nextTimeout();
    }

    PmtudState state() {
        return machine.state();
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

    int effectivePmtu() {
        return machine.effectivePmtu();
    }

    int outstandingProbeId() {
        return machine.outstandingProbeId();
    }

    int outstandingProbeSize() {
        return machine.outstandingProbeSize();
    }

    long probesSent() {
        return machine.probesSent();
    }

    long probesLost() {
        return machine.probesLost();
    }

    long blackHolesDetected() {
        return machine.blackHolesDetected();
    }

    long stalePongs() {
        return machine.stalePongs();
    }

    PmtudConfig config() {
        return machine.config();
    }

    @Override
    public String toString() {
        return machine.toString();
    }
}
