package org.lightwayj.bench.fec;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lightwayj.codec.fec.ReedSolomon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link FecKernelBench}'s encode and decode in a JVM started with
 * {@code --add-modules jdk.incubator.vector}, where {@code ReedSolomon} switches to its optional
 * Vector API kernel. Same units: ns per block; MB/s = K·symbol·1000 / score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FecVectorKernelBench {

    /** K x R. */
    @Param({"10x3", "20x10"})
    public String shape;

    /** Symbol size in bytes. */
    @Param({"1350", "1400"})
    public int size;

    private int k;
    private byte[][] src;
    private byte[][] rep;
    private byte[][] work;
    private long present;
    private long repPresent;
    private ReedSolomon rs;

    /** Random sources, their repairs, and sources 0..R−1 marked lost. */
    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("x");
        k = Integer.parseInt(p[0]);
        int r = Integer.parseInt(p[1]);
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("needs --add-modules jdk.incubator.vector");
        }
        Random rnd = new Random(42);
        src = new byte[k][size];
        for (byte[] s : src) {
            rnd.nextBytes(s);
        }
        rep = new byte[r][size];
        rs = new ReedSolomon(k, r);
        rs.encode(src, k, rep, size);
        present = ((1L << k) - 1) & ~((1L << r) - 1);
        repPresent = (1L << r) - 1;
        work = new byte[k][];
        for (int j = 0; j < k; j++) {
            work[j] = j < r ? new byte[size] : src[j];
        }
        rs.decode(k, work, present, rep, repPresent, size);
        for (int j = 0; j < k; j++) {
            if (!java.util.Arrays.equals(work[j], src[j])) {
                throw new IllegalStateException("decode check failed");
            }
        }
    }

    /** Vector kernel: R repairs of one block. */
    @Benchmark
    public byte[][] encode() {
        rs.encode(src, k, rep, size);
        return rep;
    }

    /** Vector kernel: rebuild R lost sources (plan cached). */
    @Benchmark
    public byte[][] decode() {
        rs.decode(k, work, present, rep, repPresent, size);
        return work;
    }
}
