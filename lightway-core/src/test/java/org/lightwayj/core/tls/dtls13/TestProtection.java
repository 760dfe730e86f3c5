package org.lightwayj.core.tls.dtls13;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test-only AES-128-GCM {@link RecordProtection} with a fixed key (independent of the production
 * RecordCipher, so record-layer tests check the layer, not a shared implementation).
 */
final class TestProtection implements RecordProtection {
    private final SecretKeySpec key;
    private final byte[] iv = new byte[12];
    private final Cipher aead;
    private final Cipher ecb;

    TestProtection(int seed) {
        try {
            byte[] k = new byte[16];
            for (int i = 0; i < 16; i++) {
                k[i] = (byte) (seed * 31 + i);
                iv[i % 12] ^= (byte) (seed + i);
            }
            key = new SecretKeySpec(k, "AES");
            aead = Cipher.getInstance("AES/GCM/NoPadding");
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] nonce(long seq) {
        byte[] n = iv.clone();
        for (int i = 0; i < 8; i++) {
            n[11 - i] ^= (byte) (seq >>> (8 * i));
        }
        return n;
    }

    @Override
    public int seal(long seq, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        try {
            aead.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(seq)));
            aead.updateAAD(aad, aadOff, aadLen);
            return aead.doFinal(buf.clone(), off, len, buf, off);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int open(long seq, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        if (len < TAG_LENGTH) {
            return -1;
        }
        try {
            aead.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce(seq)));
            aead.updateAAD(aad, aadOff, aadLen);
            return aead.doFinal(in.clone(), inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void sequenceMask(byte[] sample, int off, byte[] mask) {
        try {
            byte[] m = ecb.doFinal(sample, off, SAMPLE_LENGTH);
            System.arraycopy(m, 0, mask, 0, mask.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
