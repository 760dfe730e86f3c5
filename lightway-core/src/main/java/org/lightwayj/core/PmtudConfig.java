package org.lightwayj.core;

/**
 * Immutable DPLPMTUD settings (spec §4.6): the base PLPMTU, the outside (link) MTU from which
 * MAX_PLPMTU is derived, and the probe and raise timers.
 *
 * <pre>{@code
 * PmtudConfig cfg = PmtudConfig.builder().basePlpmtu(1200).outsideMtu(1400).build();
 * cfg.maxPlpmtu(); // 1400 - 81 = 1319
 * }</pre>
 */
public final class PmtudConfig {
    /** Default base PLPMTU, upstream {@code BASE_PLPMTU}. */
    public static final int DEFAULT_BASE_PLPMTU = 1250;
    /** Smallest allowed base PLPMTU, C Lightway's {@code MIN_PLPMTU}. */
    public static final int MIN_BASE_PLPMTU = 512;
    /** Default (and largest) outside MTU. */
    public static final int DEFAULT_OUTSIDE_MTU = 1500;
    /** Smallest outside MTU the client accepts (spec §8). */
    public static final int MIN_OUTSIDE_MTU = 68;
    /**
     * Bytes between the outside MTU and the largest inner frame: IPv4 20 + UDP 8 + Lightway
     * header 16 + DTLS record header and AEAD 37.
     */
    public static final int OUTSIDE_OVERHEAD = 20 + 8 + 16 + 37;
    /** Default probe timer: 5 s. */
    public static final long DEFAULT_PROBE_TIMER_NANOS = 5_000_000_000L;
    /** Default raise / confirmation timer: 10 min. */
    public static final long DEFAULT_RAISE_TIMER_NANOS = 600_000_000_000L;

    private static final PmtudConfig DEFAULTS = builder().build();

    private final int basePlpmtu;
    private final int outsideMtu;
    private final long probeTimerNanos;
    private final long raiseTimerNanos;

    private PmtudConfig(Builder b) {
        this.basePlpmtu = b.basePlpmtu;
        this.outsideMtu = b.outsideMtu;
        this.probeTimerNanos = b.probeTimerNanos;
        this.raiseTimerNanos = b.raiseTimerNanos;
    }

    /** The defaults: base 1250, outside MTU 1500 (MAX_PLPMTU 1419), probe timer 5 s, raise timer 10 min. */
    public static PmtudConfig defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The PLPMTU probed first and fallen back to (BASE_PLPMTU). */
    public int basePlpmtu() {
        return basePlpmtu;
    }

    /** The outside (link) MTU. */
    public int outsideMtu() {
        return outsideMtu;
    }

    /** MAX_PLPMTU = outside MTU − {@value #OUTSIDE_OVERHEAD}; no probe is ever larger. */
    public int maxPlpmtu() {
        return outsideMtu - OUTSIDE_OVERHEAD;
    }

    /** How long (nanoseconds) a probe waits for its Pong (PROBE_TIMER). */
    public long probeTimerNanos() {
        return probeTimerNanos;
    }

    /** How long (nanoseconds) SearchComplete waits before a confirm/raise probe (PMTU_RAISE_TIMER). */
    public long raiseTimerNanos() {
        return raiseTimerNanos;
    }

    @Override
    public String toString() {
        return "PmtudConfig{basePlpmtu=" + basePlpmtu + ", outsideMtu=" + outsideMtu
                + ", probeTimerNanos=" + probeTimerNanos + ", raiseTimerNanos=" + raiseTimerNanos + '}';
    }

    /** Builds a {@link PmtudConfig}; {@link #build()} validates every field. */
    public static final class Builder {
        private int basePlpmtu = DEFAULT_BASE_PLPMTU;
        private int outsideMtu = DEFAULT_OUTSIDE_MTU;
        private long probeTimerNanos = DEFAULT_PROBE_TIMER_NANOS;
        private long raiseTimerNanos = DEFAULT_RAISE_TIMER_NANOS;

        private Builder() {
        }

        /**
         * @param basePlpmtu {@value PmtudConfig#MIN_BASE_PLPMTU}..(outsideMtu − {@value PmtudConfig#OUTSIDE_OVERHEAD})
         * @return this builder
         */
        public Builder basePlpmtu(int basePlpmtu) {
            this.basePlpmtu = basePlpmtu;
            return this;
        }

        /**
         * @param outsideMtu {@value PmtudConfig#MIN_OUTSIDE_MTU}..{@value PmtudConfig#DEFAULT_OUTSIDE_MTU}
         * @return this builder
         */
        public Builder outsideMtu(int outsideMtu) {
            this.outsideMtu = outsideMtu;
            return this;
        }

        /**
         * @param probeTimerNanos greater than 0
         * @return this builder
         */
        public Builder probeTimerNanos(long probeTimerNanos) {
            this.probeTimerNanos = probeTimerNanos;
            return this;
        }

        /**
         * @param raiseTimerNanos greater than 0
         * @return this builder
         */
        public Builder raiseTimerNanos(long raiseTimerNanos) {
            this.raiseTimerNanos = raiseTimerNanos;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the first field that is out of range
         */
        public PmtudConfig build() {
            if (outsideMtu < MIN_OUTSIDE_MTU || outsideMtu > DEFAULT_OUTSIDE_MTU) {
                throw new IllegalArgumentException("outsideMtu must be 68..1500, was " + outsideMtu);
            }
            int max = outsideMtu - OUTSIDE_OVERHEAD;
            if (basePlpmtu < MIN_BASE_PLPMTU || basePlpmtu > max) {
                throw new IllegalArgumentException("basePlpmtu must be " + MIN_BASE_PLPMTU + ".." + max
                        + " (outsideMtu " + outsideMtu + " - " + OUTSIDE_OVERHEAD + "), was " + basePlpmtu);
            }
            if (probeTimerNanos <= 0) {
                throw new IllegalArgumentException("probeTimerNanos must be > 0, was " + probeTimerNanos);
            }
            if (raiseTimerNanos <= 0) {
                throw new IllegalArgumentException("raiseTimerNanos must be > 0, was " + raiseTimerNanos);
            }
            return new PmtudConfig(this);
        }
    }
}
