package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.integers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DtlsEngineTest {

    static DtlsPair established(TlsCipher cipher, boolean rsa) throws Exception {
        TestPki p = rsa ? TestPki.rsa() : TestPki.ec();
        DtlsPair pair = new DtlsPair(p.client().ciphers(cipher).build(), p.server().build());
        pair.pump();
        assertEquals(TlsState.ESTABLISHED, pair.client.state(), () -> String.valueOf(pair.client.failure()));
        assertEquals(TlsState.ESTABLISHED, pair.server.state(), () -> String.valueOf(pair.server.failure()));
        return pair;
    }

    static void assertRoundTrip(DtlsPair pair, String tag) throws Exception {
        Pump.seal(pair.client, "c->s " + tag);
        Pump.seal(pair.server, "s->c " + tag);
        pair.pump();
        assertEquals(List.of("c->s " + tag), Pump.plaintexts(pair.server));
        assertEquals(List.of("s->c " + tag), Pump.plaintexts(pair.client));
    }

    @ParameterizedTest
    @CsvSource({"AES_256_GCM,false", "CHACHA20_POLY1305,false", "AES_256_GCM,true", "CHACHA20_POLY1305,true"})
    void handshakeDataBothWaysAndCloseNotify(TlsCipher cipher, boolean rsa) throws Exception {
        DtlsPair pair = established(cipher, rsa);
        int expectedOverhead = cipher == TlsCipher.AES_256_GCM ? 37 : 29;
        assertEquals(expectedOverhead, pair.client.recordOverhead());
        assertEquals(expectedOverhead, pair.server.recordOverhead());
        assertRoundTrip(pair, "1");
        // One seal = one datagram, with the Lightway header headroom in front and exact overhead.
        ByteBuf frame = Unpooled.wrappedBuffer(new byte[1350]);
        pair.client.seal(frame, System.nanoTime());
        ByteBuf d = pair.client.pollOutbound();
        assertNull(pair.client.pollOutbound());
        assertEquals(1350 + expectedOverhead, d.readableBytes());
        assertTrue(d.readerIndex() >= 16);
        pair.server.receive(d, System.nanoTime());
        d.release();
        ByteBuf got = pair.server.pollPlaintext();
        assertEquals(1350, got.readableBytes());
        got.release();

        pair.client.close(System.nanoTime());
        assertEquals(TlsState.CLOSED, pair.client.state());
        assertThrows(TlsException.class, () -> Pump.seal(pair.client, "late"));
        pair.pump();
        assertEquals(TlsState.CLOSED, pair.server.state());
        assertNull(pair.server.failure());
        assertThrows(TlsException.class, () -> Pump.seal(pair.server, "late"));
        assertTrue(pair.closeAndCheckIdle(), "handshake task leaked");
    }

    /** An 18-byte current-epoch record with a fresh sequence number: BC alone would kill the connection. */
    @ParameterizedTest
    @CsvSource({"AES_256_GCM", "CHACHA20_POLY1305"})
    void forgedShortRecordIsDroppedAndCounted(TlsCipher cipher) throws Exception {
        DtlsPair pair = established(cipher, false);
        byte[] forged = {23, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 5,
            1, 2, 3, 4, 5};
        pair.server.receive(Unpooled.wrappedBuffer(forged), System.nanoTime());
        assertEquals(1, pair.server.droppedRecords());
        assertNull(pair.server.pollOutbound(), "no alert may be sent");
        assertEquals(TlsState.ESTABLISHED, pair.server.state());
        assertRoundTrip(pair, "after forged");
        assertTrue(pair.closeAndCheckIdle());
    }

    @Test
    void forgedTruncatedReplayedAndRandomDatagramsAreDropped() throws Exception {
        DtlsPair pair = established(TlsCipher.AES_256_GCM, false);
        Pump.seal(pair.client, "original");
        ByteBuf valid = pair.client.pollOutbound();
        byte[] bytes = new byte[valid.readableBytes()];
        valid.getBytes(valid.readerIndex(), bytes);
        pair.server.receive(valid, System.nanoTime());
        valid.release();
        assertEquals(List.of("original"), Pump.plaintexts(pair.server));
        long dropped = pair.server.droppedRecords();

        // Replay.
        pair.server.receive(Unpooled.wrappedBuffer(bytes), System.nanoTime());
        assertEquals(++dropped, pair.server.droppedRecords());
        // Forged: one ciphertext bit flipped, fresh sequence number.
        byte[] forged = bytes.clone();
        forged[10] ^= 0x40;
        forged[forged.length - 1] ^= 1;
        pair.server.receive(Unpooled.wrappedBuffer(forged), System.nanoTime());
        assertEquals(++dropped, pair.server.droppedRecords());
        // Truncated datagram (length field no longer matches).
        pair.server.receive(Unpooled.wrappedBuffer(bytes, 0, bytes.length - 3), System.nanoTime());
        assertEquals(++dropped, pair.server.droppedRecords());
        // Truncated record with a consistent length field (body still long enough to pass the guard).
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        cut[9] ^= 0x10; // fresh sequence number
        int len = cut.length - 13;
        cut[11] = (byte) (len >>> 8);
        cut[12] = (byte) len;
        pair.server.receive(Unpooled.wrappedBuffer(cut), System.nanoTime());
        assertEquals(++dropped, pair.server.droppedRecords());
        assertTrue(Pump.plaintexts(pair.server).isEmpty());
        assertNull(pair.server.pollOutbound());

        // Random datagrams, and random bodies behind a plausible current-epoch header.
        qt().withExamples(300).forAll(longs().all(), integers().between(0, 1500), integers().between(0, 1))
                .checkAssert((seed, length, mode) -> {
                    byte[] d = new byte[length];
                    new java.util.Random(seed).nextBytes(d);
                    if (mode == 1 && d.length >= 13) {
                        d[0] = 23;
                        d[1] = (byte) 0xFE;
                        d[2] = (byte) 0xFD;
                        d[3] = 0;
                        d[4] = 1;
                        d[11] = (byte) ((d.length - 13) >>> 8);
                        d[12] = (byte) (d.length - 13);
                    }
                    pair.server.receive(Unpooled.wrappedBuffer(d), System.nanoTime());
                    assertEquals(TlsState.ESTABLISHED, pair.server.state());
                    assertTrue(Pump.plaintexts(pair.server).isEmpty());
                    Pump.releaseAll(Pump.drain(pair.server));
                });
        assertTrue(pair.server.droppedRecords() > dropped);
        assertRoundTrip(pair, "after junk");
        assertTrue(pair.closeAndCheckIdle());
    }

    @Test
    void wrongTrustAnchorIsUntrusted() throws Exception {
        assertClientFails(TlsClientConfig.builder().trustAnchors(TestPki.otherEc().ca).build(),
                TestPki.ec().server().build(), TlsException.Reason.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void wrongServerNameIsMismatch() throws Exception {
        assertClientFails(TestPki.ec().client().serverName("evil.example.test").build(),
                TestPki.ec().server().build(), TlsException.Reason.DOMAIN_NAME_MISMATCH);
    }

    @Test
    void expiredCertificateIsExpired() throws Exception {
        TestPki p = TestPki.ec();
        assertClientFails(p.client().build(), TlsServerConfig.builder()
                .certificateChain(List.of(p.expiredLeaf, p.ca), p.leafKey.getPrivate()).build(),
                TlsException.Reason.CERTIFICATE_EXPIRED);
    }

    static void assertClientFails(TlsClientConfig cc, TlsServerConfig sc, TlsException.Reason reason) throws Exception {
        DtlsPair pair = new DtlsPair(cc, sc);
        pair.pump();
        assertEquals(TlsState.FAILED, pair.client.state());
        assertEquals(reason, pair.client.failure().reason(), pair.client.failure().toString());
        assertEquals(TlsState.FAILED, pair.server.state());
        assertEquals(TlsException.Reason.PEER_FATAL_ALERT, pair.server.failure().reason());
        assertTrue(pair.closeAndCheckIdle());
    }

    @Test
    void clientHelloWithoutValidCookieCreatesNoServerState() throws Exception {
        TestPki p = TestPki.ec();
        AtomicInteger tasks = new AtomicInteger();
        java.util.concurrent.ExecutorService real = java.util.concurrent.Executors.newCachedThreadPool();
        try (TlsEngine client = TlsEngines.dtls12Client(p.client().build(), r -> {
            tasks.incrementAndGet();
            real.execute(r);
        }, System.nanoTime())) {
            assertEquals(1, tasks.get());
            DtlsCookieVerifier verifier = new DtlsCookieVerifier(p.server().build());
            ByteBuf hello = client.pollOutbound();
            List<ByteBuf> hvr = new ArrayList<>();
            assertNull(verifier.verify(DtlsPair.CLIENT_ADDR, hello, hvr::add));
            hello.release();
            assertEquals(1, hvr.size(), "one HelloVerifyRequest");
            assertEquals(16, hvr.get(0).readerIndex());
            client.receive(hvr.get(0), System.nanoTime());
            hvr.get(0).release();
            hvr.clear();
            ByteBuf withCookie = client.pollOutbound();
            // The cookie is bound to the address and port: another port gets a fresh HelloVerifyRequest.
            java.net.InetSocketAddress otherPort = new java.net.InetSocketAddress("192.0.2.7", 40001);
            assertNull(verifier.verify(otherPort, withCookie, hvr::add));
            assertEquals(1, hvr.size());
            Pump.releaseAll(hvr);
            hvr.clear();
            // Garbage creates nothing and sends nothing.
            assertNull(verifier.verify(DtlsPair.CLIENT_ADDR, Unpooled.wrappedBuffer(new byte[40]), hvr::add));
            assertTrue(hvr.isEmpty());
            // The right peer gets a request; still no server engine or task exists until the host makes one.
            assertNotNull(verifier.verify(DtlsPair.CLIENT_ADDR, withCookie, hvr::add));
            assertTrue(hvr.isEmpty());
            withCookie.release();
            assertEquals(1, tasks.get(), "the verifier never runs a task");
        } finally {
            real.shutdown();
            assertTrue(real.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void handshakeTimeoutFailsCleanlyAndFreesTheTask() throws Exception {
        TestPki p = TestPki.ec();
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newCachedThreadPool();
        long now = System.nanoTime();
        TlsEngine client = TlsEngines.dtls12Client(p.client().handshakeTimeout(java.time.Duration.ofSeconds(5))
                .build(), ex, now);
        Pump.releaseAll(Pump.drain(client));
        assertTrue(client.nextTimeout() <= now + 5_000_000_000L);
        client.tick(now + 5_000_000_000L);
        assertEquals(TlsState.FAILED, client.state());
        assertEquals(TlsException.Reason.HANDSHAKE_TIMEOUT, client.failure().reason());
        assertEquals(Long.MAX_VALUE, client.nextTimeout());
        client.close();
        ex.shutdown();
        assertTrue(ex.awaitTermination(5, TimeUnit.SECONDS));
    }
}
