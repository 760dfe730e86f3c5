package org.lightwayj.core.tls.dtls13;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMExtractor;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMKeyPairGenerator;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPrivateKeyParameters;
import org.bouncycastle.pqc.crypto.mlkem.MLKEMPublicKeyParameters;

/**
 * Ephemeral key exchange for each {@link NamedGroup}: X25519 (Bouncy Castle's RFC 7748 code), P-256
 * and P-384 ECDH (JDK, points validated on the curve), ML-KEM-768/1024 (Bouncy Castle's lightweight
 * FIPS 203 code; no JCA provider is registered) and their hybrids, whose shares and secrets are the
 * concatenations draft-ietf-tls-ecdhe-mlkem fixes (ML-KEM first for X25519MLKEM768, EC first for the
 * NIST-curve hybrids).
 */
final class KeyShares {
    private KeyShares() {
    }

    /** The client's ephemeral key pair for one group. */
    interface ClientShare {
        NamedGroup group();

        byte[] publicShare();

        /** The shared secret for the server's share; {@code ILLEGAL_PARAMETER} if the share is invalid. */
        byte[] deriveSecret(byte[] serverShare) throws AlertException;
    }

    /** The server's share and the shared secret. */
    record ServerResult(byte[] serverShare, byte[] sharedSecret) {
    }

    static ClientShare generate(NamedGroup g, SecureRandom rnd) {
        return switch (g) {
            case X25519 -> new Hybrid(g, null, new X25519Share(rnd), false);
            case SECP256R1 -> new Hybrid(g, null, new EcShare("secp256r1", 32, rnd), false);
            case SECP384R1 -> new Hybrid(g, null, new EcShare("secp384r1", 48, rnd), false);
            case X25519MLKEM768 -> new Hybrid(g, new MlKemShare(MLKEMParameters.ml_kem_768, rnd), new X25519Share(rnd), true);
            case SECP256R1MLKEM768 -> new Hybrid(g, new MlKemShare(MLKEMParameters.ml_kem_768, rnd),
                    new EcShare("secp256r1", 32, rnd), false);
            case SECP384R1MLKEM1024 -> new Hybrid(g, new MlKemShare(MLKEMParameters.ml_kem_1024, rnd),
                    new EcShare("secp384r1", 48, rnd), false);
        };
    }

    static ServerResult respond(NamedGroup g, byte[] clientShare, SecureRandom rnd) throws AlertException {
        if (clientShare.length != g.clientShareLength()) {
            throw bad(g + " share of " + clientShare.length + " bytes");
        }
        MLKEMParameters kem = switch (g) {
            case X25519MLKEM768, SECP256R1MLKEM768 -> MLKEMParameters.ml_kem_768;
            case SECP384R1MLKEM1024 -> MLKEMParameters.ml_kem_1024;
            default -> null;
        };
        int ecLen = g.clientShareLength() - (kem == null ? 0 : kem == MLKEMParameters.ml_kem_768 ? 1184 : 1568);
        boolean kemFirst = g == NamedGroup.X25519MLKEM768;
        byte[] ecPart = slice(clientShare, kemFirst ? clientShare.length - ecLen : 0, ecLen);
        Classical ours = switch (g) {
            case X25519, X25519MLKEM768 -> new X25519Share(rnd);
            case SECP256R1, SECP256R1MLKEM768 -> new EcShare("secp256r1", 32, rnd);
            default -> new EcShare("secp384r1", 48, rnd);
        };
        byte[] ecSecret = ours.agree(ecPart);
        if (kem == null) {
            return new ServerResult(ours.publicKey(), ecSecret);
        }
        byte[] ek = slice(clientShare, kemFirst ? 0 : ecLen, clientShare.length - ecLen);
        SecretWithEncapsulation enc;
        try {
            enc = new MLKEMGenerator(rnd).generateEncapsulated(new MLKEMPublicKeyParameters(kem, ek));
        } catch (RuntimeException e) {
            throw bad("invalid ML-KEM encapsulation key: " + e.getMessage());
        }
        byte[] ct = enc.getEncapsulation();
        byte[] kemSecret = enc.getSecret();
        return kemFirst ? new ServerResult(concat(ct, ours.publicKey()), concat(kemSecret, ecSecret))
                : new ServerResult(concat(ours.publicKey(), ct), concat(ecSecret, kemSecret));
    }

    // ---------------------------------------------------------------- pieces

    /** The classical (EC) half of a share. */
    private interface Classical {
        byte[] publicKey();

        byte[] agree(byte[] peer) throws AlertException;
    }

    private static final class X25519Share implements Classical {
        private final byte[] priv = new byte[X25519.SCALAR_SIZE];
        private final byte[] pub = new byte[X25519.POINT_SIZE];

        X25519Share(SecureRandom rnd) {
            X25519.generatePrivateKey(rnd, priv);
            X25519.generatePublicKey(priv, 0, pub, 0);
        }

        @Override
        public byte[] publicKey() {
            return pub;
        }

        @Override
        public byte[] agree(byte[] peer) throws AlertException {
            if (peer.length != X25519.POINT_SIZE) {
                throw bad("X25519 share of " + peer.length + " bytes");
            }
            byte[] out = new byte[32];
            if (!X25519.calculateAgreement(priv, 0, peer, 0, out, 0)) {
                throw bad("X25519 shared secret is zero"); // RFC 8446 §7.4.2
            }
            return out;
        }
    }

    private static final class EcShare implements Classical {
        private final int fieldLength;
        private final PrivateKey priv;
        private final byte[] pub;
        private final ECParameterSpec params;

