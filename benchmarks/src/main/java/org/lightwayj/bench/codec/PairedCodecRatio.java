package org.lightwayj.bench.codec;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Arrays;

/**
 * Load-robust companion to {@link CodecDataPathBenchmark} for a shared machine: alternates short
 * blocks of packets without and with the pass-through codec in one JVM (on a Netty
 * {@code FastThreadLocalThread}, as a host event loop) and reports the median per-round throughput
 * ratio, so background load hits both sides alike. Run:
 * {@code java -Dio.netty.leakDetection.level=disabled -cp benchmarks/target/benchmarks.jar org.lightwayj.bench.codec.PairedCodecRatio}
 */
public final class PairedCodecRatio {
    private PairedCodecRatio() {
    }

    /**
     * @param args unused
     * @throws Exception on setup failure
     */
    public static void main(String[] args) throws Exception {
        Exception[] failure = new Exception[1];
        Thread t = new FastThreadLocalThread(() -> {
            try {
                run(false);
                run(true);
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "paired-codec-ratio");
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void run(boolean nullTls) throws Exception {
        CodecDataPathBenchmark.Pair plain = nullTls ? new CodecDataPathBenchmark.NullTlsPlain()
                : new CodecDataPathBenchmark.Plain();
        CodecDataPathBenchmark.Pair coded = nullTls ? new CodecDataPathBenchmark.NullTlsCoded()
                : new CodecDataPathBenchmark.Coded();
        CodecDataPathBenchmark.Pair copying = new CodecDataPathBenchmark.Coded() {
            @Override
            boolean copy() {
                return true;
            }

            @Override
            boolean nullTls() {
                return nullTls;
            }
        };
        plain.up();
        coded.up();
        copying.up();
        int warm = 10;
        int rounds = 40;
        int n = nullTls ? 200_000 : 10_000;
        double[] p = new double[rounds];
        double[] c = new double[rounds];
        double[] ratio = new double[rounds];
        double[] cc = new double[rounds];
        double[] ratioCopy = new double[rounds];
        for (int k = -warm; k < rounds; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                plain.onePacket();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                coded.onePacket();
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                copying.onePacket();
            }
            long t3 = System.nanoTime();
            if (k >= 0) {
                p[k] = (t1 - t0) / (double) n;
                c[k] = (t2 - t1) / (double) n;
                ratio[k] = p[k] / c[k];
                cc[k] = (t3 - t2) / (double) n;
                ratioCopy[k] = p[k] / cc[k];
            }
        }
        plain.down();
        coded.down();
        copying.down();
        Arrays.sort(p);
        Arrays.sort(c);
        Arrays.sort(ratio);
        Arrays.sort(cc);
        Arrays.sort(ratioCopy);
        System.out.printf("%-9s no codec %6.0f ns/packet  zero-copy pass-through codec %6.0f ns/packet  "
                + "codec/no-codec throughput: median %.3f (quartiles %.3f..%.3f)%n",
                nullTls ? "null TLS" : "DTLS 1.2", p[rounds / 2], c[rounds / 2], ratio[rounds / 2],
                ratio[rounds / 4], ratio[3 * rounds / 4]);
        System.out.printf("%-9s copying pass-through codec %6.0f ns/packet  codec/no-codec throughput: median %.3f "
                + "(quartiles %.3f..%.3f)%n", nullTls ? "null TLS" : "DTLS 1.2", cc[rounds / 2], ratioCopy[rounds / 2],
                ratioCopy[rounds / 4], ratioCopy[3 * rounds / 4]);
    }
}
