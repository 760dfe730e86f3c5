package org.lightwayj.core.tls.dtls13;

import java.util.Arrays;
import java.util.Objects;
import org.lightwayj.core.tls.dtls13.Messages.FragmentHeader;

/**
 * Bounded reassembly of incoming DTLS handshake fragments into complete messages, delivered strictly in
 * message_seq order (RFC 9147 §5.2, §5.5: fragments may arrive in any order, overlap and repeat).
 *
 * <p>The bounds are what keep a peer from turning reassembly into a memory or CPU sink (the
 * classic DTLS fragment-reassembly DoS):
 * <ul>
 *   <li>a declared length above {@code maxMessageLength} is refused before anything is allocated, and a
 *       message buffer is allocated only when a first (non-empty) fragment of it arrives, so at most
 *       {@code maxMessagesAhead} buffers of at most {@code maxMessageLength} exist;
 *   <li>coverage is a sorted list of disjoint byte ranges, merged on insert, so a fragment costs
 *       O(log ranges + ranges merged) plus one array shift rather than a walk over the message length;
 *   <li>each message takes at most {@code maxFragmentsPerMessage} fragments that add bytes, which also
 *       bounds the range list (a fragment that completes the message is taken even past it).
 * </ul>
 *
 * <p>Overlapping bytes are not compared; a later fragment simply overwrites them (a peer that can
 * inject handshake fragments can forge whole messages anyway; the transcript hash catches it).
 * Instances are confined to one thread.
 */
final class HandshakeReassembler {
    /** What {@link #offer} did with a fragment. */
    enum Offer {
        /** The fragment added bytes to a buffered message. */
        ACCEPTED,
        /** The message was already delivered, or every byte of the fragment was already held. */
        DUPLICATE,
        /** message_seq is {@code maxMessagesAhead} or more beyond the next expected message. */
        FUTURE_DROPPED,
        /**
         * The fragment disagrees with earlier ones on msg_type or length, declares a length above the
         * bound, or is a new, non-completing fragment beyond the fragment bound. Nothing changed; the
         * engine decides whether to abort.
         */
        REJECTED
    }

    private final int maxMessageLength;
    private final int maxFragmentsPerMessage;
    private final int maxMessagesAhead;
    /** Buffered messages, slot {@code seq % maxMessagesAhead}; live seqs span less than one lap. */
    private final Partial[] window;
    private int next;
    private int bufferedBytes;
    /** Range-list entries visited by inserts (tests assert it stays linear in the fragment count). */
    long mergeSteps;

    HandshakeReassembler(int maxMessageLength, int maxFragmentsPerMessage, int maxMessagesAhead) {
        if (maxMessageLength < 0 || maxMessageLength > 0xFFFFFF || maxFragmentsPerMessage < 1
                || maxMessagesAhead < 1 || maxMessagesAhead > 0x10000) {
            throw new IllegalArgumentException("bad reassembler bounds");
        }
        this.maxMessageLength = maxMessageLength;
        this.maxFragmentsPerMessage = maxFragmentsPerMessage;
        this.maxMessagesAhead = maxMessagesAhead;
        this.window = new Partial[maxMessagesAhead];
    }

    /**
     * Offers one fragment whose bytes are {@code src[fragmentOff, fragmentOff + h.fragmentLength())}.
     * The bytes are copied; {@code src} may be reused afterwards.
     */
    Offer offer(FragmentHeader h, byte[] src, int fragmentOff) {
        Objects.checkFromIndexSize(fragmentOff, h.fragmentLength(), src.length);
        int seq = h.messageSeq();
        if (seq < next) {
            return Offer.DUPLICATE;
        }
        if ((long) seq - next >= maxMessagesAhead) {
            return Offer.FUTURE_DROPPED;
        }
        int slot = seq % maxMessagesAhead;
        Partial p = window[slot];
        int a = h.fragmentOffset();
        int b = a + h.fragmentLength();
        if (p == null) {
            if (h.length() > maxMessageLength) {
                return Offer.REJECTED; // before any allocation
            }
            if (a == b && h.length() != 0) {
                return Offer.DUPLICATE; // an empty fragment adds nothing; do not allocate for it
            }
            p = new Partial(h.msgType(), h.length());
            window[slot] = p;
            bufferedBytes += p.message.length;
            if (h.length() == 0) {
                return Offer.ACCEPTED; // complete on arrival
            }
        } else if (p.msgType != h.msgType() || p.length != h.length()) {
            return Offer.REJECTED;
        }
        if (a == b || p.covered == p.length) {
            return Offer.DUPLICATE;
        }
        return p.insert(a, b, src, fragmentOff);
    }

