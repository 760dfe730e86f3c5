package org.lightwayj.core.tls;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Immutable client-side (D)TLS configuration: trust anchors, the optional expected server name, cipher
 * preference, handshake timing and datagram sizing. Build with {@link #builder()}.
 *
 * <p>The only wall-clock read in the TLS package is the certificate-validity check, which asks
 * {@link #certificateClock()} (default {@link Clock#systemUTC()}) for the current date.
 */
public final class TlsClientConfig extends TlsConfigBase {
    private final List<X509Certificate> trustAnchors;
    private final String serverName;
    private final Clock certificateClock;

    private TlsClientConfig(Builder b) {
        super(b);
        this.trustAnchors = List.copyOf(b.trustAnchors);
        this.serverName = b.serverName;
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

    /** Wall clock for certificate validity only. */
    public Clock certificateClock() {
        return certificateClock;
    }

    /** Builder for {@link TlsClientConfig}. Not thread-safe. */
    public static final class Builder extends TlsConfigBase.Builder<Builder> {
        private final List<X509Certificate> trustAnchors = new ArrayList<>();
        private String serverName;
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

        /** Clock for certificate validity (default {@link Clock#systemUTC()}). */
        public Builder certificateClock(Clock clock) {
            this.certificateClock = clock;
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
            if (serverName != null && serverName.codePoints().allMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("serverName: must not be blank (use null to skip the check)");
            }
            checkCommon();
            if (certificateClock == null) {
                throw new IllegalArgumentException("certificateClock: must not be null");
            }
            checkAllocator();
            return new TlsClientConfig(this);
        }
    }
}
