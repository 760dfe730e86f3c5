package org.lightwayj.bench.tls;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.lightwayj.core.tls.TlsCipher;

/**
 * Load-robust companion to {@link Dtls13RecordBenchmark} for a shared machine: alternates short blocks
 * of DTLS 1.3 engine, raw JDK AEAD and Bouncy Castle DTLS 1.2 seal+open in one JVM and reports median
 * per-round throughput ratios, so background load hits all sides alike. Run:
 * {@code java -Dio.netty.leakDetection.level=disabled -cp benchmarks/target/benchmarks.jar org.lightwayj.bench.tls.PairedDtls13Ratio}
 */
public final class PairedDtls13Ratio {
    private PairedDtls13Ratio() {
    }

    /**
     * @param args unused
     * @throws Exception on setup failure
     */
    public static void main(String[] args) throws Exception {
        // Both kinds of host thread: Netty's pool caches buffers and recycles their wrappers only on a
        // FastThreadLocalThread; a plain thread (most embedding hosts) takes them from the shared arenas.
        runOn(true);
        runOn(false);
    }

    private static void runOn(boolean fastThreadLocal) throws Exception {
        Exception[] err = new Exception[1];
        Runnable body = () -> {
            try {
                run(fastThreadLocal ? "FastThreadLocalThread" : "plain Thread");
            } catch (Exception e) {
                err[0] = e;
            }
        };
        Thread t = fastThreadLocal ? new FastThreadLocalThread(body, "paired-dtls13") : new Thread(body, "paired-dtls13");
        t.start();
        t.join();
        if (err[0] != null) {
            throw err[0];
        }
    }

    private static void run(String thread) throws Exception {
        for (TlsCipher c : TlsCipher.values()) {
            Dtls13RecordBenchmark b = new Dtls13RecordBenchmark();
            b.cipher = c;
            b.setup();
            int warm = 10;
            int rounds = 50;
            int n = 10_000;
            double[] vsRaw = new double[rounds];
            double[] vsBc = new double[rounds];
            double[] ns = new double[rounds];
            long[] bytes = new long[3];
            for (int k = -warm; k < rounds; k++) {
                long a0 = allocated();
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    b.dtls13SealOpen();
                }
                long t1 = System.nanoTime();
                long a1 = allocated();
                for (int i = 0; i < n; i++) {
                    b.rawJdkSealOpen();
                }
                long t2 = System.nanoTime();
                long a2 = allocated();
                for (int i = 0; i < n; i++) {
                    b.bcDtls12SealOpen();
                }
                long t3 = System.nanoTime();
                long a3 = allocated();
                if (k >= 0) {
                    bytes[0] += a1 - a0;
                    bytes[1] += a2 - a1;
                    bytes[2] += a3 - a2;
                    ns[k] = (t1 - t0) / (double) n;
                    vsRaw[k] = (t2 - t1) / (double) (t1 - t0);
                    vsBc[k] = (t3 - t2) / (double) (t1 - t0);
                }
            }
            Arrays.sort(ns);
            Arrays.sort(vsRaw);
            Arrays.sort(vsBc);
            System.out.printf("%-21s %-18s DTLS 1.3 engine %6.0f ns/op (%.0f MB/s)  throughput vs raw JDK AEAD %.3f"
                    + " (quartiles %.3f..%.3f)  vs BC DTLS 1.2 %.3f (quartiles %.3f..%.3f)%n", thread, c,
                    ns[rounds / 2], 1350 / ns[rounds / 2] * 1000, vsRaw[rounds / 2], vsRaw[rounds / 4],
                    vsRaw[3 * rounds / 4], vsBc[rounds / 2], vsBc[rounds / 4], vsBc[3 * rounds / 4]);
            double ops = (double) rounds * n;
            System.out.printf("%-21s %-18s allocated per seal+open: DTLS 1.3 engine %.0f B, raw JDK AEAD %.0f B,"
                    + " BC DTLS 1.2 %.0f B%n", thread, c, bytes[0] / ops, bytes[1] / ops, bytes[2] / ops);
            b.tearDown();
        }
    }

    /** Bytes allocated so far by this thread (HotSpot's per-thread counter, what {@code -prof gc} reads). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
