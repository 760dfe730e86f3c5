package org.lightwayj.core.tls.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Locale;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsStreamSigner;
import org.bouncycastle.tls.crypto.TlsStreamVerifier;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The {@code TlsCrypto} every engine uses: BC's {@link JcaTlsCrypto} on the JDK's default providers
 * (AES-NI for AES-GCM), with ChaCha20-Poly1305 routed to the JDK's {@code ChaCha20-Poly1305} cipher
 * (BC asks for "ChaCha7539"/"Poly1305", which the JDK lacks) and RSA-PSS mapped to the JDK's
 * {@code RSASSA-PSS}. No JCA provider is registered anywhere. Public so hosts and benchmarks can run
 * raw Bouncy Castle on exactly the same crypto.
 */
public final class LightwayTlsCrypto extends JcaTlsCrypto {
    private static final boolean CHACHA = JdkChaCha20Poly1305.available();

    private LightwayTlsCrypto(SecureRandom random) {
        super(new DefaultJcaJceHelper(), random, random);
    }

    /** {@return whether the platform's JCA has the {@code ChaCha20-Poly1305} cipher (JDK 11+; not every Android)} */
    public static boolean hasJdkChaCha20Poly1305() {
        return CHACHA;
    }

    /**
     * The shared, thread-safe instance (JcaTlsCrypto keeps no per-connection state).
     *
     * @return the process-wide instance
     */
    public static LightwayTlsCrypto shared() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final LightwayTlsCrypto INSTANCE = new LightwayTlsCrypto(new SecureRandom());
    }

    /**
     * BC names RSA-PSS "SHA256withRSAandMGF1" (BC provider) or "SHA256withRSASSA-PSS"; the JDK only
     * knows "RSASSA-PSS" with a {@code PSSParameterSpec}, which BC passes along.
     */
    private static String jdkName(String name, AlgorithmParameterSpec params) {
        if (params != null && name.toUpperCase(Locale.ROOT).endsWith("ANDMGF1")) {
            return "RSASSA-PSS";
        }
        return name;
    }

    @Override
    protected TlsStreamSigner createStreamSigner(JcaJceHelper helper, String algorithmName,
            AlgorithmParameterSpec parameter, PrivateKey privateKey, SecureRandom random)
            throws GeneralSecurityException {
        return super.createStreamSigner(helper, jdkName(algorithmName, parameter), parameter, privateKey, random);
    }

    @Override
    protected TlsStreamVerifier createStreamVerifier(String algorithmName, AlgorithmParameterSpec parameter,
            byte[] signature, PublicKey publicKey) throws IOException {
        return super.createStreamVerifier(jdkName(algorithmName, parameter), parameter, signature, publicKey);
    }

    @Override
    protected Tls13Verifier createTls13Verifier(String algorithmName, AlgorithmParameterSpec parameter,
            PublicKey publicKey) throws IOException {
        return super.createTls13Verifier(jdkName(algorithmName, parameter), parameter, publicKey);
    }

    /** {@inheritDoc} ChaCha20-Poly1305 is available whenever the JDK has its cipher (JDK 11+). */
    @Override
    public boolean hasEncryptionAlgorithm(int encryptionAlgorithm) {
        if (encryptionAlgorithm == EncryptionAlgorithm.CHACHA20_POLY1305) {
            return CHACHA;
        }
        return super.hasEncryptionAlgorithm(encryptionAlgorithm);
    }

    /** {@inheritDoc} ChaCha20-Poly1305 records run on the JDK cipher. */
    @Override
    public TlsCipher createCipher(TlsCryptoParameters params, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        if (encryptionAlgorithm != EncryptionAlgorithm.CHACHA20_POLY1305) {
            return super.createCipher(params, encryptionAlgorithm, macAlgorithm);
        }
        try {
            return new TlsAEADCipher(params, new JdkChaCha20Poly1305(true), new JdkChaCha20Poly1305(false),
                    32, 16, TlsAEADCipher.AEAD_CHACHA20_POLY1305);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}
