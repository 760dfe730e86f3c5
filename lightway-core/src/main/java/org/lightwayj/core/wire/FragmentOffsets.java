package org.lightwayj.core.wire;

/**
 * The 16-bit offset word of {@link DataFrag}/{@link EncodedDataFrag} (spec §2.6): bit 13 is MF
 * ("more fragments"), bits 12..0 are the byte offset ÷ 8; bits 15 and 14 are written 0 and ignored on
 * decode.
 *
 * <table>
 * <caption>Examples</caption>
 * <tr><th>offset</th><th>MF=0</th><th>MF=1</th></tr>
 * <tr><td>0x0000</td><td>0x0000</td><td>0x2000</td></tr>
 * <tr><td>0x0008</td><td>0x0001</td><td>0x2001</td></tr>
 * <tr><td>0x1000</td><td>0x0200</td><td>0x2200</td></tr>
 * <tr><td>0xFFF8</td><td>0x1FFF</td><td>0x3FFF</td></tr>
 * </table>
 */
public final class FragmentOffsets {
    /** Largest encodable byte offset. */
    public static final int MAX_OFFSET = 0xFFF8;
    /** The MF bit of the offset word. */
    public static final int MF_MASK = 0x2000;
    /** The offset ÷ 8 bits of the offset word. */
    public static final int OFFSET_MASK = 0x1FFF;

    private FragmentOffsets() {}

    /**
     * Packs a byte offset and the MF flag into an offset word.
     *
     * @param byteOffset a multiple of 8 within 0..0xFFF8
     * @param moreFragments the MF flag
     * @return the 16-bit word
     * @throws IllegalArgumentException if the offset is negative, not 8-aligned or above 0xFFF8
     */
    public static int encode(int byteOffset, boolean moreFragments) {
        if (byteOffset < 0 || byteOffset > MAX_OFFSET || (byteOffset & 7) != 0) {
            throw new IllegalArgumentException(
                    "fragment offset must be a multiple of 8 within 0..0xFFF8: " + byteOffset);
        }
        return (byteOffset >>> 3) | (moreFragments ? MF_MASK : 0);
    }

    /**
     * Extracts the byte offset from an offset word.
     *
     * @param word the 16-bit word (bits above 15 and bits 15/14 are ignored)
     * @return {@code (word & 0x1FFF) * 8}
     */
    public static int offsetOf(int word) {
        return (word & OFFSET_MASK) << 3;
    }

    /**
     * Extracts the MF flag from an offset word.
     *
     * @param word the 16-bit word
     * @return true if bit 13 is set
     */
    public static boolean moreFragments(int word) {
        return (word & MF_MASK) != 0;
    }
}
