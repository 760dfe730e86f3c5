package org.lightwayj.core.ip;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum: the 16-bit one's complement of the one's complement sum of 16-bit
 * big-endian words (RFC 1071), and its incremental update when one word changes (RFC 1624,
 * equation 3). Static, allocation-free; buffer indices are not moved and ownership stays with the
 * caller.
 */
public final class InternetChecksum {
    private InternetChecksum() {
    }

    /**
     * Adds {@code length} bytes starting at absolute {@code index} to a running one's complement
     * sum. An odd final byte is padded with a zero low byte, so sums of consecutive even-length
     * ranges chain correctly.
     *
     * @param buf     the bytes
     * @param index   absolute start index
     * @param length  number of bytes
     * @param initial a previous (folded or unfolded, non-negative) sum, e.g. of a pseudo-header; 0 to start
     * @return the folded 16-bit sum, 0..0xFFFF (not complemented)
     */
    public static int sum(ByteBuf buf, int index, int length, int initial) {
        long s = initial & 0xFFFFFFFFL;
        int end = index + length;
        int i = index;
        for (; i + 4 <= end; i += 4) {
            long w = buf.getUnsignedInt(i);
            s += (w >>> 16) + (w & 0xFFFF);
        }
        for (; i + 2 <= end; i += 2) {
            s += buf.getUnsignedShort(i);
        }
        if (i < end) {
            s += buf.getUnsignedByte(i) << 8;
        }
        return fold(s);
    }

    /**
     * The checksum of a byte range: {@code ~sum} folded to 16 bits. A range that includes a correct
     * checksum field yields 0.
     *
     * @param buf    the bytes
     * @param index  absolute start index
     * @param length number of bytes
     * @return the checksum, 0..0xFFFF
     */
    public static int checksum(ByteBuf buf, int index, int length) {
        return ~sum(buf, index, length, 0) & 0xFFFF;
    }

    /**
     * Folds a non-negative sum to 16 bits with end-around carry.
     *
     * @param sum the sum
     * @return 0..0xFFFF
     */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    /**
     * RFC 1624 equation 3: the new checksum after one 16-bit word of the covered data changes,
     * {@code HC' = ~(~HC + ~m + m')}. The word must be at an even offset from the start of the
     * checksummed data; for an odd offset pass both words through {@link #swap(int)}.
     *
     * @param checksum the old checksum field value
     * @param oldWord  the old 16-bit value
     * @param newWord  the new 16-bit value
     * @return the new checksum field value
     */
    public static int update(int checksum, int oldWord, int newWord) {
        int s = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /**
     * {@link #update(int, int, int)} for a 32-bit field at an even offset (e.g. an IPv4 address).
     *
     * @param checksum the old checksum field value
     * @param oldValue the old 32-bit value
     * @param newValue the new 32-bit value
     * @return the new checksum field value
     */
    public static int update32(int checksum, int oldValue, int newValue) {
        int c = update(checksum, oldValue >>> 16, newValue >>> 16);
        return update(c, oldValue & 0xFFFF, newValue & 0xFFFF);
    }

    /**
     * Swaps the two bytes of a 16-bit value: the contribution of a field that starts at an odd
     * offset of the checksummed data.
     *
     * @param word a 16-bit value
     * @return the value with its bytes swapped
     */
    public static int swap(int word) {
        return ((word & 0xFF) << 8) | ((word >>> 8) & 0xFF);
    }
}
