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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lightwayj.core.tls.dtls13.Dtls13Engine;

/**
 * Lightway-J's DTLS 1.3 engine against wolfSSL 5.9.2's example client and server over real UDP on
 * 127.0.0.1, both directions: every suite, classical and hybrid ML-KEM groups, the HelloRetryRequest
 * paths, a ClientHello fragmented by its ML-KEM-1024 share, application data both ways, KeyUpdate and
 * close. Skipped (with the reason) when {@code .ci/wolfssl.sh} has not built wolfSSL; CI builds it.
 */
class Dtls13WolfSslInteropTest {
    private static final byte[] WOLF_SERVER_REPLY = "I hear you fa shizzle!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WOLF_CLIENT_MESSAGE = "hello wolfssl!".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static Path ecLeaf;
    static Path ecKey;
    static Path ecCa;
    static Path rsaLeaf;
    static Path rsaKey;
    static Path rsaCa;

    @BeforeAll
    static void pki() throws Exception {
        assumeTrue(WolfSsl.available(), "wolfSSL not built (run .ci/wolfssl.sh)");
        TestPki ec = TestPki.ec();
        TestPki rsa = TestPki.rsa();
        ecLeaf = write("ec-leaf.pem", TestPki.pem(ec.leaf, ec.ca));
        ecKey = write("ec-key.pem", TestPki.pem(ec.leafKey.getPrivate()));
        ecCa = write("ec-ca.pem", TestPki.pem(ec.ca));
        rsaLeaf = write("rsa-leaf.pem", TestPki.pem(rsa.leaf, rsa.ca));
        rsaKey = write("rsa-key.pem", TestPki.pem(rsa.leafKey.getPrivate()));
        rsaCa = write("rsa-ca.pem", TestPki.pem(rsa.ca));
    }

