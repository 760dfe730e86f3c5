package org.lightwayj.examples;

import java.util.SplittableRandom;

/**
 * The injected outside loss: each datagram a side sends is dropped with probability {@code rate},
 * decided by a seeded generator so that a run can be repeated. Confined to its side's loop thread.
 */
final class LossyLink {
    private final double rate;
    private final SplittableRandom random;

    LossyLink(double rate, long seed) {
        this.rate = rate;
        this.random = new SplittableRandom(seed);
    }

    /** {@return whether the next datagram is lost} */
    boolean drop() {
        return rate > 0 && random.nextDouble() < rate;
    }
}
