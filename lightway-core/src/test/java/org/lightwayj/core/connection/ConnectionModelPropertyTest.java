package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Model-based property over the harness: random host actions (inside packets both ways, ticks after
 * random time steps, keepalives, disconnects) over a link with loss ≤ 30 %, reordering and duplication.
 * The pair reaches Online or ends with a clean fatal error; every inside packet delivered was sent,
 * byte-exact, none twice, and none while the receiver was not Online.
 */
class ConnectionModelPropertyTest {

    /** One host action; {@code arg} is a size or a time step depending on the kind. */
    record Action(int kind, int arg) {
        static final int SEND_C2S = 0;
        static final int SEND_S2C = 1;
        static final int WAIT = 2;
        static final int KEEPALIVE_C = 3;
        static final int KEEPALIVE_S = 4;
        static final int DISCONNECT_C = 5;
        static final int DISCONNECT_S = 6;
        /** The client's outside socket starts / stops refusing writes (TCP send queue, §4.8). */
        static final int TOGGLE_BLOCKED = 7;
    }

    static Gen<Action> action() {
        // Disconnects are rare so that most runs exercise the data path.
        return integers().between(0, 99).zip(integers().between(0, 2000), (k, a) -> new Action(
                k < 30 ? Action.SEND_C2S : k < 55 ? Action.SEND_S2C : k < 82 ? Action.WAIT
                        : k < 88 ? Action.KEEPALIVE_C : k < 94 ? Action.KEEPALIVE_S
                        : k < 97 ? Action.TOGGLE_BLOCKED
                        : k < 99 ? Action.DISCONNECT_C : Action.DISCONNECT_S, a));
    }

    private static int runs;
    private static int onlineRuns;
    private static long delivered;

    @Test
    void randomHostActionsOverLossyLink() {
        runs = 0;
        onlineRuns = 0;
        delivered = 0;
        qt().withExamples(EXAMPLES)
                .forAll(longs().all(), integers().between(0, 1), integers().between(0, 30),
                        lists().of(action()).ofSizeBetween(1, 60))
                .checkAssert((seed, tr, lossPct, actions) -> run(seed, Transport.values()[tr], lossPct / 100.0,
                        actions));
        // Guard the generator: most runs must get Online and carry traffic, or the property is vacuous.
        assertTrue(onlineRuns > runs / 2, "only " + onlineRuns + " of " + runs + " runs got Online");
        assertTrue(delivered > runs, "only " + delivered + " packets delivered in " + runs + " runs");
    }

    private static final int EXAMPLES = 1000;

