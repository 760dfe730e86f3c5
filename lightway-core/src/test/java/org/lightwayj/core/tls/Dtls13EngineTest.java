package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.tls.dtls13.Dtls13Client;
import org.lightwayj.core.tls.dtls13.Dtls13Engine;
import org.lightwayj.core.testing.AllocationCounter;

/** The DTLS 1.3 engine end to end over the in-memory harness: handshakes, data, key update, failures. */
class Dtls13EngineTest {

    private static TlsClientConfig.Builder client(TestPki pki) {
        return pki.client().dtlsVersions(DtlsVersion.DTLS_1_3);
    }

    private static TlsServerConfig.Builder server(TestPki pki) {
        return pki.server().dtlsVersions(DtlsVersion.DTLS_1_3, DtlsVersion.DTLS_1_2);
    }

    private static void exchange(Dtls13Harness h, int n) throws TlsException {
        assertEquals(TlsState.ESTABLISHED, h.client.state(), () -> "client: " + h.client.failure() + " / server: " + h.server.failure());
        assertEquals(TlsState.ESTABLISHED, h.server.state(), () -> "server: " + h.server.failure());
        for (int i = 0; i < n; i++) {
            Dtls13Harness.seal(h.client, ("c" + i).getBytes(), h.now);
            Dtls13Harness.seal(h.server, ("s" + i).getBytes(), h.now);
        }
        h.settle(10_000_000L);
    }

