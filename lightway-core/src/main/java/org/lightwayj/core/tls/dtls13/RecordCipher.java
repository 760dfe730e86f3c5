package org.lightwayj.core.tls.dtls13;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link RecordProtection} on the JDK's AEADs (AES-GCM on AES-NI, ChaCha20-Poly1305): per-record
 * nonce {@code iv XOR seq} (RFC 8446 §5.3) and the record-number mask from AES-ECB or one ChaCha20
 * block over the ciphertext sample (RFC 9147 §4.2.3). One instance per direction and epoch.
 *
 * <p>Our own code allocates nothing per record; the JDK allocates the parameter spec and whatever its
 * cipher does inside {@code init} (the raw-JDK anchor of the benchmarks pays the same).
 */
final class RecordCipher implements RecordProtection {
    private final boolean chacha;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final byte[] nonce = new byte[12];
    private final Cipher aead;
    private final Cipher ecb;
    private final ChaCha20Block block;
    private final byte[] maskBlock = new byte[16];
    /** Sequence of the last init, so a repeat can be told apart (see {@link #open}). */
    private long lastSeq = -1;
    private byte[] scratch = new byte[2048];

    RecordCipher(CipherSuite suite, TrafficKeys keys) throws GeneralSecurityException {
        this.chacha = suite.isChaCha();
        this.iv = keys.iv().clone();
        if (chacha) {
            key = new SecretKeySpec(keys.key(), "ChaCha20");
            aead = Cipher.getInstance("ChaCha20-Poly1305");
            ecb = null;
            block = new ChaCha20Block(keys.snKey());
        } else {
            key = new SecretKeySpec(keys.key(), "AES");
            aead = Cipher.getInstance("AES/GCM/NoPadding");
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.snKey(), "AES"));
            block = null;
        }
    }

    private AlgorithmParameterSpec nonce(long seq) {
        System.arraycopy(iv, 0, nonce, 0, 12);
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (seq >>> (8 * i));
        }
        return chacha ? new IvParameterSpec(nonce) : new GCMParameterSpec(128, nonce);
    }

    @Override
    public int seal(long seq, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len) {
        try {
            lastSeq = seq;
            aead.init(Cipher.ENCRYPT_MODE, key, nonce(seq));
            aead.updateAAD(aad, aadOff, aadLen);
            return aead.doFinal(buf, off, len, buf, off);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD seal failed: " + e, e);
        }
    }

    @Override
    public int sealFrom(long seq, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            int contentType, byte[] out, int outOff) {
        // One copy into a reused array, then a non-overlapping doFinal: the JDK's GCM copies (and
        // allocates) overlapping input itself, and its update() path is far slower than doFinal.
        byte[] plain = scratchFor(len + 1, in, inOff, len);
        plain[len] = (byte) contentType;
        try {
            lastSeq = seq;
            aead.init(Cipher.ENCRYPT_MODE, key, nonce(seq));
            aead.updateAAD(aad, aadOff, aadLen);
            return aead.doFinal(plain, 0, len + 1, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD seal failed: " + e, e);
        }
    }

    @Override
    public int open(long seq, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out,
            int outOff) {
        if (len < TAG_LENGTH) {
            return -1;
        }
        if (in == out && inOff < outOff) {
            // Pooled buffers are slices of one big array. The JDK's GCM, given the same array with the
            // input below the output, "copies" through a new array as large as the whole array (a
            // pooled chunk: megabytes per record). One copy of the ciphertext avoids that; with the
            // output below the input the JDK decrypts straight through.
            in = scratchFor(len, in, inOff, len);
            inOff = 0;
        }
        try {
            if (seq == lastSeq) {
                // The JDK's ChaCha20-Poly1305 refuses to re-initialise with the nonce of the previous
                // init, also for decryption. A forged record that failed authentication followed by the
                // genuine one with the same number would then kill the connection: step over it.
                aead.init(Cipher.DECRYPT_MODE, key, nonce(~seq));
            }
            lastSeq = seq;
            aead.init(Cipher.DECRYPT_MODE, key, nonce(seq));
            aead.updateAAD(aad, aadOff, aadLen);
            return aead.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (ShortBufferException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD open failed: " + e, e);
        }
    }

    /** The reused scratch array, at least {@code capacity} long, starting with {@code src[off, off+len)}. */
    private byte[] scratchFor(int capacity, byte[] src, int off, int len) {
        if (scratch.length < capacity) {
            scratch = new byte[Math.max(capacity, 2 * scratch.length)];
        }
        System.arraycopy(src, off, scratch, 0, len);
        return scratch;
    }

    @Override
    public void sequenceMask(byte[] sample, int off, byte[] mask) {
        if (chacha) {
            // counter = first 4 sample bytes (little-endian), nonce = the other 12 (RFC 9147 §4.2.3)
            block.keystream(ChaCha20Block.le(sample, off), sample, off + 4, mask);
            return;
        }
        try {
            ecb.update(sample, off, SAMPLE_LENGTH, maskBlock, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        System.arraycopy(maskBlock, 0, mask, 0, mask.length);
    }
}
