package org.lightwayj.core.tls;

import java.util.List;
import org.bouncycastle.tls.CipherSuite;

/** Cipher-suite lists and record-overhead arithmetic (spec §0.1, §8). */
final class Suites {
    /** DTLS 1.2 record header: type, version, epoch, sequence number, length. */
    static final int DTLS_HEADER = 13;
    /** AES-GCM explicit nonce in DTLS 1.2 records. */
    static final int GCM_EXPLICIT_NONCE = 8;
    static final int TAG = 16;
    static final int TLS13_HEADER = 5;

    private Suites() {
    }

    static int[] dtls12(List<TlsCipher> ciphers, Boolean rsaOnly) {
        int[] out = new int[ciphers.size() * (rsaOnly == null ? 2 : 1)];
        int i = 0;
        for (TlsCipher c : ciphers) {
            boolean aes = c == TlsCipher.AES_256_GCM;
            if (rsaOnly == null || !rsaOnly) {
                out[i++] = aes ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
                        : CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
            }
            if (rsaOnly == null || rsaOnly) {
                out[i++] = aes ? CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
                        : CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
            }
        }
        return out;
    }

    static int[] tls13(List<TlsCipher> ciphers) {
        int[] out = new int[ciphers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ciphers.get(i) == TlsCipher.AES_256_GCM ? CipherSuite.TLS_AES_256_GCM_SHA384
                    : CipherSuite.TLS_CHACHA20_POLY1305_SHA256;
        }
        return out;
    }

    static boolean isChaCha(int suite) {
        return suite == CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
                || suite == CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
                || suite == CipherSuite.TLS_CHACHA20_POLY1305_SHA256;
    }

    /** Smallest valid DTLS 1.2 record body for the suite (explicit nonce + tag). */
    static int dtlsMinBody(TlsCipher c) {
        return c == TlsCipher.AES_256_GCM ? GCM_EXPLICIT_NONCE + TAG : TAG;
    }

    /** DTLS 1.2 per-record overhead: 37 for AES-256-GCM, 29 for ChaCha20-Poly1305. */
    static int dtlsOverhead(TlsCipher c) {
        return DTLS_HEADER + dtlsMinBody(c);
    }

    /** The largest DTLS 1.2 overhead among the configured ciphers. */
    static int dtlsMaxOverhead(List<TlsCipher> ciphers) {
        int max = 0;
        for (TlsCipher c : ciphers) {
            max = Math.max(max, dtlsOverhead(c));
        }
        return max;
    }

    /** TLS 1.3 per-record overhead: header + inner content type + tag = 22 for both suites. */
    static int tls13Overhead() {
        return TLS13_HEADER + 1 + TAG;
    }

    static TlsCipher cipherOf(int suite) {
        return isChaCha(suite) ? TlsCipher.CHACHA20_POLY1305 : TlsCipher.AES_256_GCM;
    }
}
