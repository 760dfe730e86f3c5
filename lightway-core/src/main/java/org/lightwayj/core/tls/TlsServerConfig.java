package org.lightwayj.core.tls;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable server-side (D)TLS configuration: certificate chain and private key (RSA or EC), cipher
 * preference, handshake timing and datagram sizing. Build with {@link #builder()}.
 */
public final class TlsServerConfig extends TlsConfigBase {
    private final List<X509Certificate> certificateChain;
    private final PrivateKey privateKey;

    private TlsServerConfig(Builder b) {
        super(b);
        this.certificateChain = List.copyOf(b.chain);
        this.privateKey = b.key;
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

    /** Builder for {@link TlsServerConfig}. Not thread-safe. */
    public static final class Builder extends TlsConfigBase.Builder<Builder> {
        private List<X509Certificate> chain = new ArrayList<>();
        private PrivateKey key;

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
            checkCommon();
            checkAllocator();
            return new TlsServerConfig(this);
        }
    }
}