    private static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static int freePort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of(TlsCipher.AES_256_GCM, KeyExchangeGroup.X25519, "TLS13-AES256-GCM-SHA384", null, false));
        out.add(Arguments.of(TlsCipher.CHACHA20_POLY1305, KeyExchangeGroup.X25519, "TLS13-CHACHA20-POLY1305-SHA256",
                null, false));
        out.add(Arguments.of(TlsCipher.AES_256_GCM, KeyExchangeGroup.SECP256R1, "TLS13-AES256-GCM-SHA384", null, true));
        out.add(Arguments.of(TlsCipher.AES_256_GCM, KeyExchangeGroup.SECP384R1, "TLS13-AES256-GCM-SHA384", null, false));
        out.add(Arguments.of(TlsCipher.AES_256_GCM, KeyExchangeGroup.X25519_MLKEM768, "TLS13-AES256-GCM-SHA384",
                "X25519MLKEM768", false));
        out.add(Arguments.of(TlsCipher.CHACHA20_POLY1305, KeyExchangeGroup.SECP256R1_MLKEM768,
                "TLS13-CHACHA20-POLY1305-SHA256", "SecP256r1MLKEM768", false));
        out.add(Arguments.of(TlsCipher.AES_256_GCM, KeyExchangeGroup.SECP384R1_MLKEM1024, "TLS13-AES256-GCM-SHA384",
                "SecP384r1MLKEM1024", true));
        return out;
    }

    private static List<String> groupArgs(String pqc) {
        return pqc == null ? List.of() : List.of("--pqc", pqc);
    }

    @ParameterizedTest(name = "Lightway-J client -> wolfSSL server: {0} {1} rsa={4}")
    @MethodSource("cases")
    void ourClientTheirServer(TlsCipher cipher, KeyExchangeGroup group, String wolfSuite, String pqc, boolean rsa)
            throws Exception {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("-u", "-v", "4", "-p", String.valueOf(port), "-l", wolfSuite,
                "-c", (rsa ? rsaLeaf : ecLeaf).toString(), "-k", (rsa ? rsaKey : ecKey).toString(), "-d", "-e"));
        args.addAll(groupArgs(pqc));
        TestPki pki = rsa ? TestPki.rsa() : TestPki.ec();
        TlsClientConfig cc = pki.client().dtlsVersions(DtlsVersion.DTLS_1_3).ciphers(cipher).groups(group).build();
        try (WolfSsl server = WolfSsl.server(args.toArray(String[]::new))) {
            Thread.sleep(300); // the example binds its socket at start
            try (UdpEnginePump c = UdpEnginePump.client(TlsEngines.dtls13Client(cc, System.nanoTime()), port)) {
                assertTrue(c.runUntil(() -> c.engine.state() != TlsState.HANDSHAKING, Duration.ofSeconds(10)),
                        () -> "no handshake; wolfSSL said:\n" + server.tail(40));
                assertEquals(TlsState.ESTABLISHED, c.engine.state(), () -> c.engine.failure() + "\n" + server.tail(40));
                byte[] hello = ("Lightway-J " + group.ordinal()).getBytes(StandardCharsets.US_ASCII);
                c.send(hello);
                assertTrue(c.runUntil(() -> !c.received.isEmpty(), Duration.ofSeconds(10)),
                        () -> "no reply; wolfSSL said:\n" + server.tail(40));
                // -e: the server echoes what it decrypted.
                assertArrayEquals(hello, c.received.get(0));
                // Our KeyUpdate with update_requested: wolfSSL acknowledges it and updates its own keys.
                Dtls13Engine e = (Dtls13Engine) c.engine;
                c.runUntil(() -> e.updateKeys(true, System.nanoTime()), Duration.ofSeconds(5));
                assertTrue(c.runUntil(() -> e.writeEpoch() == 4 && e.readEpoch() == 4, Duration.ofSeconds(5)),
                        () -> "key update: write " + e.writeEpoch() + " read " + e.readEpoch() + "\n" + server.tail(40));
                byte[] again = "after key update".getBytes(StandardCharsets.US_ASCII);
                c.send(again);
                assertTrue(c.runUntil(() -> c.received.size() == 2, Duration.ofSeconds(5)), () -> server.tail(40));
                assertArrayEquals(again, c.received.get(1));
                c.closeEngine();
                assertEquals(TlsState.CLOSED, c.engine.state());
                assertEquals(0, server.waitFor(5000), () -> server.tail(40));
            }
        }
    }

    @ParameterizedTest(name = "wolfSSL client -> Lightway-J server: {0} {1} rsa={4}")
    @MethodSource("cases")
    void theirClientOurServer(TlsCipher cipher, KeyExchangeGroup group, String wolfSuite, String pqc, boolean rsa)
            throws Exception {
        TestPki pki = rsa ? TestPki.rsa() : TestPki.ec();
        TlsServerConfig sc = pki.server().dtlsVersions(DtlsVersion.DTLS_1_3).ciphers(cipher).build();
        try (UdpEnginePump s = UdpEnginePump.server(new DtlsAdmission(sc), Dtls13Harness.NO_THREADS)) {
            List<String> args = new ArrayList<>(List.of("-u", "-v", "4", "-p", String.valueOf(s.port()), "-l",
                    wolfSuite, "-A", (rsa ? rsaCa : ecCa).toString(), "-x", "-I"));
            args.addAll(groupArgs(pqc));
            try (WolfSsl client = WolfSsl.client(args.toArray(String[]::new))) {
                assertTrue(s.runUntil(() -> !s.received.isEmpty(), Duration.ofSeconds(10)),
                        () -> "no data; wolfSSL said:\n" + client.tail(40));
                assertEquals(TlsState.ESTABLISHED, s.engine.state());
                assertArrayEquals(WOLF_CLIENT_MESSAGE, s.received.get(0));
                assertEquals(4, ((Dtls13Engine) s.engine).readEpoch(), "-I: the client updated its keys first");
                byte[] reply = ("Lightway-J " + group.ordinal()).getBytes(StandardCharsets.US_ASCII);
                s.send(reply);
                assertEquals(0, waitWhilePumping(s, client), () -> client.tail(40));
                assertTrue(client.output().contains(new String(reply, StandardCharsets.US_ASCII)), () -> client.tail(40));
            }
        }
    }

    /** Keeps our side answering (ACKs, close) while the wolfSSL client finishes; its exit code. */
    private static int waitWhilePumping(UdpEnginePump s, WolfSsl peer) throws Exception {
        for (int i = 0; i < 100; i++) {
            s.runUntil(() -> false, Duration.ofMillis(50));
            int rc = peer.waitFor(1);
            if (rc >= 0) {
                return rc;
            }
        }
        return -1;
    }

    @Test
    void helloRetryRequestWhenWolfSslWantsAnotherGroup() throws Exception {
        // Our client sends only an X25519 share; the wolfSSL server takes only SecP384r1MLKEM1024.
        int port = freePort();
        try (WolfSsl server = WolfSsl.server("-u", "-v", "4", "-p", String.valueOf(port), "-c", ecLeaf.toString(),
                "-k", ecKey.toString(), "-d", "--pqc", "SecP384r1MLKEM1024")) {
            Thread.sleep(300);
            TlsClientConfig pq = TestPki.ec().client().dtlsVersions(DtlsVersion.DTLS_1_3)
                    .groups(KeyExchangeGroup.X25519, KeyExchangeGroup.SECP384R1_MLKEM1024).build();
            try (UdpEnginePump c = UdpEnginePump.client(TlsEngines.dtls13Client(pq, System.nanoTime()), port)) {
                assertTrue(c.runUntil(() -> c.engine.state() != TlsState.HANDSHAKING, Duration.ofSeconds(10)),
                        () -> server.tail(40));
                assertEquals(TlsState.ESTABLISHED, c.engine.state(), () -> c.engine.failure() + "\n" + server.tail(40));
                c.send("hrr".getBytes(StandardCharsets.US_ASCII));
                assertTrue(c.runUntil(() -> !c.received.isEmpty(), Duration.ofSeconds(10)), () -> server.tail(40));
                assertArrayEquals(WOLF_SERVER_REPLY, c.received.get(0));
            }
        }
    }
}
