package org.lightwayj.codec.fec;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of the {@code fec-rs} codec. Build with {@link #builder()}; {@link #defaults()}
 * gives K=10, R=3, a 5 ms flush delay, a 200 ms block age, 64 open blocks and 1500-byte symbols.
 *
 * <p>Memory: a decoder holds at most {@code maxOpenBlocks × (K + R) × (maxSymbolSize + 2)} bytes of
 * symbols (about 1.2 MiB with the defaults); an encoder holds {@code (K + R) × (maxSymbolSize + 2)}.
 */
public final class FecConfig {
    private final int k;
    private final int r;
    private final long flushDelayNanos;
    private final long blockMaxAgeNanos;
    private final int maxOpenBlocks;
    private final int maxSymbolSize;
    private final boolean adaptive;

    private FecConfig(Builder b) {
        this.k = b.k;
        this.r = b.r;
        this.flushDelayNanos = b.flushDelay.toNanos();
        this.blockMaxAgeNanos = b.blockMaxAge.toNanos();
        this.maxOpenBlocks = b.maxOpenBlocks;
        this.maxSymbolSize = b.maxSymbolSize;
        this.adaptive = b.adaptive;
    }

    /** {@return the default settings} */
    public static FecConfig defaults() {
        return builder().build();
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return source packets per full block (1..64)} */
    public int k() {
        return k;
    }

    /** {@return repair packets per block (0..K); 0 sends headers only and repairs nothing} */
    public int r() {
        return r;
    }

    /** {@return how long a partial block waits for more sources before its repairs go out, in ns} */
    public long flushDelayNanos() {
        return flushDelayNanos;
    }

    /** {@return how long the decoder keeps an incomplete block before dropping it, in ns} */
    public long blockMaxAgeNanos() {
        return blockMaxAgeNanos;
    }

    /**
     * {@return the most blocks a decoder keeps open at once} Opening one more evicts the oldest
     * (counted).
     */
    public int maxOpenBlocks() {
        return maxOpenBlocks;
    }

    /**
     * The largest inside packet the encoder protects; bigger packets are declined
     * ({@code SKIP_PACKET}, sent as plain Data) and the decoder treats bigger symbols as malformed.
     *
     * @return the size in bytes
     */
    public int maxSymbolSize() {
        return maxSymbolSize;
    }

    /**
     * Whether R is chosen per block from the loss the factory's decoders observe (docs/fec.md,
     * "Adaptive R"); {@link #r()} is then only the starting value.
     *
     * @return true when adaptive mode is on
     */
    public boolean adaptive() {
        return adaptive;
    }

    @Override
    public String toString() {
        return "FecConfig[k=" + k + ", r=" + r + ", flushDelayNanos=" + flushDelayNanos + ", blockMaxAgeNanos="
                + blockMaxAgeNanos + ", maxOpenBlocks=" + maxOpenBlocks + ", maxSymbolSize=" + maxSymbolSize + ", adaptive=" + adaptive + "]";
    }

    /** Builds a {@link FecConfig}; every setter returns this builder. */
    public static final class Builder {
        private int k = 10;
        private int r = 3;
        private Duration flushDelay = Duration.ofMillis(5);
        private Duration blockMaxAge = Duration.ofMillis(200);
        private int maxOpenBlocks = 64;
        private int maxSymbolSize = 1500;
        private boolean adaptive;

        private Builder() {
        }

        /**
         * @param k source packets per block, 1..64 (default 10)
         * @return this builder
         */
        public Builder k(int k) {
            this.k = k;
            return this;
        }

        /**
         * @param r repair packets per block, 0..K (default 3)
         * @return this builder
         */
        public Builder r(int r) {
            this.r = r;
            return this;
        }

        /**
         * @param flushDelay the partial-block flush delay, &gt; 0 (default 5 ms)
         * @return this builder
         */
        public Builder flushDelay(Duration flushDelay) {
            this.flushDelay = Objects.requireNonNull(flushDelay, "flushDelay");
            return this;
        }

        /**
         * @param blockMaxAge the decoder's incomplete-block lifetime, &gt; 0 (default 200 ms)
         * @return this builder
         */
        public Builder blockMaxAge(Duration blockMaxAge) {
            this.blockMaxAge = Objects.requireNonNull(blockMaxAge, "blockMaxAge");
            return this;
        }

        /**
         * @param maxOpenBlocks decoder open-block bound, 1..4096 (default 64)
         * @return this builder
         */
        public Builder maxOpenBlocks(int maxOpenBlocks) {
            this.maxOpenBlocks = maxOpenBlocks;
            return this;
        }

        /**
         * @param maxSymbolSize largest protected inside packet, 1..65000 bytes (default 1500)
         * @return this builder
         */
        public Builder maxSymbolSize(int maxSymbolSize) {
            this.maxSymbolSize = maxSymbolSize;
            return this;
        }

        /**
         * @param adaptive choose R per block from the observed loss (default off)
         * @return this builder
         */
        public Builder adaptive(boolean adaptive) {
            this.adaptive = adaptive;
            return this;
        }

        /**
         * @return the config
         * @throws IllegalArgumentException naming the first field out of range
         */
        public FecConfig build() {
            if (k < 1 || k > ReedSolomon.MAX_K) {
                throw new IllegalArgumentException("k must be in 1..64: " + k);
            }
            if (r < 0 || r > k) {
                throw new IllegalArgumentException("r must be in 0..k (" + k + "): " + r);
            }
            if (flushDelay.isNegative() || flushDelay.isZero()) {
                throw new IllegalArgumentException("flushDelay must be positive: " + flushDelay);
            }
            if (blockMaxAge.isNegative() || blockMaxAge.isZero()) {
                throw new IllegalArgumentException("blockMaxAge must be positive: " + blockMaxAge);
            }
            if (maxOpenBlocks < 1 || maxOpenBlocks > 4096) {
                throw new IllegalArgumentException("maxOpenBlocks must be in 1..4096: " + maxOpenBlocks);
            }
            if (maxSymbolSize < 1 || maxSymbolSize > 65000) {
                throw new IllegalArgumentException("maxSymbolSize must be in 1..65000: " + maxSymbolSize);
            }
            return new FecConfig(this);
        }
    }
}
