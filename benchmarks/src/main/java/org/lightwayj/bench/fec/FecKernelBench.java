package org.lightwayj.bench.fec;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lightwayj.codec.fec.ReedSolomon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One Reed–Solomon block per operation, one thread. Score = ns per block; MB/s of source data =
 * K·symbol·1000 / score. {@code decode*} rebuilds R lost source symbols (sources 0..R−1) from the
 * other sources and all R repairs; its plan comes from the cache (the baseline's inverse is
 * precomputed in setup, the same advantage).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'fec' -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FecKernelBench {

    /** K x R. */
    @Param({"10x3", "20x10"})
    public String shape;

    /** Symbol size in bytes. */
    @Param({"1350", "1400"})
    public int size;

    private int k;
    private int r;
    private byte[][] src;
    private byte[][] rep;
    private byte[][] work;
    private long present;
    private long repPresent;
    private ReedSolomon rs;
    private int[][] encodeCoef;
    private int[][] decodeCoef;
    private byte[][] decodeIn;
    private byte[][] decodeOut;

    /** Builds random data, the repairs and both kernels' matrices, and checks they agree. */
    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("x");
        k = Integer.parseInt(p[0]);
        r = Integer.parseInt(p[1]);
        Random rnd = new Random(42);
        src = new byte[k][size];
        for (byte[] s : src) {
            rnd.nextBytes(s);
        }
        rep = new byte[r][size];
        rs = new ReedSolomon(k, r);
        rs.encode(src, k, rep, size);
        encodeCoef = new int[r][k];
        for (int q = 0; q < r; q++) {
            for (int j = 0; j < k; j++) {
                encodeCoef[q][j] = ReedSolomon.coefficient(q, j);
            }
        }
        byte[][] check = new byte[r][size];
        TableKernel.apply(encodeCoef, src, k, check, r, size);
        for (int q = 0; q < r; q++) {
            if (!java.util.Arrays.equals(check[q], rep[q])) {
                throw new IllegalStateException("baseline and packed kernel disagree");
            }
        }
        // Lose sources 0..r-1; keep sources r..k-1 and all repairs.
        present = ((k == 64 ? -1L : (1L << k) - 1)) & ~((1L << r) - 1);
        repPresent = (1L << r) - 1;
        work = new byte[k][];
        for (int j = 0; j < k; j++) {
            work[j] = j < r ? new byte[size] : src[j];
        }
        // Baseline decode matrix: invert the generator rows of the k received symbols.
        int[][] a = new int[k][k];
        decodeIn = new byte[k][];
        int row = 0;
        for (int j = r; j < k; j++) {
            a[row][j] = 1;
            decodeIn[row++] = src[j];
        }
        for (int q = 0; q < r; q++) {
            System.arraycopy(encodeCoef[q], 0, a[row], 0, k);
            decodeIn[row++] = rep[q];
        }
        int[][] inv = TableKernel.invert(a, k);
        decodeCoef = new int[r][];
        decodeOut = new byte[r][size];
        for (int q = 0; q < r; q++) {
            decodeCoef[q] = inv[q]; // row q of A⁻¹ rebuilds source q
        }
        TableKernel.apply(decodeCoef, decodeIn, k, decodeOut, r, size);
        rs.decode(k, work, present, rep, repPresent, size);
        for (int q = 0; q < r; q++) {
            if (!java.util.Arrays.equals(decodeOut[q], src[q]) || !java.util.Arrays.equals(work[q], src[q])) {
                throw new IllegalStateException("decode check failed");
            }
        }
    }

    /** Packed-table kernel: R repairs of one block. */
    @Benchmark
    public byte[][] encode() {
        rs.encode(src, k, rep, size);
        return rep;
    }

    /** Packed-table kernel: rebuild R lost sources (plan cached). */
    @Benchmark
    public byte[][] decode() {
        rs.decode(k, work, present, rep, repPresent, size);
        return work;
    }

    /** Baseline 64 KiB table, one pass per (output, input). */
    @Benchmark
    public byte[][] baselineEncode() {
        TableKernel.apply(encodeCoef, src, k, rep, r, size);
        return rep;
    }

    /** Baseline 64 KiB table decode with a precomputed inverse. */
    @Benchmark
    public byte[][] baselineDecode() {
        TableKernel.apply(decodeCoef, decodeIn, k, decodeOut, r, size);
        return decodeOut;
    }
}
