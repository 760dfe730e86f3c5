package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.tls.TlsCipher;

/** Which TLS 1.3 suites the DTLS 1.3 engines offer and accept, with and without a platform ChaCha20. */
class Dtls13SuitesTest {
    private static final List<TlsCipher> BOTH = List.of(TlsCipher.CHACHA20_POLY1305, TlsCipher.AES_256_GCM);

    @Test
    void theConfiguredOrderIsKeptAndAServerAlsoAcceptsAes128() {
        assertEquals(List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384),
                Dtls13Engines.suites(BOTH, false, true));
        assertEquals(List.of(CipherSuite.TLS_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384,
                CipherSuite.TLS_AES_128_GCM_SHA256), Dtls13Engines.suites(BOTH, true, true));
    }

    /** Android before API 28 has no "ChaCha20-Poly1305" cipher: it is neither offered nor chosen. */
    @Test
    void withoutAPlatformChaCha20ItIsNeitherOfferedNorChosen() {
        assertEquals(List.of(CipherSuite.TLS_AES_256_GCM_SHA384), Dtls13Engines.suites(BOTH, false, false));
        assertEquals(List.of(CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_AES_128_GCM_SHA256),
                Dtls13Engines.suites(BOTH, true, false));
    }

    @Test
    void thisJdkHasChaCha20() {
        assertEquals(Dtls13Engines.suites(BOTH, false, true), Dtls13Engines.suites(BOTH, false));
    }
}
