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
    private final List<DtlsVersion> dtlsVersions;
    private final List<KeyExchangeGroup> groups;
    private final int maxHandshakeMessageLength;

    TlsConfigBase(Builder<?> b) {
        this.ciphers = List.copyOf(b.ciphers);
        this.handshakeTimeoutNanos = b.handshakeTimeout.toNanos();
        this.handshakeResendMillis = b.handshakeResendMillis;
        this.datagramMtu = b.datagramMtu;
        this.outboundHeadroom = b.outboundHeadroom;
        this.allocator = b.allocator;
        this.dtlsVersions = List.copyOf(b.dtlsVersions);
        this.groups = List.copyOf(b.groups);
        this.maxHandshakeMessageLength = b.maxHandshakeMessageLength;
    }

    /**
     * DTLS versions in preference order (UDP only). A client with both tries DTLS 1.3 and falls back to
     * a fresh DTLS 1.2 handshake when the server answers as a DTLS 1.2-only server; a server with both
     * accepts either, chosen by the ClientHello's supported_versions.
     */
    public List<DtlsVersion> dtlsVersions() {
        return dtlsVersions;
    }

    /** Key-exchange groups of the DTLS 1.3 engine, in preference order. */
    public List<KeyExchangeGroup> groups() {
        return groups;
    }

    /**
     * Largest handshake message the DTLS engines reassemble (a bound against memory exhaustion): the
     * DTLS 1.3 engine's own reassembler, and for DTLS 1.2 the pre-Bouncy-Castle fragment filter
     * (larger declared lengths are dropped before BC allocates for them).
     */
    public int maxHandshakeMessageLength() {
        return maxHandshakeMessageLength;
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
        private List<DtlsVersion> dtlsVersions = List.of(DtlsVersion.DTLS_1_3, DtlsVersion.DTLS_1_2);
        private List<KeyExchangeGroup> groups = List.of(KeyExchangeGroup.X25519_MLKEM768, KeyExchangeGroup.X25519,
                KeyExchangeGroup.SECP256R1, KeyExchangeGroup.SECP384R1, KeyExchangeGroup.SECP256R1_MLKEM768,
                KeyExchangeGroup.SECP384R1_MLKEM1024);
        private int maxHandshakeMessageLength = 32 * 1024;

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

        /**
         * DTLS versions in preference order (default DTLS 1.3, then DTLS 1.2). {@code DTLS_1_3} alone
         * refuses DTLS 1.2 peers (no downgrade possible); {@code DTLS_1_2} alone is the Bouncy Castle
         * engine only.
         */
        public B dtlsVersions(DtlsVersion... preference) {
            this.dtlsVersions = Arrays.asList(preference);
            return self();
        }

        /**
         * DTLS 1.3 key-exchange groups in preference order (default X25519MLKEM768, X25519, secp256r1,
         * secp384r1, SecP256r1MLKEM768, SecP384r1MLKEM1024).
         */
        public B groups(KeyExchangeGroup... preference) {
            this.groups = Arrays.asList(preference);
            return self();
        }

        /** Largest DTLS 1.3 handshake message reassembled, in bytes (default 32 KiB; 4 KiB..1 MiB). */
        public B maxHandshakeMessageLength(int bytes) {
            this.maxHandshakeMessageLength = bytes;
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
            if (dtlsVersions == null || dtlsVersions.isEmpty() || dtlsVersions.stream().anyMatch(Objects::isNull)
                    || dtlsVersions.stream().distinct().count() != dtlsVersions.size()) {
                throw new IllegalArgumentException("dtlsVersions: need one or more distinct versions");
            }
            if (groups == null || groups.isEmpty() || groups.stream().anyMatch(Objects::isNull)
                    || groups.stream().distinct().count() != groups.size()) {
                throw new IllegalArgumentException("groups: need one or more distinct groups");
            }
            if (maxHandshakeMessageLength < 4096 || maxHandshakeMessageLength > 1 << 20) {
                throw new IllegalArgumentException("maxHandshakeMessageLength: must be in 4096..1048576, was "
                        + maxHandshakeMessageLength);
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