    private static List<String> texts(List<ByteBuf> bufs) {
        List<String> out = new ArrayList<>();
        for (ByteBuf b : bufs) {
            out.add(new String(ByteBufUtil.getBytes(b)));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(KeyExchangeGroup.class)
    void handshakeAndDataForEveryGroup(KeyExchangeGroup g) throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).groups(g).build(),
                server(TestPki.ec()).groups(g).build())) {
            assertTrue(h.handshake(200), "handshake with " + g);
            assertTrue(h.client instanceof Dtls13Engine, "the client speaks DTLS 1.3");
            assertTrue(h.server instanceof Dtls13Engine, "the server speaks DTLS 1.3");
            exchange(h, 3);
            assertEquals(List.of("c0", "c1", "c2"), texts(h.serverPlain));
            assertEquals(List.of("s0", "s1", "s2"), texts(h.clientPlain));
            assertEquals(1, h.admission.dtls13RetriesSent(), "one stateless cookie round");
            assertEquals(1, h.admission.dtls13Admitted());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsCipher.class)
    void everyCipherWithEcAndRsaCertificates(TlsCipher cipher) throws Exception {
        for (TestPki pki : List.of(TestPki.ec(), TestPki.rsa())) {
            try (Dtls13Harness h = new Dtls13Harness(client(pki).ciphers(cipher).groups(KeyExchangeGroup.X25519)
                    .build(), server(pki).build())) {
                assertTrue(h.handshake(200), cipher + " rsa=" + pki.rsa);
                exchange(h, 2);
                assertEquals(List.of("c0", "c1"), texts(h.serverPlain));
                assertEquals(22, h.client.recordOverhead());
            }
        }
    }

    @Test
    void serverAsksForAnotherGroupWithHelloRetryRequest() throws Exception {
        // The client's first group (its only key share) is not one the server takes.
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).groups(KeyExchangeGroup.X25519,
                KeyExchangeGroup.SECP256R1).build(), server(TestPki.ec()).groups(KeyExchangeGroup.SECP256R1).build())) {
            assertTrue(h.handshake(200));
            exchange(h, 1);
            assertEquals(List.of("c0"), texts(h.serverPlain));
        }
    }

    @Test
    void fragmentedClientHelloWithMlKem1024() throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).groups(KeyExchangeGroup.SECP384R1_MLKEM1024)
                .build(), server(TestPki.ec()).build())) {
            // ClientHello1 goes without the 1.7 KB share (it would fragment); the HelloRetryRequest names
            // the group; ClientHello2 carries the share in two datagrams, cookie in the first.
            h.step();
            h.step();
            ByteBuf first = h.takeInFlight();
            ByteBuf second = h.takeInFlight();
            assertNotNull(second, "a 1.7 KB key share does not fit one 1456-byte datagram");
            h.injectToServer(first);
            assertNull(h.server, "half a ClientHello2 makes no connection");
            h.injectToServer(second);
            assertNotNull(h.server);
            assertTrue(h.handshake(200));
            exchange(h, 1);
            assertEquals(List.of("s0"), texts(h.clientPlain));
        }
    }

    @Test
    void untrustedServerFailsWithTypedError() throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(TestPki.otherEc().client().dtlsVersions(DtlsVersion.DTLS_1_3)
                .build(), server(TestPki.ec()).build())) {
            assertFalse(h.handshake(200));
            assertEquals(TlsState.FAILED, h.client.state());
            assertEquals(TlsException.Reason.CERTIFICATE_UNTRUSTED, h.client.failure().reason());
            h.settle(10_000_000L);
            assertEquals(TlsState.FAILED, h.server.state(), "the server got our alert");
            assertEquals(TlsException.Reason.PEER_FATAL_ALERT, h.server.failure().reason());
        }
    }

    @Test
    void wrongServerNameFails() throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).serverName("other.example.test").build(),
                server(TestPki.ec()).build())) {
            assertFalse(h.handshake(200));
            assertEquals(TlsException.Reason.DOMAIN_NAME_MISMATCH, h.client.failure().reason());
        }
    }

    @Test
    void keyUpdateBothWaysKeepsTheDataFlowing() throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).build(), server(TestPki.ec()).build())) {
            assertTrue(h.handshake(200));
            Dtls13Engine c = (Dtls13Engine) h.client;
            Dtls13Engine s = (Dtls13Engine) h.server;
            assertFalse(c.updateKeys(true, h.now), "not before the server acknowledged our Finished");
            h.settle(10_000_000L);
            for (int round = 0; round < 5; round++) {
                assertTrue(c.updateKeys(true, h.now));
                h.settle(50_000_000L);
                exchange(h, 1);
            }
            assertEquals(8, c.writeEpoch(), "five acknowledged updates");
            assertEquals(8, s.writeEpoch(), "the server answered each update_requested");
            assertEquals(8, c.readEpoch());
            assertEquals(5, h.serverPlain.size());
            assertEquals(5, h.clientPlain.size());
        }
    }

    @Test
    void closeNotifyClosesThePeer() throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).build(), server(TestPki.ec()).build())) {
            assertTrue(h.handshake(200));
            h.client.close(h.now);
            assertEquals(TlsState.CLOSED, h.client.state());
            h.settle(10_000_000L);
            assertEquals(TlsState.CLOSED, h.server.state());
            assertNull(h.server.failure());
        }
    }

    @Test
    void forgedTruncatedAndReplayedRecordsAreDroppedAndCounted() throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).build(), server(TestPki.ec()).build())) {
            assertTrue(h.handshake(200));
            long before = h.server.droppedRecords();
            Dtls13Harness.seal(h.client, "hello".getBytes(), h.now);
            ByteBuf rec = h.client.pollOutbound();
            ByteBuf replay = rec.copy();
            ByteBuf forged = rec.copy();
            forged.setByte(forged.writerIndex() - 1, forged.getByte(forged.writerIndex() - 1) ^ 1);
            ByteBuf truncated = rec.copy(rec.readerIndex(), 12);
            h.injectToServer(rec);
            h.injectToServer(replay);
            h.injectToServer(forged);
            h.injectToServer(truncated);
            h.injectToServer(Unpooled.wrappedBuffer(new byte[] {0x2F, 0, 0, 0, 3, 1, 2, 3}));
            assertEquals(List.of("hello"), texts(h.serverPlain));
            assertEquals(4, h.server.droppedRecords() - before);
            assertEquals(TlsState.ESTABLISHED, h.server.state());
            exchange(h, 1);
            assertEquals(List.of("hello", "c0"), texts(h.serverPlain));
        }
    }

    @ParameterizedTest
    @EnumSource(TlsCipher.class)
    void aForgedRecordAheadOfTheGenuineOneWithTheSameNumberHarmsNothing(TlsCipher cipher) throws Exception {
        // The JDK's ChaCha20-Poly1305 refuses a second init with the same nonce; a forgery carrying the
        // next record number must not make the genuine record (or the connection) fail.
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).ciphers(cipher).build(),
                server(TestPki.ec()).build())) {
            assertTrue(h.handshake(200));
            h.settle(10_000_000L);
            Dtls13Harness.seal(h.client, "genuine".getBytes(), h.now);
            ByteBuf rec = h.client.pollOutbound();
            ByteBuf forged = rec.copy();
            forged.setByte(forged.writerIndex() - 3, forged.getByte(forged.writerIndex() - 3) ^ 0x40);
            h.injectToServer(forged);
            h.injectToServer(rec);
            assertEquals(List.of("genuine"), texts(h.serverPlain));
            assertEquals(TlsState.ESTABLISHED, h.server.state());
        }
    }

    @Test
    void cookieFromAnotherAddressOrForgedIsRejected() throws Exception {
        // A classical group keeps ClientHello2 in one datagram.
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).groups(KeyExchangeGroup.X25519).build(),
                server(TestPki.ec()).build())) {
            // Deliver the ClientHello, get the HelloRetryRequest to the client, then send ClientHello2 from elsewhere.
            h.step(); // ClientHello1 → admission
            h.step(); // HelloRetryRequest → client
            ByteBuf ch2 = h.takeInFlight();
            assertNotNull(ch2);
            ByteBuf forged = ch2.copy();
            forged.setByte(forged.writerIndex() - 40, forged.getByte(forged.writerIndex() - 40) ^ 1);
            h.clientAddress = new InetSocketAddress("192.0.2.99", 40000);
            h.injectToServer(ch2.copy());
            assertNull(h.server, "a cookie is bound to its address");
            h.clientAddress = Dtls13Harness.CLIENT_ADDR;
            h.injectToServer(forged);
            assertNull(h.server, "a modified ClientHello2 does not pass");
            assertTrue(h.admission.dtls13CookieFailures() + h.admission.dtls13Malformed() >= 2,
                    () -> "failures " + h.admission.dtls13CookieFailures() + " malformed " + h.admission.dtls13Malformed());
            h.injectToServer(ch2);
            assertNotNull(h.server, "the genuine ClientHello2 from the right address is admitted");
            assertTrue(h.handshake(200));
        }
    }

    @Test
    void handshakeTimesOutWhenTheServerIsSilent() throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).handshakeTimeout(Duration.ofSeconds(5))
                .handshakeResendMillis(100).build(), server(TestPki.ec()).build())) {
            h.loss = 1.0;
            assertFalse(h.handshake(1000));
            assertEquals(TlsException.Reason.HANDSHAKE_TIMEOUT, h.client.failure().reason());
            assertTrue(h.now - 1_000_000_000L >= 5_000_000_000L, "not before the deadline");
        }
    }

    @Test
    void clientFallsBackToDtls12WhenTheServerSpeaksOnlyDtls12() throws Exception {
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            TlsClientConfig cc = TestPki.ec().client().build(); // default: DTLS 1.3 then 1.2
            TlsServerConfig sc = TestPki.ec().server().dtlsVersions(DtlsVersion.DTLS_1_2).build();
            TlsEngine c = TlsEngines.dtlsClient(cc, ex, System.nanoTime());
            assertTrue(c instanceof FallbackDtlsClient);
            DtlsPair p = new DtlsPair(c, sc);
            try {
                p.pump();
                assertEquals(TlsState.ESTABLISHED, c.state());
                assertTrue(((FallbackDtlsClient) c).fellBack());
            } finally {
                p.close();
            }
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void dtls13OnlyClientRefusesADtls12Server() throws Exception {
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            TlsEngine c = TlsEngines.dtlsClient(client(TestPki.ec()).build(), ex, System.nanoTime());
            assertTrue(c instanceof Dtls13Client);
            DtlsPair p = new DtlsPair(c, TestPki.ec().server().dtlsVersions(DtlsVersion.DTLS_1_2).build());
            try {
                p.pump();
                assertEquals(TlsState.FAILED, c.state());
                assertTrue(((Dtls13Client) c).fallbackToDtls12());
            } finally {
                p.close();
            }
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void dtls12ClientStillReachesADualServer() throws Exception {
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newCachedThreadPool();
        try (Dtls13Harness h = new Dtls13Harness(TestPki.ec().client().dtlsVersions(DtlsVersion.DTLS_1_3).build(),
                server(TestPki.ec()).build())) {
            // A DTLS 1.2 ClientHello at the dual server's admission goes to the DTLS 1.2 cookie path.
            TlsEngine c12 = TlsEngines.dtls12Client(TestPki.ec().client().build(), ex, System.nanoTime());
            ByteBuf ch = c12.pollOutbound();
            List<ByteBuf> replies = new ArrayList<>();
            assertNull(h.admission.admit(Dtls13Harness.CLIENT_ADDR, ch, replies::add, h.now));
            ch.release();
            assertEquals(1, replies.size(), "a HelloVerifyRequest");
            assertEquals(3, replies.get(0).getUnsignedByte(replies.get(0).readerIndex() + 13), "handshake type 3");
            replies.forEach(ByteBuf::release);
            c12.close();
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void appDataBytesArriveExactly() throws Exception {
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).build(), server(TestPki.ec()).build())) {
            assertTrue(h.handshake(200));
            byte[] big = new byte[1400];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 7);
            }
            Dtls13Harness.seal(h.client, big, h.now);
            h.settle(10_000_000L);
            assertArrayEquals(big, ByteBufUtil.getBytes(h.serverPlain.get(0)));
        }
    }

    /**
     * Regression: pooled buffers are slices of one large array, and the JDK's AES-GCM, handed the same
     * array for input and output with the input first, copies through a new array as large as the whole
     * pooled chunk (2 MiB per record on a plain thread). The engine must keep per-record allocation
     * near what the JDK cipher itself needs (~2 KB for seal + open).
     */
    @ParameterizedTest
    @EnumSource(TlsCipher.class)
    void pooledBuffersDoNotMakeTheCipherCopyChunks(TlsCipher cipher) throws Exception {
        assumeTrue(AllocationCounter.setUp(), "thread allocation counter unavailable");
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED); // paranoid tracking allocates per access
        try (Dtls13Harness h = new Dtls13Harness(client(TestPki.ec()).ciphers(cipher)
                .allocator(PooledByteBufAllocator.DEFAULT).build(),
                server(TestPki.ec()).allocator(PooledByteBufAllocator.DEFAULT).build())) {
            assertTrue(h.handshake(200));
            ByteBuf content = PooledByteBufAllocator.DEFAULT.heapBuffer(1350);
            content.writerIndex(1350);
            try {
                int records = 400;
                long before = 0;
                for (int i = -200; i < records; i++) {
                    if (i == 0) {
                        before = AllocationCounter.allocatedBytes();
                    }
                    h.client.seal(content, h.now);
                    ByteBuf d = h.client.pollOutbound();
                    h.server.receive(d, h.now);
                    d.release();
                    ByteBuf p = h.server.pollPlaintext();
                    assertEquals(1350, p.readableBytes());
                    p.release();
                }
                long perRecord = (AllocationCounter.allocatedBytes() - before) / records;
                assertTrue(perRecord < 8_192, () -> perRecord + " B allocated per sealed and opened record");
            } finally {
                content.release();
            }
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }
}