    private static void run(long seed, Transport t, double loss, List<Action> actions) {
        try (Harness h = new Harness(t, seed)) {
            h.c2s.loss(loss).duplicate(0.1).reorder(0.3);
            h.s2c.loss(loss).duplicate(0.1).reorder(0.3);
            h.start(ConnectionExamplesTest.GOOD);
            runs++;
            Map<Long, Integer> sentC2s = new HashMap<>();
            Map<Long, Integer> sentS2c = new HashMap<>();
            boolean hostDisconnected = false;
            boolean everBlocked = false;
            long nextId = 1;
            for (Action a : actions) {
                Connection s = h.server();
                switch (a.kind()) {
                    case Action.SEND_C2S:
                    case Action.SEND_S2C: {
                        boolean c2s = a.kind() == Action.SEND_C2S;
                        Connection from = c2s ? h.client : s;
                        if (from == null) {
                            break;
                        }
                        int len = 20 + a.arg() % 1330;
                        long id = nextId++;
                        try {
                            from.insidePacketReceived(h.packet(id, len), h.now);
                            (c2s ? sentC2s : sentS2c).put(id, len);
                        } catch (ConnectionException e) {
                            // Only the state can refuse a well-formed packet.
                            assertTrue(e.error() == ConnectionError.INVALID_STATE
                                    || e.error() == ConnectionError.DISCONNECTED, e.toString());
                            assertTrue(from.state() != ConnectionState.ONLINE);
                        }
                        break;
                    }
                    case Action.WAIT:
                        h.runFor(a.arg() * Harness.MS);
                        break;
                    case Action.KEEPALIVE_C:
                        h.client.keepalive(h.now);
                        break;
                    case Action.TOGGLE_BLOCKED:
                        h.clientBlocked = !h.clientBlocked;
                        everBlocked |= h.clientBlocked;
                        if (!h.clientBlocked) {
                            h.client.outsideWritable(h.now);
                        }
                        break;
                    case Action.KEEPALIVE_S:
                        if (s != null) {
                            s.keepalive(h.now);
                        }
                        break;
                    default: {
                        Connection c = a.kind() == Action.DISCONNECT_C ? h.client : s;
                        if (c == null) {
                            break;
                        }
                        ConnectionState st = c.state();
                        try {
                            c.disconnect(h.now);
                            hostDisconnected = true;
                            assertEquals(ConnectionState.DISCONNECTED, c.state());
                        } catch (ConnectionException e) {
                            assertTrue(st == ConnectionState.CONNECTING || st == ConnectionState.DISCONNECTED,
                                    "disconnect refused in " + st);
                        }
                        break;
                    }
                }
            }
            h.clientBlocked = false;
            h.client.outsideWritable(h.now);
            // Let the pair settle: the handshake timeout bounds how long a connection can stay pending.
            h.runUntil(() -> h.bothOnline() || h.client.state() == ConnectionState.DISCONNECTED, 40_000_000_000L);
            h.runFor(2_000_000_000L);

            Connection s = h.server();
            checkEnd(h.client, t);
            if (s != null) {
                checkEnd(s, t);
            }
            if (!hostDisconnected) {
                boolean online = h.bothOnline();
                boolean cleanFatal = h.client.state() == ConnectionState.DISCONNECTED
                        && h.client.closeReason() != null && h.client.closeReason().isFatal(t);
                assertTrue(online || cleanFatal, "neither Online nor a clean fatal error: " + h.client);
                if (t == Transport.TCP) {
                    assertTrue(online, "a lossless stream must connect: " + h.client);
                }
            }
            if (h.clientSide.states.contains(ConnectionState.ONLINE)) {
                onlineRuns++;
            }
            delivered += h.serverSide.inside.size() + h.clientSide.inside.size();
            checkDelivered(h.serverSide, sentC2s);
            checkDelivered(h.clientSide, sentS2c);
            if (t == Transport.TCP && h.bothOnline() && !everBlocked) {
                // TCP is reliable: everything sent while both were Online arrived.
                assertEquals(sentC2s.size(), h.serverSide.inside.size());
                assertEquals(sentS2c.size(), h.clientSide.inside.size());
            }
        } catch (ConnectionException e) {
            throw new AssertionError(e);
        }
    }

    private static void checkEnd(Connection c, Transport t) {
        ConnectionState st = c.state();
        assertTrue(st == ConnectionState.ONLINE || st == ConnectionState.DISCONNECTED
                || st == ConnectionState.LINK_UP || st == ConnectionState.AUTHENTICATING
                || st == ConnectionState.CONNECTING, st.toString());
        if (st == ConnectionState.DISCONNECTED && c.closeReason() != null) {
            assertTrue(c.closeReason().isFatal(t), c.closeReason().toString());
        }
        if (st != ConnectionState.DISCONNECTED && st != ConnectionState.ONLINE) {
            // Still pending only if its peer vanished; its handshake timer must be armed.
            assertTrue(c.nextTimeout() != Long.MAX_VALUE, "stuck without a timer: " + c);
        }
    }

    private static void checkDelivered(Harness.Side side, Map<Long, Integer> sent) {
        assertEquals(0, side.deliveredWhileNotOnline, "delivered before Online");
        Set<Long> seen = new HashSet<>();
        for (byte[] p : side.inside) {
            long id = Harness.packetId(p);
            Integer len = sent.get(id);
            assertTrue(len != null, "delivered a packet never sent: " + id);
            assertEquals(len.intValue(), p.length);
            assertTrue(seen.add(id), "delivered twice: " + id);
        }
    }
}
