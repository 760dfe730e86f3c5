package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.testing.AllocationCounter;

/**
 * The pre-Bouncy-Castle DTLS 1.2 handshake fragment filter ({@link DtlsHandshakeGuard} in
 * {@link DtlsEngine}): BC 1.84 allocates from a fragment's unchecked declared length and reassembles
 * interleaved fragments at quadratic cost. Attack datagrams go to real BC client and server engines
 * mid-handshake; allocation is measured on the host thread and on the handshake task's thread.
 */
class DtlsHandshakeGuardTest {
    /** Per datagram, host thread plus handshake thread: far below the 16 MiB BC would allocate. */
    private static final long MAX_BYTES_PER_DATAGRAM = 256 * 1024;

    /** An executor whose (single) handshake thread the test can see. */
    private static final class Tasks implements AutoCloseable {
        volatile Thread thread;
        final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dtls-handshake");
            t.setDaemon(true);
            thread = t;
            return t;
        });

        @Override
        public void close() throws InterruptedException {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    /** One epoch-0 handshake record holding one fragment. */
    private static void fragment(ByteBuf out, long recordSeq, int type, int length, int messageSeq, int fragOff,
            int fragLen) {
        out.writeByte(22).writeShort(0xFEFD).writeShort(0);
        out.writeShort((int) (recordSeq >>> 32)).writeInt((int) recordSeq);
        out.writeShort(12 + fragLen);
        out.writeByte(type).writeMedium(length).writeShort(messageSeq).writeMedium(fragOff).writeMedium(fragLen);
        out.writeZero(fragLen);
    }

    /** Host-thread plus handshake-thread bytes allocated while {@code engine} processes {@code d}. */
    private static long allocatedReceiving(TlsEngine engine, ByteBuf d, Tasks tasks) {
        Thread hs = tasks.thread;
        long before = AllocationCounter.allocatedBytes() + AllocationCounter.allocatedBytes(hs);
        engine.receive(d, System.nanoTime());
        return AllocationCounter.allocatedBytes() + AllocationCounter.allocatedBytes(hs) - before;
    }

    /** A BC DTLS 1.2 server engine mid-handshake (its first flight sent, waiting for the client's). */
    private static TlsEngine serverMidHandshake(TestPki pki, Tasks tasks) {
        TlsServerConfig sc = pki.server().build();
        DtlsCookieVerifier v = new DtlsCookieVerifier(sc);
        try (Tasks clientTasks = new Tasks();
                TlsEngine client = TlsEngines.dtls12Client(pki.client().build(), clientTasks.pool, System.nanoTime())) {
            long now = System.nanoTime();
            List<ByteBuf> hvr = new ArrayList<>();
            ByteBuf ch1 = client.pollOutbound();
            assertNull(v.verify(DtlsPair.CLIENT_ADDR, ch1, hvr::add, now));
            ch1.release();
            client.receive(hvr.get(0), now);
            hvr.get(0).release();
            ByteBuf ch2 = client.pollOutbound();
            DtlsCookieVerifier.Request r = v.verify(DtlsPair.CLIENT_ADDR, ch2, hvr::add, now);
            ch2.release();
            assertNotNull(r);
            TlsEngine server = TlsEngines.dtlsServer(sc, r, tasks.pool, now);
            Pump.releaseAll(Pump.drain(server));
            return server;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static TlsEngine clientMidHandshake(TestPki pki, Tasks tasks) {
        TlsEngine client = TlsEngines.dtls12Client(pki.client().build(), tasks.pool, System.nanoTime());
        Pump.releaseAll(Pump.drain(client)); // ClientHello1 "sent"; waiting for HelloVerifyRequest/ServerHello
        return client;
    }

    @Test
    void hugeDeclaredLengthIsDroppedBeforeBouncyCastleAllocates() throws Exception {
        assumeTrue(AllocationCounter.setUp());
        TestPki pki = TestPki.ec();
        try (Tasks serverTasks = new Tasks(); Tasks clientTasks = new Tasks()) {
            TlsEngine server = serverMidHandshake(pki, serverTasks);
            TlsEngine client = clientMidHandshake(pki, clientTasks);
            // Server: a "Certificate" fragment for the next message_seq it expects (2) declaring 16 MiB.
            // Client: a "ServerHello" for message_seq 0. Several of each, for distinct message_seqs too.
            Object[][] cases = {{server, serverTasks, 2, 11}, {client, clientTasks, 0, 2}};
            for (Object[] c : cases) {
                TlsEngine e = (TlsEngine) c[0];
                long droppedBefore = e.droppedRecords();
                for (int i = 0; i < 8; i++) {
                    ByteBuf d = Unpooled.buffer();
                    fragment(d, 10 + i, (int) c[3], 0xFFFFFF, (int) c[2] + (i & 3), 0, 1);
                    long bytes = allocatedReceiving(e, d, (Tasks) c[1]);
                    d.release();
                    assertTrue(bytes < MAX_BYTES_PER_DATAGRAM, "allocated " + bytes + " bytes for one datagram");
                }
                assertEquals(TlsState.HANDSHAKING, e.state());
                assertEquals(droppedBefore + 8, e.droppedRecords());
                DtlsHandshakeGuard g = ((DtlsEngine) e).handshakeGuard();
                assertEquals(8, g.refused());
                assertEquals(0, g.fragmentsAdmitted((int) c[2]));
            }
            server.close();
            client.close();
        }
    }

    @Test
    void tenThousandInterleavedOneByteFragmentsAreCapped() throws Exception {
        assumeTrue(AllocationCounter.setUp());
        TestPki pki = TestPki.ec();
        try (Tasks serverTasks = new Tasks(); Tasks clientTasks = new Tasks()) {
            TlsEngine server = serverMidHandshake(pki, serverTasks);
            TlsEngine client = clientMidHandshake(pki, clientTasks);
            Object[][] cases = {{server, serverTasks, 2}, {client, clientTasks, 0}};
            for (Object[] c : cases) {
                TlsEngine e = (TlsEngine) c[0];
                int seq = (int) c[2];
                long droppedBefore = e.droppedRecords();
                int fragments = 10_000;
                int perDatagram = 50; // 50 records of 26 bytes: 1300 bytes
                long maxBytes = 0;
                for (int i = 0; i < fragments;) {
                    ByteBuf d = Unpooled.buffer(perDatagram * 26);
                    for (int k = 0; k < perDatagram && i < fragments; k++, i++) {
                        // Every other byte of a 20,000-byte message: each fragment opens a new gap.
                        fragment(d, 100 + i, 11, 2 * fragments, seq, 2 * i, 1);
                    }
                    maxBytes = Math.max(maxBytes, allocatedReceiving(e, d, (Tasks) c[1]));
                    d.release();
                }
                DtlsHandshakeGuard g = ((DtlsEngine) e).handshakeGuard();
                // The work BC can be made to do: at most 64 distinct fragments (gaps) for the message.
                assertEquals(DtlsHandshakeGuard.MAX_FRAGMENTS_PER_MESSAGE, g.fragmentsAdmitted(seq));
                assertEquals(fragments - DtlsHandshakeGuard.MAX_FRAGMENTS_PER_MESSAGE,
                        e.droppedRecords() - droppedBefore);
                assertTrue(maxBytes < MAX_BYTES_PER_DATAGRAM, "allocated up to " + maxBytes + " bytes per datagram");
                assertEquals(TlsState.HANDSHAKING, e.state());
                // Exact repeats of admitted fragments (retransmissions) still pass and cost no budget.
                ByteBuf d = Unpooled.buffer();
                fragment(d, 50_000, 11, 2 * fragments, seq, 0, 1);
                long dropped = e.droppedRecords();
                e.receive(d, System.nanoTime());
                d.release();
                assertEquals(dropped, e.droppedRecords());
                // Other message_seqs draw on the shared per-flight budget, which also ends.
                int more = 0;
                for (int s = seq + 1; s < DtlsHandshakeGuard.MAX_MESSAGE_SEQ; s++) {
                    for (int i = 0; i < DtlsHandshakeGuard.MAX_FRAGMENTS_PER_MESSAGE; i++) {
                        ByteBuf b = Unpooled.buffer();
                        fragment(b, 60_000 + more, 11, 1000, s, 2 * i, 1);
                        e.receive(b, System.nanoTime());
                        b.release();
                        more++;
                    }
                }
                assertEquals(DtlsHandshakeGuard.MAX_FRAGMENTS_PER_FLIGHT, g.fragmentsAdmitted());
            }
            server.close();
            client.close();
        }
    }

    @Test
    void guardRefusesMalformedAndOutOfRangeFragments() {
        DtlsHandshakeGuard g = new DtlsHandshakeGuard(32 * 1024);
        ByteBuf b = Unpooled.buffer();
        b.writeByte(11).writeMedium(100).writeShort(2).writeMedium(90).writeMedium(20).writeZero(20);
        assertEquals(DtlsHandshakeGuard.Reason.OUTSIDE_MESSAGE, g.check(b, 0, b.readableBytes()));
        b.clear().writeByte(11).writeMedium(100).writeShort(2).writeMedium(0).writeMedium(20).writeZero(19);
        assertEquals(DtlsHandshakeGuard.Reason.MALFORMED, g.check(b, 0, b.readableBytes()));
        b.clear().writeByte(11).writeMedium(32 * 1024 + 1).writeShort(2).writeMedium(0).writeMedium(1).writeZero(1);
        assertEquals(DtlsHandshakeGuard.Reason.TOO_LONG, g.check(b, 0, b.readableBytes()));
        b.clear().writeByte(11).writeMedium(100).writeShort(40).writeMedium(0).writeMedium(1).writeZero(1);
        assertEquals(DtlsHandshakeGuard.Reason.MESSAGE_SEQ, g.check(b, 0, b.readableBytes()));
        b.clear().writeByte(11).writeMedium(100).writeShort(2).writeMedium(0).writeMedium(1).writeZero(1)
                .writeByte(11).writeMedium(100).writeShort(2).writeMedium(1).writeMedium(99).writeZero(99);
        assertNull(g.check(b, 0, b.readableBytes()), "two fragments in one record");
        assertEquals(2, g.fragmentsAdmitted(2));
        assertEquals(4, g.refused());
        b.release();
    }

    @Test
    void fragmentedHandshakeAtSmallMtuStillCompletes() throws Exception {
        TestPki pki = TestPki.rsa(); // a larger certificate flight
        try (DtlsPair pair = new DtlsPair(pki.client().datagramMtu(256).build(), pki.server().datagramMtu(256).build())) {
            pair.pump();
            assertEquals(TlsState.ESTABLISHED, pair.client.state());
            assertEquals(TlsState.ESTABLISHED, pair.server.state());
            DtlsHandshakeGuard g = ((DtlsEngine) pair.client).handshakeGuard();
            assertTrue(g.fragmentsAdmitted(2) >= 4, "the server's Certificate came in "
                    + g.fragmentsAdmitted(2) + " fragments");
            assertEquals(0, g.refused());
            assertEquals(0, pair.client.droppedRecords());
            assertEquals(0, pair.server.droppedRecords());
            assertEquals(0, ((DtlsEngine) pair.server).handshakeGuard().refused());
        }
    }
}
