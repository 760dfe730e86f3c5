package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * wolfSSL's example client in DTLS 1.2 mode ({@code -u -v 3}, a stock C client such as C Lightway
 * uses) against our Bouncy Castle DTLS 1.2 server behind {@link DtlsAdmission}: cookie exchange (our
 * verifier binds only the RFC 6347 §4.2.1 fields), handshake without renegotiation_info (which this
 * client does not send), data both ways, close. Skipped when wolfSSL is not built ({@code .ci/wolfssl.sh}).
 */
class Dtls12WolfSslInteropTest {
    private static final byte[] WOLF_CLIENT_MESSAGE = "hello wolfssl!".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static Path ecCa;
    static Path rsaCa;
    static ExecutorService executor;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(WolfSsl.available(), "wolfSSL not built (run .ci/wolfssl.sh)");
        ecCa = dir.resolve("ec-ca.pem");
        Files.writeString(ecCa, TestPki.pem(TestPki.ec().ca));
        rsaCa = dir.resolve("rsa-ca.pem");
        Files.writeString(rsaCa, TestPki.pem(TestPki.rsa().ca));
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dtls-handshake");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest(name = "wolfSSL DTLS 1.2 client -> Lightway-J BC server: {0} {1} rsa={2}")
    @CsvSource({
        "AES_256_GCM, ECDHE-ECDSA-AES256-GCM-SHA384, false",
        "CHACHA20_POLY1305, ECDHE-ECDSA-CHACHA20-POLY1305, false",
        "AES_256_GCM, ECDHE-RSA-AES256-GCM-SHA384, true",
    })
    void theirClientOurServer(TlsCipher cipher, String wolfSuite, boolean rsa) throws Exception {
        TestPki pki = rsa ? TestPki.rsa() : TestPki.ec();
        TlsServerConfig sc = pki.server().dtlsVersions(DtlsVersion.DTLS_1_2).ciphers(cipher).build();
        DtlsAdmission admission = new DtlsAdmission(sc);
        try (UdpEnginePump s = UdpEnginePump.server(admission, executor);
                WolfSsl client = WolfSsl.client("-u", "-v", "3", "-p", String.valueOf(s.port()), "-l", wolfSuite,
                        "-A", (rsa ? rsaCa : ecCa).toString(), "-x")) {
            assertTrue(s.runUntil(() -> !s.received.isEmpty(), Duration.ofSeconds(15)),
                    () -> "no data; engine " + (s.engine == null ? "none" : s.engine.state() + " "
                            + s.engine.failure()) + "; admission: hvr=" + admission.dtls12HelloVerifyRequestsSent()
                            + " bad=" + admission.dtls12BadCookie() + " malformed=" + admission.dtls12Malformed()
                            + "; wolfSSL said:\n" + client.tail(40));
            assertEquals(TlsState.ESTABLISHED, s.engine.state());
            assertArrayEquals(WOLF_CLIENT_MESSAGE, s.received.get(0));
            assertEquals(1, admission.dtls12HelloVerifyRequestsSent());
            assertEquals(1, admission.dtls12Admitted());
            assertEquals(0, admission.dtls12BadCookie() + admission.dtls12ExpiredCookie());
            byte[] reply = ("Lightway-J DTLS 1.2 " + cipher).getBytes(StandardCharsets.US_ASCII);
            s.send(reply);
            int rc = waitWhilePumping(s, client);
            assertEquals(0, rc, () -> client.tail(40));
            assertTrue(client.output().contains(new String(reply, StandardCharsets.US_ASCII)), () -> client.tail(40));
            s.runUntil(() -> s.engine.state() == TlsState.CLOSED, Duration.ofSeconds(2));
            assertEquals(TlsState.CLOSED, s.engine.state(), "wolfSSL sent close_notify");
        }
    }

    /** Keeps our side answering while the wolfSSL client finishes; its exit code. */
    private static int waitWhilePumping(UdpEnginePump s, WolfSsl peer) throws IOException, TlsException,
            InterruptedException {
        for (int i = 0; i < 100; i++) {
            s.runUntil(() -> false, Duration.ofMillis(50));
            int rc = peer.waitFor(1);
            if (rc >= 0) {
                return rc;
            }
        }
        return -1;
    }
}
