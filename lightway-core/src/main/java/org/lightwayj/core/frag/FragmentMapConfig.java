package org.lightwayj.core.frag;

import org.lightwayj.core.FragmentError;

/**
 * Immutable bounds of a {@link FragmentMap} (spec §0.4): entry count (least recently used evicted),
 * entry age (time-to-live from the first fragment), bytes per packet, and total bytes held by all
 * partial packets (least recently used evicted).
 *
 * <pre>{@code
 * FragmentMapConfig cfg = FragmentMapConfig.builder().maxEntries(1024).build();
 * }</pre>
 */
public final class FragmentMapConfig {
    /** Default entry count, as in Rust Lightway. */
    public static final int DEFAULT_MAX_ENTRIES = 4096;
    /** Default time-to-live of a partial packet: 64 s, C Lightway's {@code HE_FRAG_TTL}. */
    public static final long DEFAULT_MAX_AGE_NANOS = 64_000_000_000L;
    /** Default (and largest) reassembled packet size. */
    public static final int DEFAULT_MAX_PACKET_BYTES = 0xFFFF;
    /**
     * Default budget for the bytes held by all partial packets of one map: 4 MiB. Without it a
     * hostile peer could make one connection hold {@code maxEntries × maxPacketBytes} ≈ 256 MiB by
     * opening 4096 entries that each end near 64 KiB. 4 MiB still holds about 60 partial 64 KiB
     * packets at once, or thousands of MTU-sized (≈ 1.5 KiB) ones, which is far more reordering than
     * a healthy path produces.
     */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 4L * 1024 * 1024;
    /** Largest allowed {@code maxEntries}: fragment ids are u16, so more entries can never be used. */
    public static final int MAX_ENTRIES_LIMIT = 0x10000;

    private static final FragmentMapConfig DEFAULTS = builder().build();

    private final int maxEntries;
    private final long maxAgeNanos;
    private final int maxPacketBytes;
    private final long maxTotalBytes;

    private FragmentMapConfig(Builder b) {
        this.maxEntries = b.maxEntries;
        this.maxAgeNanos = b.maxAgeNanos;
        this.maxPacketBytes = b.maxPacketBytes;
        this.maxTotalBytes = b.maxTotalBytes;
    }

    /** The defaults: 4096 entries, 64 s, 65535 bytes per packet, 4 MiB in total. */
    public static FragmentMapConfig defaults() {
        return DEFAULTS;
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Most partial packets held at once; the least recently used one is evicted to make room. */
    public int maxEntries() {
        return maxEntries;
    }

    /** How long (nanoseconds) a partial packet may wait, measured from its first fragment. */
    public long maxAgeNanos() {
        return maxAgeNanos;
    }

    /** Largest reassembled packet; a fragment ending beyond it is {@link FragmentError#TOO_LARGE}. */
    public int maxPacketBytes() {
        return maxPacketBytes;
    }

    /**
     * Most bytes held by all partial packets together, counted as the capacity of the per-entry
     * buffers the map allocated (see {@link FragmentMap#heldBytes()}). Least recently used entries
     * are evicted to make room; a partial packet that alone would exceed it is
     * {@link FragmentError#BUDGET_EXCEEDED}.
     */
    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    @Override
    public String toString() {
        return "FragmentMapConfig{maxEntries=" + maxEntries + ", maxAgeNanos=" + maxAgeNanos
                + ", maxPacketBytes=" + maxPacketBytes + ", maxTotalBytes=" + maxTotalBytes + '}';
    }

    /** Builds a {@link FragmentMapConfig}; {@link #build()} validates every field. */
    public static final class Builder {
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private long maxAgeNanos = DEFAULT_MAX_AGE_NANOS;
        private int maxPacketBytes = DEFAULT_MAX_PACKET_BYTES;
        private long maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES;

        private Builder() {
        }

        /**
         * @param maxEntries 1..65536
         * @return this builder
         */
        public Builder maxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
            return this;
        }

        /**
         * @param maxAgeNanos time-to-live in nanoseconds, greater than 0
         * @return this builder
         */
        public Builder maxAgeNanos(long maxAgeNanos) {
            this.maxAgeNanos = maxAgeNanos;
            return this;
        }

        /**
         * @param maxPacketBytes 1..65535
         * @return this builder
         */
        public Builder maxPacketBytes(int maxPacketBytes) {
            this.maxPacketBytes = maxPacketBytes;
            return this;
        }

        /**
         * @param maxTotalBytes budget for the bytes held by all partial packets, greater than 0
         *     (default {@link #DEFAULT_MAX_TOTAL_BYTES}); below {@code maxPacketBytes} it also
         *     refuses packets that cannot fit in it
         * @return this builder
         */
        public Builder maxTotalBytes(long maxTotalBytes) {
            this.maxTotalBytes = maxTotalBytes;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the first field that is out of range
         */
        public FragmentMapConfig build() {
            if (maxEntries < 1 || maxEntries > MAX_ENTRIES_LIMIT) {
                throw new IllegalArgumentException("maxEntries must be 1..65536, was " + maxEntries);
            }
            if (maxAgeNanos <= 0) {
                throw new IllegalArgumentException("maxAgeNanos must be > 0, was " + maxAgeNanos);
            }
            if (maxPacketBytes < 1 || maxPacketBytes > DEFAULT_MAX_PACKET_BYTES) {
                throw new IllegalArgumentException("maxPacketBytes must be 1..65535, was " + maxPacketBytes);
            }
            if (maxTotalBytes <= 0) {
                throw new IllegalArgumentException("maxTotalBytes must be > 0, was " + maxTotalBytes);
            }
            return new FragmentMapConfig(this);
        }
    }
}
