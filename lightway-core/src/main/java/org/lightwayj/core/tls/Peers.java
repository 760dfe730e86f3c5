package org.lightwayj.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.lightwayj.core.tls.crypto.LightwayTlsCrypto;

/** The Bouncy Castle {@code TlsClient}/{@code TlsServer} peers shared by the DTLS and TLS engines. */
final class Peers {
    /** Hybrid ML-KEM groups defined by BC 1.84, offered first when the crypto supports them. */
    static final int[] HYBRID_GROUPS = {NamedGroup.X25519MLKEM768, NamedGroup.SecP256r1MLKEM768,
        NamedGroup.SecP384r1MLKEM1024};
    static final int[] CLASSIC_GROUPS = {NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1};

    private Peers() {
    }

    static int negotiatedSuite(TlsContext context) {
        if (context == null) {
            return -1;
        }
        SecurityParameters sp = context.getSecurityParametersConnection();
        if (sp == null) {
            sp = context.getSecurityParametersHandshake();
        }
        return sp == null ? -1 : sp.getCipherSuite();
    }

    static Vector<Integer> groups(LightwayTlsCrypto crypto, boolean tls13) {
        Vector<Integer> v = new Vector<>();
        if (tls13) {
            for (int g : HYBRID_GROUPS) {
                if (crypto.hasNamedGroup(g)) {
                    v.add(g);
                }
            }
        }
        for (int g : CLASSIC_GROUPS) {
            if (crypto.hasNamedGroup(g)) {
                v.add(g);
            }
        }
        return v;
    }

    /** Client peer: offers our suites only, validates the server chain, never sends a client certificate. */
    static final class Client extends DefaultTlsClient {
        private final TlsClientConfig config;
        private final boolean datagram;
        private final PeerListener listener;
        private final LightwayTlsCrypto lwCrypto;

        Client(LightwayTlsCrypto crypto, TlsClientConfig config, boolean datagram, PeerListener listener) {
            super(crypto);
            this.lwCrypto = crypto;
            this.config = config;
            this.datagram = datagram;
            this.listener = listener;
        }

        int suite() {
            return negotiatedSuite(context);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return datagram ? ProtocolVersion.DTLSv12.only() : ProtocolVersion.TLSv13.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return datagram ? Suites.dtls12(config.ciphers(), null) : Suites.tls13(config.ciphers());
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected Vector getSupportedGroups(Vector namedGroupRoles) {
            return groups(lwCrypto, !datagram);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected Vector getSNIServerNames() {
            String name = config.serverName();
            if (datagram || name == null || name.indexOf(':') >= 0 || name.matches("[0-9.]+")) {
                return null;
            }
            Vector v = new Vector();
            v.add(new ServerName(NameType.host_name, name.getBytes(StandardCharsets.US_ASCII)));
            return v;
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return config.handshakeResendMillis();
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate sc) throws IOException {
                    Certificate c = sc.getCertificate();
                    List<X509Certificate> chain = new ArrayList<>();
                    if (c != null) {
                        for (TlsCertificate t : c.getCertificateList()) {
                            chain.add(JcaTlsCertificate.convert(lwCrypto, t).getX509Certificate());
                        }
                    }
                    TlsException f = CertificateChecker.check(chain, config.trustAnchors(), config.serverName(),
                            config.certificateClock());
                    if (f != null) {
                        listener.certificateFailure(f);
                        short alert = f.reason() == TlsException.Reason.CERTIFICATE_EXPIRED
                                ? AlertDescription.certificate_expired
                                : f.reason() == TlsException.Reason.CERTIFICATE_UNTRUSTED
                                        ? AlertDescription.unknown_ca : AlertDescription.bad_certificate;
                        throw new TlsFatalAlert(alert, f.getMessage());
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return null;
                }
            };
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            listener.alertRaised(level, description);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            listener.alertReceived(level, description);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            listener.handshakeComplete();
        }
    }

    /** Server peer: signs with the configured key, picks suites matching the key type. */
    static final class Server extends DefaultTlsServer {
        private final TlsServerConfig config;
        private final boolean datagram;
        private final PeerListener listener;
        private final LightwayTlsCrypto lwCrypto;

        Server(LightwayTlsCrypto crypto, TlsServerConfig config, boolean datagram, PeerListener listener) {
            super(crypto);
            this.lwCrypto = crypto;
            this.config = config;
            this.datagram = datagram;
            this.listener = listener;
        }

        int suite() {
            return negotiatedSuite(context);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return datagram ? ProtocolVersion.DTLSv12.only() : ProtocolVersion.TLSv13.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return datagram ? Suites.dtls12(config.ciphers(), config.isRsa()) : Suites.tls13(config.ciphers());
        }

        @Override
        protected boolean preferLocalCipherSuites() {
            return true;
        }

        @Override
        public int getHandshakeResendTimeMillis() {
            return config.handshakeResendMillis();
        }

        /**
         * BC's default refuses (handshake_failure) a ClientHello with neither renegotiation_info nor the
         * SCSV; a stock wolfSSL DTLS 1.2 client (C Lightway) sends neither. RFC 5746 only protects
         * renegotiation, and BC's DTLS has none (it never starts or accepts a second handshake on a
         * connection; TLS 1.3 has no renegotiation at all), so its absence is harmless here. When the
         * client does send it, BC still verifies it and answers with its own.
         */
        @Override
        public void notifySecureRenegotiation(boolean secureRenegotiation) throws IOException {
            if (!datagram) {
                super.notifySecureRenegotiation(secureRenegotiation);
            }
        }

        @Override
        public TlsCredentials getCredentials() throws IOException {
            boolean tls13 = TlsUtils.isTLSv13(context);
            List<X509Certificate> chain = config.certificateChain();
            Certificate cert;
            if (tls13) {
                CertificateEntry[] entries = new CertificateEntry[chain.size()];
                for (int i = 0; i < entries.length; i++) {
                    entries[i] = new CertificateEntry(new JcaTlsCertificate(lwCrypto, chain.get(i)), null);
                }
                cert = new Certificate(TlsUtils.EMPTY_BYTES, entries);
            } else {
                TlsCertificate[] certs = new TlsCertificate[chain.size()];
                for (int i = 0; i < certs.length; i++) {
                    certs[i] = new JcaTlsCertificate(lwCrypto, chain.get(i));
                }
                cert = new Certificate(certs);
            }
            SignatureAndHashAlgorithm alg = signatureAlgorithm(
                    context.getSecurityParametersHandshake().getClientSigAlgs(), tls13);
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), lwCrypto,
                    config.privateKey(), cert, alg);
        }

        private SignatureAndHashAlgorithm signatureAlgorithm(Vector<?> offered, boolean tls13) throws IOException {
            if (config.isRsa()) {
                SignatureAndHashAlgorithm pss = SignatureAndHashAlgorithm.rsa_pss_rsae_sha256;
                if (tls13 || offered == null || offered.contains(pss)) {
                    return pss;
                }
                return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa);
            }
            int bits = ((ECKey) config.privateKey()).getParams().getCurve().getField().getFieldSize();
            short hash = bits <= 256 ? HashAlgorithm.sha256 : bits <= 384 ? HashAlgorithm.sha384 : HashAlgorithm.sha512;
            SignatureAndHashAlgorithm alg = SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa);
            if (offered != null && !offered.contains(alg)) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "client does not accept " + alg);
            }
            return alg;
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            listener.alertRaised(level, description);
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            listener.alertReceived(level, description);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            listener.handshakeComplete();
        }
    }

    static boolean isFatal(short level) {
        return level == AlertLevel.fatal;
    }
}
