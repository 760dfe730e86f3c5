package org.lightwayj.core.tls;

/** The DTLS versions a UDP client offers or a UDP server accepts (spec §0.1, docs/tls.md). */
public enum DtlsVersion {
    /** DTLS 1.3 (RFC 9147), Lightway-J's own engine; what upstream Rust Lightway servers require. */
    DTLS_1_3,
    /** DTLS 1.2 (RFC 6347) over Bouncy Castle; what C lightway-core servers built without DTLS 1.3 speak. */
    DTLS_1_2
}
