package org.lightwayj.core.connection;

import java.time.Duration;
import java.util.Objects;
import org.lightwayj.codec.PacketCodecFactory;

/**
 * The single optional inside-packet codec configuration of a context (spec §0.2, §0.3). A context
 * without one ({@link ContextBuilder#codec(CodecConfig)} never called) has no codec at all: the data
 * path pays nothing, EncodedData from a peer is fatal and ToggleEncoding requests are ignored.
 *
 * <p>There are no flush or cleanup intervals: the codec reports the next instant at which it needs a
 * flush or cleanup tick, and the connection folds those deadlines into {@link Connection#nextTimeout()}.
 *
 * <p>Immutable and thread-safe; the factory is shared by every connection of the context.
 */
public final class CodecConfig {

    private final PacketCodecFactory factory;
    private final boolean encodeAtConnect;
    private final long stallTimeoutNanos;

    private CodecConfig(Builder b, long stall) {
        this.factory = b.factory;
        this.encodeAtConnect = b.encodeAtConnect;
        this.stallTimeoutNanos = stall;
    }

    /**
     * A configuration with the defaults (no encode-at-connect, no stall guard).
     *
     * @param factory makes each connection's encoder and decoder
     * @return the configuration
     */
    public static CodecConfig of(PacketCodecFactory factory) {
        return builder(factory).build();
    }

    /**
     * Starts a builder.
     *
     * @param factory makes each connection's encoder and decoder (required)
     * @return the builder
     */
    public static Builder builder(PacketCodecFactory factory) {
        return new Builder(factory);
    }

    /** {@return the codec factory} */
    public PacketCodecFactory factory() {
        return factory;
    }

    /** {@return client: whether a UDP client asks for encoding as soon as it is Online} */
    public boolean encodeAtConnect() {
        return encodeAtConnect;
    }

    /** {@return client: the stall-guard timeout in nanoseconds, 0 = off} */
    public long stallTimeoutNanos() {
        return stallTimeoutNanos;
    }

    @Override
    public String toString() {
        return "CodecConfig[" + factory.name() + ", encodeAtConnect=" + encodeAtConnect + ", stallTimeout="
                + stallTimeoutNanos + "ns]";
    }

    /** Builds a {@link CodecConfig}; {@link #build()} fails with a message naming the bad field. */
    public static final class Builder {
        private final PacketCodecFactory factory;
        private boolean encodeAtConnect;
        private Duration stallTimeout = Duration.ZERO;

        private Builder(PacketCodecFactory factory) {
            this.factory = factory;
        }

        /**
         * Client UDP: send ToggleEncoding(enable) as soon as the connection comes Online (default off).
         * Ignored by servers and on TCP.
         *
         * @param enable whether to
         * @return this builder
         */
        public Builder encodeAtConnect(boolean enable) {
            this.encodeAtConnect = enable;
            return this;
        }

        /**
         * Client stall guard (spec §0.2): when encoding is on, no request is pending, and nothing has
         * reached the inside path for this long while inside packets are being sent, the client asks for
         * encoding off. Zero (the default) disables the guard. Ignored by servers.
         *
         * @param timeout ≥ 0
         * @return this builder
         */
        public Builder stallTimeout(Duration timeout) {
            this.stallTimeout = timeout;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws NullPointerException naming a missing field
         * @throws IllegalArgumentException naming a bad field
         */
        public CodecConfig build() {
            Objects.requireNonNull(factory, "factory");
            long stall = ContextBuilder.nonNegative(stallTimeout, "stallTimeout");
            return new CodecConfig(this, stall);
        }
    }
}
