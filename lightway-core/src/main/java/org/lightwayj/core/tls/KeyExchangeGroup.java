package org.lightwayj.core.tls;

/**
 * Key-exchange groups of the DTLS 1.3 engine (RFC 8446 §4.2.7; the hybrids of
 * draft-ietf-tls-ecdhe-mlkem). A client sends a key share for its first group and lists all of them;
 * a server picks by its own order. The DTLS 1.2 and TLS 1.3 engines over Bouncy Castle keep their own
 * group lists.
 */
public enum KeyExchangeGroup {
    /** X25519MLKEM768 (0x11EC): ML-KEM-768 with X25519, the post-quantum hybrid most stacks deploy. */
    X25519_MLKEM768,
    /** X25519 (0x001D). */
    X25519,
    /** secp256r1 (0x0017). */
    SECP256R1,
    /** secp384r1 (0x0018). */
    SECP384R1,
    /** SecP256r1MLKEM768 (0x11EB). */
    SECP256R1_MLKEM768,
    /** SecP384r1MLKEM1024 (0x11ED): its ClientHello exceeds one datagram and is sent fragmented. */
    SECP384R1_MLKEM1024
}
