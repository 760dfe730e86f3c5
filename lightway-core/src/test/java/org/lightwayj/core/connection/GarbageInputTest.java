package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.SessionId;

/**
 * Garbage datagrams / stream bytes, in every state of both sides: the API never throws, and the state
 * changes only as spec §4.9 allows (to DISCONNECTED with an error that is fatal for the transport).
 */
class GarbageInputTest {

    /** Where the pair is when the garbage arrives. */
    enum Phase { CONNECTING, AUTHENTICATING, ONLINE, DISCONNECTED }

    /** What the garbage looks like. */
    enum Kind {
        /** Random bytes. */
        RANDOM,
        /** A valid Lightway header (UDP) followed by random bytes. */
        HEADER_THEN_RANDOM,
        /** A record the (test) engine authenticates, carrying random frame bytes. */
        AUTHENTICATED_RANDOM_FRAMES,
        /** An authenticated record with a plausible frame kind byte and a random body. */
        AUTHENTICATED_KIND_THEN_RANDOM
    }

    @Test
    void garbageNeverThrowsAndOnlyFatalErrorsChangeState() {
        // The case index encodes transport (2) × phase (4) × kind (4) × side (2).
        qt().withExamples(1000).forAll(longs().all(), integers().between(0, 63))
                .checkAssert((seed, c) -> run(seed, Transport.values()[c % 2], Phase.values()[c / 2 % 4],
                        Kind.values()[c / 8 % 4], c / 32 == 1));
    }

    private static void run(long seed, Transport t, Phase phase, Kind kind, boolean toServer) {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Harness h = new Harness(t, seed)) {
            try {
                h.start(ConnectionExamplesTest.GOOD);
            } catch (ConnectionException e) {
                throw new AssertionError(e);
            }
            Connection disconnected = null;
            switch (phase) {
                case CONNECTING:
                    if (toServer && t == Transport.UDP) {
                        // The server connection exists once the first hello arrived; stop there.
                        h.s2c.blackHole(true);
                        h.runUntil(() -> h.server() != null, 1_000_000_000L);
                    }
                    break;
                case AUTHENTICATING:
                    h.runUntil(() -> h.client.state() == ConnectionState.AUTHENTICATING, 10_000_000_000L);
                    h.c2s.blackHole(true);
                    break;
                case ONLINE:
                    h.online();
                    break;
                default:
                    h.online();
                    disconnected = toServer ? h.server() : h.client;
                    try {
                        disconnected.disconnect(h.now);
                    } catch (ConnectionException e) {
                        throw new AssertionError(e);
                    }
                    break;
            }
            Connection target = disconnected != null ? disconnected : toServer ? h.server() : h.client;
            if (target == null) {
                target = h.client;
                toServer = false;
            }
            ConnectionState before = target.state();
            int n = 1 + rnd.nextInt(5);
            for (int i = 0; i < n && target.state() != ConnectionState.DISCONNECTED; i++) {
                ByteBuf g = garbage(rnd, t, kind, target, h);
                if (toServer && disconnected == null) {
                    h.injectToServer(g);
                } else {
                    target.outsideDataReceived(g, h.now);
                }
            }
            ConnectionState after = target.state();
            if (after != before) {
                assertEquals(ConnectionState.DISCONNECTED, after, "only a fatal error may change the state");
                ConnectionException cause = target.closeReason();
                assertNotNull(cause);
                assertTrue(cause.isFatal(t), cause.toString());
                assertTrue(kind != Kind.RANDOM || t == Transport.TCP, "random datagrams never reach frames: " + cause);
            } else if (after == ConnectionState.ONLINE && t == Transport.UDP) {
                // Still works: a packet from the other side arrives. (On TCP garbage corrupts the stream
                // itself; a real TLS engine fails on the next record.)
                Connection other = toServer ? h.client : h.server();
                try {
                    other.insidePacketReceived(h.packet(77, 80), h.now);
                } catch (ConnectionException e) {
                    throw new AssertionError(e);
                }
                h.c2s.blackHole(false);
                h.runFor(2_000_000_000L);
                if (target.state() == ConnectionState.ONLINE) {
                    Harness.Side side = toServer ? h.serverSide : h.clientSide;
                    assertTrue(side.inside.stream().anyMatch(p -> Harness.packetId(p) == 77));
                }
            }
        }
    }

    private static ByteBuf garbage(SplittableRandom rnd, Transport t, Kind kind, Connection target, Harness h) {
        ByteBuf b = h.alloc.buffer();
        byte[] random = new byte[rnd.nextInt(101)];
        rnd.nextBytes(random);
        if (kind == Kind.RANDOM) {
            return b.writeBytes(random);
        }
        if (t == Transport.UDP) {
            Harness ignored = h;
            b.writeByte('H').writeByte('e').writeByte(1).writeByte(target.isClient() ? 3 : target.version().minor())
                    .writeByte(0).writeByte(0).writeShort(0);
            long sid = target.isClient() ? target.sessionId().value() : target.sessionId().value();
            b.writeLong(rnd.nextInt(4) == 0 ? SessionId.EMPTY.value() : sid);
        }
        if (kind == Kind.HEADER_THEN_RANDOM) {
            return b.writeBytes(random);
        }
        if (kind == Kind.AUTHENTICATED_KIND_THEN_RANDOM && random.length > 0) {
            random[0] = (byte) rnd.nextInt(22);
        }
        long seq = (1L << 40) + rnd.nextLong(1L << 40);
        if (t == Transport.UDP) {
            PlainTestEngine.writeRecord(b, seq, random);
        } else {
            PlainTestEngine.writeStreamRecord(b, seq, random);
        }
        return b;
    }
}
