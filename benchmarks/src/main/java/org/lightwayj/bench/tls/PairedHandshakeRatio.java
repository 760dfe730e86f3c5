package org.lightwayj.bench.tls;

import java.util.Arrays;
import org.lightwayj.core.tls.DtlsVersion;

/**
 * Load-robust companion to {@link HandshakeToOnlineBenchmark}: alternates short blocks of Lightway
 * connect-to-Online and raw engine handshakes in one JVM and reports the median per-round ratio, so
 * background load hits both sides alike. Run:
 * {@code java -Dio.netty.leakDetection.level=disabled -cp benchmarks/target/benchmarks.jar org.lightwayj.bench.tls.PairedHandshakeRatio}
 */
public final class PairedHandshakeRatio {
    private PairedHandshakeRatio() {
    }

    /**
     * @param args optional: rounds (default 40)
     * @throws Exception on setup failure
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        for (DtlsVersion v : DtlsVersion.values()) {
            HandshakeToOnlineBenchmark b = new HandshakeToOnlineBenchmark();
            b.version = v;
            b.setup();
            int warm = 10;
            int n = 10;
            double[] ratio = new double[rounds];
            double[] lightwayMs = new double[rounds];
            double[] rawMs = new double[rounds];
            for (int k = -warm; k < rounds; k++) {
                long t0 = System.nanoTime();
                long excluded = 0;
                for (int i = 0; i < n; i++) {
                    b.lightwayToOnline();
                    long e0 = System.nanoTime();
                    b.tearDownConnection(); // not part of the measured operation, as in JMH
                    excluded += System.nanoTime() - e0;
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    b.rawHandshake();
                }
                long t2 = System.nanoTime();
                if (k >= 0) {
                    double lw = (t1 - t0 - excluded) / (double) n;
                    double raw = (t2 - t1) / (double) n;
                    lightwayMs[k] = lw / 1e6;
                    rawMs[k] = raw / 1e6;
                    ratio[k] = raw / lw; // throughput of Lightway-to-Online relative to the raw handshake
                }
            }
            b.tearDown();
            Arrays.sort(ratio);
            Arrays.sort(lightwayMs);
            Arrays.sort(rawMs);
            System.out.printf("%s  Lightway to Online %.2f ms, raw handshake %.2f ms  throughput ratio %.3f"
                    + " (quartiles %.3f..%.3f)%n", v, lightwayMs[rounds / 2], rawMs[rounds / 2], ratio[rounds / 2],
                    ratio[rounds / 4], ratio[3 * rounds / 4]);
        }
    }
}
