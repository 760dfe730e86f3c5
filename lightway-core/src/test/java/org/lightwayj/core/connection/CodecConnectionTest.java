package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsState;

/** Issue 6: the codec data path and the ToggleEncoding exchange over the two-endpoint harness. */
class CodecConnectionTest {

    static final AuthMethod GOOD = ConnectionExamplesTest.GOOD;
    static final long MS = Harness.MS;
    static final long SEC = 1000 * MS;

    static AuthResult codecAuth(Connection c, AuthMethod m) {
        AuthResult r = Harness.testAuth(c, m);
        return r instanceof AuthResult.Granted ? AuthResult.granted(Set.of(Feature.INSIDE_PACKET_CODEC), null) : r;
    }

    /** A UDP harness with codecs on both sides; {@code authorized} grants the codec feature. */
    static Harness codecHarness(long seed, TestCodecs.RotateFactory clientF, TestCodecs.RotateFactory serverF,
            boolean authorized, Consumer<CodecConfig.Builder> clientCodec) throws ConnectionException {
        return codecHarness(seed, clientF, serverF, authorized, clientCodec, null);
    }

    /** As above; a non-null {@code shared} factory replaces both test factories. */
    static Harness codecHarness(long seed, PacketCodecFactory clientF, PacketCodecFactory serverF,
            boolean authorized, Consumer<CodecConfig.Builder> clientCodec, PacketCodecFactory shared)
            throws ConnectionException {
        Harness h = new Harness(Transport.UDP, seed);
        CodecConfig.Builder cb = CodecConfig.builder(shared != null ? shared : clientF);
        clientCodec.accept(cb);
        CodecConfig cc = cb.build();
        PacketCodecFactory sf = shared != null ? shared : serverF;
        h.start(GOOD, b -> b.codec(cc), b -> {
            b.codec(CodecConfig.of(sf));
            if (authorized) {
                b.auth(CodecConnectionTest::codecAuth);
            }
        }, null);
        return h;
    }

    static byte[] toggle(int kind, long id, int enable) {
        byte[] f = new byte[10];
        f[0] = (byte) kind;
        for (int i = 0; i < 8; i++) {
            f[1 + i] = (byte) (id >>> (56 - 8 * i));
        }
        f[9] = (byte) enable;
        return f;
    }

    static List<Integer> kinds(List<byte[]> captured, int from) {
        return ConnectionBehaviourTest.recordKinds(captured.subList(from, captured.size()));
    }

    static int count(List<Integer> kinds, int kind) {
        return (int) kinds.stream().filter(k -> k == kind).count();
    }

    /** Asserts every id in [0, n) arrived exactly once in {@code got}. */
    static void exactlyOnce(List<byte[]> got, long base, long n, String what) {
        Map<Long, Integer> seen = new HashMap<>();
        for (byte[] p : got) {
            seen.merge(Harness.packetId(p), 1, Integer::sum);
        }
        for (long id = base; id < base + n; id++) {
            assertEquals(1, seen.getOrDefault(id, 0), what + ": packet " + id);
        }
        assertEquals(n, got.size(), what + ": no extra packets");
    }

    private static boolean bothEncoding(Harness h, boolean on) {
        return h.client.isEncodingEnabled() == on && h.server().isEncodingEnabled() == on;
    }

