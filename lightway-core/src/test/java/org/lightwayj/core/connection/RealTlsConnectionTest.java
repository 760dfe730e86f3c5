package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsServerConfig;

/**
 * The examples over the real Bouncy Castle engines (DTLS 1.2 on UDP with the cookie exchange, TLS 1.3
 * on TCP), through the same harness and virtual clock. The link is lossless here: BC's DTLS
 * retransmission timer reads the wall clock, so under a virtual clock a lost flight is never resent
 * (lossy links are covered with the test engine, and by the TLS package's own real-time tests).
 */
class RealTlsConnectionTest {

    static final long SEC = 1_000_000_000L;
    static ExecutorService executor;

    @BeforeAll
    static void startExecutor() {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dtls-handshake-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stopExecutor() throws InterruptedException {
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "a handshake task outlived its connection");
    }

    static TlsClientConfig clientConfig(TestCerts trusted, String name, io.netty.buffer.ByteBufAllocator alloc) {
        return TlsClientConfig.builder()
                .allocator(alloc)
                .trustAnchors(trusted.ca)
                .serverName(name)
                .handshakeTimeout(Duration.ofSeconds(20))
                .build();
    }

    static TlsServerConfig serverConfig(io.netty.buffer.ByteBufAllocator alloc) throws Exception {
        TestCerts pki = TestCerts.main();
        return TlsServerConfig.builder().allocator(alloc).certificateChain(pki.chain(), pki.leafKey.getPrivate())
                .build();
    }

    /** Both engines allocate from the harness's tracking allocator, so its leak check covers them too. */
    private static Harness start(Transport t, TestCerts trusted, String name) throws Exception {
        Harness h = new Harness(t, 40);
        TlsClientConfig cc = clientConfig(trusted, name, h.alloc);
        TlsServerConfig sc = serverConfig(h.alloc);
        return h.start(ConnectionExamplesTest.GOOD, c -> c.tls(cc, executor), s -> s.tls(sc, executor), null);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void connectAuthPingDataDisconnectOverRealTls(Transport t) throws Exception {
        try (Harness h = start(t, TestCerts.main(), TestCerts.NAME)) {
            h.online();
            Connection s = h.server();
            h.client.keepalive(h.now);
            for (int i = 0; i < 20; i++) {
                h.client.insidePacketReceived(h.packet(i, 60 + i * 60), h.now);
                s.insidePacketReceived(h.packet(100 + i, 1350 - i), h.now);
            }
            h.runFor(SEC);
            assertEquals(1, h.clientSide.keepaliveReplies);
            assertEquals(20, h.serverSide.inside.size());
            assertEquals(20, h.clientSide.inside.size());
            for (int i = 0; i < 20; i++) {
                assertEquals(i, Harness.packetId(h.serverSide.inside.get(i)));
                assertEquals(60 + i * 60, h.serverSide.inside.get(i).length);
                assertEquals(1350 - i, h.clientSide.inside.get(i).length);
            }
            h.client.disconnect(h.now);
            h.runFor(SEC);
            assertEquals(ConnectionState.DISCONNECTED, s.state());
            assertEquals(ConnectionError.GOODBYE, s.closeReason().error());
            assertEquals(1, h.pool.freed);
        }
    }

    /** Every datagram the stateless admission keeps to itself reaches the host's metrics. */
    @Test
    void datagramsTheAdmissionDoesNotAdmitAreCounted() throws Exception {
        try (Harness h = start(Transport.UDP, TestCerts.main(), TestCerts.NAME)) {
            h.online();
            assertTrue(h.serverMetrics.notAdmittedAnswered >= 1, "the cookie round trip (HelloVerify/RetryRequest)");
            // ClientHello2 fragments held for assembly (a post-quantum key share) are silent non-admissions too.
            long heldBefore = h.serverMetrics.notAdmittedSilent;
            for (int i = 0; i < 5; i++) {
                io.netty.buffer.ByteBuf d = h.alloc.buffer(40);
                d.writeByte('H').writeByte('e').writeByte(1).writeByte(2).writeInt(0).writeLong(0); // EMPTY id
                d.writeBytes(new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 1, 2, 3, 4, 5, 6, 0, 3, 9, 9, 9});
                assertEquals(null, h.endpoint.datagramReceived(d, new java.net.InetSocketAddress("192.0.2.99", 4000 + i), h.now));
            }
            assertEquals(heldBefore + 5, h.serverMetrics.notAdmittedSilent, "garbage from new peers is counted, not just dropped");
            assertEquals(1, h.endpoint.connections().size());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void wrongPasswordOverRealTls(Transport t) throws Exception {
        Harness h0 = new Harness(t, 41);
        TlsServerConfig sc = serverConfig(h0.alloc);
        TlsClientConfig cc = clientConfig(TestCerts.main(), TestCerts.NAME, h0.alloc);
        try (Harness h = h0.start(new org.lightwayj.core.AuthMethod.UserPass("me", "nope"),
                c -> c.tls(cc, executor), s -> s.tls(sc, executor), null)) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 30 * SEC));
            assertEquals(ConnectionError.UNAUTHORIZED, h.client.closeReason().error());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void untrustedServerCertificateIsFatal(Transport t) throws Exception {
        try (Harness h = start(t, TestCerts.other(), TestCerts.NAME)) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 30 * SEC));
            ConnectionException e = h.client.closeReason();
            assertEquals(ConnectionError.TLS_FAILURE, e.error());
            assertTrue(e.isFatal(t));
            assertEquals(TlsException.Reason.CERTIFICATE_UNTRUSTED, ((TlsException) e.getCause()).reason(),
                    e.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void wrongServerNameIsFatal(Transport t) throws Exception {
        try (Harness h = start(t, TestCerts.main(), "other.example.test")) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 30 * SEC));
            ConnectionException e = h.client.closeReason();
            assertEquals(ConnectionError.TLS_FAILURE, e.error());
            assertEquals(TlsException.Reason.DOMAIN_NAME_MISMATCH, ((TlsException) e.getCause()).reason(),
                    e.toString());
        }
    }
}
