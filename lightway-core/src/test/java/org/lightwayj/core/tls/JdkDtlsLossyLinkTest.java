package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JDK engine is fully host-clock driven, so its lossy-link handshakes run on a virtual clock that
 * jumps straight to the next deadline: deterministic per seed, no waiting at all. Loss and duplication
 * only: with reordering, SunJSSE 17.0.15's DTLS client failed 3 of 6 seeds with "The Finished message
 * cannot be verified" (see docs/tls.md, known gaps), which is why the Bouncy Castle engine stays the
 * default.
 */
class JdkDtlsLossyLinkTest {

    @ParameterizedTest(name = "seed {0}, loss {1}")
    @CsvSource({"11,0.10", "12,0.20", "13,0.30", "14,0.30", "15,0.30", "16,0.95"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void completesOrTimesOutOnAVirtualClock(long seed, double loss) throws Exception {
        Random rnd = new Random(seed);
        TestPki p = TestPki.ec();
        long now = 0;
        TlsEngine c = TlsEngines.jdkDtlsClient(p.client().build(), now);
        TlsEngine s = TlsEngines.jdkDtlsServer(p.server().build(), now);
        List<ByteBuf> toServer = new ArrayList<>();
        List<ByteBuf> toClient = new ArrayList<>();
        try {
            for (int step = 0; step < 10_000 && !done(c, s); step++) {
                collect(c, toServer, rnd, loss);
                collect(s, toClient, rnd, loss);
                if (toServer.isEmpty() && toClient.isEmpty()) {
                    now = Math.max(now, Math.min(c.nextTimeout(), s.nextTimeout()));
                    c.tick(now);
                    s.tick(now);
                    continue;
                }
                deliver(toServer, s, now);
                deliver(toClient, c, now);
            }
            assertTrue(done(c, s), "neither completed nor timed out");
            if (c.state() == TlsState.ESTABLISHED && s.state() == TlsState.ESTABLISHED) {
                Pump.seal(c, "ping");
                Pump.pump(c, s);
                assertEquals(List.of("ping"), Pump.plaintexts(s));
            } else {
                for (TlsEngine e : new TlsEngine[] {c, s}) {
                    if (e.state() == TlsState.FAILED) {
                        assertEquals(TlsException.Reason.HANDSHAKE_TIMEOUT, e.failure().reason(), (e == c ? "client " : "server ") + e.failure());
                    }
                }
            }
        } finally {
            Pump.releaseAll(toServer);
            Pump.releaseAll(toClient);
            c.close();
            s.close();
        }
    }

    private static boolean done(TlsEngine c, TlsEngine s) {
        return c.state() == TlsState.FAILED || s.state() == TlsState.FAILED
                || (c.state() != TlsState.HANDSHAKING && s.state() != TlsState.HANDSHAKING);
    }

    private static void collect(TlsEngine from, List<ByteBuf> link, Random rnd, double loss) {
        for (ByteBuf b; (b = from.pollOutbound()) != null;) {
            if (rnd.nextDouble() < loss) {
                b.release();
                continue;
            }
            if (rnd.nextDouble() < 0.1) { // duplicate
                link.add(b.copy());
            }
            link.add(b);
        }
    }

    private static void deliver(List<ByteBuf> link, TlsEngine to, long now) {
        List<ByteBuf> batch = new ArrayList<>(link);
        link.clear();
        for (ByteBuf b : batch) {
            try {
                to.receive(b, now);
            } finally {
                b.release();
            }
        }
    }
}
