package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DTLS handshakes over a lossy, reordering, duplicating in-memory link. BC retransmits on the wall
 * clock, so the host clock here is the real monotonic clock and the resend time is a few milliseconds
 * (config, not sleeps). The test only parks until the earliest engine deadline or delivery time.
 */
class DtlsLossyLinkTest {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DtlsLossyLinkTest.class);

    private static final class InFlight {
        final ByteBuf datagram;
        final boolean toServer;
        final long deliverAt;

        InFlight(ByteBuf datagram, boolean toServer, long deliverAt) {
            this.datagram = datagram;
            this.toServer = toServer;
            this.deliverAt = deliverAt;
        }
    }

    @ParameterizedTest(name = "seed {0}, loss {1}")
    @CsvSource({"1,0.10", "2,0.20", "3,0.30", "4,0.30", "5,0.30", "6,0.30", "7,0.90"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void completesOrTimesOutCleanly(long seed, double loss) throws Exception {
        Random rnd = new Random(seed);
        TestPki p = TestPki.ec();
        Duration timeout = Duration.ofSeconds(3);
        DtlsPair pair = new DtlsPair(p.client().handshakeResendMillis(5).handshakeTimeout(timeout).build(),
                p.server().handshakeResendMillis(5).handshakeTimeout(timeout).build());
        List<InFlight> link = new ArrayList<>();
        long wallLimit = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int delivered = 0;
        try {
            while (!done(pair) && System.nanoTime() < wallLimit) {
                long now = System.nanoTime();
                transmit(pair.client, true, link, rnd, loss, now);
                if (pair.server != null) {
                    transmit(pair.server, false, link, rnd, loss, now);
                }
                link.sort(Comparator.comparingLong(f -> f.deliverAt));
                boolean progressed = false;
                for (Iterator<InFlight> it = link.iterator(); it.hasNext();) {
                    InFlight f = it.next();
                    if (f.deliverAt > now) {
                        break;
                    }
                    it.remove();
                    try {
                        if (f.toServer) {
                            pair.toServer(f.datagram, now);
                        } else {
                            pair.client.receive(f.datagram, now);
                        }
                    } finally {
                        f.datagram.release();
                    }
                    delivered++;
                    progressed = true;
                }
                pair.client.tick(now);
                if (pair.server != null) {
                    pair.server.tick(now);
                }
                if (!progressed) {
                    long next = pair.client.nextTimeout();
                    if (pair.server != null) {
                        next = Math.min(next, pair.server.nextTimeout());
                    }
                    if (!link.isEmpty()) {
                        next = Math.min(next, link.get(0).deliverAt);
                    }
                    long wait = Math.min(next - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(20));
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // the host's timer wait, bounded by the engines' deadlines
                    }
                }
            }
            LOG.info("seed {} loss {}: client {} server {} after {} datagrams", seed, loss, pair.client.state(),
                    pair.server == null ? null : pair.server.state(), delivered);
            assertTrue(done(pair), "neither completed nor timed out");
            
            if (pair.client.state() == TlsState.ESTABLISHED && pair.server != null
                    && pair.server.state() == TlsState.ESTABLISHED) {
                DtlsEngineTest.assertRoundTrip(pair, "lossy " + seed);
            } else {
                for (TlsEngine e : new TlsEngine[] {pair.client, pair.server}) {
                    if (e != null && e.state() == TlsState.FAILED) {
                        assertEquals(TlsException.Reason.HANDSHAKE_TIMEOUT, e.failure().reason(),
                                e.failure().toString());
                    }
                }
            }
        } finally {
            for (InFlight f : link) {
                f.datagram.release();
            }
            assertTrue(pair.closeAndCheckIdle(), "handshake task leaked");
        }
    }

    private static boolean done(DtlsPair pair) {
        boolean clientDone = pair.client.state() != TlsState.HANDSHAKING;
        boolean serverDone = pair.server != null && pair.server.state() != TlsState.HANDSHAKING;
        if (pair.client.state() == TlsState.FAILED || (pair.server != null && pair.server.state() == TlsState.FAILED)) {
            return true;
        }
        return clientDone && serverDone;
    }

    private static void transmit(TlsEngine from, boolean toServer, List<InFlight> link, Random rnd, double loss,
            long now) {
        for (ByteBuf b; (b = from.pollOutbound()) != null;) {
            if (rnd.nextDouble() < loss) {
                b.release();
                continue;
            }
            if (rnd.nextDouble() < 0.1) { // duplicate
                link.add(new InFlight(b.copy(), toServer, now + rnd.nextInt(3_000_000)));
            }
            // Random delay of 0-2 ms reorders datagrams.
            link.add(new InFlight(b, toServer, now + rnd.nextInt(2_000_000)));
        }
    }
}