    @Test
    void enableAtRuntimeEncodedBothWaysThenPlainWithoutLoss() throws Exception {
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(3, 5 * MS);
        TestCodecs.RotateFactory sf = TestCodecs.RotateFactory.accumulating(3, 5 * MS);
        try (Harness h = codecHarness(21, cf, sf, true, b -> { })) {
            h.c2s.reorder(0);
            h.s2c.reorder(0);
            h.online();
            h.capture = true;
            Connection s = h.server();
            long[] ids = {0, 1_000_000};
            Runnable traffic = () -> {
                try {
                    h.client.insidePacketReceived(h.packet(ids[0]++, 60 + (int) (ids[0] % 300)), h.now);
                    s.insidePacketReceived(h.packet(ids[1]++, 60 + (int) (ids[1] % 300)), h.now);
                } catch (ConnectionException e) {
                    throw new AssertionError(e);
                }
            };
            // Phase 1: plain.
            for (int i = 0; i < 20; i++) {
                traffic.run();
                h.runFor(MS);
            }
            int c0 = h.capturedC2s.size();
            int s0 = h.capturedS2c.size();
            assertEquals(0, count(kinds(h.capturedC2s, 0), 16));
            // Phase 2: enable while traffic runs.
            h.client.setEncoding(true, h.now);
            for (int i = 0; i < 100; i++) {
                traffic.run();
                h.runFor(MS);
            }
            assertTrue(bothEncoding(h, true));
            List<Integer> c2s = kinds(h.capturedC2s, c0);
            List<Integer> s2c = kinds(h.capturedS2c, s0);
            assertEquals(1, count(c2s, 18), "one ToggleEncodingRequest");
            assertEquals(1, count(s2c, 19), "one ToggleEncodingAnswer");
            assertTrue(count(c2s, 16) >= 60, "client sends EncodedData: " + c2s);
            assertTrue(count(s2c, 16) >= 60, "server sends EncodedData: " + s2c);
            assertTrue(h.clientSide.events.contains(new ConnectionEvent.EncodingStateChanged(true)));
            assertTrue(h.serverSide.events.contains(new ConnectionEvent.EncodingStateChanged(true)));
            // Phase 3: disable while traffic runs.
            h.client.setEncoding(false, h.now);
            for (int i = 0; i < 60; i++) {
                traffic.run();
                h.runFor(MS);
            }
            assertTrue(bothEncoding(h, false));
            int c1 = h.capturedC2s.size();
            int s1 = h.capturedS2c.size();
            for (int i = 0; i < 50; i++) {
                traffic.run();
                h.runFor(MS);
            }
            h.runFor(100 * MS);
            assertEquals(0, count(kinds(h.capturedC2s, c1), 16), "plain again c→s");
            assertEquals(0, count(kinds(h.capturedS2c, s1), 16), "plain again s→c");
            assertTrue(count(kinds(h.capturedC2s, c1), 5) >= 50);
            exactlyOnce(h.serverSide.inside, 0, ids[0], "client→server");
            exactlyOnce(h.clientSide.inside, 1_000_000, ids[1] - 1_000_000, "server→client");
            assertEquals(cf.encoded, sf.decoded);
            assertEquals(sf.encoded, cf.decoded);
            assertTrue(cf.encoded > 0 && sf.encoded > 0);
            assertEquals(0, h.clientMetrics.fatal.size() + h.serverMetrics.fatal.size());
        }
    }

    @Test
    void tickAndNextTimeoutIncludeTheEncoderFlushDeadline() throws Exception {
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(10, 5 * MS);
        try (Harness h = codecHarness(22, cf, TestCodecs.RotateFactory.accumulating(10, 5 * MS), true, b -> { })) {
            h.online();
            h.client.setEncoding(true, h.now);
            h.runUntil(() -> h.client.isEncodingEnabled(), SEC);
            h.runFor(50 * MS);
            long t = h.now;
            h.client.insidePacketReceived(h.packet(7, 100), t);
            assertEquals(t + 5 * MS, h.client.nextTimeout(), "the flush deadline is the next timeout");
            h.runFor(50 * MS);
            assertEquals(1, h.serverSide.inside.size());
            assertEquals(0, cf.maxLateNanos);
            // Explicit host-driven flush.
            h.client.insidePacketReceived(h.packet(8, 100), h.now);
            h.client.flushEncoder(h.now); // not due yet: nothing leaves
            h.runFor(MS);
            assertEquals(1, h.serverSide.inside.size());
            h.client.flushEncoder(h.now + 5 * MS);
            h.runFor(20 * MS);
            assertEquals(2, h.serverSide.inside.size());
            h.client.cleanupDecoder(h.now); // harmless
        }
    }

    @Test
    void serverRefusesAnUnauthorisedConnection() throws Exception {
        try (Harness h = codecHarness(23, TestCodecs.RotateFactory.accumulating(1, MS),
                TestCodecs.RotateFactory.accumulating(1, MS), false, b -> { })) {
            h.online();
            h.capture = true;
            h.client.setEncoding(true, h.now);
            h.runFor(SEC);
            assertFalse(h.client.isEncodingEnabled());
            assertFalse(h.server().isEncodingEnabled());
            assertEquals(List.of(19), kinds(h.capturedS2c, 0));
            assertEquals(1, h.serverMetrics.encodingUnauthorized);
            assertTrue(h.clientSide.events.contains(new ConnectionEvent.EncodingStateChanged(false)));
            assertEquals(0, h.clientMetrics.retransmitted, "the refusal answered the request");
            h.client.insidePacketReceived(h.packet(1, 80), h.now);
            h.runFor(100 * MS);
            assertEquals(1, h.serverSide.inside.size());
        }
    }

