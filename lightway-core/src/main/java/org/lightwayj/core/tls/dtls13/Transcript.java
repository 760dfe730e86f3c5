package org.lightwayj.core.tls.dtls13;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The running handshake transcript hash (RFC 8446 §4.4.1) over TLS-style messages (type, 24-bit length,
 * body): DTLS 1.3 hashes messages without their message_seq and fragment fields (RFC 9147 §5.2).
 *
 * <p>The hash function is known only once the cipher suite is chosen, so messages are buffered until
 * {@link #start}. After a HelloRetryRequest the first ClientHello is replaced by a synthetic
 * {@code message_hash} message ({@link #replaceWithMessageHash()}).
 */
final class Transcript {
    private final List<byte[]> pending = new ArrayList<>(4);
    private MessageDigest digest;

    /** Chooses the hash (at ServerHello or HelloRetryRequest) and hashes what was buffered. */
    void start(CipherSuite suite) {
        if (digest != null) {
            return;
        }
        try {
            digest = MessageDigest.getInstance(suite.hashName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(suite.hashName() + " missing from the JDK", e);
        }
        for (byte[] m : pending) {
            digest.update(m);
        }
        pending.clear();
    }

    /** Adds one full TLS-style message. */
    void add(byte[] message) {
        if (digest == null) {
            pending.add(message);
        } else {
            digest.update(message);
        }
    }

    /** The hash of everything added so far (the running state is kept). */
    byte[] hash() {
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("JDK digest cannot be cloned", e);
        }
    }

    /**
     * Replaces the transcript so far (ClientHello1) by {@code message_hash(Hash(ClientHello1))}
     * (RFC 8446 §4.4.1). Call after {@link #start} and before adding the HelloRetryRequest.
     */
    void replaceWithMessageHash() {
        byte[] h = hash();
        digest.reset();
        digest.update(Messages.messageHash(h));
    }
}
