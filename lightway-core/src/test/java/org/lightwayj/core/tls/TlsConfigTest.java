package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.tls.NamedGroup;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.tls.crypto.LightwayTlsCrypto;

class TlsConfigTest {

    static void assertBadField(String field, Supplier<?> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }

    @Test
    void clientBuildNamesTheBadField() throws Exception {
        X509Certificate ca = TestPki.ec().ca;
        assertBadField("trustAnchors", () -> TlsClientConfig.builder().build());
        assertBadField("ciphers", () -> TlsClientConfig.builder().trustAnchors(ca).ciphers().build());
        assertBadField("ciphers", () -> TlsClientConfig.builder().trustAnchors(ca)
                .ciphers(TlsCipher.AES_256_GCM, TlsCipher.AES_256_GCM).build());
        assertBadField("handshakeTimeout", () -> TlsClientConfig.builder().trustAnchors(ca)
                .handshakeTimeout(Duration.ZERO).build());
        assertBadField("handshakeResendMillis", () -> TlsClientConfig.builder().trustAnchors(ca)
                .handshakeResendMillis(0).build());
        assertBadField("datagramMtu", () -> TlsClientConfig.builder().trustAnchors(ca).datagramMtu(100).build());
        assertBadField("outboundHeadroom", () -> TlsClientConfig.builder().trustAnchors(ca).outboundHeadroom(-1).build());
        assertBadField("serverName", () -> TlsClientConfig.builder().trustAnchors(ca).serverName(" ").build());
        assertBadField("certificateClock", () -> TlsClientConfig.builder().trustAnchors(ca).certificateClock(null)
                .build());
        assertBadField("trustAnchors", () -> TlsClientConfig.builder().trustAnchorsPem("not pem"));
    }

    @Test
    void serverBuildNamesTheBadField() throws Exception {
        TestPki ec = TestPki.ec();
        java.security.PrivateKey rsaKey = TestPki.rsa().leafKey.getPrivate();
        assertBadField("certificateChain", () -> TlsServerConfig.builder().build());
        assertBadField("privateKey", () -> TlsServerConfig.builder().certificateChain(List.of(ec.leaf), null).build());
        assertBadField("privateKey", () -> TlsServerConfig.builder()
                .certificateChain(List.of(ec.leaf), rsaKey).build());
        assertBadField("privateKey", () -> TlsServerConfig.builder().privateKeyPem("-----BEGIN NOTHING-----"));
        assertBadField("datagramMtu", () -> ec.server().datagramMtu(20_000).build());
    }

    @Test
    void pemAndKeyStoreMaterialHandshakes() throws Exception {
        TestPki p = TestPki.rsa();
        TlsServerConfig fromPem = TlsServerConfig.builder().certificateChainPem(TestPki.pem(p.leaf, p.ca))
                .privateKeyPem(TestPki.pem(p.leafKey.getPrivate())).build();
        assertEquals(2, fromPem.certificateChain().size());
        assertTrue(fromPem.isRsa());

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("server", p.leafKey.getPrivate(), pw, new java.security.cert.Certificate[] {p.leaf, p.ca});
        TlsServerConfig fromKs = TlsServerConfig.builder().keyStore(ks, "server", pw).build();
        assertEquals(p.leaf, fromKs.certificateChain().get(0));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", p.ca);
        TlsClientConfig ksClient = TlsClientConfig.builder().trustAnchors(trust).serverName(TestPki.NAME).build();
        TlsClientConfig pemClient = TlsClientConfig.builder().trustAnchorsPem(TestPki.pem(p.ca))
                .serverName(TestPki.NAME).build();
        for (TlsServerConfig sc : List.of(fromPem, fromKs)) {
            for (TlsClientConfig cc : List.of(ksClient, pemClient)) {
                long now = System.nanoTime();
                try (TlsEngine c = TlsEngines.tlsClient(cc, now); TlsEngine s = TlsEngines.tlsServer(sc, now)) {
                    Pump.pump(c, s);
                    assertEquals(TlsState.ESTABLISHED, c.state(), () -> String.valueOf(c.failure()));
                }
            }
        }
    }

    @Test
    void certificateClockDecidesValidity() throws Exception {
        TestPki p = TestPki.ec();
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC);
        TlsException e = CertificateChecker.check(List.of(p.leaf, p.ca), List.of(p.ca), TestPki.NAME, future);
        assertEquals(TlsException.Reason.CERTIFICATE_EXPIRED, e.reason());
        assertEquals(null, CertificateChecker.check(List.of(p.leaf), List.of(p.ca), TestPki.NAME, Clock.systemUTC()));
    }

    @Test
    void serverNameMatching() throws Exception {
        TestPki p = TestPki.ec();
        assertTrue(CertificateChecker.nameMatches(p.leaf, "VPN.example.test."));
        assertFalse(CertificateChecker.nameMatches(p.leaf, "example.test"));
        assertFalse(CertificateChecker.nameMatches(p.leaf, "x.vpn.example.test"));
        assertFalse(CertificateChecker.nameMatches(p.leaf, "192.0.2.1"));
        X509Certificate wild = TestPki.cert("CN=x", p.leafKey, "CN=Lightway-J Test CA", p.caKey, false,
                "*.example.test", Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        assertTrue(CertificateChecker.nameMatches(wild, "vpn.example.test"));
        assertFalse(CertificateChecker.nameMatches(wild, "a.vpn.example.test"));
        assertFalse(CertificateChecker.nameMatches(wild, "example.test"));
    }

    /** Documents what BC 1.84's JcaTlsCrypto on JDK 17 offers; docs/tls.md quotes this. */
    @Test
    void offeredGroupsFollowTheCrypto() {
        LightwayTlsCrypto crypto = LightwayTlsCrypto.shared();
        List<Integer> tls13 = Peers.groups(crypto, true);
        for (int g : Peers.HYBRID_GROUPS) {
            assertEquals(crypto.hasNamedGroup(g), tls13.contains(g), NamedGroup.getName(g));
        }
        assertTrue(tls13.contains(NamedGroup.x25519));
        assertTrue(tls13.contains(NamedGroup.secp256r1));
        assertTrue(crypto.hasEncryptionAlgorithm(org.bouncycastle.tls.EncryptionAlgorithm.CHACHA20_POLY1305));
    }
}
