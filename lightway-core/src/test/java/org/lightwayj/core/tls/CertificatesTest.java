package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The host-facing certificate helper: generated material is usable as-is, and PEM round-trips. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CertificatesTest {
    private static final String NAME = "vpn.example.test";

    private static TlsClientConfig.Builder trusting(Certificates.SelfSigned pki) {
        return TlsClientConfig.builder().trustAnchors(pki.ca()).serverName(NAME);
    }

    @ParameterizedTest
    @EnumSource(Certificates.KeyType.class)
    void generatedMaterialHandshakesOverDtls12(Certificates.KeyType type) throws Exception {
        Certificates.SelfSigned pki = Certificates.selfSigned(type, NAME, Duration.ofDays(1));
        assertEquals(type == Certificates.KeyType.RSA_2048, pki.leafKey() instanceof RSAKey);
        assertEquals(type == Certificates.KeyType.ECDSA_P256, pki.leafKey() instanceof ECKey);
        try (DtlsPair pair = new DtlsPair(trusting(pki).dtlsVersions(DtlsVersion.DTLS_1_2).build(),
                pki.serverConfig().build())) {
            pair.pump();
            assertEquals(TlsState.ESTABLISHED, pair.client.state(), () -> String.valueOf(pair.client.failure()));
            assertEquals(TlsState.ESTABLISHED, pair.server.state(), () -> String.valueOf(pair.server.failure()));
        }
    }

    @ParameterizedTest
    @EnumSource(Certificates.KeyType.class)
    void pemFormsHandshakeOverDtls13(Certificates.KeyType type) throws Exception {
        Certificates.SelfSigned pki = Certificates.selfSigned(type, NAME, Duration.ofDays(1));
        // The PEM a host would write to disk and load back through the builders.
        TlsServerConfig server = TlsServerConfig.builder().certificateChainPem(pki.chainPem())
                .privateKeyPem(pki.leafKeyPem()).dtlsVersions(DtlsVersion.DTLS_1_3).build();
        TlsClientConfig client = TlsClientConfig.builder().trustAnchorsPem(pki.caPem()).serverName(NAME)
                .dtlsVersions(DtlsVersion.DTLS_1_3).build();
        try (Dtls13Harness h = new Dtls13Harness(client, server)) {
            assertTrue(h.handshake(200), () -> "DTLS 1.3 handshake with " + type + ": " + h.client.failure());
        }
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheServer() throws Exception {
        Certificates.SelfSigned pki = Certificates.selfSigned(Certificates.KeyType.ECDSA_P256, NAME,
                Duration.ofDays(1));
        Certificates.SelfSigned other = Certificates.selfSigned(Certificates.KeyType.ECDSA_P256, NAME,
                Duration.ofDays(1));
        try (DtlsPair pair = new DtlsPair(trusting(other).dtlsVersions(DtlsVersion.DTLS_1_2).build(),
                pki.serverConfig().build())) {
            pair.pump();
            assertNotEquals(TlsState.ESTABLISHED, pair.client.state());
        }
    }

    @Test
    void pemRoundTripsAndNamesTheServer() throws Exception {
        Certificates.SelfSigned pki = Certificates.selfSigned(Certificates.KeyType.ECDSA_P256, NAME,
                Duration.ofHours(2));
        assertEquals(pki.chain(), Certificates.parseChain(pki.chainPem()));
        assertEquals(List.of(pki.ca()), Certificates.parseChain(pki.caPem()));
        assertEquals(pki.leafKey(), Certificates.parsePrivateKey(pki.leafKeyPem()));
        assertTrue(pki.leafKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"), "PKCS#8");
        pki.leaf().verify(pki.ca().getPublicKey());
        pki.ca().verify(pki.ca().getPublicKey());
        assertEquals(List.of(List.of(2, NAME)), List.copyOf(pki.leaf().getSubjectAlternativeNames()));
        assertTrue(pki.ca().getBasicConstraints() >= 0, "the CA is a CA");
        assertEquals(-1, pki.leaf().getBasicConstraints(), "the leaf is not");
        long hours = Duration.between(pki.leaf().getNotBefore().toInstant(), pki.leaf().getNotAfter().toInstant())
                .toHours();
        assertEquals(3, hours, "an hour of skew allowance + the validity asked for");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Certificates.selfSigned(Certificates.KeyType.RSA_2048, " ", Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class,
                () -> Certificates.selfSigned(Certificates.KeyType.RSA_2048, NAME, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Certificates.parseChain("no pem here"));
        assertThrows(IllegalArgumentException.class, () -> Certificates.parsePrivateKey(""));
    }
}
