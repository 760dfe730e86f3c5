package org.lightwayj.core.connection;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away EC PKI for connection tests: a CA with a leaf for {@link #NAME}, and an unrelated CA. */
final class TestCerts {
    static final String NAME = "vpn.example.test";

    final X509Certificate ca;
    final X509Certificate leaf;
    final KeyPair leafKey;

    private static TestCerts main;
    private static TestCerts other;

    private TestCerts() throws Exception {
        KeyPair caKey = ecKey();
        Instant now = Instant.now();
        ca = cert(new X500Name("CN=Connection Test CA"), caKey, new X500Name("CN=Connection Test CA"), caKey, true,
                null, now);
        leafKey = ecKey();
        leaf = cert(new X500Name("CN=" + NAME), leafKey, new X500Name("CN=Connection Test CA"), caKey, false, NAME,
                now);
    }

    static synchronized TestCerts main() throws Exception {
        if (main == null) {
            main = new TestCerts();
        }
        return main;
    }

    /** An unrelated CA whose leaf has the same name. */
    static synchronized TestCerts other() throws Exception {
        if (other == null) {
            other = new TestCerts();
        }
        return other;
    }

    List<X509Certificate> chain() {
        return List.of(leaf, ca);
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate cert(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey,
            boolean isCa, String dnsName, Instant now) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()
                ^ System.nanoTime()).abs(), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))), subject, subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        if (dnsName != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }
}
