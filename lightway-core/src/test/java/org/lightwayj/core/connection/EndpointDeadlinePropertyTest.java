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
 * The deadline bookkeeping holds by construction: after any public entry point a host calls directly on
 * a server connection (not through its {@link UdpServerEndpoint}), in any order and also when the call
 * throws, {@link UdpServerEndpoint#nextTimeout()} equals the minimum over the endpoint's connections.
 * Every entry point re-publishes its deadline on the way out; one that forgot would leave the endpoint's
 * heap stale, and the endpoint would tick late.
 */
class EndpointDeadlinePropertyTest {
    private static final long MS = Harness.MS;

    record Op(int kind, int arg) {
    }

    static Gen<Op> op() {
        return integers().between(0, 99).zip(integers().between(0, 1500), Op::new);
    }

    private static int directCalls;

    @Test
    void everyDirectEntryPointKeepsTheEndpointDeadlineExact() {
        directCalls = 0;
        qt().withExamples(150)
                .forAll(longs().all(), lists().of(op()).ofSizeBetween(1, 60))
                .checkAssert(EndpointDeadlinePropertyTest::run);
        assertTrue(directCalls > 2000, "direct calls exercised: " + directCalls);
    }

    private static void run(long seed, List<Op> ops) {
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(4, 5 * MS);
        TestCodecs.RotateFactory sf = TestCodecs.RotateFactory.accumulating(4, 5 * MS);
        try (Harness h = CodecConnectionTest.codecHarness(seed, cf, sf, true, b -> { })) {
            h.online();
            long seq = 0;
            for (Op op : ops) {
                Connection s = h.server();
                if (s == null) {
                    break; // disconnected: the endpoint forgot it
                }
                int k = op.kind();
                try {
                    if (k < 20) {
                        s.insidePacketReceived(h.packet(seq++, 20 + op.arg() % 1300), h.now);
                    } else if (k < 30) {
                        s.keepalive(h.now);
                    } else if (k < 40) {
                        s.tick(h.now);
                    } else if (k < 48) {
                        s.flushEncoder(h.now);
                    } else if (k < 56) {
                        s.cleanupDecoder(h.now);
                    } else if (k < 62) {
                        s.rotateSessionId(h.now);
                    } else if (k < 66) {
                        s.setEncoding(op.arg() % 2 == 0, h.now); // a server may not: throws
                    } else if (k < 68) {
                        s.outsideWritable(h.now); // UDP: nothing to do
                    } else if (k < 69) {
                        s.disconnect(h.now);
                    } else if (k < 80) {
                        h.client.setEncoding(op.arg() % 2 == 0, h.now);
                        continue;
                    } else if (k < 90) {
                        h.client.insidePacketReceived(h.packet(1L << 40 | seq++, 20 + op.arg() % 1300), h.now);
                        continue;
                    } else {
                        h.runFor((op.arg() % 50) * MS); // delivery both ways, endpoint and client ticks
                        continue;
                    }
                } catch (ConnectionException e) {
                    // refused calls (wrong state, server-side setEncoding…) must keep the heap exact too
                }
                directCalls++;
                assertEquals(bruteMin(h.endpoint), h.endpoint.nextTimeout(), "after op " + k + " (" + op + ")");
            }
        } catch (ConnectionException e) {
            throw new AssertionError(e);
        }
    }

    private static long bruteMin(UdpServerEndpoint endpoint) {
        long min = Long.MAX_VALUE;
        for (Connection c : endpoint.connections()) {
            min = Math.min(min, c.nextTimeout());
        }
        return min;
    }
}
