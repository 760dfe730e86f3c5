package org.lightwayj.codec.fec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The optional Vector API kernel: GF(2⁸) multiply-accumulate by nibble-table shuffles
 * ({@code c·x = lo[x & 15] ⊕ hi[x >>> 4]}, 16-entry tables replicated across the vector), outputs in
 * groups of 8 (then 4) that share each input vector and its two shuffles, the last chunk overlapping
 * at {@code len − VLEN}.
 *
 * <p>Loaded only when the application started with {@code --add-modules jdk.incubator.vector}:
 * {@link CodingPlan} refers to it only behind {@link CodingPlan#VECTOR}.
 */
@JvmOnly // guard: CodingPlan.VECTOR (the module is in the boot layer), never true on Android
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
        int q = 0;
        for (; nOut - q > 4; q += 8) {
            int g = Math.min(8, nOut - q);
            // Rows past the group's end repeat its first row: computed, never stored.
            byte[] t0 = tabs[q];
            group8(t0, tabs[q + 1], tabs[q + 2], tabs[q + 3], tabs[q + 4], g > 5 ? tabs[q + 5] : t0,
                    g > 6 ? tabs[q + 6] : t0, g > 7 ? tabs[q + 7] : t0, in, nIn, out, q, g, len);
        }
        if (q < nOut) {
            int g = nOut - q;
            byte[] t0 = tabs[q];
            group4(t0, g > 1 ? tabs[q + 1] : t0, g > 2 ? tabs[q + 2] : t0, g > 3 ? tabs[q + 3] : t0,
                    in, nIn, out, q, g, len);
        }
    }

    private static void group8(byte[] t0, byte[] t1, byte[] t2, byte[] t3, byte[] t4, byte[] t5, byte[] t6,
            byte[] t7, byte[][] in, int nIn, byte[][] out, int q, int g, int len) {
        int last = len - VLEN;
        for (int i = 0; ; i += VLEN) {
            if (i > last) {
                i = last;
            }
            ByteVector a0 = ByteVector.zero(SPECIES);
            ByteVector a1 = a0;
            ByteVector a2 = a0;
            ByteVector a3 = a0;
            ByteVector a4 = a0;
            ByteVector a5 = a0;
            ByteVector a6 = a0;
            ByteVector a7 = a0;
            for (int j = 0; j < nIn; j++) {
                ByteVector x = ByteVector.fromArray(SPECIES, in[j], i);
                VectorShuffle<Byte> lo = x.and(LOW_NIBBLE).toShuffle();
                VectorShuffle<Byte> hi = x.lanewise(VectorOperators.LSHR, 4).and(LOW_NIBBLE).toShuffle();
                int t = j * 2 * VLEN;
                int u = t + VLEN;
                a0 = a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t0, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t0, u).rearrange(hi));
                a1 = a1.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t1, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t1, u).rearrange(hi));
                a2 = a2.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t2, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t2, u).rearrange(hi));
                a3 = a3.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t3, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t3, u).rearrange(hi));
                a4 = a4.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t4, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t4, u).rearrange(hi));
                a5 = a5.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t5, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t5, u).rearrange(hi));
                a6 = a6.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t6, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t6, u).rearrange(hi));
                a7 = a7.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t7, t).rearrange(lo))
                        .lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, t7, u).rearrange(hi));
            }
            a0.intoArray(out[q], i);
            a1.intoArray(out[q + 1], i);
            a2.intoArray(out[q + 2], i);
            a3.intoArray(out[q + 3], i);
            a4.intoArray(out[q + 4], i);
            if (g > 5) {
                a5.intoArray(out[q + 5], i);
            }
            if (g > 6) {
                a6.intoArray(out[q + 6], i);
            }
            if (g > 7) {
                a7.intoArray(out[q + 7], i);
            }
            if (i == last) {
                return;
            }
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
