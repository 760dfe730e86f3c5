package org.lightwayj.core.connection;

/** The AEAD the client asks for (spec §0.1, §8); servers accept both. */
public enum Cipher {
    /** AES-256-GCM (the default). */
    AES_256_GCM,
    /** ChaCha20-Poly1305 (for CPUs without AES instructions). */
    CHACHA20_POLY1305
}
