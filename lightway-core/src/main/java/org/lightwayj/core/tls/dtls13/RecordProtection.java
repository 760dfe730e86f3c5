package org.lightwayj.core.tls.dtls13;

/**
 * The protection of one epoch's records in one direction (RFC 9147 §4.2.3, RFC 8446 §5.2-5.3): AEAD
 * with the per-record nonce {@code iv XOR seq}, and the record-number mask computed from a ciphertext
 * sample. {@code RecordCipher} is the real one; tests and fuzz targets may plug in others.
 *
 * <p>All methods work on byte arrays in place and allocate nothing of their own. Instances are confined
 * to one thread.
 */
interface RecordProtection {
    /** AEAD tag length in bytes (16 for every suite Lightway-J negotiates). */
    int TAG_LENGTH = 16;
    /** Bytes of ciphertext the record-number mask is computed from. */
    int SAMPLE_LENGTH = 16;

    /**
     * Encrypts {@code buf[off, off+len)} in place and appends the tag, so the ciphertext occupies
     * {@code buf[off, off+len+TAG_LENGTH)}.
     *
     * @param seq the 64-bit record sequence number within the epoch (the nonce is iv XOR seq)
     * @param aad additional data (the record header with the unmasked sequence number)
     * @return the ciphertext length, {@code len + TAG_LENGTH}
     * @throws IllegalStateException if the cipher refuses (never for valid arguments)
     */
    int seal(long seq, byte[] aad, int aadOff, int aadLen, byte[] buf, int off, int len);

    /**
     * Encrypts {@code in[inOff, inOff+len)} followed by the one byte {@code contentType} (the DTLS 1.3
     * inner plaintext) into {@code out[outOff, ...)} and appends the tag; the ranges must not overlap.
     * Saves the copy an in-place seal costs (the JDK's GCM copies overlapping input first). The default
     * copies and seals in place.
     *
     * @return the ciphertext length, {@code len + 1 + TAG_LENGTH}
     */
    default int sealFrom(long seq, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len,
            int contentType, byte[] out, int outOff) {
        System.arraycopy(in, inOff, out, outOff, len);
        out[outOff + len] = (byte) contentType;
        return seal(seq, aad, aadOff, aadLen, out, outOff, len + 1);
    }

    /**
     * Decrypts {@code in[inOff, inOff+len)} (ciphertext and tag) into {@code out[outOff, ...)}; the
     * two ranges may be the same array and offset.
     *
     * @return the plaintext length ({@code len - TAG_LENGTH}), or {@code -1} if authentication failed
     *     or {@code len < TAG_LENGTH}
     */
    int open(long seq, byte[] aad, int aadOff, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff);

    /**
     * Computes the record-number mask from {@code SAMPLE_LENGTH} bytes of ciphertext at
     * {@code sample[off]} and writes its first {@code mask.length} (1 or 2) bytes into {@code mask}.
     */
    void sequenceMask(byte[] sample, int off, byte[] mask);
}
