package org.lightwayj.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Immutable client-side (D)TLS configuration: trust anchors, the optional expected server name, cipher
 * preference, handshake timing and datagram sizing. Build with {@link #builder()}.
 *
 * <p>The only wall-clock read in the TLS package is the certificate-validity check, which asks
 * {@link #certificateClock()} (default {@link Clock#systemUTC()}) for the current date.
 */
public final class TlsClientConfig {
    private final List<X509Certificate> trustAnchors;
    private final String serverName;
    private final List<TlsCipher> ciphers;
    private final long handshakeTimeoutNanos;
    private final int handshakeResendMillis;
    private final int datagramMtu;
    private final int outboundHeadroom;
    private final ByteBufAllocator allocator;
    private final Clock certificateClock;

    private TlsClientConfig(Builder b) {
        this.trustAnchors = List.copyOf(b.trustAnchors);
        this.serverName = b.serverName;
        this.ciphers = List.copyOf(b.ciphers);
        this.handshakeTimeoutNanos = b.handshakeTimeout.toNanos();
        this.handshakeResendMillis = b.handshakeResendMillis;
        this.datagramMtu = b.datagramMtu;
        this.outboundHeadroom = b.outboundHeadroom;
        this.allocator = b.allocator;
        this.certificateClock = b.certificateClock;
    }

    /** A new builder with the defaults documented on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trust anchors the server chain must validate against (never empty). */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** The expected server name (checked against the leaf certificate, sent as SNI on TCP), or {@code null}. */
    public String serverName() {
        return serverName;
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

    /** Wall clock for certificate validity only. */
    public Clock certificateClock() {
        return certificateClock;
    }

    /** Allocator for every buffer the engine returns (default {@link PooledByteBufAllocator#DEFAULT}, like the connection context). */
    public ByteBufAllocator allocator() {
        return allocator;
    }

    /** Builder for {@link TlsClientConfig}. Not thread-safe. */
    public static final class Builder {
        private final List<X509Certificate> trustAnchors = new ArrayList<>();
        private String serverName;
        private List<TlsCipher> ciphers = List.of(TlsCipher.AES_256_GCM, TlsCipher.CHACHA20_POLY1305);
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private int handshakeResendMillis = 1000;
        private int datagramMtu = 1456;
        private int outboundHeadroom = 16;
        private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
        private Clock certificateClock = Clock.systemUTC();

        private Builder() {
        }

        /** Adds every CERTIFICATE block of {@code pem} as a trust anchor. */
        public Builder trustAnchorsPem(String pem) {
            trustAnchors.addAll(KeyMaterial.certificatesFromPem("trustAnchors", pem));
            return this;
        }

        /** Adds every trusted-certificate entry of {@code keyStore} as a trust anchor. */
        public Builder trustAnchors(KeyStore keyStore) {
            trustAnchors.addAll(KeyMaterial.trustedCertificates("trustAnchors", keyStore));
            return this;
        }

        /** Adds trust anchors. */
        public Builder trustAnchors(X509Certificate... anchors) {
            trustAnchors.addAll(Arrays.asList(anchors));
            return this;
        }

        /** Expected server name (DNS name or IP literal); {@code null} (default) skips the name check. */
        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /** Ciphers in preference order (default AES-256-GCM, then ChaCha20-Poly1305). */
        public Builder ciphers(TlsCipher... preference) {
            this.ciphers = Arrays.asList(preference);
            return this;
        }

        /** Handshake deadline in host time (default 30 s). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** DTLS initial resend time in ms (default 1000; tests use a few ms). */
        public Builder handshakeResendMillis(int millis) {
            this.handshakeResendMillis = millis;
            return this;
        }

        /** Largest DTLS datagram (default 1456). */
        public Builder datagramMtu(int mtu) {
            this.datagramMtu = mtu;
            return this;
        }

        /** Headroom in front of each outbound datagram (default 16). */
        public Builder outboundHeadroom(int bytes) {
            this.outboundHeadroom = bytes;
            return this;
        }

        /** Clock for certificate validity (default {@link Clock#systemUTC()}). */
        public Builder certificateClock(Clock clock) {
            this.certificateClock = clock;
            return this;
        }

        /** Allocator for outbound datagrams and plaintext (default {@link PooledByteBufAllocator#DEFAULT}, like the connection context). */
        public Builder allocator(ByteBufAllocator alloc) {
            this.allocator = alloc;
            return this;
        }

        /**
         * @return the immutable config
         * @throws IllegalArgumentException naming the bad field
         */
        public TlsClientConfig build() {
            if (trustAnchors.isEmpty() || trustAnchors.contains(null)) {
                throw new IllegalArgumentException("trustAnchors: at least one non-null trust anchor is required");
            }
            if (serverName != null && serverName.isBlank()) {
                throw new IllegalArgumentException("serverName: must not be blank (use null to skip the check)");
            }
            Checks.common(ciphers, handshakeTimeout, handshakeResendMillis, datagramMtu, outboundHeadroom);
            if (certificateClock == null) {
                throw new IllegalArgumentException("certificateClock: must not be null");
            }
            if (allocator == null) {
                throw new IllegalArgumentException("allocator: must not be null");
            }
            return new TlsClientConfig(this);
        }
    }

    static final class Checks {
        private Checks() {
        }

        static void common(List<TlsCipher> ciphers, Duration timeout, int resend, int mtu, int headroom) {
            if (ciphers == null || ciphers.isEmpty() || ciphers.stream().anyMatch(Objects::isNull)
                    || ciphers.stream().distinct().count() != ciphers.size()) {
                throw new IllegalArgumentException("ciphers: need one or more distinct ciphers");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout: must be positive");
            }
            if (resend < 1 || resend > 60_000) {
                throw new IllegalArgumentException("handshakeResendMillis: must be in 1..60000, was " + resend);
            }
            if (mtu < 256 || mtu > 16_384) {
                throw new IllegalArgumentException("datagramMtu: must be in 256..16384, was " + mtu);
            }
            if (headroom < 0 || headroom > 256) {
                throw new IllegalArgumentException("outboundHeadroom: must be in 0..256, was " + headroom);
            }
            Objects.requireNonNull(ciphers);
        }
    }
}
