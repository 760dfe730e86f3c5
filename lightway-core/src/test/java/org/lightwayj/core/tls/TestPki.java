package org.lightwayj.core.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test-time PKI (bcpkix on the JDK providers): a CA and leaves for "vpn.example.test". Nothing is
 * written to disk; keys live only in the test JVM.
 */
final class TestPki {
    static final String NAME = "vpn.example.test";
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xFFFFFFL);

    final boolean rsa;
    final KeyPair caKey;
    final X509Certificate ca;
    final KeyPair leafKey;
    final X509Certificate leaf;
    final X509Certificate expiredLeaf;

    private static TestPki ec;
    private static TestPki rsaPki;
    private static TestPki otherEc;

    private TestPki(boolean rsa) throws Exception {
        this.rsa = rsa;
        Instant now = Instant.now();
        caKey = keyPair(rsa);
        ca = cert("CN=Lightway-J Test CA", caKey, "CN=Lightway-J Test CA", caKey, true, null,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        leafKey = keyPair(rsa);
        leaf = cert("CN=" + NAME, leafKey, "CN=Lightway-J Test CA", caKey, false, NAME,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        expiredLeaf = cert("CN=" + NAME, leafKey, "CN=Lightway-J Test CA", caKey, false, NAME,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    static synchronized TestPki ec() throws Exception {
        if (ec == null) {
            ec = new TestPki(false);
        }
        return ec;
    }

    static synchronized TestPki rsa() throws Exception {
        if (rsaPki == null) {
            rsaPki = new TestPki(true);
        }
        return rsaPki;
    }

    /** An unrelated CA (same subject name, different key). */
    static synchronized TestPki otherEc() throws Exception {
        if (otherEc == null) {
            otherEc = new TestPki(false);
        }
        return otherEc;
    }

    static KeyPair keyPair(boolean rsa) throws Exception {
        if (rsa) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate cert(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, boolean isCa,
            String dns, Instant from, Instant to) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), new X500Name(subject),
                subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        if (dns != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dns)));
        }
        String alg = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(alg).build(issuerKey.getPrivate())));
    }

    static String pem(Object... objects) throws Exception {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        return sw.toString();
    }

    TlsServerConfig.Builder server() {
        return TlsServerConfig.builder().certificateChain(List.of(leaf, ca), leafKey.getPrivate());
    }

    TlsClientConfig.Builder client() {
        return TlsClientConfig.builder().trustAnchors(ca).serverName(NAME);
    }
}
