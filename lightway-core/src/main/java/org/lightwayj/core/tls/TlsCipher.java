package org.lightwayj.core.tls;

/**
 * The AEAD ciphers Lightway-J negotiates (spec §0.1). Each maps to the DTLS 1.2 suites
 * ECDHE-(RSA|ECDSA)-&lt;cipher&gt; and to one TLS 1.3 suite.
 */
public enum TlsCipher {
    /** AES-256-GCM: DTLS 1.2 ECDHE-*-AES256-GCM-SHA384, TLS 1.3 TLS_AES_256_GCM_SHA384. */
    AES_256_GCM,
    /** ChaCha20-Poly1305: DTLS 1.2 ECDHE-*-CHACHA20-POLY1305, TLS 1.3 TLS_CHACHA20_POLY1305_SHA256. */
    CHACHA20_POLY1305
}
