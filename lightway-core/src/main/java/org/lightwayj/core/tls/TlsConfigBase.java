package org.lightwayj.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The settings {@link TlsClientConfig} and {@link TlsServerConfig} share (cipher preference, handshake
 * timing, datagram sizing, allocator), with one builder base so the setters, defaults and checks live once.
 */
abstract class TlsConfigBase {
    private final List<TlsCipher> ciphers;
    private final long handshakeTimeoutNanos;
    private final int handshakeResendMillis;
    private final int datagramMtu;
    private final int outboundHeadroom;
    private final ByteBufAllocator allocator;

    TlsConfigBase(Builder<?> b) {
        this.ciphers = List.copyOf(b.ciphers);
        this.handshakeTimeoutNanos = b.handshakeTimeout.toNanos();
        this.handshakeResendMillis = b.handshakeResendMillis;
        this.datagramMtu = b.datagramMtu;
        this.outboundHeadroom = b.outboundHeadroom;
        this.allocator = b.allocator;
    }

    /** Ciphers in preference order (never empty). */
    public List<TlsCipher> ciphers() {
        return ciphers;
    }

    /** Handshake deadline, measured from engine creation in host time. */
    public long handshakeTimeoutNanos() {
        return handshakeTimeoutNanos;
    }

    /** DTLS initial retransmission time in milliseconds (BC's wall-clock timer; doubles on each resend). */
    public int handshakeResendMillis() {
        return handshakeResendMillis;
    }

    /** Largest DTLS datagram sent or accepted (spec §8: 1456 for a 1500-byte outside MTU). */
    public int datagramMtu() {
        return datagramMtu;
    }

    /** Writable bytes kept in front of each outbound datagram (16 for the Lightway UDP header). */
    public int outboundHeadroom() {
        return outboundHeadroom;
    }

    /** Allocator for every buffer the engine returns (default {@link PooledByteBufAllocator#DEFAULT}, like the connection context). */
    public ByteBufAllocator allocator() {
        return allocator;
    }

    /**
     * Setters and checks for the shared settings.
     *
     * @param <B> the concrete builder, returned by every setter
     */
    abstract static class Builder<B extends Builder<B>> {
        private List<TlsCipher> ciphers = List.of(TlsCipher.AES_256_GCM, TlsCipher.CHACHA20_POLY1305);
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private int handshakeResendMillis = 1000;
        private int datagramMtu = 1456;
        private int outboundHeadroom = 16;
        private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

        Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Ciphers in preference order (default AES-256-GCM, then ChaCha20-Poly1305). */
        public B ciphers(TlsCipher... preference) {
            this.ciphers = Arrays.asList(preference);
            return self();
        }

        /** Handshake deadline in host time (default 30 s). */
        public B handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return self();
        }

        /** DTLS initial resend time in ms (default 1000; tests use a few ms). */
        public B handshakeResendMillis(int millis) {
            this.handshakeResendMillis = millis;
            return self();
        }

        /** Largest DTLS datagram (default 1456). */
        public B datagramMtu(int mtu) {
            this.datagramMtu = mtu;
            return self();
        }

        /** Headroom in front of each outbound datagram (default 16). */
        public B outboundHeadroom(int bytes) {
            this.outboundHeadroom = bytes;
            return self();
        }

        /** Allocator for outbound datagrams and plaintext (default {@link PooledByteBufAllocator#DEFAULT}, like the connection context). */
        public B allocator(ByteBufAllocator alloc) {
            this.allocator = alloc;
            return self();
        }

        /**
         * Checks the shared settings except the allocator (each config checks that last, after its own
         * extra fields, so the first bad field named stays the same).
         *
         * @throws IllegalArgumentException naming the bad field
         */
        final void checkCommon() {
            if (ciphers == null || ciphers.isEmpty() || ciphers.stream().anyMatch(Objects::isNull)
                    || ciphers.stream().distinct().count() != ciphers.size()) {
                throw new IllegalArgumentException("ciphers: need one or more distinct ciphers");
            }
            if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout: must be positive");
            }
            if (handshakeResendMillis < 1 || handshakeResendMillis > 60_000) {
                throw new IllegalArgumentException(
                        "handshakeResendMillis: must be in 1..60000, was " + handshakeResendMillis);
            }
            if (datagramMtu < 256 || datagramMtu > 16_384) {
                throw new IllegalArgumentException("datagramMtu: must be in 256..16384, was " + datagramMtu);
            }
            if (outboundHeadroom < 0 || outboundHeadroom > 256) {
                throw new IllegalArgumentException("outboundHeadroom: must be in 0..256, was " + outboundHeadroom);
            }
        }

        /** @throws IllegalArgumentException if the allocator is {@code null} */
        final void checkAllocator() {
            if (allocator == null) {
                throw new IllegalArgumentException("allocator: must not be null");
            }
        }
    }
}
