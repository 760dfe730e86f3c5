package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Jazzer fuzz target for the DTLS 1.2 engine (Bouncy Castle behind Lightway's record guard): forged
 * datagrams at an established client or server. Only the public {@link TlsEngine} and
 * {@link DtlsAdmission} APIs are used, so the target stays valid whatever the guard looks like.
 *
 * <p>Found here and fixed: a genuine record <em>behind</em> forged records in the same datagram came
 * out one datagram late (Bouncy Castle's receive re-reads the wall clock after a failed record and gave
 * up with it still queued); {@code Dtls12ForgedThenGenuineTest} pins the fix down.
 *
 * <p>In a normal build this runs in regression mode (an empty input plus the seeds under
 * {@code src/test/resources/org/lightwayj/core/tls/Dtls12EngineFuzzTestInputs/established/}). To fuzz
 * for real:
 * <pre>
 * mvn -B -ntp -Pfuzz -pl lightway-core -am test -Dtest=Dtls12EngineFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The seeds are written by {@link #writeSeeds()} ({@code -Dfuzz.writeSeeds=true}).
 */
class Dtls12EngineFuzzTest {
    private static final TlsClientConfig CLIENT;
    private static final TlsServerConfig SERVER;
    private static final InetSocketAddress CLIENT_ADDR = new InetSocketAddress("192.0.2.7", 40000);
    private static final long NOW = 5_000_000_000L;
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dtls12-fuzz-handshake");
        t.setDaemon(true);
        return t;
    });

    static {
        try {
            TestPki pki = TestPki.ec();
            CLIENT = pki.client().build();
            SERVER = pki.server().dtlsVersions(DtlsVersion.DTLS_1_2).build();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A DTLS 1.2 client and a server admitted through {@link DtlsAdmission}, on a lossless link. */
    static final class Pair implements AutoCloseable {
        final TlsEngine client = TlsEngines.dtls12Client(CLIENT, EXECUTOR, NOW);
        final DtlsAdmission admission = new DtlsAdmission(SERVER);
        TlsEngine server;
        final List<byte[]> clientPlain = new ArrayList<>();
        final List<byte[]> serverPlain = new ArrayList<>();
        long now = NOW;

        /** Moves datagrams both ways until quiet; returns how many moved. */
        int pump() throws TlsException {
            int total = 0;
            for (int round = 0; round < 200; round++) {
                int moved = 0;
                for (ByteBuf b; (b = client.pollOutbound()) != null; moved++) {
                    try {
                        toServer(b);
                    } finally {
                        b.release();
                    }
                }
                if (server != null) {
                    for (ByteBuf b; (b = server.pollOutbound()) != null; moved++) {
                        try {
                            client.receive(b, now);
                        } finally {
                            b.release();
                        }
                    }
                }
                collect();
                total += moved;
                if (moved == 0) {
                    break;
                }
            }
            return total;
        }

        void toServer(ByteBuf d) throws TlsException {
            if (server != null) {
                server.receive(d, now);
                return;
            }
            List<ByteBuf> replies = new ArrayList<>();
            DtlsAdmission.Ticket t = admission.admit(CLIENT_ADDR, d, replies::add, now);
            for (ByteBuf r : replies) {
                try {
                    client.receive(r, now);
                } finally {
                    r.release();
                }
            }
            if (t != null) {
                assertEquals(DtlsVersion.DTLS_1_2, t.version());
                server = admission.newEngine(t, EXECUTOR, now);
            }
        }

        void collect() {
            for (ByteBuf b; (b = client.pollPlaintext()) != null;) {
                clientPlain.add(ByteBufUtil.getBytes(b));
                b.release();
            }
            if (server != null) {
                for (ByteBuf b; (b = server.pollPlaintext()) != null;) {
                    serverPlain.add(ByteBufUtil.getBytes(b));
                    b.release();
                }
            }
        }

        void tick(long advance) throws TlsException {
            now += advance;
            client.tick(now);
            server.tick(now);
            pump();
        }

        boolean established() throws TlsException {
            long deadline = System.nanoTime() + 20_000_000_000L; // the handshake runs on the executor
            while (!(client.state() == TlsState.ESTABLISHED && server != null
                    && server.state() == TlsState.ESTABLISHED) && System.nanoTime() < deadline) {
                if (pump() == 0) {
                    Thread.yield();
                }
                if (client.state().isTerminal() || (server != null && server.state().isTerminal())) {
                    return false;
                }
            }
            return client.state() == TlsState.ESTABLISHED && server != null && server.state() == TlsState.ESTABLISHED;
        }

        static byte[] seal(TlsEngine e, byte[] data, long now) throws TlsException {
            ByteBuf b = Unpooled.wrappedBuffer(data);
            try {
                e.seal(b, now);
            } finally {
                b.release();
            }
            ByteBuf rec = e.pollOutbound();
            assertNotNull(rec, "seal queued no record");
            try {
                return ByteBufUtil.getBytes(rec);
            } finally {
                rec.release();
            }
        }

        @Override
        public void close() {
            client.close();
            if (server != null) {
                server.close();
            }
        }
    }

    /**
     * Walks DTLS 1.2 record headers: -1 if the datagram is empty, has a truncated or malformed header
     * (type 20-23, version FEFD/FEFF) or a length past the end, else the number of type-23 records
     * of an epoch other than 0.
     */
    static int protectedAppRecords(byte[] d) {
        if (d.length == 0) {
            return -1;
        }
        int app = 0;
        for (int off = 0; off < d.length;) {
            if (d.length - off < 13) {
                return -1;
            }
            int type = d[off] & 0xFF;
            int version = ((d[off + 1] & 0xFF) << 8) | (d[off + 2] & 0xFF);
            int epoch = ((d[off + 3] & 0xFF) << 8) | (d[off + 4] & 0xFF);
            int len = ((d[off + 11] & 0xFF) << 8) | (d[off + 12] & 0xFF);
            if (type < 20 || type > 23 || (version != 0xFEFD && version != 0xFEFF) || off + 13 + len > d.length) {
                return -1;
            }
            if (type == 23 && epoch != 0) {
                app++;
            }
            off += 13 + len;
        }
        return app;
    }

    /**
     * An established DTLS 1.2 pair (ECDSA, the configured suites); byte 0 bit 0 picks the target (set:
     * the server). Then chunks {@code flags, len} ({@code len} u16 if flags bit 2, else u8) and
     * {@code len} fuzz bytes, each injected as one datagram: flags bit 0 puts a genuine application
     * record sealed by the peer in the datagram too, before the fuzz bytes (with bit 1: behind them); bit 3
     * instead re-sends the last genuine datagram delivered (a replay); bits 4-6 advance the clock by
     * that many milliseconds and tick both engines first.
     *
     * <p>Checked: nothing throws; both engines stay ESTABLISHED after every datagram (the target may
     * answer, the peer must accept whatever it sends); {@code droppedRecords()} never decreases; a
     * genuine record alone is delivered exactly once with its content, next to fuzz bytes at most once
     * (a datagram the guard refuses whole may take it along), fuzz bytes alone deliver nothing, no
     * record is ever delivered twice; a
     * replay delivers nothing and counts a drop; a fuzz-only datagram that is malformed, or that
     * carries an encrypted application record, counts at least one drop; afterwards a genuine record
     * each way is still delivered.
     */
    @FuzzTest(maxDuration = "30s")
    void established(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        boolean toServer = (input[0] & 1) != 0;
        try (Pair p = new Pair()) {
            assertTrue(p.established(), () -> "handshake: " + p.client.failure() + " / "
                    + (p.server == null ? null : p.server.failure()));
            TlsEngine target = toServer ? p.server : p.client;
            TlsEngine peer = toServer ? p.client : p.server;
            List<byte[]> targetPlain = toServer ? p.serverPlain : p.clientPlain;
            List<byte[]> peerPlain = toServer ? p.clientPlain : p.serverPlain;
            targetPlain.clear();
            byte[] lastGenuine = null;
            java.util.Set<String> sealed = new java.util.HashSet<>();
            FuzzChunks steps = new FuzzChunks(input);
            for (int n = 0; steps.hasNext(); n++) {
                int flags = steps.next();
                byte[] chunk = steps.chunk;
                long advance = ((flags >>> 4) & 7) * 1_000_000L;
                if (advance > 0) {
                    p.tick(advance);
                }
                boolean replay = (flags & 8) != 0 && lastGenuine != null;
                boolean genuine = !replay && (flags & 1) != 0;
                boolean fuzzFirst = (flags & 2) != 0; // the genuine record behind the fuzz bytes

                String want = "g" + n;
                byte[] sent;
                if (replay) {
                    sent = lastGenuine;
                } else {
                    byte[] rec = genuine ? Pair.seal(peer, want.getBytes(), p.now) : new byte[0];
                    sent = new byte[rec.length + chunk.length];
                    System.arraycopy(fuzzFirst ? chunk : rec, 0, sent, 0, fuzzFirst ? chunk.length : rec.length);
                    System.arraycopy(fuzzFirst ? rec : chunk, 0, sent, fuzzFirst ? chunk.length : rec.length,
                            fuzzFirst ? rec.length : chunk.length);
                }
                int before = targetPlain.size();
                long droppedBefore = target.droppedRecords();
                ByteBuf d = Unpooled.wrappedBuffer(sent.clone());
                try {
                    target.receive(d, p.now);
                    assertEquals(1, d.refCnt(), "receive released the datagram");
                } finally {
                    d.release();
                }
                p.collect();
                int got = targetPlain.size() - before;
                long drops = target.droppedRecords() - droppedBefore;
                assertEquals(TlsState.ESTABLISHED, target.state(),
                        () -> "forged datagram ended the target: " + target.failure() + " on " + HexFormat.of().formatHex(sent));
                assertTrue(drops >= 0, "droppedRecords went down");
                if (replay) {
                    assertEquals(0, got, "a replayed record was delivered");
                    assertTrue(drops >= 1, "a replay was not counted");
                } else if (genuine && chunk.length == 0) {
                    assertEquals(1, got, "a genuine record alone was not delivered");
                    lastGenuine = sent;
                } else {
                    assertTrue(got <= (genuine ? 1 : 0), () -> "delivered " + got + " records from " + HexFormat.of().formatHex(sent));
                    if (!genuine && (protectedAppRecords(sent) != 0)) {
                        assertTrue(drops >= 1, () -> "not counted: " + HexFormat.of().formatHex(sent));
                    }
                }
                if (genuine) {
                    sealed.add(want);
                }
                for (int k = before; k < targetPlain.size(); k++) {
                    String s = new String(targetPlain.get(k));
                    assertTrue(sealed.remove(s), () -> "delivered twice or never sealed: " + s);
                }

                p.pump(); // whatever the target answered goes to the peer
                assertEquals(TlsState.ESTABLISHED, target.state(), () -> "target after pumping: " + target.failure());
                assertEquals(TlsState.ESTABLISHED, peer.state(), () -> "the peer ended: " + peer.failure());
            }
            p.tick(200_000_000L);
            assertEquals(TlsState.ESTABLISHED, target.state(), () -> "target after settling: " + target.failure());
            assertEquals(TlsState.ESTABLISHED, peer.state(), () -> "peer after settling: " + peer.failure());
            int tBefore = targetPlain.size();
            int pBefore = peerPlain.size();
            ByteBuf toTarget = Unpooled.wrappedBuffer(Pair.seal(peer, "final".getBytes(), p.now));
            ByteBuf toPeer = Unpooled.wrappedBuffer(Pair.seal(target, "back".getBytes(), p.now));
            target.receive(toTarget, p.now);
            peer.receive(toPeer, p.now);
            toTarget.release();
            toPeer.release();
            p.collect();
            assertEquals(tBefore + 1, targetPlain.size(), "the peer's record after the fuzzing");
            assertEquals("final", new String(targetPlain.get(tBefore)));
            assertEquals(pBefore + 1, peerPlain.size(), "the target's record after the fuzzing");
            assertEquals("back", new String(peerPlain.get(pBefore)));
        }
    }

    // --- seeds ---------------------------------------------------------------------------------

    private static void chunk(ByteArrayOutputStream o, int flags, byte[] bytes) {
        boolean wide = bytes.length > 255;
        o.write(flags | (wide ? 4 : 0));
        if (wide) {
            o.write(bytes.length >>> 8);
        }
        o.write(bytes.length);
        o.write(bytes, 0, bytes.length);
    }

    private static byte[] record(int type, int epoch, long seq, int len, int fill) {
        byte[] r = new byte[13 + len];
        r[0] = (byte) type;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD;
        r[3] = (byte) (epoch >>> 8);
        r[4] = (byte) epoch;
        for (int b = 0; b < 6; b++) {
            r[5 + b] = (byte) (seq >>> (40 - 8 * b));
        }
        r[11] = (byte) (len >>> 8);
        r[12] = (byte) len;
        Arrays.fill(r, 13, r.length, (byte) fill);
        return r;
    }

    /** Writes the seed corpus (run once with {@code -Dfuzz.writeSeeds=true}; commit the files). */
    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path dir = Path.of("src/test/resources/org/lightwayj/core/tls/Dtls12EngineFuzzTestInputs/established");
        Files.createDirectories(dir);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        // Genuine records, a replay, a genuine record followed by junk, to the server.
        o.write(1);
        chunk(o, 1, new byte[0]);
        chunk(o, 8, new byte[0]);
        chunk(o, 1, new byte[] {1, 2, 3});
        Files.write(dir.resolve("server-genuine-replay-junk"), o.toByteArray());
        o.reset();
        // Plausible forged records at the client: short and long epoch-1 app data, an epoch-1 alert,
        // a future epoch, an epoch-0 handshake record, two records in one datagram; clock ticks.
        o.write(0);
        chunk(o, 0, record(23, 1, 5, 10, 0x41));
        chunk(o, 0x10, record(23, 1, 6, 40, 0x42));
        chunk(o, 0, record(21, 1, 7, 26, 0x43));
        chunk(o, 0x20, record(23, 2, 0, 40, 0x44));
        chunk(o, 0, record(22, 0, 9, 25, 0x01));
        byte[] two = record(23, 1, 100, 30, 0x45);
        two = Arrays.copyOf(two, two.length + 43);
        System.arraycopy(record(23, 1, 101, 30, 0x46), 0, two, 43, 43);
        chunk(o, 1 | 2, two);
        Files.write(dir.resolve("client-forged-records"), o.toByteArray());
        o.reset();
        // A genuine ClientHello from a second client, replayed at the established server, and a
        // ChangeCipherSpec.
        TlsEngine other = TlsEngines.dtls12Client(CLIENT, EXECUTOR, NOW);
        try {
            ByteBuf hello = other.pollOutbound();
            byte[] h = ByteBufUtil.getBytes(hello);
            hello.release();
            o.write(1);
            chunk(o, 0, h);
            chunk(o, 0, record(20, 0, 3, 1, 1));
            chunk(o, 1, new byte[0]);
            Files.write(dir.resolve("server-foreign-clienthello"), o.toByteArray());
        } finally {
            other.close();
        }
    }
}
