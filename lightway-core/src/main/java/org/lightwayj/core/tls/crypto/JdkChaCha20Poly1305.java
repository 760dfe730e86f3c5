package org.lightwayj.core.tls.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;

/**
 * ChaCha20-Poly1305 (RFC 8439) on the JDK's own {@code ChaCha20-Poly1305} cipher. BC's JCA crypto asks
 * for "ChaCha7539" and "Poly1305", which the JDK providers do not offer; this adapter lets
 * {@link LightwayTlsCrypto} use the JDK cipher without registering any provider.
 */
final class JdkChaCha20Poly1305 implements TlsAEADCipherImpl {
    private static final int TAG = 16;

    private final Cipher cipher;
    private final int mode;
    private SecretKeySpec key;

    JdkChaCha20Poly1305(boolean encrypt) throws GeneralSecurityException {
        this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        this.mode = encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
    }

    static boolean available() {
        try {
            Cipher.getInstance("ChaCha20-Poly1305");
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public void setKey(byte[] k, int off, int len) {
        key = new SecretKeySpec(k, off, len, "ChaCha20");
    }

    @Override
    public void init(byte[] nonce, int macSize) throws IOException {
        if (macSize != TAG || nonce.length != 12) {
            throw new TlsFatalAlert(AlertDescription.internal_error);
        }
        try {
            cipher.init(mode, key, new IvParameterSpec(nonce));
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }

    @Override
    public int getOutputSize(int inputLength) {
        return mode == Cipher.ENCRYPT_MODE ? inputLength + TAG : Math.max(0, inputLength - TAG);
    }

    @Override
    public int doFinal(byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) throws IOException {
        try {
            if (aad != null && aad.length > 0) {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(in, inOff, inLen, out, outOff);
        } catch (AEADBadTagException e) {
            throw new TlsFatalAlert(AlertDescription.bad_record_mac);
        } catch (GeneralSecurityException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, e);
        }
    }
}
