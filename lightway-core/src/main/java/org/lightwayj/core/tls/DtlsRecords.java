package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;

/**
 * Walks the DTLS 1.2 record headers of a datagram without copying (RFC 6347 §4.1: type u8, version
 * u16, epoch u16, sequence_number u48, length u16, fragment). Both DTLS 1.2 engines check a datagram
 * with it before their TLS stack sees it.
 */
final class DtlsRecords {
    /** Bytes of one record header. */
    static final int HEADER = Suites.DTLS_HEADER;

    /** ContentType handshake. */
    static final int HANDSHAKE = 22;
    /** ContentType application_data. */
    static final int APPLICATION_DATA = 23;

    private DtlsRecords() {}

    /**
     * The offset just past the record starting at {@code off}, or -1 when that record is malformed: a
     * header cut short, a content type outside 20–23, a version other than DTLS 1.0/1.2, or a body
     * running past {@code end}.
     */
    static int next(ByteBuf in, int off, int end) {
        if (end - off < HEADER) {
            return -1;
        }
        int type = in.getUnsignedByte(off);
        int version = in.getUnsignedShort(off + 1);
        int next = off + HEADER + length(in, off);
        if (type < 20 || type > APPLICATION_DATA || (version != 0xFEFD && version != 0xFEFF) || next > end) {
            return -1;
        }
        return next;
    }

    /** The offset just past the record at {@code off} of a datagram {@link #next} already accepted. */
    static int skip(ByteBuf in, int off) {
        return off + HEADER + length(in, off);
    }

    static int type(ByteBuf in, int off) {
        return in.getUnsignedByte(off);
    }

    static int epoch(ByteBuf in, int off) {
        return in.getUnsignedShort(off + 3);
    }

    /** The body length the header declares. */
    static int length(ByteBuf in, int off) {
        return in.getUnsignedShort(off + 11);
    }

    /**
     * An encrypted record (epoch above 0) too short to hold the suite's explicit nonce and tag: it
     * cannot authenticate, so both engines drop it before decryption is attempted.
     */
    static boolean tooShortToDecrypt(int epoch, int length, int minBody) {
        return epoch != 0 && length < minBody;
    }
}
