package org.lightwayj.bench.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.lightwayj.core.tls.KeyExchangeGroup;
import org.lightwayj.core.tls.TlsCipher;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsServerConfig;

/** Benchmark-time ECDSA P-256 CA and leaf for "vpn.example.test" (generated, never stored). */
final class BenchPki {
    static final String NAME = "vpn.example.test";
    final KeyPair caKey;
    final X509Certificate ca;
    final KeyPair leafKey;
    final X509Certificate leaf;

    BenchPki() throws Exception {
        caKey = ec();
        leafKey = ec();
        Instant now = Instant.now();
        ca = cert("CN=Bench CA", caKey, true, null, now);
        leaf = cert("CN=" + NAME, leafKey, false, NAME, now);
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private X509Certificate cert(String subject, KeyPair key, boolean isCa, String dns, Instant now) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Bench CA"),
                BigInteger.valueOf(now.toEpochMilli() + (isCa ? 0 : 1)), Date.from(now.minusSeconds(3600)),
                Date.from(now.plusSeconds(86_400)), new X500Name(subject), key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (dns != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dns)));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    }

    /**
     * The engines' allocator: {@link PooledByteBufAllocator#DEFAULT}, the library's default;
     * {@code -Dbench.allocator=default} switches to Netty's {@link ByteBufAllocator#DEFAULT} (adaptive in 4.2).
     */
    static ByteBufAllocator allocator() {
        return "default".equals(System.getProperty("bench.allocator")) ? ByteBufAllocator.DEFAULT
                : PooledByteBufAllocator.DEFAULT;
    }

    TlsClientConfig client(TlsCipher cipher) {
        return TlsClientConfig.builder().trustAnchors(ca).serverName(NAME).ciphers(cipher).allocator(allocator())
                .build();
    }

    TlsClientConfig client(TlsCipher cipher, KeyExchangeGroup group) {
        return TlsClientConfig.builder().trustAnchors(ca).serverName(NAME).ciphers(cipher).groups(group)
                .allocator(allocator()).build();
    }

    TlsServerConfig server(TlsCipher cipher) {
        return TlsServerConfig.builder().certificateChain(List.of(leaf, ca), leafKey.getPrivate()).ciphers(cipher)
                .allocator(allocator()).build();
    }
}
