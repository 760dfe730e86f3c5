package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;

/**
 * Screens the handshake fragments of plaintext (epoch 0) DTLS 1.2 handshake records before Bouncy
 * Castle sees them. BC 1.84 allocates a reassembly buffer from a fragment's declared 24-bit message
 * length without checking it (one 25-byte datagram can make it allocate 16 MiB), and its reassembler
 * keeps a list of missing ranges that every fragment walks, so many interleaved 1-byte fragments of one
 * message cost quadratic time. Epoch-0 records are not authenticated: anyone who can spoof the peer's
 * address can send them.
 *
 * <p>A record is refused (the caller drops and counts it) when any fragment in it
 * <ul>
 * <li>is cut short by the record, or the record ends inside a fragment header;</li>
 * <li>declares a message longer than {@link TlsConfigBase#maxHandshakeMessageLength()} (32 KiB by
 *     default), or lies outside its declared length;</li>
 * <li>has a message_seq of {@link #MAX_MESSAGE_SEQ} or more (one DTLS 1.2 handshake uses fewer than
 *     10; BC never renegotiates);</li>
 * <li>is a new fragment (a (length, offset, end) not seen before for that message_seq) beyond
 *     {@link #MAX_FRAGMENTS_PER_MESSAGE} for its message, or beyond {@link #MAX_FRAGMENTS_PER_FLIGHT}
 *     for all messages together.</li>
 * </ul>
 * An exact repeat of a fragment already let through (a retransmission) is always let through again and
 * costs no budget, so a peer that retransmits its flight many times is not cut off; BC's work for it is
 * bounded by the number of distinct fragments. So BC's missing-range list never exceeds
 * {@code MAX_FRAGMENTS_PER_MESSAGE + 1} entries and its buffers never exceed the configured length.
 * The budgets are per message_seq for the whole handshake (no reset is needed: a DTLS 1.2 handshake has
 * at most two flights from each peer, and its message_seqs only grow), so an attacker cannot refill them
 * by sending other sequence numbers.
 *
 * <p>Not thread-safe; one per engine, used on the host thread.
 */
final class DtlsHandshakeGuard {
    /** message_seq values at or above this are refused. */
    static final int MAX_MESSAGE_SEQ = 32;
    /** Distinct fragments let through per message. */
    static final int MAX_FRAGMENTS_PER_MESSAGE = 64;
    /** Distinct fragments let through over all messages of the handshake. */
    static final int MAX_FRAGMENTS_PER_FLIGHT = 256;
    private static final int FRAGMENT_HEADER = 12;

    /** Why a record was refused; {@code null} from {@link #check} means it may pass. */
    enum Reason {
        MALFORMED, TOO_LONG, OUTSIDE_MESSAGE, MESSAGE_SEQ, TOO_MANY_FRAGMENTS
    }

    private final int maxMessageLength;
    /** Per message_seq: (length, offset, end) of each distinct fragment let through, 21 bits each. */
    private final long[][] shapes = new long[MAX_MESSAGE_SEQ][];
    private final int[] shapeCount = new int[MAX_MESSAGE_SEQ];
    private int total;
    private long refused;

    /** Scratch for one record's new fragments, so a refused record changes no state. */
    private final long[] pending = new long[MAX_FRAGMENTS_PER_FLIGHT];
    private final int[] pendingSeq = new int[MAX_FRAGMENTS_PER_FLIGHT];
    private final int[] pendingPerSeq = new int[MAX_MESSAGE_SEQ];

    DtlsHandshakeGuard(int maxMessageLength) {
        if (maxMessageLength < 1 || maxMessageLength > 1 << 20) {
            throw new IllegalArgumentException("maxMessageLength: must be in 1..1048576"); // 21-bit packing
        }
        this.maxMessageLength = maxMessageLength;
    }

    /** Distinct fragments let through so far (the work BC can be made to do is bounded by this). */
    int fragmentsAdmitted() {
        return total;
    }

    /** Distinct fragments let through so far for one message_seq. */
    int fragmentsAdmitted(int messageSeq) {
        return messageSeq >= 0 && messageSeq < MAX_MESSAGE_SEQ ? shapeCount[messageSeq] : 0;
    }

    /** Records refused so far. */
    long refused() {
        return refused;
    }

    /**
     * Checks the body of one epoch-0 handshake record and, when it may pass, remembers its new fragments.
     *
     * @return {@code null} if the record may go to BC, else why not
     */
    Reason check(ByteBuf b, int off, int len) {
        java.util.Arrays.fill(pendingPerSeq, 0);
        Reason r = scan(b, off, len);
        if (r != null) {
            refused++;
        }
        return r;
    }

    private Reason scan(ByteBuf b, int off, int len) {
        int end = off + len;
        int newOnes = 0;
        for (int p = off; p < end;) {
            if (end - p < FRAGMENT_HEADER) {
                return Reason.MALFORMED;
            }
            int length = b.getUnsignedMedium(p + 1);
            int seq = b.getUnsignedShort(p + 4);
            int fragOff = b.getUnsignedMedium(p + 6);
            int fragLen = b.getUnsignedMedium(p + 9);
            if (fragLen > end - p - FRAGMENT_HEADER) {
                return Reason.MALFORMED;
            }
            if (length > maxMessageLength) {
                return Reason.TOO_LONG;
            }
            if (fragOff + fragLen > length) {
                return Reason.OUTSIDE_MESSAGE;
            }
            if (seq >= MAX_MESSAGE_SEQ) {
                return Reason.MESSAGE_SEQ;
            }
            // The message type is not part of the identity: BC keys its reassembler on message_seq and
            // ignores, at constant cost, fragments whose type or length differ from the first one's.
            long shape = ((long) length << 42) | ((long) fragOff << 21) | (fragOff + fragLen);
            if (!known(seq, shape) && !pendingContains(newOnes, seq, shape)) {
                if (shapeCount[seq] + pendingPerSeq[seq] >= MAX_FRAGMENTS_PER_MESSAGE
                        || total + newOnes >= MAX_FRAGMENTS_PER_FLIGHT) {
                    return Reason.TOO_MANY_FRAGMENTS;
                }
                pending[newOnes] = shape;
                pendingSeq[newOnes] = seq;
                pendingPerSeq[seq]++;
                newOnes++;
            }
            p += FRAGMENT_HEADER + fragLen;
        }
        for (int i = 0; i < newOnes; i++) {
            int seq = pendingSeq[i];
            long[] s = shapes[seq];
            if (s == null) {
                s = new long[8];
            } else if (shapeCount[seq] == s.length) {
                s = java.util.Arrays.copyOf(s, Math.min(MAX_FRAGMENTS_PER_MESSAGE, s.length * 2));
            }
            shapes[seq] = s;
            s[shapeCount[seq]++] = pending[i];
        }
        total += newOnes;
        return null;
    }

    private boolean known(int seq, long shape) {
        long[] s = shapes[seq];
        for (int i = shapeCount[seq] - 1; i >= 0; i--) {
            if (s[i] == shape) {
                return true;
            }
        }
        return false;
    }

    private boolean pendingContains(int n, int seq, long shape) {
        for (int i = 0; i < n; i++) {
            if (pendingSeq[i] == seq && pending[i] == shape) {
                return true;
            }
        }
        return false;
    }
}
