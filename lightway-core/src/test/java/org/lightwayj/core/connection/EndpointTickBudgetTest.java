package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link UdpServerEndpoint#tick} does at most the tick budget of connection ticks per call, and a mass
 * expiry finishes over the following calls without starving anyone. Counted, not timed: every server
 * connection here is due only for its keepalive, so each connection tick sends exactly one Ping, and the
 * Pings' destinations say which connections were ticked in which call.
 */
class EndpointTickBudgetTest {

    private static final long MS = 1_000_000L;
    private static final long SEC = 1_000_000_000L;
    private static final long INTERVAL = 10 * SEC;

    private static EndpointFleet fleet(int budget) {
        return new EndpointFleet(s -> s.keepaliveInterval(Duration.ofNanos(INTERVAL)),
                budget > 0 ? e -> e.tickBudget(budget) : e -> { });
    }

    @Test
    void tenThousandDueConnectionsTakeCeilDueOverBudgetCalls() throws Exception {
        int n = 10_000;
        try (EndpointFleet f = fleet(0)) {
            for (int i = 0; i < n; i++) {
                f.connect(0);
            }
            assertEquals(n, f.endpoint.connections().size());
            f.deliverToClients = false;
            long now = INTERVAL; // every keepalive falls due at once
            assertEquals(now, f.endpoint.nextTimeout());
            int budget = UdpServerEndpoint.DEFAULT_TICK_BUDGET;
            Map<SocketAddress, Integer> ticks = new HashMap<>();
            int calls = 0;
            while (f.endpoint.nextTimeout() <= now) {
                f.serverSentTo.clear();
                f.endpoint.tick(now);
                calls++;
                assertTrue(f.serverSentTo.size() <= budget, "call " + calls + ": " + f.serverSentTo.size());
                assertEquals(f.serverSentTo.size(), new HashSet<>(f.serverSentTo).size(), "twice in one call");
                f.serverSentTo.forEach(a -> ticks.merge(a, 1, Integer::sum));
                assertTrue(calls <= n, "no progress");
            }
            assertEquals((n + budget - 1) / budget, calls);
            assertEquals(n, ticks.size());
            assertTrue(ticks.values().stream().allMatch(v -> v == 1));
            assertEquals(now + INTERVAL, f.endpoint.nextTimeout(), "every keepalive re-armed");
        }
    }

    @Test
    void budgetMustBeAtLeastOne() {
        ServerContext ctx = ServerContext.builder().tlsEngineFactory(PlainTestEngine.factory(false))
                .auth(Harness::testAuth).ipPool(new TestIpPool()).build();
        UdpServerEndpoint.Builder b = UdpServerEndpoint.builder(ctx);
        assertThrows(IllegalArgumentException.class, () -> b.tickBudget(0));
        assertThrows(IllegalArgumentException.class, () -> b.tickBudget(-5));
    }

    /**
     * Random online times (so random keepalive deadlines), a random tick time T and budget, and host
     * time that may move on a little between calls: the connections due at T are each ticked exactly
     * once within ceil(due / budget) calls, before any connection that fell due later; no call ticks
     * more than the budget or one connection twice; {@code nextTimeout()} stays at or before the call's
     * time while any of them waits.
     */
    @Test
    void everyDueConnectionIsTickedWithinCeilDueOverBudgetCalls() {
        qt().withExamples(100)
                .forAll(lists().of(integers().between(0, 5_000)).ofSizeBetween(1, 80), integers().between(1, 40),
                        integers().between(0, 5_000), integers().between(0, 30))
                .checkAssert((onlineMs, budget, tMs, stepMs) -> {
                    try (EndpointFleet f = fleet(budget)) {
                        List<Integer> sorted = new ArrayList<>(onlineMs);
                        sorted.sort(null);
                        for (int ms : sorted) {
                            f.connect(ms * MS);
                        }
                        f.deliverToClients = false;
                        long t = INTERVAL + tMs * MS;
                        Set<SocketAddress> due = new HashSet<>();
                        for (Connection c : f.endpoint.connections()) {
                            if (c.nextTimeout() <= t) {
                                due.add(c.peerAddress());
                            }
                        }
                        int calls = (due.size() + budget - 1) / budget;
                        Set<SocketAddress> waiting = new HashSet<>(due);
                        Map<SocketAddress, Integer> ticked = new HashMap<>();
                        for (int k = 0; k < calls; k++) {
                            long now = t + k * stepMs * MS;
                            assertTrue(f.endpoint.nextTimeout() <= now, "still due, so the host calls again");
                            f.serverSentTo.clear();
                            f.endpoint.tick(now);
                            List<SocketAddress> got = f.serverSentTo;
                            assertTrue(got.size() <= budget, got.size() + " > budget " + budget);
                            assertEquals(got.size(), new HashSet<>(got).size(), "one connection ticked twice");
                            for (SocketAddress a : got) {
                                // earliest first: a later deadline only once every due one is served
                                assertTrue(due.contains(a) || waiting.isEmpty(), "a later one jumped the queue");
                                waiting.remove(a);
                                ticked.merge(a, 1, Integer::sum);
                            }
                        }
                        assertEquals(Set.of(), waiting, "starved after " + calls + " calls");
                        for (SocketAddress a : due) {
                            assertEquals(1, ticked.get(a));
                        }
                    } catch (ConnectionException e) {
                        throw new AssertionError(e);
                    }
                });
    }
}