        EcShare(String curve, int fieldLength, SecureRandom rnd) {
            this.fieldLength = fieldLength;
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(curve), rnd);
                KeyPair kp = g.generateKeyPair();
                priv = kp.getPrivate();
                params = ((ECPublicKey) kp.getPublic()).getParams();
                ECPoint w = ((ECPublicKey) kp.getPublic()).getW();
                pub = new byte[1 + 2 * fieldLength];
                pub[0] = 4;
                fixed(w.getAffineX(), pub, 1, fieldLength);
                fixed(w.getAffineY(), pub, 1 + fieldLength, fieldLength);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("EC " + curve + " unavailable", e);
            }
        }

        @Override
        public byte[] publicKey() {
            return pub;
        }

        @Override
        public byte[] agree(byte[] peer) throws AlertException {
            if (peer.length != 1 + 2 * fieldLength || peer[0] != 4) {
                throw bad("EC share is not an uncompressed point of the curve's size");
            }
            BigInteger x = new BigInteger(1, slice(peer, 1, fieldLength));
            BigInteger y = new BigInteger(1, slice(peer, 1 + fieldLength, fieldLength));
            if (!onCurve(x, y)) {
                throw bad("EC point is not on the curve");
            }
            try {
                // The JDK checks the point lies on the curve (and is not infinity) when it agrees.
                PublicKey pk = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
                KeyAgreement ka = KeyAgreement.getInstance("ECDH");
                ka.init(priv);
                ka.doPhase(pk, true);
                byte[] s = ka.generateSecret();
                if (s.length == fieldLength) {
                    return s;
                }
                byte[] out = new byte[fieldLength];
                System.arraycopy(s, 0, out, fieldLength - s.length, s.length);
                return out;
            } catch (GeneralSecurityException | RuntimeException e) {
                throw bad("invalid EC point: " + e.getMessage());
            }
        }

        /** y^2 = x^3 + ax + b (mod p), coordinates below p (SEC 1 §3.2.2.1, the partial validation TLS needs). */
        private boolean onCurve(BigInteger x, BigInteger y) {
            java.security.spec.EllipticCurve c = params.getCurve();
            BigInteger p = ((java.security.spec.ECFieldFp) c.getField()).getP();
            if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
                return false;
            }
            BigInteger rhs = x.pow(3).add(c.getA().multiply(x)).add(c.getB()).mod(p);
            return y.pow(2).mod(p).equals(rhs);
        }
    }

    private static final class MlKemShare {
        final byte[] ek;
        final MLKEMPrivateKeyParameters dk;
        final int ctLength;

        MlKemShare(MLKEMParameters p, SecureRandom rnd) {
            MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
            g.init(new MLKEMKeyGenerationParameters(rnd, p));
            AsymmetricCipherKeyPair kp = g.generateKeyPair();
            ek = ((MLKEMPublicKeyParameters) kp.getPublic()).getEncoded();
            dk = (MLKEMPrivateKeyParameters) kp.getPrivate();
            ctLength = p.getEncapsulationLength();
        }

        byte[] decapsulate(byte[] ct) throws AlertException {
            if (ct.length != ctLength) {
                throw bad("ML-KEM ciphertext of " + ct.length + " bytes");
            }
            try {
                return new MLKEMExtractor(dk).extractSecret(ct);
            } catch (RuntimeException e) {
                throw bad("invalid ML-KEM ciphertext: " + e.getMessage());
            }
        }
    }

    /** A client share: classical alone, or ML-KEM plus classical in the group's order. */
    private static final class Hybrid implements ClientShare {
        private final NamedGroup group;
        private final MlKemShare kem;
        private final Classical ec;
        private final boolean kemFirst;
        private final byte[] share;

        Hybrid(NamedGroup group, MlKemShare kem, Classical ec, boolean kemFirst) {
            this.group = group;
            this.kem = kem;
            this.ec = ec;
            this.kemFirst = kemFirst;
            this.share = kem == null ? ec.publicKey() : kemFirst ? concat(kem.ek, ec.publicKey())
                    : concat(ec.publicKey(), kem.ek);
        }

        @Override
        public NamedGroup group() {
            return group;
        }

        @Override
        public byte[] publicShare() {
            return share;
        }

        @Override
        public byte[] deriveSecret(byte[] serverShare) throws AlertException {
            if (serverShare.length != group.serverShareLength()) {
                throw bad(group + " server share of " + serverShare.length + " bytes");
            }
            if (kem == null) {
                return ec.agree(serverShare);
            }
            int ecLen = ec.publicKey().length;
            byte[] ecPart = slice(serverShare, kemFirst ? serverShare.length - ecLen : 0, ecLen);
            byte[] ct = slice(serverShare, kemFirst ? 0 : ecLen, serverShare.length - ecLen);
            byte[] kemSecret = kem.decapsulate(ct);
            byte[] ecSecret = ec.agree(ecPart);
            return kemFirst ? concat(kemSecret, ecSecret) : concat(ecSecret, kemSecret);
        }
    }

    private static AlertException bad(String message) {
        return new AlertException(AlertException.ILLEGAL_PARAMETER, message);
    }

    static byte[] slice(byte[] b, int off, int len) {
        byte[] out = new byte[len];
        System.arraycopy(b, off, out, 0, len);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void fixed(BigInteger v, byte[] out, int off, int len) {
        byte[] b = v.toByteArray();
        int skip = b.length > len ? b.length - len : 0;
        System.arraycopy(b, skip, out, off + len - (b.length - skip), b.length - skip);
    }

}
