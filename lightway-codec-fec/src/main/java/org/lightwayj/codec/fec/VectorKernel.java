package org.lightwayj.codec.fec;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
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
     * input j at offset {@code j·2·VLEN}.
     */
    static void apply(byte[][] tabs, byte[][] in, int nIn, byte[][] out, int nOut, int len) {
        int last = len - VLEN;
        ByteVector mask = LOW_NIBBLE;
        for (int q = 0; q < nOut; q++) {
            byte[] tab = tabs[q];
            byte[] o = out[q];
            for (int i = 0; ; i += VLEN) {
                if (i > last) {
                    i = last;
                }
                ByteVector acc = ByteVector.zero(SPECIES);
                for (int j = 0; j < nIn; j++) {
                    ByteVector x = ByteVector.fromArray(SPECIES, in[j], i);
                    ByteVector lo = x.and(mask);
                    ByteVector hi = x.lanewise(VectorOperators.LSHR, 4).and(mask);
                    int t = j * 2 * VLEN;
                    ByteVector tl = ByteVector.fromArray(SPECIES, tab, t);
                    ByteVector th = ByteVector.fromArray(SPECIES, tab, t + VLEN);
                    acc = acc.lanewise(VectorOperators.XOR, tl.rearrange(lo.toShuffle()))
                            .lanewise(VectorOperators.XOR, th.rearrange(hi.toShuffle()));
                }
                acc.intoArray(o, i);
                if (i == last) {
                    break;
                }
            }
        }
    }
}
