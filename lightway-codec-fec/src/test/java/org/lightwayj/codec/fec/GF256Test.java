package org.lightwayj.codec.fec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class GF256Test {
    private static final Gen<Integer> ELEM = integers().between(0, 255);
    private static final Gen<Integer> NONZERO = integers().between(1, 255);

    /** Shift-and-add multiplication modulo 0x11D: the independent reference. */
    static int slowMul(int a, int b) {
        int p = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                p ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11D;
            }
            b >>>= 1;
        }
        return p;
    }

    @Test
    void multiplicationMatchesShiftAndAdd() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(slowMul(a, b), GF256.mul(a, b), a + "*" + b);
            }
        }
    }

    @Test
    void associativity() {
        qt().withExamples(1000).forAll(ELEM, ELEM, ELEM).check((a, b, c) ->
                GF256.mul(GF256.mul(a, b), c) == GF256.mul(a, GF256.mul(b, c))
                        && GF256.add(GF256.add(a, b), c) == GF256.add(a, GF256.add(b, c)));
    }

    @Test
    void commutativity() {
        qt().withExamples(1000).forAll(ELEM, ELEM).check((a, b) ->
                GF256.mul(a, b) == GF256.mul(b, a) && GF256.add(a, b) == GF256.add(b, a));
    }

    @Test
    void distributivity() {
        qt().withExamples(1000).forAll(ELEM, ELEM, ELEM).check((a, b, c) ->
                GF256.mul(a, GF256.add(b, c)) == GF256.add(GF256.mul(a, b), GF256.mul(a, c)));
    }

    @Test
    void inversesAndIdentities() {
        qt().withExamples(500).forAll(NONZERO, ELEM).check((a, b) ->
                GF256.mul(a, GF256.inv(a)) == 1
                        && GF256.add(b, b) == 0
                        && GF256.mul(b, 1) == b
                        && GF256.mul(b, 0) == 0
                        && GF256.mul(GF256.div(b, a), a) == b);
    }

    @Test
    void matrixInverse() {
        qt().withExamples(200).forAll(integers().between(1, 12), integers().all()).check((n, seed) -> {
            java.util.Random rnd = new java.util.Random(seed);
            // Cauchy submatrix: always invertible.
            int[][] m = new int[n][n];
            int[][] copy = new int[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[i][j] = ReedSolomon.coefficient(i + (seed & 7), j * 2 + 1);
                    copy[i][j] = m[i][j];
                }
            }
            if (!GF256.invert(m, new int[n][n], n)) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int v = 0;
                    for (int t = 0; t < n; t++) {
                        v ^= GF256.mul(copy[i][t], m[t][j]);
                    }
                    if (v != (i == j ? 1 : 0)) {
                        return false;
                    }
                }
            }
            return rnd != null;
        });
    }
}
