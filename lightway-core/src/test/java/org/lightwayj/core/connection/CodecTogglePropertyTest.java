package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Issue 6 property: random interleavings of setEncoding(true/false), inside packets both ways and
 * time steps, over a link that loses up to 30 % of the ToggleEncoding frames (kinds 18 and 19). Both
 * sides end in the state of the last acknowledged request, every inside packet arrives exactly once
 * (the link drops no data frames here), and no packet waits in an encoder past its flush deadline
 * plus one tick.
 */
class CodecTogglePropertyTest {

    static final long MS = Harness.MS;

    record Op(int kind, int arg) {
    }

    static Gen<Op> op() {
        return integers().between(0, 99).zip(integers().between(0, 1500), Op::new);
    }

    private static int lastAckedRuns;
    private static int requests;

    @Test
    void toggleInterleavingsOverLossyControlFrames() {
        lastAckedRuns = 0;
        requests = 0;
        qt().withExamples(300)
                .forAll(longs().all(), integers().between(0, 30), integers().between(1, 5),
                        lists().of(op()).ofSizeBetween(1, 80))
                .checkAssert((seed, lossPct, n, ops) -> run(seed, lossPct / 100.0, n, ops));
        assertTrue(lastAckedRuns > 50, "most runs end with an acknowledged request: " + lastAckedRuns);
        assertTrue(requests > 200, "requests exercised: " + requests);
    }

    private static void run(long seed, double loss, int n, List<Op> ops) {
        long flushDelay = (1 + Math.floorMod(seed, 20)) * MS;
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(n, flushDelay);
        TestCodecs.RotateFactory sf = TestCodecs.RotateFactory.accumulating(n, flushDelay);
        try (Harness h = CodecConnectionTest.codecHarness(seed, cf, sf, true, b -> { })) {
            h.c2s.loss(loss).lossKinds = k -> k == 18 || k == 19;
            h.s2c.loss(loss).lossKinds = k -> k == 18 || k == 19;
            h.online();
            Connection s = h.server();
            long c2s = 0;
            long s2c = 1L << 40;
            Boolean lastRequested = null;
            int eventsAtLastRequest = 0;
            for (Op op : ops) {
                int k = op.kind();
                if (k < 16) {
                    lastRequested = k < 8;
                    eventsAtLastRequest = h.clientSide.events.size();
                    h.client.setEncoding(lastRequested, h.now);
                    requests++;
                } else if (k < 50) {
                    h.client.insidePacketReceived(h.packet(c2s++, 20 + op.arg() % 1300), h.now);
                } else if (k < 75) {
                    s.insidePacketReceived(h.packet(s2c++, 20 + op.arg() % 1300), h.now);
                } else if (k < 92) {
                    h.runFor((op.arg() % 21) * MS);
                } else {
                    h.runFor(op.arg() * MS);
                }
            }
            h.runFor(15_000 * MS); // every request answered or abandoned, every flush deadline passed
            assertEquals(ConnectionState.ONLINE, h.client.state());
            assertEquals(ConnectionState.ONLINE, s.state());

            Boolean lastAcked = null;
            boolean ackedAfterLastRequest = false;
            for (int i = 0; i < h.clientSide.events.size(); i++) {
                if (h.clientSide.events.get(i) instanceof ConnectionEvent.EncodingStateChanged e) {
                    lastAcked = e.enabled();
                    ackedAfterLastRequest = i >= eventsAtLastRequest;
                }
            }
            assertEquals(lastAcked != null && lastAcked, h.client.isEncodingEnabled(),
                    "the client is in the state of the last answer it accepted");
            if (lastRequested != null && ackedAfterLastRequest) {
                lastAckedRuns++;
                assertEquals(lastRequested, h.client.isEncodingEnabled());
                assertEquals(lastRequested, s.isEncodingEnabled(), "the server applied the acknowledged request");
            } else if (lastRequested == null) {
                assertEquals(false, s.isEncodingEnabled());
            }
            CodecConnectionTest.exactlyOnce(h.serverSide.inside, 0, c2s, "client→server");
            CodecConnectionTest.exactlyOnce(h.clientSide.inside, 1L << 40, s2c - (1L << 40), "server→client");
            assertTrue(cf.maxLateNanos <= MS, "client encoder held a packet past its deadline: " + cf.maxLateNanos);
            assertTrue(sf.maxLateNanos <= MS, "server encoder held a packet past its deadline: " + sf.maxLateNanos);
            assertEquals(cf.encoded, sf.decoded);
            assertEquals(sf.encoded, cf.decoded);
        } catch (ConnectionException e) {
            throw new AssertionError(e);
        }
    }
}
