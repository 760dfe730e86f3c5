package org.lightwayj.codec.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optional Vector API kernel agrees with the scalar packed kernel. Runs in the surefire execution
 * {@code vector-kernel} (with {@code --add-modules jdk.incubator.vector}); skipped elsewhere.
 */
class VectorKernelTest {

    @Test
    void vectorKernelMatchesScalarKernel() {
        assumeTrue(CodingPlan.VECTOR, "run with --add-modules jdk.incubator.vector");
        CodingPlan vec = new CodingPlan(true);
        CodingPlan scalar = new CodingPlan(false);
        qt().withExamples(200).forAll(integers().between(1, 20), integers().between(1, 64),
                integers().between(1, 1500), longs().all()).check((nOut, nIn, len, seed) -> {
            Random rnd = new Random(seed);
            int[][] c = new int[nOut][nIn];
            for (int[] row : c) {
                for (int j = 0; j < nIn; j++) {
                    row[j] = rnd.nextInt(256);
                }
            }
            byte[][] in = ReedSolomonTest.random(rnd, nIn, len);
            byte[][] a = new byte[nOut][len];
            byte[][] b = new byte[nOut][len];
            vec.build(c, nOut, nIn);
            scalar.build(c, nOut, nIn);
            vec.apply(in, nIn, a, len);
            scalar.apply(in, nIn, b, len);
            for (int q = 0; q < nOut; q++) {
                assertArrayEquals(b[q], a[q], "output " + q);
            }
            return true;
        });
    }
}