    @Test
    void staleIdsAreIgnoredAndEqualIdsAnsweredAgain() throws Exception {
        try (Harness h = codecHarness(24, TestCodecs.RotateFactory.accumulating(1, MS),
                TestCodecs.RotateFactory.accumulating(1, MS), true, b -> { })) {
            h.online();
            h.capture = true;
            Connection s = h.server();
            h.inject(s, toggle(18, 5, 1));
            assertTrue(s.isEncodingEnabled());
            h.inject(s, toggle(18, 3, 0));
            assertTrue(s.isEncodingEnabled(), "a lower id is stale");
            assertEquals(1, h.serverMetrics.staleIds);
            h.inject(s, toggle(18, 5, 1));
            assertEquals(List.of(19, 19), kinds(h.capturedS2c, 0), "equal id answered again, stale not at all");
            long changes = h.serverSide.events.stream().filter(e -> e instanceof ConnectionEvent.EncodingStateChanged)
                    .count();
            assertEquals(1, changes, "a retransmit is no new state change");
            // Client: an answer that is not the pending request is stale.
            h.runFor(100 * MS);
            assertEquals(2, h.clientMetrics.staleIds, "the two answers to injected requests: none pending");
            h.inject(h.client, toggle(19, 99, 1));
            assertFalse(h.client.isEncodingEnabled());
            assertEquals(3, h.clientMetrics.staleIds);
            h.client.setEncoding(true, h.now); // id 1
            h.inject(h.client, toggle(19, 2, 1));
            assertFalse(h.client.isEncodingEnabled());
            assertEquals(4, h.clientMetrics.staleIds);
            h.runFor(SEC);
            // The server already applied id 5 (injected), so the client's id 1 and its resends are stale there.
            assertFalse(h.client.isEncodingEnabled());
            assertTrue(h.serverMetrics.staleIds >= 3, "request + resends ignored: " + h.serverMetrics.staleIds);
            assertEquals(ConnectionState.ONLINE, h.client.state());
            assertEquals(ConnectionState.ONLINE, s.state());
        }
    }

    @Test
    void invalidBoolIsFatal() throws Exception {
        try (Harness h = codecHarness(25, TestCodecs.RotateFactory.accumulating(1, MS),
                TestCodecs.RotateFactory.accumulating(1, MS), true, b -> { })) {
            h.online();
            Connection s = h.server();
            h.inject(s, toggle(18, 1, 2));
            assertEquals(ConnectionState.DISCONNECTED, s.state());
            assertEquals(ConnectionError.INVALID_FRAME, s.closeReason().error());
            h.inject(h.client, toggle(19, 1, 7));
            assertEquals(ConnectionState.DISCONNECTED, h.client.state());
            assertEquals(ConnectionError.INVALID_FRAME, h.client.closeReason().error());
        }
    }

