package org.lightwayj.bench.tls;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Arrays;
import org.lightwayj.core.tls.TlsCipher;

/**
 * Load-robust companion to {@link DtlsRecordBenchmark} for a shared machine: alternates short blocks
 * of engine and raw seal+open in one JVM and reports the median per-round speed ratio, so background
 * load hits both sides alike. Optional: {@code -Dbench.ciphers=AES_256_GCM}, {@code -Dbench.jdk=false} (skip the
 * JDK engine), {@code -Dbench.ftl=false} (measure on a plain thread). Run:
 * {@code java -Dio.netty.leakDetection.level=disabled -cp benchmarks/target/benchmarks.jar org.lightwayj.bench.tls.PairedRecordRatio}
 */
public final class PairedRecordRatio {
    private PairedRecordRatio() {
    }

    /**
     * @param args unused
     * @throws Exception on setup failure
     */
    public static void main(String[] args) throws Exception {
        // Like a real host's event loop (and Netty's own), the measuring thread is a FastThreadLocalThread,
        // so the pooled allocator uses its per-thread cache (Netty 4.2 gives plain threads none unless
        // -Dio.netty.allocator.useCacheForAllThreads=true). The raw side runs on the same thread.
        boolean ftl = Boolean.parseBoolean(System.getProperty("bench.ftl", "true"));
        Exception[] err = new Exception[1];
        Runnable body = () -> {
            try {
                run();
            } catch (Exception e) {
                err[0] = e;
            }
        };
        Thread t = ftl ? new FastThreadLocalThread(body, "paired-ftl") : new Thread(body, "paired");
        t.start();
        t.join();
        if (err[0] != null) {
            throw err[0];
        }
    }

    private static void run() throws Exception {
        String only = System.getProperty("bench.ciphers", "");
        boolean withJdk = Boolean.parseBoolean(System.getProperty("bench.jdk", "true"));
        for (TlsCipher c : TlsCipher.values()) {
            if (!only.isEmpty() && !only.contains(c.name())) {
                continue;
            }
            DtlsRecordBenchmark b = new DtlsRecordBenchmark();
            b.cipher = c;
            b.setup();
            int warm = 10;
            int rounds = 60;
            int n = c == TlsCipher.AES_256_GCM ? 20_000 : 5_000;
            double[] e = new double[rounds];
            double[] r = new double[rounds];
            double[] ratio = new double[rounds];
            double[] j = new double[rounds];
            double[] jratio = new double[rounds];
            for (int k = -warm; k < rounds; k++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    b.engineSealOpen();
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    b.rawSealOpen();
                }
                long t2 = System.nanoTime();
                for (int i = 0; withJdk && i < n; i++) {
                    b.jdkEngineSealOpen();
                }
                long t3 = System.nanoTime();
                if (k >= 0) {
                    j[k] = (t3 - t2) / (double) n;
                    e[k] = (t1 - t0) / (double) n;
                    r[k] = (t2 - t1) / (double) n;
                    ratio[k] = r[k] / e[k];
                    jratio[k] = r[k] / j[k];
                }
            }
            Arrays.sort(e);
            Arrays.sort(r);
            Arrays.sort(ratio);
            Arrays.sort(j);
            Arrays.sort(jratio);
            System.out.printf("%-18s engine %6.0f ns/op (%.0f MB/s)  raw %6.0f ns/op  engine/raw throughput %.3f"
                    + " (median of %d rounds, quartiles %.3f..%.3f)%n", c, e[rounds / 2],
                    1350 / e[rounds / 2] * 1000, r[rounds / 2], ratio[rounds / 2], rounds, ratio[rounds / 4],
                    ratio[3 * rounds / 4]);
            if (withJdk) {
                System.out.printf("%-18s JDK SSLEngine engine %6.0f ns/op, JDK engine/raw BC throughput %.3f%n", c,
                        j[rounds / 2], jratio[rounds / 2]);
            }
            b.tearDown();
        }
    }
}
