package org.lightwayj.core.tls.dtls13;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The DTLS 1.3 record layer (RFC 9147 §4): DTLSPlaintext records in epoch 0, DTLSCiphertext records
 * with the unified header, encrypted record numbers and AEAD in later epochs, one sequence counter per
 * write epoch and one replay window per read epoch.
 *
 * <p>We always send the unified header {@code 001 C=0 S=1 L=1 EE} (16-bit sequence number, explicit
 * length, no connection id): 5 bytes, so a protected record costs {@link #PROTECTED_OVERHEAD} bytes.
 * We accept every form the RFC allows except connection ids.
 *
 * <p>No allocation per record besides the plaintext buffer handed to the {@link Sink}: headers, masks
 * and AAD use small reused arrays; heap buffers are encrypted and decrypted through their arrays.
 * Confined to one thread.
 */
final class RecordLayer {
    static final int CT_CHANGE_CIPHER_SPEC = 20;
    static final int CT_ALERT = 21;
    static final int CT_HANDSHAKE = 22;
    static final int CT_APPLICATION_DATA = 23;
    static final int CT_ACK = 26;
    /** DTLSPlaintext: type, legacy_record_version, epoch u16, sequence u48, length u16. */
    static final int PLAINTEXT_HEADER_LENGTH = 13;
    /** The unified header we send: flags, 16-bit sequence number, 16-bit length. */
    static final int CIPHERTEXT_HEADER_LENGTH = 5;
    /** Header + inner content type + AEAD tag. */
    static final int PROTECTED_OVERHEAD = CIPHERTEXT_HEADER_LENGTH + 1 + RecordProtection.TAG_LENGTH;
    private static final int MAX_EPOCHS = 8;
    private static final long MAX_PLAINTEXT_SEQUENCE = (1L << 48) - 1;

    /** Receives each accepted record. */
    interface Sink {
        /**
         * @param plaintext a new buffer holding the record's content (without type or padding); the sink
         *     owns it and releases it
         */
        void onRecord(int contentType, int epoch, long sequence, ByteBuf plaintext);
    }

    private static final class WriteEpoch {
        final int epoch;
        final RecordProtection protection;
        long next;

        WriteEpoch(int epoch, RecordProtection protection) {
            this.epoch = epoch;
            this.protection = protection;
        }
    }

    private static final class ReadEpoch {
        final int epoch;
        final RecordProtection protection;
        /** Highest sequence accepted, -1 before the first. */
        long highest = -1;
        /** Bit i set: sequence highest - i was accepted. */
        long window;

        ReadEpoch(int epoch, RecordProtection protection) {
            this.epoch = epoch;
            this.protection = protection;
        }
    }

    private final ByteBufAllocator alloc;
    private final int windowBits;
    private final int maxPlaintext;
    private final WriteEpoch[] writers = new WriteEpoch[MAX_EPOCHS];
    private final ReadEpoch[] readers = new ReadEpoch[MAX_EPOCHS];
    private final long[] drops = new long[DropReason.values().length];
    private long dropped;
    private final byte[] aad = new byte[CIPHERTEXT_HEADER_LENGTH];
    private final byte[] mask = new byte[2];
    private byte[] scratch = new byte[2048];

    /**
     * @param replayWindowBits 1..64 records
     * @param maxPlaintext largest inner plaintext accepted (16384 in TLS)
     */
    RecordLayer(ByteBufAllocator alloc, int replayWindowBits, int maxPlaintext) {
        if (replayWindowBits < 1 || replayWindowBits > 64) {
            throw new IllegalArgumentException("replayWindowBits: 1..64");
        }
        this.alloc = alloc;
        this.windowBits = replayWindowBits;
        this.maxPlaintext = maxPlaintext;
    }

    // ------------------------------------------------------------------ write side

    void installWriteEpoch(int epoch, RecordProtection protection) {
        checkProtection(epoch, protection);
        put(writers, new WriteEpoch(epoch, protection));
    }

    void retireWriteEpoch(int epoch) {
        remove(writers, epoch);
    }

    boolean hasWriteEpoch(int epoch) {
        return find(writers, epoch) != null;
    }

    long nextWriteSequence(int epoch) {
        return writer(epoch).next;
    }

    /** Continues an epoch's sequence at {@code sequence} if it is higher (a stateless server's HelloRetryRequest used it). */
    void skipWriteSequence(int epoch, long sequence) {
        WriteEpoch w = writer(epoch);
        w.next = Math.max(w.next, sequence);
    }

    /**
     * Appends one record of {@code content[off, off+len)} to {@code out}, which must have room for
     * {@code len} plus the header (and {@link #PROTECTED_OVERHEAD} for protected epochs).
     *
     * @return bytes written
     * @throws IllegalStateException if the epoch is not installed or its sequence numbers are exhausted
     */
    int writeRecord(ByteBuf out, int epoch, int contentType, byte[] content, int off, int len) {
        WriteEpoch w = writer(epoch);
        long seq = takeSequence(w);
        if (w.protection == null) {
            out.writeByte(contentType).writeShort(Messages.DTLS12).writeShort(epoch);
            out.writeShort((int) (seq >>> 32)).writeInt((int) seq).writeShort(len);
            out.writeBytes(content, off, len);
            return PLAINTEXT_HEADER_LENGTH + len;
        }
        int start = out.writerIndex();
        writeUnifiedHeader(out, epoch, seq, len + 1 + RecordProtection.TAG_LENGTH);
        out.writeBytes(content, off, len);
        return seal(out, w, start, seq, contentType, len);
    }

    /** As {@link #writeRecord(ByteBuf, int, int, byte[], int, int)} for {@code content}'s readable bytes (not consumed). */
    int writeRecord(ByteBuf out, int epoch, int contentType, ByteBuf content) {
        WriteEpoch w = writer(epoch);
        int len = content.readableBytes();
        if (w.protection == null) {
            long seq = takeSequence(w);
            out.writeByte(contentType).writeShort(Messages.DTLS12).writeShort(epoch);
            out.writeShort((int) (seq >>> 32)).writeInt((int) seq).writeShort(len);
            out.writeBytes(content, content.readerIndex(), len);
            return PLAINTEXT_HEADER_LENGTH + len;
        }
        long seq = takeSequence(w);
        int start = out.writerIndex();
        writeUnifiedHeader(out, epoch, seq, len + 1 + RecordProtection.TAG_LENGTH);
        if (content.hasArray() && out.hasArray()) {
            // The data path: encrypt straight from the caller's bytes into the record, no copy.
            out.ensureWritable(len + 1 + RecordProtection.TAG_LENGTH);
            byte[] arr = out.array();
            int base = out.arrayOffset() + start;
            int ct = w.protection.sealFrom(seq, arr, base, CIPHERTEXT_HEADER_LENGTH, content.array(),
                    content.arrayOffset() + content.readerIndex(), len, contentType, arr,
                    base + CIPHERTEXT_HEADER_LENGTH);
            w.protection.sequenceMask(arr, base + CIPHERTEXT_HEADER_LENGTH, mask);
            arr[base + 1] ^= mask[0];
            arr[base + 2] ^= mask[1];
            out.writerIndex(start + CIPHERTEXT_HEADER_LENGTH + ct);
            return CIPHERTEXT_HEADER_LENGTH + ct;
        }
        out.writeBytes(content, content.readerIndex(), len);
        return seal(out, w, start, seq, contentType, len);
    }

    private static void writeUnifiedHeader(ByteBuf out, int epoch, long seq, int length) {
        out.writeByte(0x2C | (epoch & 3)).writeShort((int) seq & 0xFFFF).writeShort(length);
    }

    /** Appends the content type, encrypts in place and masks the record number. */
    private int seal(ByteBuf out, WriteEpoch w, int start, long seq, int contentType, int len) {
        out.writeByte(contentType);
        out.ensureWritable(RecordProtection.TAG_LENGTH);
        int plainLen = len + 1;
        byte[] arr;
        int base;
        boolean copied = !out.hasArray();
        if (copied) {
            arr = scratch(CIPHERTEXT_HEADER_LENGTH + plainLen + RecordProtection.TAG_LENGTH);
            out.getBytes(start, arr, 0, CIPHERTEXT_HEADER_LENGTH + plainLen);
            base = 0;
        } else {
            arr = out.array();
            base = out.arrayOffset() + start;
        }
        int ct = w.protection.seal(seq, arr, base, CIPHERTEXT_HEADER_LENGTH, arr, base + CIPHERTEXT_HEADER_LENGTH,
                plainLen);
        w.protection.sequenceMask(arr, base + CIPHERTEXT_HEADER_LENGTH, mask);
        arr[base + 1] ^= mask[0];
        arr[base + 2] ^= mask[1];
        if (copied) {
            out.writerIndex(start);
            out.writeBytes(arr, 0, CIPHERTEXT_HEADER_LENGTH + ct);
        } else {
            out.writerIndex(start + CIPHERTEXT_HEADER_LENGTH + ct);
        }
        return CIPHERTEXT_HEADER_LENGTH + ct;
    }

    private static long takeSequence(WriteEpoch w) {
        long limit = w.protection == null ? MAX_PLAINTEXT_SEQUENCE : -1L;
        if (w.next == limit || (w.protection == null && w.next > limit)) {
            throw new IllegalStateException("sequence numbers of epoch " + w.epoch + " exhausted");
        }
        return w.next++;
    }

    // ------------------------------------------------------------------ read side

    void installReadEpoch(int epoch, RecordProtection protection) {
        checkProtection(epoch, protection);
        put(readers, new ReadEpoch(epoch, protection));
    }

    void retireReadEpoch(int epoch) {
        remove(readers, epoch);
    }

    boolean hasReadEpoch(int epoch) {
        return find(readers, epoch) != null;
    }

    /** Forgets what epoch {@code epoch} received (epoch 0 after a HelloRetryRequest: the server may restart). */
    void resetReplayWindow(int epoch) {
        ReadEpoch r = find(readers, epoch);
        if (r != null) {
            r.highest = -1;
            r.window = 0;
        }
    }

    /** Marks a record as received outside {@link #readDatagram} (the admitted ClientHello). */
    void markReceived(int epoch, long sequence) {
        ReadEpoch r = find(readers, epoch);
        if (r != null) {
            accept(r, sequence);
        }
    }

    long droppedRecords() {
        return dropped;
    }

    long dropped(DropReason reason) {
        return drops[reason.ordinal()];
    }

    /**
     * Walks every record of one datagram (several may share it, RFC 9147 §4.1), handing each valid,
     * fresh, authentic record to {@code sink} and counting the rest. Never throws on bad input; never
     * modifies, retains or releases {@code datagram}.
     */
    void readDatagram(ByteBuf datagram, Sink sink) {
        int pos = datagram.readerIndex();
        int end = datagram.writerIndex();
        while (pos < end) {
            int first = datagram.getUnsignedByte(pos);
            int next;
            if ((first & 0xE0) == 0x20) {
                next = readCiphertext(datagram, pos, end, first, sink);
            } else if (first >= CT_CHANGE_CIPHER_SPEC && first <= CT_ACK) {
                next = readPlaintext(datagram, pos, end, first, sink);
            } else {
                next = -1;
            }
            if (next < 0) {
                drop(DropReason.MALFORMED);
                return;
            }
            pos = next;
        }
    }

    /** @return the offset after the record, or -1 if the rest of the datagram cannot be parsed */
    private int readPlaintext(ByteBuf d, int pos, int end, int type, Sink sink) {
        if (end - pos < PLAINTEXT_HEADER_LENGTH) {
            return -1;
        }
        int version = d.getUnsignedShort(pos + 1);
        int epoch = d.getUnsignedShort(pos + 3);
        long seq = ((long) d.getUnsignedShort(pos + 5) << 32) | d.getUnsignedInt(pos + 7);
        int len = d.getUnsignedShort(pos + 11);
        int body = pos + PLAINTEXT_HEADER_LENGTH;
        if (body + len > end || (version != Messages.DTLS12 && version != Messages.DTLS10)) {
            return -1;
        }
        if (type != CT_ALERT && type != CT_HANDSHAKE && type != CT_ACK) {
            drop(DropReason.BAD_PLAINTEXT_TYPE);
            return body + len;
        }
        ReadEpoch r = epoch == 0 ? find(readers, 0) : null;
        if (r == null || r.protection != null) {
            drop(DropReason.UNKNOWN_EPOCH);
            return body + len;
        }
        if (len > maxPlaintext) {
            drop(DropReason.TOO_LONG);
            return body + len;
        }
        if (!fresh(r, seq)) {
            drop(DropReason.REPLAY);
            return body + len;
        }
        accept(r, seq);
        ByteBuf out = alloc.heapBuffer(Math.max(len, 1));
        out.writeBytes(d, body, len);
        sink.onRecord(type, 0, seq, out);
        return body + len;
    }

    private int readCiphertext(ByteBuf d, int pos, int end, int flags, Sink sink) {
        int seqLen = (flags & 0x08) != 0 ? 2 : 1;
        boolean hasLength = (flags & 0x04) != 0;
        int headerLen = 1 + seqLen + (hasLength ? 2 : 0);
        if ((flags & 0x10) != 0) {
            // A connection id of unknown length: nothing after it can be delimited.
            drop(DropReason.CONNECTION_ID);
            return end;
        }
        if (end - pos < headerLen) {
            return -1;
        }
        int body = pos + headerLen;
        int len = hasLength ? d.getUnsignedShort(pos + 1 + seqLen) : end - body;
        if (body + len > end) {
            return -1;
        }
        int next = body + len;
        if (len < RecordProtection.SAMPLE_LENGTH + 1 || len < RecordProtection.TAG_LENGTH + 1) {
            drop(DropReason.TOO_SHORT);
            return next;
        }
        if (len - RecordProtection.TAG_LENGTH > maxPlaintext + 256) {
            drop(DropReason.TOO_LONG);
            return next;
        }
        ReadEpoch r = epochForBits(flags & 3);
        if (r == null) {
            drop(DropReason.UNKNOWN_EPOCH);
            return next;
        }
        // Ciphertext as an array: the heap buffer's own, else one copy into scratch.
        byte[] in;
        int inOff;
        if (d.hasArray()) {
            in = d.array();
            inOff = d.arrayOffset() + body;
        } else {
            in = scratch(len);
            d.getBytes(body, in, 0, len);
            inOff = 0;
        }
        r.protection.sequenceMask(in, inOff, mask);
        int low = seqLen == 2 ? (d.getUnsignedShort(pos + 1) ^ (((mask[0] & 0xff) << 8) | (mask[1] & 0xff)))
                : (d.getUnsignedByte(pos + 1) ^ (mask[0] & 0xff));
        long seq = reconstruct(r.highest + 1, low, seqLen * 8);
        if (seq < 0 || !fresh(r, seq)) {
            drop(DropReason.REPLAY);
            return next;
        }
        byte[] a = headerLen == aad.length ? aad : new byte[headerLen];
        d.getBytes(pos, a, 0, headerLen);
        if (seqLen == 2) {
            a[1] = (byte) (low >>> 8);
            a[2] = (byte) low;
        } else {
            a[1] = (byte) low;
        }
        ByteBuf out = alloc.heapBuffer(len);
        boolean handed = false;
        try {
            byte[] o = out.array();
            int oOff = out.arrayOffset() + out.writerIndex();
            int n;
            try {
                n = r.protection.open(seq, a, 0, headerLen, in, inOff, len, o, oOff);
            } catch (RuntimeException e) {
                n = -1; // a cipher that refuses is a record we cannot authenticate, never a dead connection
            }
            if (n < 0) {
                drop(DropReason.AUTHENTICATION);
                return next;
            }
            int t = n - 1;
            while (t >= 0 && o[oOff + t] == 0) {
                t--;
            }
            if (t < 0) {
                drop(DropReason.NO_CONTENT_TYPE);
                return next;
            }
            int type = o[oOff + t] & 0xff;
            if (t > maxPlaintext) {
                drop(DropReason.TOO_LONG);
                return next;
            }
            accept(r, seq);
            if (type != CT_ALERT && type != CT_HANDSHAKE && type != CT_APPLICATION_DATA && type != CT_ACK) {
                drop(DropReason.BAD_PLAINTEXT_TYPE);
                return next;
            }
            out.writerIndex(out.writerIndex() + t);
            handed = true;
            sink.onRecord(type, r.epoch, seq, out);
            return next;
        } finally {
            if (!handed) {
                out.release();
            }
        }
    }

    /**
     * The full sequence number with these low {@code bits} closest to {@code expected} (RFC 9147 §4.2.2).
     * Negative if none is valid.
     */
    static long reconstruct(long expected, long low, int bits) {
        long span = 1L << bits;
        long half = span >>> 1;
        long candidate = (expected & ~(span - 1)) | low;
        if (candidate - expected > half && candidate >= span) {
            candidate -= span;
        } else if (expected - candidate > half) {
            candidate += span;
        }
        return candidate;
    }

    private boolean fresh(ReadEpoch r, long seq) {
        if (r.highest < 0 || seq > r.highest) {
            return true;
        }
        long age = r.highest - seq;
        return age < windowBits && (r.window & (1L << age)) == 0;
    }

    private static void accept(ReadEpoch r, long seq) {
        if (r.highest < 0) {
            r.highest = seq;
            r.window = 1;
        } else if (seq > r.highest) {
            long shift = seq - r.highest;
            r.window = shift >= 64 ? 1 : (r.window << shift) | 1;
            r.highest = seq;
        } else {
            long age = r.highest - seq;
            if (age < 64) {
                r.window |= 1L << age;
            }
        }
    }

    /** The live read epoch (>= 1) whose low two bits are {@code bits}; the highest if several. */
    private ReadEpoch epochForBits(int bits) {
        ReadEpoch best = null;
        for (ReadEpoch r : readers) {
            if (r != null && r.epoch > 0 && (r.epoch & 3) == bits && (best == null || r.epoch > best.epoch)) {
                best = r;
            }
        }
        return best;
    }

    private void drop(DropReason reason) {
        drops[reason.ordinal()]++;
        dropped++;
    }

    private byte[] scratch(int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        return scratch;
    }

    private WriteEpoch writer(int epoch) {
        WriteEpoch w = find(writers, epoch);
        if (w == null) {
            throw new IllegalStateException("write epoch " + epoch + " is not installed");
        }
        return w;
    }

    private static void checkProtection(int epoch, RecordProtection protection) {
        if (epoch < 0 || (epoch == 0) != (protection == null)) {
            throw new IllegalArgumentException("epoch 0 is plaintext, every other epoch needs protection");
        }
    }

    private static <T> T find(T[] slots, int epoch) {
        for (T t : slots) {
            if (t != null && epochOf(t) == epoch) {
                return t;
            }
        }
        return null;
    }

    private static int epochOf(Object o) {
        return o instanceof WriteEpoch w ? w.epoch : ((ReadEpoch) o).epoch;
    }

    private static <T> void put(T[] slots, T value) {
        int epoch = epochOf(value);
        int free = -1;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && epochOf(slots[i]) == epoch) {
                slots[i] = value;
                return;
            }
            if (slots[i] == null && free < 0) {
                free = i;
            }
        }
        if (free < 0) {
            throw new IllegalStateException("too many live epochs");
        }
        slots[free] = value;
    }

    private static <T> void remove(T[] slots, int epoch) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && epochOf(slots[i]) == epoch) {
                slots[i] = null;
            }
        }
    }
}
