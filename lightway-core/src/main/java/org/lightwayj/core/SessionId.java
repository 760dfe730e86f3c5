package org.lightwayj.core;

import java.util.random.RandomGenerator;

/**
 * The opaque 8-byte UDP session id of the outer header (spec §1.3, §1.4), held as the big-endian
 * {@code long} of its bytes.
 *
 * @param value the 8 bytes read big-endian
 */
public record SessionId(long value) {
    /** All zero bytes: "no session yet"; a client sends it until it learns its id. */
    public static final SessionId EMPTY = new SessionId(0L);
    /** All 0xFF bytes: sent by a server that refuses a packet. */
    public static final SessionId REJECTED = new SessionId(-1L);

    /**
     * Draws a random id, re-drawing while it comes out as {@link #EMPTY} or {@link #REJECTED}.
     *
     * @param random the source of randomness (the caller chooses a secure one where that matters)
     * @return a non-reserved id
     */
    public static SessionId random(RandomGenerator random) {
        long v;
        do {
            v = random.nextLong();
        } while (v == 0L || v == -1L);
        return new SessionId(v);
    }

    /** @return true for {@link #EMPTY} and {@link #REJECTED} */
    public boolean isReserved() {
        return value == 0L || value == -1L;
    }

    /** @return 16 lowercase hex digits, e.g. {@code "123456789abcdef0"} */
    @Override
    public String toString() {
        String hex = Long.toHexString(value);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
