package org.lightwayj.core.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate helpers for hosts: PEM parsing and writing, and a throw-away self-signed PKI (a CA and
 * one server certificate it signs) for tests and demos.
 *
 * <p>Loading a deployed server's chain and key needs nothing from here:
 * {@link TlsServerConfig.Builder#certificateChainPem(String)} and
 * {@link TlsServerConfig.Builder#privateKeyPem(String)} take the PEM text directly (and
 * {@link TlsClientConfig.Builder#trustAnchorsPem(String)} the CA). {@link #parseChain(String)} and
 * {@link #parsePrivateKey(String)} are the same parsers, for a host that wants the objects itself (to
 * check an expiry date, say).
 *
 * <p>Everything runs on the JDK's own JCA providers through Bouncy Castle's PKIX builders; no provider
 * is registered.
 */
public final class Certificates {

    /** The key type of a generated CA and server certificate; it decides the suites a peer must offer. */
    public enum KeyType {
        /**
         * ECDSA on P-256, signed with SHA256withECDSA: DTLS 1.2 ECDHE-ECDSA-* suites, ECDSA signatures in
         * TLS 1.3 and DTLS 1.3.
         */
        ECDSA_P256,
        /**
         * RSA 2048-bit, signed with SHA256withRSA: DTLS 1.2 ECDHE-RSA-* suites (what the C Lightway client
         * offers), RSA-PSS signatures in TLS 1.3 and DTLS 1.3.
         */
        RSA_2048
    }

    private Certificates() {
    }

    /**
     * Parses every {@code CERTIFICATE} block of a PEM text, in order (a chain is leaf first).
     *
     * @param pem the PEM text
     * @return the certificates, at least one
     * @throws IllegalArgumentException when the text is empty or holds no parsable certificate
     */
    public static List<X509Certificate> parseChain(String pem) {
        return List.copyOf(KeyMaterial.certificatesFromPem("certificateChain", pem));
    }

    /**
     * Parses the first unencrypted private key of a PEM text: PKCS#8 ({@code PRIVATE KEY}) or the
     * traditional {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY} forms.
     *
     * @param pem the PEM text
     * @return the key
     * @throws IllegalArgumentException when no unencrypted key block parses
     */
    public static PrivateKey parsePrivateKey(String pem) {
        return KeyMaterial.privateKeyFromPem("privateKey", pem);
    }

    /**
     * {@return the certificates as concatenated PEM {@code CERTIFICATE} blocks, in the given order}
     *
     * @param certificates the certificates (for a chain: leaf first)
     */
    public static String toPem(List<X509Certificate> certificates) {
        StringBuilder s = new StringBuilder();
        for (X509Certificate c : certificates) {
            try {
                s.append(pemBlock("CERTIFICATE", c.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot encode certificate " + c.getSubjectX500Principal(), e);
            }
        }
        return s.toString();
    }

    /**
     * {@return the key as an unencrypted PKCS#8 PEM {@code PRIVATE KEY} block}
     *
     * @param key a key whose encoded form is PKCS#8 (every JDK RSA and EC key)
     * @throws IllegalArgumentException when the key has no PKCS#8 encoding (a hardware key, say)
     */
    public static String toPem(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("privateKey: no PKCS#8 encoding (format " + key.getFormat() + ")");
        }
        return pemBlock("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Makes a fresh CA and a server certificate it signs, both of {@code type}, valid from an hour ago
     * (to forgive clock skew) for {@code validity}. The server certificate names {@code serverName} as
     * its subject CN and DNS subjectAltName, which is what {@link TlsClientConfig.Builder#serverName}
     * checks. Meant for tests and demos: the keys live only in memory, and nothing revokes them.
     *
     * @param type the key type of both certificates
     * @param serverName the DNS name in the server certificate
     * @param validity how long the certificates are valid from now, positive
     * @return the CA, the server certificate and its key
     * @throws IllegalStateException when the JDK cannot generate or sign (it always can for these types)
     */
    public static SelfSigned selfSigned(KeyType type, String serverName, Duration validity) {
        Objects.requireNonNull(type, "type");
        if (serverName == null || serverName.codePoints().allMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("serverName: required");
        }
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: must be positive");
        }
        try {
            SecureRandom random = new SecureRandom();
            Instant now = Instant.now();
            X500Name caName = new X500Name("CN=Lightway-J throw-away CA");
            KeyPair caKey = keyPair(type, random);
            X509Certificate ca = sign(type, caName, caKey, caName, caKey, null, now, validity, random);
            KeyPair leafKey = keyPair(type, random);
            X509Certificate leaf = sign(type, new X500Name("CN=" + serverName), leafKey, caName, caKey, serverName,
                    now, validity, random);
            return new SelfSigned(type, ca, leaf, leafKey.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make " + type + " certificates", e);
        }
    }

    /**
     * A generated CA, the server certificate it signed, and the server's private key.
     *
     * <p>The server side uses {@link #serverConfig()} (or {@link #chain()} and {@link #leafKey()}); the
     * client trusts {@link #ca()}, or {@link #caPem()} when it runs elsewhere.
     */
    public static final class SelfSigned {
        private final KeyType type;
        private final X509Certificate ca;
        private final X509Certificate leaf;
        private final PrivateKey leafKey;

        private SelfSigned(KeyType type, X509Certificate ca, X509Certificate leaf, PrivateKey leafKey) {
            this.type = type;
            this.ca = ca;
            this.leaf = leaf;
            this.leafKey = leafKey;
        }

        /** {@return the key type of both certificates} */
        public KeyType keyType() {
            return type;
        }

        /** {@return the CA certificate (what the client trusts)} */
        public X509Certificate ca() {
            return ca;
        }

        /** {@return the server certificate} */
        public X509Certificate leaf() {
            return leaf;
        }

        /** {@return the server certificate's private key} */
        public PrivateKey leafKey() {
            return leafKey;
        }

        /** {@return the chain the server sends: leaf, then CA} */
        public List<X509Certificate> chain() {
            return List.of(leaf, ca);
        }

        /** {@return the CA certificate as PEM} */
        public String caPem() {
            return toPem(List.of(ca));
        }

        /** {@return the server chain (leaf, CA) as PEM} */
        public String chainPem() {
            return toPem(chain());
        }

        /** {@return the server key as PKCS#8 PEM} */
        public String leafKeyPem() {
            return toPem(leafKey);
        }

        /** {@return a server TLS config builder holding this chain and key; add versions and build} */
        public TlsServerConfig.Builder serverConfig() {
            return TlsServerConfig.builder().certificateChain(chain(), leafKey);
        }
    }

    private static KeyPair keyPair(KeyType type, SecureRandom random) throws GeneralSecurityException {
        if (type == KeyType.RSA_2048) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, random);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(KeyType type, X500Name subject, KeyPair subjectKey, X500Name issuer,
            KeyPair issuerKey, String dnsName, Instant now, Duration validity, SecureRandom random)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        boolean isCa = dnsName == null;
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(validity)), subject, subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            // RSA leaves also get keyEncipherment: harmless with ECDHE, and some peers insist on it.
            int usage = type == KeyType.RSA_2048 ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                    : KeyUsage.digitalSignature;
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        String alg = type == KeyType.RSA_2048 ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).build(issuerKey.getPrivate())));
    }

    private static String pemBlock(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