    @Test
    void encodedDataWithoutDecoderIsFatal() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 26).start(GOOD).online()) {
            Connection s = h.server();
            h.inject(s, new byte[] {0x10, 0, 3, 0x45, 0, 0});
            assertEquals(ConnectionState.DISCONNECTED, s.state());
            assertEquals(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST, s.closeReason().error());
        }
        try (Harness h = new Harness(Transport.UDP, 27).start(GOOD).online()) {
            h.inject(h.client, new byte[] {0x11, 0, 2, 0, 1, 0, 0, 0x45, 0});
            assertEquals(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST, h.client.closeReason().error(),
                    "EncodedDataFrag too");
        }
        try (Harness h = new Harness(Transport.UDP, 28).start(GOOD).online()) {
            h.inject(h.client, toggle(19, 1, 1));
            assertEquals(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST, h.client.closeReason().error(),
                    "an answer at a client without encoder");
        }
        try (Harness h = new Harness(Transport.UDP, 29).start(GOOD).online()) {
            Connection s = h.server();
            h.inject(s, toggle(18, 1, 1));
            assertEquals(ConnectionState.ONLINE, s.state(), "a server without encoder ignores requests");
            ConnectionException e = assertThrows(ConnectionException.class, () -> h.client.setEncoding(true, h.now));
            assertEquals(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST, e.error());
            assertFalse(h.client.isEncodingEnabled());
        }
    }

    @Test
    void decoderSkipDeliversTheBytesAsTheyAre() throws Exception {
        try (Harness h = codecHarness(30, TestCodecs.RotateFactory.accumulating(1, MS),
                TestCodecs.RotateFactory.accumulating(1, MS), true, b -> { })) {
            h.online();
            Connection s = h.server();
            // The test decoder declines a payload starting 0x45 (it never encodes one that way).
            h.inject(s, new byte[] {0x10, 0, 4, 0x45, 1, 2, 3});
            assertEquals(1, h.serverSide.inside.size());
            assertEquals(List.of((byte) 0x45, (byte) 1, (byte) 2, (byte) 3),
                    List.of(h.serverSide.inside.get(0)[0], h.serverSide.inside.get(0)[1],
                            h.serverSide.inside.get(0)[2], h.serverSide.inside.get(0)[3]));
            // Plain Data bypasses the decoder; EncodedData goes through it (rotated back).
            h.inject(s, new byte[] {0x05, 0, 4, 0x45, 9, 9, 9, 0x10, 0, 4, 9, 9, 0x45, 8});
            assertEquals(3, h.serverSide.inside.size(), "both kinds in one record");
            assertEquals(0x45, h.serverSide.inside.get(2)[0]);
            assertEquals(8, h.serverSide.inside.get(2)[1]);
        }
    }

    @Test
    void codecExceptionIsFatal() throws Exception {
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(1, MS);
        cf.throwOnStore = 2;
        try (Harness h = codecHarness(31, cf, TestCodecs.RotateFactory.accumulating(1, MS), true, b -> { })) {
            h.online();
            h.client.insidePacketReceived(h.packet(1, 80), h.now);
            h.client.insidePacketReceived(h.packet(2, 80), h.now);
            assertEquals(ConnectionState.ONLINE, h.client.state());
            h.client.insidePacketReceived(h.packet(3, 80), h.now);
            assertEquals(ConnectionError.PACKET_CODEC_ERROR, h.client.closeReason().error());
        }
    }

    @Test
    void setEncodingNeedsClientOnlineUdp() throws Exception {
        try (Harness h = codecHarness(32, TestCodecs.RotateFactory.accumulating(1, MS),
                TestCodecs.RotateFactory.accumulating(1, MS), true, b -> { })) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> h.client.setEncoding(true, h.now));
            assertEquals(ConnectionError.INVALID_STATE, e.error());
            h.online();
            e = assertThrows(ConnectionException.class, () -> h.server().setEncoding(true, h.now));
            assertEquals(ConnectionError.INVALID_STATE, e.error());
        }
        try (Harness h = new Harness(Transport.TCP, 33)) {
            CodecConfig cc = CodecConfig.of(TestCodecs.RotateFactory.accumulating(1, MS));
            h.start(GOOD, b -> b.codec(cc), b -> b.codec(cc).auth(CodecConnectionTest::codecAuth), null).online();
            ConnectionException e = assertThrows(ConnectionException.class, () -> h.client.setEncoding(true, h.now));
            assertEquals(ConnectionError.INVALID_CONNECTION_TYPE, e.error());
            h.inject(h.server(), toggle(18, 1, 1));
            assertEquals(ConnectionState.ONLINE, h.server().state(), "non-fatal, even on TCP (§0.2)");
            assertEquals(1L, h.serverMetrics.toggleRefused.get(ConnectionError.INVALID_CONNECTION_TYPE));
            h.client.insidePacketReceived(h.packet(1, 100), h.now);
            h.runFor(100 * MS);
            assertEquals(1, h.serverSide.inside.size());
        }
    }

    @Test
    void requestIsRetransmittedOnSchedule() throws Exception {
        try (Harness h = codecHarness(34, TestCodecs.RotateFactory.accumulating(1, MS),
                TestCodecs.RotateFactory.accumulating(1, MS), true, b -> { })) {
            h.online();
            h.c2s.loss(1.0).lossKinds = k -> k == 18;
            h.capture = true;
            long t0 = h.now;
            h.client.setEncoding(true, t0);
            List<Long> sends = new ArrayList<>();
            sends.add(0L);
            int seen = h.capturedC2s.size();
            long limit = t0 + 12 * SEC;
            while (h.step(limit)) {
                for (; seen < h.capturedC2s.size(); seen++) {
                    if (kinds(h.capturedC2s, seen).equals(List.of(18))) {
                        sends.add(h.now - t0);
                    }
                }
            }
            assertEquals(List.of(0L, 500 * MS, 1500 * MS, 3000 * MS, 5000 * MS, 7500 * MS), sends);
            assertEquals(5, h.clientMetrics.retransmitted);
            assertEquals(1, h.clientMetrics.gaveUp);
            assertFalse(h.client.isEncodingEnabled());
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @Test
    void encodeAtConnect() throws Exception {
        try (Harness h = codecHarness(35, TestCodecs.RotateFactory.accumulating(1, MS),
                TestCodecs.RotateFactory.accumulating(1, MS), true, b -> b.encodeAtConnect(true))) {
            h.online();
            assertTrue(h.runUntil(() -> bothEncoding(h, true), SEC));
        }
    }

    @Test
    void droppedOnFatalFlushCountsExactly() throws Exception {
        FailingSeal[] engine = new FailingSeal[1];
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(4, 50 * MS);
        try (Harness h = new Harness(Transport.UDP, 36)) {
            h.start(GOOD, b -> b.codec(CodecConfig.of(cf)).tlsEngineFactory((t, a, n) -> {
                engine[0] = new FailingSeal(new PlainTestEngine(true, t.isDatagram(), a, n, null));
                return engine[0];
            }), b -> b.codec(CodecConfig.of(TestCodecs.RotateFactory.accumulating(1, MS)))
                    .auth(CodecConnectionTest::codecAuth), null).online();
            h.client.setEncoding(true, h.now);
            assertTrue(h.runUntil(() -> h.client.isEncodingEnabled(), SEC));
            for (int i = 0; i < 3; i++) {
                h.client.insidePacketReceived(h.packet(i, 100), h.now);
            }
            assertEquals(0, h.clientMetrics.droppedOnFatal);
            engine[0].failAfter = 1; // the first encoded packet leaves, the second seal fails
            h.client.insidePacketReceived(h.packet(3, 100), h.now);
            assertEquals(ConnectionError.TLS_FAILURE, h.client.closeReason().error());
            assertEquals(3, h.clientMetrics.droppedOnFatal, "packets 2, 3, 4 of the flush");
            h.runFor(100 * MS);
            assertEquals(1, h.serverSide.inside.size());
        }
    }

    @Test
    void stallGuardTurnsEncodingOffWithABlackHoleEncoder() throws Exception {
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.blackHole();
        try (Harness h = codecHarness(37, cf, TestCodecs.RotateFactory.accumulating(1, MS), true,
                b -> b.stallTimeout(Duration.ofMillis(50)))) {
            h.online();
            h.client.setEncoding(true, h.now);
            assertTrue(h.runUntil(() -> bothEncoding(h, true), SEC));
            for (int i = 0; i < 30 && h.client.isEncodingEnabled(); i++) {
                h.client.insidePacketReceived(h.packet(i, 100), h.now);
                h.runFor(10 * MS);
            }
            assertEquals(1, h.clientMetrics.stalled);
            assertTrue(h.runUntil(() -> bothEncoding(h, false), SEC));
            assertTrue(cf.swallowed > 0);
            int before = h.serverSide.inside.size();
            h.client.insidePacketReceived(h.packet(1000, 100), h.now);
            h.runFor(100 * MS);
            assertEquals(before + 1, h.serverSide.inside.size(), "plain again");
        }
        // Off by default: the same black hole keeps encoding on.
        try (Harness h = codecHarness(38, TestCodecs.RotateFactory.blackHole(),
                TestCodecs.RotateFactory.accumulating(1, MS), true, b -> { })) {
            h.online();
            h.client.setEncoding(true, h.now);
            assertTrue(h.runUntil(() -> bothEncoding(h, true), SEC));
            for (int i = 0; i < 30; i++) {
                h.client.insidePacketReceived(h.packet(i, 100), h.now);
                h.runFor(10 * MS);
            }
            assertTrue(h.client.isEncodingEnabled());
            assertEquals(0, h.clientMetrics.stalled);
        }
    }

    /** Delegates to a test engine; once {@link #failAfter} is set, seal fails after that many more seals. */
    static final class FailingSeal extends TestEngines.Forwarding {
        int failAfter = -1;

        FailingSeal(TlsEngine d) {
            super(d);
        }

        @Override
        public void seal(ByteBuf plaintext, long nowNanos) throws TlsException {
            if (failAfter == 0) {
                throw new TlsException(TlsException.Reason.PROTOCOL_ERROR, "test: seal fails");
            }
            if (failAfter > 0) {
                failAfter--;
            }
            delegate.seal(plaintext, nowNanos);
        }
    }

    static {
        // keep assertNotNull referenced for readers adding checks
        assertNotNull(GOOD);
    }
}
