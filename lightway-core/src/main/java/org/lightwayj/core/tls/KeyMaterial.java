package org.lightwayj.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** PEM and KeyStore loading on the JDK's providers. Failures name the config field. */
final class KeyMaterial {
    private KeyMaterial() {
    }

    static List<X509Certificate> certificatesFromPem(String field, String pem) {
        if (pem == null || pem.codePoints().allMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(field + ": PEM text is empty");
        }
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : cf.generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(field + ": no CERTIFICATE block found");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": cannot parse certificates: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKeyFromPem(String field, String pem) {
        if (pem == null || pem.codePoints().allMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(field + ": PEM text is empty");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo) {
                    return conv.getPrivateKey((PrivateKeyInfo) o);
                }
                if (o instanceof PEMKeyPair) {
                    return conv.getKeyPair((PEMKeyPair) o).getPrivate();
                }
            }
            throw new IllegalArgumentException(field + ": no unencrypted PRIVATE KEY block found");
        } catch (IOException e) {
            throw new IllegalArgumentException(field + ": cannot parse private key: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> trustedCertificates(String field, KeyStore ks) {
        if (ks == null) {
            throw new IllegalArgumentException(field + ": KeyStore is null");
        }
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
                String alias = e.nextElement();
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate && ks.isCertificateEntry(alias)) {
                    out.add((X509Certificate) c);
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException(field + ": KeyStore holds no trusted certificate entry");
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": cannot read KeyStore: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> chainFromKeyStore(String field, KeyStore ks, String alias) {
        try {
            Certificate[] chain = ks.getCertificateChain(alias);
            if (chain == null || chain.length == 0) {
                throw new IllegalArgumentException(field + ": no certificate chain under alias '" + alias + "'");
            }
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : chain) {
                out.add((X509Certificate) c);
            }
            return Collections.unmodifiableList(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": cannot read KeyStore: " + e.getMessage(), e);
        }
    }

    static PrivateKey keyFromKeyStore(String field, KeyStore ks, String alias, char[] password) {
        try {
            java.security.Key k = ks.getKey(alias, password);
            if (!(k instanceof PrivateKey)) {
                throw new IllegalArgumentException(field + ": no private key under alias '" + alias + "'");
            }
            return (PrivateKey) k;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": cannot read private key: " + e.getMessage(), e);
        }
    }
}
