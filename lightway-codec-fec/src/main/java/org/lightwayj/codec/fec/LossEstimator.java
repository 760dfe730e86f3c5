package org.lightwayj.codec.fec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The source-packet loss rate the decoders of one factory observe, as an exponentially weighted
 * moving average over finished blocks (weight 1/32 per block), and the adaptive-R rule built on it.
 *
 * <h2>Adaptive rule (docs/fec.md)</h2>
 * With observed loss p, a block of K sources gets the smallest R in 1..K such that
 * P[Binomial(K+R, p) &gt; R] ≤ 10⁻³ (more than R of its K+R packets lost, the block fails), or K when
 * no R reaches that. It is recomputed only when p moves to another tenth of a percent.
 *
 * <p>Thread-safe (one CAS per finished block); shared by every connection of the factory.
 */
final class LossEstimator {
    static final double ALPHA = 1.0 / 32;
    static final double TARGET = 1e-3;

    private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0.0));
    private volatile boolean sampled;

    /** Records one finished block: {@code lost} of its {@code expected} sources did not arrive. */
    void record(int expected, int lost) {
        if (expected <= 0) {
            return;
        }
        if (!sampled) {
            sampled = true;
        }
        double x = (double) lost / expected;
        long cur;
        long next;
        do {
            cur = bits.get();
            double p = Double.longBitsToDouble(cur);
            next = Double.doubleToLongBits(p + ALPHA * (x - p));
        } while (!bits.compareAndSet(cur, next));
    }

    /** Whether any block has been recorded yet. */
    boolean sampled() {
        return sampled;
    }

    /** The current estimate, 0..1. */
    double rate() {
        return Double.longBitsToDouble(bits.get());
    }

    /** The adaptive R for {@code k} sources at loss {@code p}. */
    static int chooseR(int k, double p) {
        for (int r = 1; r <= k; r++) {
            if (failure(k + r, r, p) <= TARGET) {
                return r;
            }
        }
        return k;
    }

    /** P[Binomial(n, p) &gt; r]. */
    static double failure(int n, int r, double p) {
        if (p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return 1;
        }
        double q = 1 - p;
        double term = Math.pow(q, n); // P[X = 0]
        double cdf = term;
        for (int i = 1; i <= r; i++) {
            term *= (double) (n - i + 1) / i * p / q;
            cdf += term;
        }
        return Math.max(0, 1 - cdf);
    }
}
