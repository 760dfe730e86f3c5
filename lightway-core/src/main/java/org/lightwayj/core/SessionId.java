package org.lightwayj.core;

import java.util.function.LongSupplier;

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
     * @param random the source of random 64-bit values, e.g. {@code secureRandom::nextLong} (the caller
     *     chooses a secure one where that matters; a {@link LongSupplier}, not
     *     {@code java.util.random.RandomGenerator}, which Android does not have)
     * @return a non-reserved id
     */
    public static SessionId random(LongSupplier random) {
        long v;
        do {
            v = random.getAsLong();
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
        char[] hex = new char[16]; // not "0".repeat(…): String.repeat is not on Android API 26
        long v = value;
        for (int i = 15; i >= 0; i--, v >>>= 4) {
            hex[i] = Character.forDigit((int) (v & 0xF), 16);
        }
        return new String(hex);
    }
}
