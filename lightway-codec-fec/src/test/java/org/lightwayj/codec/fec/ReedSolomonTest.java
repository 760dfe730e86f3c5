package org.lightwayj.codec.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReedSolomonTest {

    @Test
    void matrixIsNormalised() {
        for (int j = 0; j < 64; j++) {
            assertEquals(1, ReedSolomon.coefficient(0, j), "row 0 is all ones");
        }
        for (int r = 0; r < 64; r++) {
            assertEquals(1, ReedSolomon.coefficient(r, 0), "column 0 is all ones");
        }
    }

    /** Pins the wire-format matrix: changing it breaks interoperability. */
    @Test
    void matrixVector() {
        assertEquals(0x7c, ReedSolomon.coefficient(1, 1));
        assertEquals(ReedSolomon.coefficient(1, 1), expected(1, 1));
        assertEquals(ReedSolomon.coefficient(63, 63), expected(63, 63));
        assertEquals(ReedSolomon.coefficient(2, 9), expected(2, 9));
    }

    /** P[r][j] = c(r,j)·c(0,0)/(c(0,j)·c(r,0)) with c(r,j) = 1/((64+r)⊕j). */
    private static int expected(int r, int j) {
        int crj = GF256.inv((64 + r) ^ j);
        int c00 = GF256.inv(64);
        int c0j = GF256.inv(64 ^ j);
        int cr0 = GF256.inv(64 + r);
        return GF256.div(GF256.mul(crj, c00), GF256.mul(c0j, cr0));
    }

    /** Reference encode: one multiply per byte per coefficient. */
    static byte[] slowRepair(byte[][] src, int count, int row, int len) {
        byte[] o = new byte[len];
        for (int j = 0; j < count; j++) {
            int c = ReedSolomon.coefficient(row, j);
            for (int i = 0; i < len; i++) {
                o[i] ^= (byte) GF256Test.slowMul(c, src[j][i] & 0xFF);
            }
        }
        return o;
    }

    @Test
    void encodeMatchesReference() {
        qt().withExamples(150).forAll(integers().between(1, 64), integers().between(0, 64),
                integers().between(1, 1400), longs().all()).check((k, rr, len, seed) -> {
            int r = rr % (k + 1);
            Random rnd = new Random(seed);
            int count = 1 + rnd.nextInt(k);
            byte[][] src = random(rnd, k, len);
            byte[][] rep = new byte[Math.max(r, 1)][len];
            new ReedSolomon(k, r).encode(src, count, rep, len);
            for (int t = 0; t < r; t++) {
                assertArrayEquals(slowRepair(src, count, t, len), rep[t], "repair " + t);
            }
            return true;
        });
    }

    @Test
    void anyKOfKPlusRRebuild() {
        qt().withExamples(200).forAll(integers().between(1, 64), integers().between(0, 64),
                integers().between(1, 300), longs().all()).check((k, rr, len, seed) -> {
            int r = rr % (k + 1);
            Random rnd = new Random(seed);
            byte[][] src = random(rnd, k, len);
            byte[][] rep = new byte[Math.max(r, 1)][len];
            ReedSolomon rs = new ReedSolomon(k, r);
            rs.encode(src, k, rep, len);
            int lost = rnd.nextInt(r + 2); // sometimes one too many
            long srcPresent = k == 64 ? -1L : (1L << k) - 1;
            long repPresent = r == 0 ? 0 : (r == 64 ? -1L : (1L << r) - 1);
            int[] order = shuffle(rnd, k + r);
            for (int i = 0; i < lost && i < k + r; i++) {
                int s = order[i];
                if (s < k) {
                    srcPresent &= ~(1L << s);
                } else {
                    repPresent &= ~(1L << (s - k));
                }
            }
            byte[][] work = new byte[k][];
            for (int j = 0; j < k; j++) {
                work[j] = (srcPresent & (1L << j)) != 0 ? src[j].clone() : new byte[len];
            }
            int missing = k - Long.bitCount(srcPresent);
            int got = rs.decode(k, work, srcPresent, rep, repPresent, len);
            if (missing > Long.bitCount(repPresent)) {
                assertEquals(-1, got);
                for (int j = 0; j < k; j++) {
                    if ((srcPresent & (1L << j)) == 0) {
                        assertArrayEquals(new byte[len], work[j], "nothing written on failure");
                    }
                }
                return true;
            }
            assertEquals(missing, got);
            for (int j = 0; j < k; j++) {
                assertArrayEquals(src[j], work[j], "source " + j);
            }
            return true;
        });
    }

    @Test
    void planCacheHitsDoNotRebuild() {
        int k = 10;
        int r = 3;
        int len = 1400;
        Random rnd = new Random(7);
        byte[][] src = random(rnd, k, len);
        byte[][] rep = new byte[r][len];
        ReedSolomon rs = new ReedSolomon(k, r);
        rs.encode(src, k, rep, len);
        long present = ((1L << k) - 1) & ~0b1011L;
        for (int i = 0; i < 5; i++) {
            byte[][] work = new byte[k][];
            for (int j = 0; j < k; j++) {
                work[j] = (present & (1L << j)) != 0 ? src[j] : new byte[len];
            }
            assertEquals(3, rs.decode(k, work, present, rep, 0b111, len));
            for (int j = 0; j < k; j++) {
                assertArrayEquals(src[j], work[j]);
            }
        }
        assertEquals(1, rs.planMisses());
    }

    static byte[][] random(Random rnd, int n, int len) {
        byte[][] a = new byte[n][len];
        for (byte[] x : a) {
            rnd.nextBytes(x);
        }
        return a;
    }

    static int[] shuffle(Random rnd, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
