package org.lightwayj.codec.fec;

/**
 * The FEC header inside an EncodedData payload (docs/fec.md).
 *
 * <pre>
 * offset 0  type     0x10 = source, 0x11 = repair (high nibble: format version 1)
 *        1  block    16-bit block id, big-endian, wraps 65535 → 0
 *        3  index    source: 0..K−1; repair: 0..R−1
 *        4  K        source: the configured K; repair: the block's actual K (≤ configured)
 *        5  R        repair packets of this block
 *        6  payload  source: the inside packet as is
 *                    repair: the repair symbol, L = 2 + S bytes, S = longest source in the block
 * </pre>
 */
final class FecWire {
    static final int HEADER = 6;
    static final int SOURCE = 0x10;
    static final int REPAIR = 0x11;
    /** Repair symbols carry the 2-byte length of each source. */
    static final int LENGTH_FIELD = 2;
    /** A repair packet is at most HEADER + LENGTH_FIELD longer than the longest source it covers. */
    static final int MAX_OVERHEAD = HEADER + LENGTH_FIELD;

    private FecWire() {
    }
}
