package org.lightwayj.core.tls.dtls13;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) and the TLS 1.3 HKDF-Expand-Label / Derive-Secret (RFC 8446 §7.1) over a suite's
 * hash. DTLS 1.3 uses the label prefix {@code "dtls13"} instead of {@code "tls13 "} (RFC 9147 §5.9);
 * the prefix is a parameter so the RFC 8448 TLS 1.3 vectors can test the same code.
 */
final class Hkdf {
    static final String DTLS13_PREFIX = "dtls13";
    static final String TLS13_PREFIX = "tls13 ";

    private final CipherSuite suite;
    private final byte[] prefix;

    Hkdf(CipherSuite suite, String labelPrefix) {
        this.suite = suite;
        this.prefix = labelPrefix.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] extract(byte[] salt, byte[] ikm) {
        byte[] s = salt == null ? new byte[suite.hashLength()] : salt;
        byte[] k = ikm == null ? new byte[suite.hashLength()] : ikm;
        return hmac(s, k);
    }

    /** HKDF-Expand-Label(secret, label, context, length). */
    byte[] expandLabel(byte[] secret, String label, byte[] context, int length) {
        return expand(secret, hkdfLabel(label, context, length), length);
    }

    /** The HkdfLabel structure: uint16 length, opaque label&lt;7..255&gt; = prefix + label, opaque context&lt;0..255&gt;. */
    byte[] hkdfLabel(String label, byte[] context, int length) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + prefix.length + l.length + 1 + context.length];
        int i = 0;
        info[i++] = (byte) (length >>> 8);
        info[i++] = (byte) length;
        info[i++] = (byte) (prefix.length + l.length);
        System.arraycopy(prefix, 0, info, i, prefix.length);
        i += prefix.length;
        System.arraycopy(l, 0, info, i, l.length);
        i += l.length;
        info[i++] = (byte) context.length;
        System.arraycopy(context, 0, info, i, context.length);
        return info;
    }

    /** Derive-Secret(secret, label, messages) with the transcript hash already taken. */
    byte[] deriveSecret(byte[] secret, String label, byte[] transcriptHash) {
        return expandLabel(secret, label, transcriptHash, suite.hashLength());
    }

    /** HKDF-Expand (RFC 5869 §2.3). */
    byte[] expand(byte[] prk, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance(suite.hmacName());
            mac.init(new SecretKeySpec(prk, suite.hmacName()));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int counter = 1; done < length; counter++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) counter);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.hmacName() + " unavailable", e);
        }
    }

    byte[] hash(byte[] data) {
        return newDigest().digest(data);
    }

    byte[] emptyHash() {
        return hash(new byte[0]);
    }

    byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(suite.hmacName());
            mac.init(new SecretKeySpec(key, suite.hmacName()));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.hmacName() + " unavailable", e);
        }
    }

    MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(suite.hashName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(suite.hashName() + " unavailable", e);
        }
    }
}
