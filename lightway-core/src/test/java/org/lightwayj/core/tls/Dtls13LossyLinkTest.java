package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.testing.AllocationCounter;

/**
 * Properties of the DTLS 1.3 engine over links that lose, duplicate and reorder datagrams: the
 * handshake completes or fails by its timeout (never hangs, never fails otherwise), no record is
 * delivered twice, nothing is delivered that was not sent, and no thread is ever started.
 */
class Dtls13LossyLinkTest {

    @Test
    void handshakeCompletesOrTimesOutAndRecordsArriveAtMostOnce() throws Exception {
        TlsClientConfig cc = TestPki.ec().client().dtlsVersions(DtlsVersion.DTLS_1_3).handshakeResendMillis(50)
                .handshakeTimeout(Duration.ofSeconds(20)).groups(KeyExchangeGroup.X25519, KeyExchangeGroup.SECP256R1)
                .build();
        TlsServerConfig sc = TestPki.ec().server().dtlsVersions(DtlsVersion.DTLS_1_3).handshakeResendMillis(50)
                .handshakeTimeout(Duration.ofSeconds(20)).build();
        long threadsBefore = AllocationCounter.startedThreads();
        int[] completed = {0};
        qt().withExamples(60).forAll(longs().all(), integers().between(0, 40), integers().between(0, 30),
                integers().between(0, 50)).checkAssert((seed, lossPct, dupPct, reorderPct) -> {
                    try (Dtls13Harness h = new Dtls13Harness(cc, sc, seed, 2_000_000L)) {
                        h.lossy(lossPct / 100.0, dupPct / 100.0, reorderPct / 100.0);
                        boolean ok = h.handshake(20_000);
                        if (!ok) {
                            TlsEngine failed = h.client.state() == TlsState.FAILED ? h.client : h.server;
                            assertTrue(failed != null && failed.state() == TlsState.FAILED,
                                    "an unfinished handshake ends by failing");
                            assertEquals(TlsException.Reason.HANDSHAKE_TIMEOUT, failed.failure().reason(),
                                    "only by timeout: " + failed.failure());
                            return;
                        }
                        completed[0]++;
                        Set<String> sent = new HashSet<>();
                        for (int i = 0; i < 40; i++) {
                            String c = "c" + i;
                            String s = "s" + i;
                            Dtls13Harness.seal(h.client, c.getBytes(), h.now);
                            Dtls13Harness.seal(h.server, s.getBytes(), h.now);
                            sent.add(c);
                            sent.add(s);
                            h.settle(1_000_000L);
                        }
                        h.settle(100_000_000L);
                        Set<String> seen = new HashSet<>();
                        for (ByteBuf b : h.serverPlain) {
                            String t = new String(ByteBufUtil.getBytes(b));
                            assertTrue(t.startsWith("c") && sent.contains(t), "server got what the client sent");
                            assertTrue(seen.add(t), "delivered once: " + t);
                        }
                        for (ByteBuf b : h.clientPlain) {
                            String t = new String(ByteBufUtil.getBytes(b));
                            assertTrue(t.startsWith("s") && sent.contains(t), "client got what the server sent");
                            assertTrue(seen.add(t), "delivered once: " + t);
                        }
                        if (lossPct == 0 && dupPct == 0 && reorderPct == 0) {
                            assertEquals(80, seen.size(), "a perfect link loses nothing");
                        }
                        assertEquals(TlsState.ESTABLISHED, h.client.state());
                        assertEquals(TlsState.ESTABLISHED, h.server.state());
                    } catch (TlsException e) {
                        throw new AssertionError(e);
                    }
                });
        assertTrue(completed[0] > 30, "most links complete the handshake: " + completed[0]);
        assertEquals(threadsBefore, AllocationCounter.startedThreads(),
                "the DTLS 1.3 engine started no thread");
    }
}
