package org.lightwayj.core.frag;

/**
 * Immutable bounds of a {@link FragmentMap} (spec §0.4): entry count (least recently used evicted),
 * entry age (time-to-live from the first fragment) and bytes per packet.
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
    /** Largest allowed {@code maxEntries}: fragment ids are u16, so more entries can never be used. */
    public static final int MAX_ENTRIES_LIMIT = 0x10000;

    private static final FragmentMapConfig DEFAULTS = builder().build();

    private final int maxEntries;
    private final long maxAgeNanos;
    private final int maxPacketBytes;

    private FragmentMapConfig(Builder b) {
        this.maxEntries = b.maxEntries;
        this.maxAgeNanos = b.maxAgeNanos;
        this.maxPacketBytes = b.maxPacketBytes;
    }

    /** The defaults: 4096 entries, 64 s, 65535 bytes. */
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

    @Override
    public String toString() {
        return "FragmentMapConfig{maxEntries=" + maxEntries + ", maxAgeNanos=" + maxAgeNanos
                + ", maxPacketBytes=" + maxPacketBytes + '}';
    }

    /** Builds a {@link FragmentMapConfig}; {@link #build()} validates every field. */
    public static final class Builder {
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private long maxAgeNanos = DEFAULT_MAX_AGE_NANOS;
        private int maxPacketBytes = DEFAULT_MAX_PACKET_BYTES;

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
            return new FragmentMapConfig(this);
        }
    }
}
