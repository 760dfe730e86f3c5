package org.lightwayj.examples;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made at start: a CA and a server certificate it signs, both ECDSA P-256, valid for
 * one day. Only the CA certificate leaves the server (the client trusts it); the keys live in memory.
 *
 * <p>Uses the JDK's own JCA providers for key generation and signing, through Bouncy Castle's PKIX
 * builders; no provider is registered.
 */
final class ThrowawayPki {
    /** The name in the server certificate; the client checks it. */
    static final String SERVER_NAME = "server.lightway-example.test";

    final X509Certificate ca;
    final X509Certificate server;
    final KeyPair serverKey;

    private ThrowawayPki(X509Certificate ca, X509Certificate server, KeyPair serverKey) {
        this.ca = ca;
        this.server = server;
        this.serverKey = serverKey;
    }

    /** {@return a fresh CA and server certificate} */
    static ThrowawayPki generate() throws GeneralSecurityException {
        try {
            SecureRandom random = new SecureRandom();
            KeyPair caKey = ecKey(random);
            X500Name caName = new X500Name("CN=Lightway-J example CA (throw-away)");
            Instant now = Instant.now();
            X509Certificate ca = sign(caName, caKey, caName, caKey, true, null, now, random);
            KeyPair serverKey = ecKey(random);
            X509Certificate server = sign(new X500Name("CN=" + SERVER_NAME), serverKey, caName, caKey, false,
                    SERVER_NAME, now, random);
            return new ThrowawayPki(ca, server, serverKey);
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make the example certificates", e);
        }
    }

    /** {@return the CA certificate as PEM (what the client trusts)} */
    String caPem() {
        return pem(ca);
    }

    static String pem(Object o) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException("PEM encoding failed", e); // a StringWriter does not fail
        }
        return s.toString();
    }

    private static KeyPair ecKey(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            boolean isCa, String dnsName, Instant now, SecureRandom random)
            throws GeneralSecurityException, CertIOException, OperatorCreationException {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).add(
                BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                subject, subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
