package org.lightwayj.core.tls.dtls13;

/** The TLS 1.3 AEAD cipher suites of the DTLS 1.3 engine (RFC 8446 §B.4). */
enum CipherSuite {
    TLS_AES_128_GCM_SHA256(0x1301, 16, 32),
    TLS_AES_256_GCM_SHA384(0x1302, 32, 48),
    TLS_CHACHA20_POLY1305_SHA256(0x1303, 32, 32);

    private final int code;
    private final int keyLength;
    private final int hashLength;

    CipherSuite(int code, int keyLength, int hashLength) {
        this.code = code;
        this.keyLength = keyLength;
        this.hashLength = hashLength;
    }

    int code() {
        return code;
    }

    int keyLength() {
        return keyLength;
    }

    int hashLength() {
        return hashLength;
    }

    String hashName() {
        return hashLength == 48 ? "SHA-384" : "SHA-256";
    }

    String hmacName() {
        return hashLength == 48 ? "HmacSHA384" : "HmacSHA256";
    }

    boolean isChaCha() {
        return this == TLS_CHACHA20_POLY1305_SHA256;
    }

    /** The suite for a wire code, or {@code null}. */
    static CipherSuite fromCode(int code) {
        for (CipherSuite s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
