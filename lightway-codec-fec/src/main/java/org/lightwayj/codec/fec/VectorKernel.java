package org.lightwayj.codec.fec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optional Vector API kernel: GF(2⁸) multiply-accumulate by nibble-table shuffles
 * ({@code c·x = lo[x & 15] ⊕ hi[x >>> 4]}, 16-entry tables replicated across the vector), one output
 * at a time, the last chunk overlapping at {@code len − VLEN}.
 *
 * <p>Loaded only when the application started with {@code --add-modules jdk.incubator.vector}
 * ({@link CodingPlan#VECTOR}); nothing else in the library refers to this class.
 */
final class VectorKernel {
    static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
    static final int VLEN = SPECIES.length();
    /** A constant, so the loop needs no per-call vector object (JDK 17 boxed a local one). */
    private static final ByteVector LOW_NIBBLE = ByteVector.broadcast(SPECIES, (byte) 0x0F);

    private VectorKernel() {
    }

    /** Fills {@code tab} (2·VLEN bytes per coefficient) for coefficient {@code c} at offset {@code off}. */
    static void table(byte[] tab, int off, int c) {
        for (int i = 0; i < VLEN; i++) {
            tab[off + i] = (byte) GF256.mul(c, i & 15);
            tab[off + VLEN + i] = (byte) GF256.mul(c, (i & 15) << 4);
        }
    }

    /**
     * out[q] = Σ_j c[q][j]·in[j] over len ≥ VLEN bytes; {@code tabs[q]} holds the tables of row q,
     * input j at offset {@code j·2·VLEN}. Outputs go in groups of up to 4 that share each input
     * vector and its two shuffles.
     */
    static void apply(byte[][] tabs, byte[][] in, int nIn, byte[][] out, int nOut, int len) {
        for (int q = 0; q < nOut; q += 4) {
            int g = Math.min(4, nOut - q);
            // Rows past the group's end repeat its first row: computed, never stored.
            byte[] t0 = tabs[q];
            byte[] t1 = g > 1 ? tabs[q + 1] : t0;
            byte[] t2 = g > 2 ? tabs[q + 2] : t0;
            byte[] t3 = g > 3 ? tabs[q + 3] : t0;
            group4(t0, t1, t2, t3, in, nIn, out, q, g, len);
        }
    }

    private static void group4(byte[] t0, byte[] t1, byte[] t2, byte[] t3, byte[][] in, int nIn, byte[][] out,
            int q, int g, int len) {
        int last = len - VLEN;
        for (int i = 0; ; i += VLEN) {
            if (i > last) {
                i = last;
            }
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            ByteVector a2 = a0;
            ByteVector a3 = a0;
            for (int j = 0; j < nIn; j++) {
                ByteVector x = ByteVector.fromArray(SPECIES, in[j], i);
                VectorShuffle<Byte> lo = x.and(LOW_NIBBLE).toShuffle();
                VectorShuffle<Byte> hi = x.lanewise(VectorOperators.LSHR, 4).and(LOW_NIBBLE).toShuffle();
                int t = j * 2 * VLEN;
                a0 = a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t0, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t0, t + VLEN).rearrange(hi));
                a1 = a1.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t1, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t1, t + VLEN).rearrange(hi));
                a2 = a2.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t2, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t2, t + VLEN).rearrange(hi));
                a3 = a3.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t3, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t3, t + VLEN).rearrange(hi));
            }
            a0.intoArray(out[q], i);
            if (g > 1) {
                a1.intoArray(out[q + 1], i);
            }
            if (g > 2) {
                a2.intoArray(out[q + 2], i);
            }
            if (g > 3) {
                a3.intoArray(out[q + 3], i);
            }
            if (i == last) {
                return;
            }
        }
    }
}
