package org.lightwayj.core.tls.dtls13;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * TLS 1.3 signature schemes (RFC 8446 §4.2.3) on the JDK's providers, and the CertificateVerify
 * content (§4.4.3; DTLS 1.3 uses the same context strings). RSA-PKCS#1 v1.5 schemes are listed for
 * certificate signatures only.
 */
enum SignatureScheme {
    ECDSA_SECP256R1_SHA256(0x0403, "SHA256withECDSA", null, 256),
    ECDSA_SECP384R1_SHA384(0x0503, "SHA384withECDSA", null, 384),
    ECDSA_SECP521R1_SHA512(0x0603, "SHA512withECDSA", null, 521),
    RSA_PSS_RSAE_SHA256(0x0804, "RSASSA-PSS", "SHA-256", 0),
    RSA_PSS_RSAE_SHA384(0x0805, "RSASSA-PSS", "SHA-384", 0),
    RSA_PSS_RSAE_SHA512(0x0806, "RSASSA-PSS", "SHA-512", 0),
    ED25519(0x0807, "Ed25519", null, 0),
    RSA_PSS_PSS_SHA256(0x0809, "RSASSA-PSS", "SHA-256", 0),
    RSA_PSS_PSS_SHA384(0x080a, "RSASSA-PSS", "SHA-384", 0),
    RSA_PSS_PSS_SHA512(0x080b, "RSASSA-PSS", "SHA-512", 0),
    RSA_PKCS1_SHA256(0x0401, "SHA256withRSA", null, 0),
    RSA_PKCS1_SHA384(0x0501, "SHA384withRSA", null, 0),
    RSA_PKCS1_SHA512(0x0601, "SHA512withRSA", null, 0);

    /** What a client offers in signature_algorithms, preferred first. */
    static final List<SignatureScheme> DEFAULT_OFFER = List.of(ECDSA_SECP256R1_SHA256, ECDSA_SECP384R1_SHA384,
            ECDSA_SECP521R1_SHA512, RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512, ED25519,
            RSA_PSS_PSS_SHA256, RSA_PSS_PSS_SHA384, RSA_PSS_PSS_SHA512, RSA_PKCS1_SHA256, RSA_PKCS1_SHA384,
            RSA_PKCS1_SHA512);

    private static final byte[] SERVER_CONTEXT = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_CONTEXT = "TLS 1.3, client CertificateVerify".getBytes(StandardCharsets.US_ASCII);

    private final int code;
    private final String jca;
    private final String pssHash;
    private final int curveBits;

    SignatureScheme(int code, String jca, String pssHash, int curveBits) {
        this.code = code;
        this.jca = jca;
        this.pssHash = pssHash;
        this.curveBits = curveBits;
    }

    int code() {
        return code;
    }

    static SignatureScheme fromCode(int code) {
        for (SignatureScheme s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    boolean allowedInCertificateVerify() {
        return this != RSA_PKCS1_SHA256 && this != RSA_PKCS1_SHA384 && this != RSA_PKCS1_SHA512;
    }

    /** Schemes our key can sign CertificateVerify with, preferred first. */
    static List<SignatureScheme> forPrivateKey(PrivateKey k) {
        if (k instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            for (SignatureScheme s : values()) {
                if (s.curveBits == bits) {
                    return List.of(s);
                }
            }
            return List.of();
        }
        if (k instanceof RSAKey) {
            return List.of(RSA_PSS_RSAE_SHA256, RSA_PSS_RSAE_SHA384, RSA_PSS_RSAE_SHA512);
        }
        if ("Ed25519".equals(k.getAlgorithm()) || "EdDSA".equals(k.getAlgorithm())) {
            return List.of(ED25519);
        }
        return List.of();
    }

    /** Whether a peer's key can verify this scheme (the ECDSA curve is part of the scheme in TLS 1.3). */
    boolean matchesPublicKey(PublicKey k) {
        if (curveBits != 0) {
            return k instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() == curveBits;
        }
        if (this == ED25519) {
            return "Ed25519".equals(k.getAlgorithm()) || "EdDSA".equals(k.getAlgorithm());
        }
        if (this == RSA_PSS_PSS_SHA256 || this == RSA_PSS_PSS_SHA384 || this == RSA_PSS_PSS_SHA512) {
            return "RSASSA-PSS".equals(k.getAlgorithm());
        }
        return k instanceof RSAKey && "RSA".equals(k.getAlgorithm());
    }

    private Signature signature() throws GeneralSecurityException {
        Signature s = Signature.getInstance(jca);
        if (pssHash != null) {
            int saltLen = switch (pssHash) {
                case "SHA-256" -> 32;
                case "SHA-384" -> 48;
                default -> 64;
            };
            s.setParameter(new PSSParameterSpec(pssHash, "MGF1", new MGF1ParameterSpec(pssHash), saltLen, 1));
        }
        return s;
    }

    byte[] sign(PrivateKey key, byte[] content) throws GeneralSecurityException {
        Signature s = signature();
        s.initSign(key);
        s.update(content);
        return s.sign();
    }

    /** Never throws: a bad key, signature or encoding is simply {@code false}. */
    boolean verify(PublicKey key, byte[] content, byte[] signature) {
        try {
            Signature s = signature();
            s.initVerify(key);
            s.update(content);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** 64 spaces, the context string, a zero byte, the transcript hash (RFC 8446 §4.4.3). */
    static byte[] certificateVerifyContent(boolean server, byte[] transcriptHash) {
        byte[] ctx = server ? SERVER_CONTEXT : CLIENT_CONTEXT;
        byte[] out = new byte[64 + ctx.length + 1 + transcriptHash.length];
        java.util.Arrays.fill(out, 0, 64, (byte) 0x20);
        System.arraycopy(ctx, 0, out, 64, ctx.length);
        System.arraycopy(transcriptHash, 0, out, 64 + ctx.length + 1, transcriptHash.length);
        return out;
    }
}
