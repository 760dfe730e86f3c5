package org.lightwayj.core.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Immutable server-side (D)TLS configuration: certificate chain and private key (RSA or EC), cipher
 * preference, handshake timing and datagram sizing. Build with {@link #builder()}.
 */
public final class TlsServerConfig {
    private final List<X509Certificate> certificateChain;
    private final PrivateKey privateKey;
    private final List<TlsCipher> ciphers;
    private final long handshakeTimeoutNanos;
    private final int handshakeResendMillis;
    private final int datagramMtu;
    private final int outboundHeadroom;
    private final ByteBufAllocator allocator;

    private TlsServerConfig(Builder b) {
        this.certificateChain = List.copyOf(b.chain);
        this.privateKey = b.key;
        this.ciphers = List.copyOf(b.ciphers);
        this.handshakeTimeoutNanos = b.handshakeTimeout.toNanos();
        this.handshakeResendMillis = b.handshakeResendMillis;
        this.datagramMtu = b.datagramMtu;
        this.outboundHeadroom = b.outboundHeadroom;
        this.allocator = b.allocator;
    }

    /** A new builder with the defaults documented on its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server's chain, leaf first. */
    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    /** The leaf's private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Whether the key is RSA (ECDHE-RSA suites) rather than EC (ECDHE-ECDSA suites). */
    public boolean isRsa() {
        return privateKey instanceof RSAKey;
    }

    /** Ciphers in the server's preference order. */
    public List<TlsCipher> ciphers() {
        return ciphers;
    }

    /** Handshake deadline, measured from engine creation in host time. */
    public long handshakeTimeoutNanos() {
        return handshakeTimeoutNanos;
    }

    /** DTLS initial retransmission time in milliseconds. */
    public int handshakeResendMillis() {
        return handshakeResendMillis;
    }

    /** Largest DTLS datagram sent or accepted. */
    public int datagramMtu() {
        return datagramMtu;
    }

    /** Writable bytes kept in front of each outbound datagram. */
    public int outboundHeadroom() {
        return outboundHeadroom;
    }

    /** Allocator for every buffer the engine returns (default {@link PooledByteBufAllocator#DEFAULT}, like the connection context). */
    public ByteBufAllocator allocator() {
        return allocator;
    }

    /** Builder for {@link TlsServerConfig}. Not thread-safe. */
    public static final class Builder {
        private List<X509Certificate> chain = new ArrayList<>();
        private PrivateKey key;
        private List<TlsCipher> ciphers = List.of(TlsCipher.AES_256_GCM, TlsCipher.CHACHA20_POLY1305);
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private int handshakeResendMillis = 1000;
        private int datagramMtu = 1456;
        private int outboundHeadroom = 16;
        private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;

        private Builder() {
        }

        /** The certificate chain (leaf first) as PEM text. */
        public Builder certificateChainPem(String pem) {
            this.chain = KeyMaterial.certificatesFromPem("certificateChain", pem);
            return this;
        }

        /** The private key as unencrypted PEM (PKCS#8 or traditional RSA/EC). */
        public Builder privateKeyPem(String pem) {
            this.key = KeyMaterial.privateKeyFromPem("privateKey", pem);
            return this;
        }

        /** Chain and key from a KeyStore private-key entry. */
        public Builder keyStore(KeyStore keyStore, String alias, char[] password) {
            if (keyStore == null || alias == null) {
                throw new IllegalArgumentException("keyStore: KeyStore and alias are required");
            }
            this.chain = KeyMaterial.chainFromKeyStore("certificateChain", keyStore, alias);
            this.key = KeyMaterial.keyFromKeyStore("privateKey", keyStore, alias, password);
            return this;
        }

        /** Chain (leaf first) and key as objects. */
        public Builder certificateChain(List<X509Certificate> leafFirst, PrivateKey privateKey) {
            this.chain = new ArrayList<>(leafFirst);
            this.key = privateKey;
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

        /** DTLS initial resend time in ms (default 1000). */
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

        /** Allocator for outbound datagrams and plaintext (default {@link PooledByteBufAllocator#DEFAULT}, like the connection context). */
        public Builder allocator(ByteBufAllocator alloc) {
            this.allocator = alloc;
            return this;
        }

        /**
         * @return the immutable config
         * @throws IllegalArgumentException naming the bad field
         */
        public TlsServerConfig build() {
            if (chain == null || chain.isEmpty() || chain.contains(null)) {
                throw new IllegalArgumentException("certificateChain: at least the leaf certificate is required");
            }
            if (key == null) {
                throw new IllegalArgumentException("privateKey: required");
            }
            if (!(key instanceof RSAKey) && !(key instanceof ECKey)) {
                throw new IllegalArgumentException("privateKey: must be RSA or EC, was " + key.getAlgorithm());
            }
            if (!chain.get(0).getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
                throw new IllegalArgumentException("privateKey: algorithm " + key.getAlgorithm()
                        + " does not match the leaf certificate's " + chain.get(0).getPublicKey().getAlgorithm());
            }
            TlsClientConfig.Checks.common(ciphers, handshakeTimeout, handshakeResendMillis, datagramMtu,
                    outboundHeadroom);
            if (allocator == null) {
                throw new IllegalArgumentException("allocator: must not be null");
            }
            return new TlsServerConfig(this);
        }
    }
}