    /**
     * The next message in order as a full TLS-style message ({@code msg_type || length u24 || body}),
     * or null if it is not complete yet. Delivering it advances {@link #nextMessageSeq}.
     */
    byte[] poll() {
        int slot = next % maxMessagesAhead;
        Partial p = window[slot];
        if (p == null || p.covered != p.length) {
            return null;
        }
        window[slot] = null;
        bufferedBytes -= p.message.length;
        next++;
        return p.message;
    }

    /** The message_seq {@link #poll} delivers next; lower ones are duplicates. */
    int nextMessageSeq() {
        return next;
    }

    /** Drops everything buffered and expects {@code nextMessageSeq} next (around a HelloRetryRequest). */
    void reset(int nextMessageSeq) {
        if (nextMessageSeq < 0) {
            throw new IllegalArgumentException("negative message_seq");
        }
        Arrays.fill(window, null);
        bufferedBytes = 0;
        next = nextMessageSeq;
    }

    /** True if some message is partly but not completely buffered. */
    boolean hasPartial() {
        for (Partial p : window) {
            if (p != null && p.covered != p.length) {
                return true;
            }
        }
        return false;
    }

    /** Bytes held in message buffers (each a framed message: 4 + length). */
    int bufferedBytes() {
        return bufferedBytes;
    }

    /** One message being reassembled: the framed message buffer and its coverage. */
    private final class Partial {
        final int msgType;
        final int length;
        final byte[] message;
        /** Sorted, disjoint, non-adjacent ranges {@code [starts[i], ends[i])} of body bytes held. */
        int[] starts = new int[4];
        int[] ends = new int[4];
        int ranges;
        int fragments;
        int covered;

        Partial(int msgType, int length) {
            this.msgType = msgType;
            this.length = length;
            this.message = new byte[Messages.MESSAGE_HEADER_LENGTH + length];
            message[0] = (byte) msgType;
            message[1] = (byte) (length >>> 16);
            message[2] = (byte) (length >>> 8);
            message[3] = (byte) length;
        }

        /** Adds the non-empty body range {@code [a, b)}, copying its bytes if it adds any. */
        Offer insert(int a, int b, byte[] src, int srcOff) {
            // First range that ends at or after a: everything before it lies strictly left and apart.
            int lo = 0;
            int hi = ranges;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                mergeSteps++;
                if (ends[mid] < a) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int i = lo;
            int j = i; // ranges [i, j) touch or overlap [a, b) and merge with it
            int held = 0;
            while (j < ranges && starts[j] <= b) {
                mergeSteps++;
                held += ends[j] - starts[j];
                j++;
            }
            if (j == i + 1 && starts[i] <= a && ends[i] >= b) {
                return Offer.DUPLICATE; // ranges are non-adjacent, so containment means one range
            }
            int mergedStart = j > i ? Math.min(a, starts[i]) : a;
            int mergedEnd = j > i ? Math.max(b, ends[j - 1]) : b;
            int newCovered = covered + (mergedEnd - mergedStart) - held;
            // Past the bound only a completing fragment is taken (e.g. a whole-message retransmission
            // after a PMTU change): it is the last insert this message can see, so the bound still holds.
            if (fragments >= maxFragmentsPerMessage && newCovered != length) {
                return Offer.REJECTED;
            }
            fragments++;
            covered = newCovered;
            int removed = j - i; // ranges replaced by the one merged range
            if (removed == 0) {
                if (ranges == starts.length) {
                    int cap = starts.length * 2;
                    starts = Arrays.copyOf(starts, cap);
                    ends = Arrays.copyOf(ends, cap);
                }
                System.arraycopy(starts, i, starts, i + 1, ranges - i);
                System.arraycopy(ends, i, ends, i + 1, ranges - i);
                ranges++;
            } else if (removed > 1) {
                System.arraycopy(starts, j, starts, i + 1, ranges - j);
                System.arraycopy(ends, j, ends, i + 1, ranges - j);
                ranges -= removed - 1;
            }
            starts[i] = mergedStart;
            ends[i] = mergedEnd;
            System.arraycopy(src, srcOff, message, Messages.MESSAGE_HEADER_LENGTH + a, b - a);
            return Offer.ACCEPTED;
        }
    }
}
