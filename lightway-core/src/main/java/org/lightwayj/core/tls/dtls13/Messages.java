package org.lightwayj.core.tls.dtls13;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Codecs for the DTLS 1.3 handshake messages (RFC 9147 §5 over RFC 8446 §4), the handshake fragment
 * header (RFC 9147 §5.2), the ACK record body (RFC 9147 §7), the alert body (RFC 8446 §6) and the
 * extensions the engine understands (RFC 8446 §4.2, RFC 6066 §3).
 *
 * <p>Bodies are plain {@code byte[]}: the handshake is not the hot path and plain arrays keep the
 * transcript simple. Every parser is total: any input either parses or throws {@link AlertException}
 * ({@code DECODE_ERROR} for malformed encodings, {@code ILLEGAL_PARAMETER} for well-formed but
 * forbidden values), never another exception. Every declared length is checked against the bytes
 * actually present before anything is allocated, so a parser never allocates more than its input size.
 * Encoders throw {@link IllegalArgumentException} for values that cannot be encoded (a programming
 * error, not a peer's).
 */
final class Messages {
    /** DTLS 1.3 on the wire ({@code {254, 252}}, RFC 9147 §5.3). */
    static final int DTLS13 = 0xFEFC;
    /** DTLS 1.2, also the {@code legacy_version} of DTLS 1.3 hellos (RFC 9147 §5.3). */
    static final int DTLS12 = 0xFEFD;
    static final int DTLS10 = 0xFEFF;

    /** ServerHello.random that marks a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3). */
    static final byte[] HELLO_RETRY_REQUEST_RANDOM = hex(
            "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    /** The DTLS handshake header: msg_type, length, message_seq, fragment_offset, fragment_length (RFC 9147 §5.2). */
    static final int FRAGMENT_HEADER_LENGTH = 12;
    /** The TLS-style header the transcript hashes: msg_type u8 || length u24 (RFC 9147 §5.2). */
    static final int MESSAGE_HEADER_LENGTH = 4;
    /** Our bound on certificate_list entries; real chains are 2-4 long. */
    static final int MAX_CERTIFICATES = 16;
    static final int RANDOM_LENGTH = 32;

    private Messages() {}

    // ---------------------------------------------------------------------------------------------
    // TLS-style framing and the DTLS fragment header
    // ---------------------------------------------------------------------------------------------

    /**
     * The full TLS-style message {@code msg_type || length u24 || body}: what the transcript hashes in
     * DTLS 1.3, which leaves message_seq and the fragment fields out (RFC 9147 §5.2).
     */
    static byte[] frame(int msgType, byte[] body) {
        if (msgType < 0 || msgType > 0xFF) {
            throw new IllegalArgumentException("msg_type out of range: " + msgType);
        }
        if (body.length > 0xFFFFFF) {
            throw new IllegalArgumentException("handshake body longer than 2^24-1: " + body.length);
        }
        byte[] m = new byte[MESSAGE_HEADER_LENGTH + body.length];
        m[0] = (byte) msgType;
        putU24(m, 1, body.length);
        System.arraycopy(body, 0, m, MESSAGE_HEADER_LENGTH, body.length);
        return m;
    }

    /** The synthetic {@code message_hash} message that replaces ClientHello1 after an HRR (RFC 8446 §4.4.1). */
    static byte[] messageHash(byte[] clientHello1Hash) {
        return frame(HandshakeType.MESSAGE_HASH, clientHello1Hash);
    }

    /** The msg_type of a framed message (as built by {@link #frame} or returned by the reassembler). */
    static int type(byte[] message) {
        checkFramed(message);
        return message[0] & 0xFF;
    }

    /** A copy of the body of a framed message (as built by {@link #frame} or returned by the reassembler). */
    static byte[] body(byte[] message) {
        checkFramed(message);
        return Arrays.copyOfRange(message, MESSAGE_HEADER_LENGTH, message.length);
    }

    // Framed messages come from our own code, never straight off the wire: a bad one is a local bug.
    private static void checkFramed(byte[] message) {
        if (message.length < MESSAGE_HEADER_LENGTH || getU24(message, 1) != message.length - MESSAGE_HEADER_LENGTH) {
            throw new IllegalArgumentException("not a framed handshake message");
        }
    }

    /**
     * The DTLS 1.3 handshake fragment header (RFC 9147 §5.2). The constructor only admits consistent
     * values ({@code fragmentOffset + fragmentLength <= length}); {@link #parseFragmentHeader} checks
     * first so that peers get an alert rather than an exception.
     */
    record FragmentHeader(int msgType, int length, int messageSeq, int fragmentOffset, int fragmentLength) {
        FragmentHeader {
            if (msgType < 0 || msgType > 0xFF || length < 0 || length > 0xFFFFFF || messageSeq < 0
                    || messageSeq > 0xFFFF || fragmentOffset < 0 || fragmentLength < 0
                    || (long) fragmentOffset + fragmentLength > length) {
                throw new IllegalArgumentException("inconsistent fragment header: type=" + msgType + " length="
                        + length + " seq=" + messageSeq + " offset=" + fragmentOffset + " fragment=" + fragmentLength);
            }
        }
    }

    /**
     * Parses the 12-byte handshake header at {@code b[off]}, where {@code len} bytes of the record
     * remain, and checks that the fragment lies inside the message ({@code fragment_offset +
     * fragment_length <= length}) and inside those {@code len} bytes. The fragment then occupies
     * {@code b[off + 12, off + 12 + fragmentLength)}; several fragments may follow one another in one
     * record (RFC 9147 §5.2).
     */
    static FragmentHeader parseFragmentHeader(byte[] b, int off, int len) throws AlertException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len < FRAGMENT_HEADER_LENGTH) {
            throw decode("truncated handshake fragment header");
        }
        int type = b[off] & 0xFF;
        int length = getU24(b, off + 1);
        int seq = ((b[off + 4] & 0xFF) << 8) | (b[off + 5] & 0xFF);
        int fragOff = getU24(b, off + 6);
        int fragLen = getU24(b, off + 9);
        if (fragOff + fragLen > length) { // both < 2^24: no overflow
            throw decode("handshake fragment [" + fragOff + ", +" + fragLen + ") beyond message length " + length);
        }
        if (fragLen > len - FRAGMENT_HEADER_LENGTH) {
            throw decode("handshake fragment longer than the record");
        }
        return new FragmentHeader(type, length, seq, fragOff, fragLen);
    }

    /**
     * Writes one DTLS handshake fragment of a framed message: the 12-byte header (type and length from
     * {@code message}) followed by body bytes {@code [bodyOffset, bodyOffset + fragmentLength)}.
     */
    static void writeFragment(ByteBuf out, int messageSeq, byte[] message, int bodyOffset, int fragmentLength) {
        checkFramed(message);
        int length = message.length - MESSAGE_HEADER_LENGTH;
        if (messageSeq < 0 || messageSeq > 0xFFFF) {
            throw new IllegalArgumentException("message_seq out of range: " + messageSeq);
        }
        Objects.checkFromIndexSize(bodyOffset, fragmentLength, length);
        out.writeByte(message[0]);
        out.writeMedium(length);
        out.writeShort(messageSeq);
        out.writeMedium(bodyOffset);
        out.writeMedium(fragmentLength);
        out.writeBytes(message, MESSAGE_HEADER_LENGTH + bodyOffset, fragmentLength);
    }

    // ---------------------------------------------------------------------------------------------
    // Extension blocks
    // ---------------------------------------------------------------------------------------------

    /** The extension of {@code type} in {@code extensions}, or null. */
    static Extension find(List<Extension> extensions, int type) {
        for (Extension e : extensions) {
            if (e.type() == type) {
                return e;
            }
        }
        return null;
    }

    private static void writeExtensions(Writer w, List<Extension> extensions, int min, int max) {
        int mark = w.open(2);
        for (Extension e : extensions) {
            w.u16(e.type());
            w.opaque16(e.data(), 0, 0xFFFF);
        }
        w.close(mark, 2, min, max);
    }

    /**
     * Reads an extension block {@code Extension extensions<min..max>}; duplicates are refused with
     * ILLEGAL_PARAMETER ("There MUST NOT be more than one extension of the same type in a given
     * extension block", RFC 8446 §4.2).
     */
    private static List<Extension> readExtensions(Reader r, int min, int max) throws AlertException {
        Reader block = r.sub(2, min, max, "extensions");
        List<Extension> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>(); // a set, not a scan: 16k tiny extensions must not go quadratic
        while (block.hasRemaining()) {
            int type = block.u16();
            byte[] data = block.opaque(2, 0, 0xFFFF, "extension_data");
            if (!seen.add(type)) {
                throw illegal("duplicate extension " + type);
            }
            out.add(new Extension(type, data));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------------------------------------
    // ClientHello / ServerHello
    // ---------------------------------------------------------------------------------------------

    /**
     * DTLS 1.3 ClientHello (RFC 9147 §5.3). {@code legacy_version} is always encoded as {@link #DTLS12}
     * and not kept on parse (version negotiation uses supported_versions, RFC 8446 §4.2.1). The parser
     * keeps {@code legacyCookie} whatever its length: a DTLS 1.3 ClientHello with a non-empty one must be
     * refused with illegal_parameter, which is for the engine to decide once it knows the version.
     */
    record ClientHello(byte[] random, byte[] legacySessionId, byte[] legacyCookie, int[] cipherSuites,
            List<Extension> extensions) {
        ClientHello {
            Objects.requireNonNull(random);
            Objects.requireNonNull(legacySessionId);
            Objects.requireNonNull(legacyCookie);
            Objects.requireNonNull(cipherSuites);
            extensions = List.copyOf(extensions);
        }

        /**
         * legacy_version 0xFEFD, random, legacy_session_id<0..32>, legacy_cookie<0..255>,
         * cipher_suites<2..2^16-2>, legacy_compression_methods = [null], extensions<8..2^16-1> (the block
         * is left out when there are no extensions, as in TLS 1.2).
         */
        byte[] encodeBody() {
            Writer w = new Writer();
            w.u16(DTLS12);
            w.fixed(random, RANDOM_LENGTH, "random");
            w.opaque8(legacySessionId, 0, 32);
            w.opaque8(legacyCookie, 0, 255);
            int mark = w.open(2);
            for (int s : cipherSuites) {
                w.u16(s);
            }
            w.close(mark, 2, 2, 0xFFFE);
            w.u8(1);
            w.u8(0);
            if (!extensions.isEmpty()) {
                writeExtensions(w, extensions, 0, 0xFFFF);
            }
            return w.toByteArray();
        }

        static ClientHello parseBody(byte[] body) throws AlertException {
            Reader r = new Reader(body, "ClientHello");
            r.u16(); // legacy_version: not used for negotiation (RFC 8446 §4.2.1)
            byte[] random = r.bytes(RANDOM_LENGTH, "random");
            byte[] sessionId = r.opaque(1, 0, 32, "legacy_session_id");
            byte[] cookie = r.opaque(1, 0, 255, "legacy_cookie");
            int[] suites = r.u16List(2, 2, 0xFFFE, "cipher_suites");
            byte[] compression = r.opaque(1, 1, 255, "legacy_compression_methods");
            boolean hasNull = false;
            for (byte c : compression) {
                hasNull |= c == 0;
            }
            if (!hasNull) {
                throw illegal("ClientHello compression methods lack the null method");
            }
            // A TLS 1.2-style ClientHello may end here; a (D)TLS 1.3 one has at least supported_versions.
            List<Extension> extensions = r.hasRemaining() ? readExtensions(r, 0, 0xFFFF) : List.of();
            r.end();
            // pre_shared_key MUST be the last extension in the ClientHello (RFC 8446 §4.2.11).
            for (int i = 0; i < extensions.size() - 1; i++) {
                if (extensions.get(i).type() == ExtensionType.PRE_SHARED_KEY) {
                    throw illegal("pre_shared_key is not the last ClientHello extension");
                }
            }
            return new ClientHello(random, sessionId, cookie, suites, extensions);
        }

        Extension find(int type) {
            return Messages.find(extensions, type);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClientHello c && Arrays.equals(random, c.random)
                    && Arrays.equals(legacySessionId, c.legacySessionId) && Arrays.equals(legacyCookie, c.legacyCookie)
                    && Arrays.equals(cipherSuites, c.cipherSuites) && extensions.equals(c.extensions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(random), Arrays.hashCode(legacySessionId),
                    Arrays.hashCode(legacyCookie), Arrays.hashCode(cipherSuites), extensions);
        }

        @Override
        public String toString() {
            return "ClientHello[random=" + hexString(random) + ", sessionId=" + hexString(legacySessionId)
                    + ", cookie=" + hexString(legacyCookie) + ", suites=" + Arrays.toString(cipherSuites)
                    + ", extensions=" + extensions + "]";
        }
    }

    /**
     * ServerHello and HelloRetryRequest (RFC 8446 §4.1.3 with DTLS versions, RFC 9147 §5.4): the two
     * share one encoding and differ by {@link #HELLO_RETRY_REQUEST_RANDOM}. {@code legacyVersion} is
     * kept so the engine can spot a DTLS 1.2 server (0xFEFD without supported_versions).
     */
    record ServerHello(int legacyVersion, byte[] random, byte[] legacySessionIdEcho, int cipherSuite,
            List<Extension> extensions) {
        ServerHello {
            Objects.requireNonNull(random);
            Objects.requireNonNull(legacySessionIdEcho);
            extensions = List.copyOf(extensions);
        }

        /**
         * legacy_version, random, legacy_session_id_echo<0..32>, cipher_suite, legacy_compression_method
         * 0, extensions<6..2^16-1> (left out when there are none).
         */
        byte[] encodeBody() {
            Writer w = new Writer();
            w.u16(legacyVersion);
            w.fixed(random, RANDOM_LENGTH, "random");
            w.opaque8(legacySessionIdEcho, 0, 32);
            w.u16(cipherSuite);
            w.u8(0);
            if (!extensions.isEmpty()) {
                writeExtensions(w, extensions, 0, 0xFFFF);
            }
            return w.toByteArray();
        }

        static ServerHello parseBody(byte[] body) throws AlertException {
            Reader r = new Reader(body, "ServerHello");
            int version = r.u16();
            byte[] random = r.bytes(RANDOM_LENGTH, "random");
            byte[] sessionId = r.opaque(1, 0, 32, "legacy_session_id_echo");
            int suite = r.u16();
            if (r.u8() != 0) {
                throw illegal("ServerHello legacy_compression_method is not 0");
            }
            // A DTLS 1.2 ServerHello may omit the extension block entirely.
            List<Extension> extensions = r.hasRemaining() ? readExtensions(r, 0, 0xFFFF) : List.of();
            r.end();
            return new ServerHello(version, random, sessionId, suite, extensions);
        }

        boolean isHelloRetryRequest() {
            return Arrays.equals(random, HELLO_RETRY_REQUEST_RANDOM);
        }

        Extension find(int type) {
            return Messages.find(extensions, type);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ServerHello s && legacyVersion == s.legacyVersion && Arrays.equals(random, s.random)
                    && Arrays.equals(legacySessionIdEcho, s.legacySessionIdEcho) && cipherSuite == s.cipherSuite
                    && extensions.equals(s.extensions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(legacyVersion, Arrays.hashCode(random), Arrays.hashCode(legacySessionIdEcho),
                    cipherSuite, extensions);
        }

        @Override
        public String toString() {
            return "ServerHello[version=" + Integer.toHexString(legacyVersion) + ", random=" + hexString(random)
                    + ", sessionId=" + hexString(legacySessionIdEcho) + ", suite=" + Integer.toHexString(cipherSuite)
                    + ", extensions=" + extensions + "]";
        }
    }

    // ---------------------------------------------------------------------------------------------
    // EncryptedExtensions, Certificate, CertificateVerify, Finished, KeyUpdate, NewSessionTicket
    // ---------------------------------------------------------------------------------------------

    /** EncryptedExtensions: {@code Extension extensions<0..2^16-1>} (RFC 8446 §4.3.1). */
    static byte[] encodeEncryptedExtensions(List<Extension> extensions) {
        Writer w = new Writer();
        writeExtensions(w, extensions, 0, 0xFFFF);
        return w.toByteArray();
    }

    static List<Extension> parseEncryptedExtensions(byte[] body) throws AlertException {
        Reader r = new Reader(body, "EncryptedExtensions");
        List<Extension> extensions = readExtensions(r, 0, 0xFFFF);
        r.end();
        return extensions;
    }

    /**
     * Certificate (RFC 8446 §4.4.2) with X.509 entries: certificate_request_context<0..2^8-1> and
     * certificate_list<0..2^24-1> of {@code cert_data<1..2^24-1>, extensions<0..2^16-1>}. Per-entry
     * extensions (OCSP, SCT) are checked for structure and dropped; we encode them empty. At most
     * {@link #MAX_CERTIFICATES} entries (more is refused with bad_certificate).
     */
    record CertificateMessage(byte[] requestContext, List<byte[]> certificates) {
        CertificateMessage {
            Objects.requireNonNull(requestContext);
            certificates = List.copyOf(certificates);
        }

        byte[] encodeBody() {
            if (certificates.size() > MAX_CERTIFICATES) {
                throw new IllegalArgumentException("more than " + MAX_CERTIFICATES + " certificates");
            }
            Writer w = new Writer();
            w.opaque8(requestContext, 0, 255);
            int mark = w.open(3);
            for (byte[] cert : certificates) {
                w.opaque24(cert, 1, 0xFFFFFF);
                w.u16(0); // no per-entry extensions
            }
            w.close(mark, 3, 0, 0xFFFFFF);
            return w.toByteArray();
        }

        static CertificateMessage parseBody(byte[] body) throws AlertException {
            Reader r = new Reader(body, "Certificate");
            byte[] context = r.opaque(1, 0, 255, "certificate_request_context");
            Reader list = r.sub(3, 0, 0xFFFFFF, "certificate_list");
            List<byte[]> certs = new ArrayList<>();
            while (list.hasRemaining()) {
                if (certs.size() == MAX_CERTIFICATES) {
                    throw new AlertException(AlertException.BAD_CERTIFICATE,
                            "more than " + MAX_CERTIFICATES + " certificates");
                }
                certs.add(list.opaque(3, 1, 0xFFFFFF, "cert_data"));
                skipExtensions(list);
            }
            r.end();
            return new CertificateMessage(context, certs);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof CertificateMessage c) || !Arrays.equals(requestContext, c.requestContext)
                    || certificates.size() != c.certificates.size()) {
                return false;
            }
            for (int i = 0; i < certificates.size(); i++) {
                if (!Arrays.equals(certificates.get(i), c.certificates.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = Arrays.hashCode(requestContext);
            for (byte[] c : certificates) {
                h = 31 * h + Arrays.hashCode(c);
            }
            return h;
        }

        @Override
        public String toString() {
            return "CertificateMessage[context=" + hexString(requestContext) + ", " + certificates.size()
                    + " certificates]";
        }
    }

    // Checks the structure of an extension block we do not use (certificate entries, tickets).
    private static void skipExtensions(Reader r) throws AlertException {
        Reader block = r.sub(2, 0, 0xFFFF, "extensions");
        while (block.hasRemaining()) {
            block.u16();
            block.skipOpaque(2, 0, 0xFFFF, "extension_data");
        }
    }

    /** CertificateVerify: SignatureScheme algorithm, signature<0..2^16-1> (RFC 8446 §4.4.3). */
    record CertificateVerify(int scheme, byte[] signature) {
        CertificateVerify {
            Objects.requireNonNull(signature);
        }

        byte[] encodeBody() {
            Writer w = new Writer();
            w.u16(scheme);
            w.opaque16(signature, 0, 0xFFFF);
            return w.toByteArray();
        }

        static CertificateVerify parseBody(byte[] body) throws AlertException {
            Reader r = new Reader(body, "CertificateVerify");
            int scheme = r.u16();
            byte[] sig = r.opaque(2, 0, 0xFFFF, "signature");
            r.end();
            return new CertificateVerify(scheme, sig);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CertificateVerify c && scheme == c.scheme && Arrays.equals(signature, c.signature);
        }

        @Override
        public int hashCode() {
            return 31 * scheme + Arrays.hashCode(signature);
        }

        @Override
        public String toString() {
            return "CertificateVerify[scheme=" + Integer.toHexString(scheme) + ", signature=" + signature.length
                    + " bytes]";
        }
    }

    /** Finished: the body is verify_data, Hash.length bytes (RFC 8446 §4.4.4). */
    static byte[] finishedBody(byte[] verifyData) {
        return verifyData.clone();
    }

    /** Checks a Finished body is exactly {@code expectedLength} (the hash length) and returns it. */
    static byte[] parseFinished(byte[] body, int expectedLength) throws AlertException {
        if (body.length != expectedLength) {
            throw decode("Finished of " + body.length + " bytes, expected " + expectedLength);
        }
        return body;
    }

    /** KeyUpdate: {@code KeyUpdateRequest request_update} = update_not_requested(0) / update_requested(1) (RFC 8446 §4.6.3). */
    static byte[] keyUpdateBody(boolean updateRequested) {
        return new byte[] {(byte) (updateRequested ? 1 : 0)};
    }

    /** True for update_requested; any value other than 0 or 1 is illegal_parameter (RFC 8446 §4.6.3). */
    static boolean parseKeyUpdate(byte[] body) throws AlertException {
        if (body.length != 1) {
            throw decode("KeyUpdate of " + body.length + " bytes");
        }
        return switch (body[0]) {
            case 0 -> false;
            case 1 -> true;
            default -> throw illegal("KeyUpdate request_update " + (body[0] & 0xFF));
        };
    }

    /**
     * Checks the structure of a NewSessionTicket (RFC 8446 §4.6.1): ticket_lifetime u32, ticket_age_add
     * u32, ticket_nonce<0..255>, ticket<1..2^16-1>, extensions<0..2^16-2>. We do not resume sessions,
     * so the ticket is dropped; a malformed one still fails the connection as the RFC requires.
     */
    static void checkNewSessionTicket(byte[] body) throws AlertException {
        Reader r = new Reader(body, "NewSessionTicket");
        r.u32();
        r.u32();
        r.skipOpaque(1, 0, 255, "ticket_nonce");
        r.skipOpaque(2, 1, 0xFFFF, "ticket");
        Reader block = r.sub(2, 0, 0xFFFE, "extensions");
        while (block.hasRemaining()) {
            block.u16();
            block.skipOpaque(2, 0, 0xFFFF, "extension_data");
        }
        r.end();
    }

    /**
     * The cookie of a DTLS 1.2 HelloVerifyRequest: ProtocolVersion server_version, opaque
     * cookie<0..2^8-1> (RFC 6347 §4.2.1). A DTLS 1.3 client receiving one has met a 1.2-only server.
     */
    static byte[] parseHelloVerifyRequestCookie(byte[] body) throws AlertException {
        Reader r = new Reader(body, "HelloVerifyRequest");
        r.u16();
        byte[] cookie = r.opaque(1, 0, 255, "cookie");
        r.end();
        return cookie;
    }

    // ---------------------------------------------------------------------------------------------
    // ACK and alert record bodies
    // ---------------------------------------------------------------------------------------------

    /** A record number as ACKs carry it: uint64 epoch, uint64 sequence_number (RFC 9147 §7). Both unsigned. */
    record RecordNumber(long epoch, long sequence) {}

    /** The most record numbers one ACK can carry: record_numbers<0..2^16-1> of 16-byte entries. */
    static final int MAX_ACK_RECORDS = 0xFFFF / 16;

    /** ACK body: {@code RecordNumber record_numbers<0..2^16-1>} (RFC 9147 §7); order is the caller's. */
    static byte[] encodeAck(List<RecordNumber> records) {
        if (records.size() > MAX_ACK_RECORDS) {
            throw new IllegalArgumentException("more than " + MAX_ACK_RECORDS + " record numbers in one ACK");
        }
        Writer w = new Writer();
        w.u16(records.size() * 16);
        for (RecordNumber n : records) {
            w.u64(n.epoch());
            w.u64(n.sequence());
        }
        return w.toByteArray();
    }

    static List<RecordNumber> parseAck(byte[] b, int off, int len) throws AlertException {
        Objects.checkFromIndexSize(off, len, b.length);
        Reader r = new Reader(b, off, len, "ACK");
        Reader list = r.sub(2, 0, 0xFFFF, "record_numbers");
        if (list.remaining() % 16 != 0) {
            throw decode("ACK record_numbers length is not a multiple of 16");
        }
        List<RecordNumber> out = new ArrayList<>(list.remaining() / 16);
        while (list.hasRemaining()) {
            out.add(new RecordNumber(list.u64(), list.u64()));
        }
        r.end();
        return List.copyOf(out);
    }

    /** Alert body: AlertLevel level, AlertDescription description (RFC 8446 §6). */
    static byte[] alert(int level, int description) {
        return new byte[] {(byte) level, (byte) description};
    }

    // ---------------------------------------------------------------------------------------------
    // Typed extensions (RFC 8446 §4.2.x)
    // ---------------------------------------------------------------------------------------------

    /** supported_versions in a ClientHello: {@code ProtocolVersion versions<2..254>} (RFC 8446 §4.2.1). */
    static Extension supportedVersionsClient(int... versions) {
        Writer w = new Writer();
        int mark = w.open(1);
        for (int v : versions) {
            w.u16(v);
        }
        w.close(mark, 1, 2, 254);
        return new Extension(ExtensionType.SUPPORTED_VERSIONS, w.toByteArray());
    }

    static int[] parseSupportedVersionsClient(byte[] data) throws AlertException {
        Reader r = new Reader(data, "supported_versions");
        int[] v = r.u16List(1, 2, 254, "versions");
        r.end();
        return v;
    }

    /** supported_versions in a ServerHello or HRR: {@code ProtocolVersion selected_version}. */
    static Extension supportedVersionsServer(int version) {
        Writer w = new Writer();
        w.u16(version);
        return new Extension(ExtensionType.SUPPORTED_VERSIONS, w.toByteArray());
    }

    static int parseSupportedVersionsServer(byte[] data) throws AlertException {
        Reader r = new Reader(data, "supported_versions");
        int v = r.u16();
        r.end();
        return v;
    }

    /** supported_groups: {@code NamedGroup named_group_list<2..2^16-1>} (RFC 8446 §4.2.7). */
    static Extension supportedGroups(int... groups) {
        return new Extension(ExtensionType.SUPPORTED_GROUPS, u16List(groups, 2, 0xFFFF));
    }

    static int[] parseSupportedGroups(byte[] data) throws AlertException {
        Reader r = new Reader(data, "supported_groups");
        int[] g = r.u16List(2, 2, 0xFFFF, "named_group_list");
        r.end();
        return g;
    }

    /**
     * signature_algorithms: {@code SignatureScheme supported_signature_algorithms<2..2^16-2>} (RFC 8446
     * §4.2.3). signature_algorithms_cert has the same body: build with this and change the type.
     */
    static Extension signatureAlgorithms(int... schemes) {
        return new Extension(ExtensionType.SIGNATURE_ALGORITHMS, u16List(schemes, 2, 0xFFFE));
    }

    static int[] parseSignatureAlgorithms(byte[] data) throws AlertException {
        Reader r = new Reader(data, "signature_algorithms");
        int[] s = r.u16List(2, 2, 0xFFFE, "supported_signature_algorithms");
        r.end();
        return s;
    }

    /** KeyShareEntry: NamedGroup group, opaque key_exchange<1..2^16-1> (RFC 8446 §4.2.8). */
    record KeyShareEntry(int group, byte[] keyExchange) {
        KeyShareEntry {
            Objects.requireNonNull(keyExchange);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyShareEntry k && group == k.group && Arrays.equals(keyExchange, k.keyExchange);
        }

        @Override
        public int hashCode() {
            return 31 * group + Arrays.hashCode(keyExchange);
        }

        @Override
        public String toString() {
            return "KeyShareEntry[group=" + Integer.toHexString(group) + ", " + keyExchange.length + " bytes]";
        }
    }

    private static void writeKeyShareEntry(Writer w, KeyShareEntry e) {
        w.u16(e.group());
        w.opaque16(e.keyExchange(), 1, 0xFFFF);
    }

    private static KeyShareEntry readKeyShareEntry(Reader r) throws AlertException {
        int group = r.u16();
        return new KeyShareEntry(group, r.opaque(2, 1, 0xFFFF, "key_exchange"));
    }

    /** key_share in a ClientHello: {@code KeyShareEntry client_shares<0..2^16-1>}. */
    static Extension keyShareClient(List<KeyShareEntry> shares) {
        Writer w = new Writer();
        int mark = w.open(2);
        for (KeyShareEntry e : shares) {
            writeKeyShareEntry(w, e);
        }
        w.close(mark, 2, 0, 0xFFFF);
        return new Extension(ExtensionType.KEY_SHARE, w.toByteArray());
    }

    /** Refuses two shares for one group with illegal_parameter (RFC 8446 §4.2.8). */
    static List<KeyShareEntry> parseKeyShareClient(byte[] data) throws AlertException {
        Reader r = new Reader(data, "key_share");
        Reader list = r.sub(2, 0, 0xFFFF, "client_shares");
        List<KeyShareEntry> out = new ArrayList<>();
        Set<Integer> groups = new HashSet<>();
        while (list.hasRemaining()) {
            KeyShareEntry e = readKeyShareEntry(list);
            if (!groups.add(e.group())) {
                throw illegal("two key shares for group " + e.group());
            }
            out.add(e);
        }
        r.end();
        return List.copyOf(out);
    }

    /** key_share in a ServerHello: {@code KeyShareEntry server_share}. */
    static Extension keyShareServer(KeyShareEntry share) {
        Writer w = new Writer();
        writeKeyShareEntry(w, share);
        return new Extension(ExtensionType.KEY_SHARE, w.toByteArray());
    }

    static KeyShareEntry parseKeyShareServer(byte[] data) throws AlertException {
        Reader r = new Reader(data, "key_share");
        KeyShareEntry e = readKeyShareEntry(r);
        r.end();
        return e;
    }

    /** key_share in a HelloRetryRequest: {@code NamedGroup selected_group}. */
    static Extension keyShareHrr(int group) {
        Writer w = new Writer();
        w.u16(group);
        return new Extension(ExtensionType.KEY_SHARE, w.toByteArray());
    }

    static int parseKeyShareHrr(byte[] data) throws AlertException {
        Reader r = new Reader(data, "key_share");
        int g = r.u16();
        r.end();
        return g;
    }

    /** cookie: {@code opaque cookie<1..2^16-1>} (RFC 8446 §4.2.2). */
    static Extension cookie(byte[] cookie) {
        Writer w = new Writer();
        w.opaque16(cookie, 1, 0xFFFD); // the extension_data (2 + cookie) must itself fit in 2^16-1
        return new Extension(ExtensionType.COOKIE, w.toByteArray());
    }

    static byte[] parseCookie(byte[] data) throws AlertException {
        Reader r = new Reader(data, "cookie");
        byte[] c = r.opaque(2, 1, 0xFFFF, "cookie");
        r.end();
        return c;
    }

    /**
     * server_name with one host_name entry (RFC 6066 §3): {@code ServerName server_name_list<1..2^16-1>}
     * of {@code NameType name_type; HostName host_name<1..2^16-1>}. The host is ASCII without a
     * trailing dot.
     */
    static Extension serverName(String host) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        if (name.length == 0 || !isHostNameBytes(name) || !host.equals(new String(name, StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("not an ASCII host name: " + host);
        }
        Writer w = new Writer();
        int mark = w.open(2);
        w.u8(0); // host_name
        w.opaque16(name, 1, 0xFFFF);
        w.close(mark, 2, 1, 0xFFFD);
        return new Extension(ExtensionType.SERVER_NAME, w.toByteArray());
    }

    /**
     * The host_name of a ClientHello's server_name, or null if it names no host. Every name_type is read
     * as an opaque<1..2^16-1> (the only layout ever defined); a second host_name, or one that is not
     * printable ASCII, is illegal_parameter (RFC 6066 §3). The empty server_name a server echoes in
     * EncryptedExtensions is not this form.
     */
    static String parseServerName(byte[] data) throws AlertException {
        Reader r = new Reader(data, "server_name");
        Reader list = r.sub(2, 1, 0xFFFF, "server_name_list");
        String host = null;
        while (list.hasRemaining()) {
            int nameType = list.u8();
            byte[] name = list.opaque(2, 1, 0xFFFF, "server name");
            if (nameType == 0) {
                if (host != null) {
                    throw illegal("two host_name entries in server_name");
                }
                if (!isHostNameBytes(name)) {
                    throw illegal("server_name host_name is not printable ASCII");
                }
                host = new String(name, StandardCharsets.US_ASCII);
            }
        }
        r.end();
        return host;
    }

    private static boolean isHostNameBytes(byte[] name) {
        for (byte c : name) {
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private static byte[] u16List(int[] values, int minBytes, int maxBytes) {
        Writer w = new Writer();
        int mark = w.open(2);
        for (int v : values) {
            w.u16(v);
        }
        w.close(mark, 2, minBytes, maxBytes);
        return w.toByteArray();
    }

    static AlertException decode(String message) {
        return new AlertException(AlertException.DECODE_ERROR, message);
    }

    static AlertException illegal(String message) {
        return new AlertException(AlertException.ILLEGAL_PARAMETER, message);
    }

    private static int getU24(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }

    private static void putU24(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 16);
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) v;
    }

    // Hex by hand, not java.util.HexFormat: Android API 26 does not have it.
    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (Character.digit(s.charAt(2 * i), 16) << 4 | Character.digit(s.charAt(2 * i + 1), 16));
        }
        return b;
    }

    /** {@return the bytes as lowercase hex digits} */
    static String hexString(byte[] b) {
        char[] c = new char[2 * b.length];
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = Character.forDigit((b[i] >> 4) & 0xF, 16);
            c[2 * i + 1] = Character.forDigit(b[i] & 0xF, 16);
        }
        return new String(c);
    }

    /**
     * A bounds-checked cursor over {@code b[pos, end)}: every read checks the bytes are present and
     * throws DECODE_ERROR otherwise, so a declared length can never drive an allocation or an index
     * beyond the input.
     */
    private static final class Reader {
        private final byte[] b;
        private final String what;
        private int pos;
        private final int end;

        Reader(byte[] b, String what) {
            this(b, 0, b.length, what);
        }

        Reader(byte[] b, int off, int len, String what) {
            this.b = b;
            this.pos = off;
            this.end = off + len;
            this.what = what;
        }

        int remaining() {
            return end - pos;
        }

        boolean hasRemaining() {
            return pos < end;
        }

        private void need(int n, String field) throws AlertException {
            if (n > end - pos) {
                throw decode(what + ": truncated " + field);
            }
        }

        int u8() throws AlertException {
            need(1, "u8");
            return b[pos++] & 0xFF;
        }

        int u16() throws AlertException {
            need(2, "u16");
            int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        int u24() throws AlertException {
            need(3, "u24");
            int v = getU24(b, pos);
            pos += 3;
            return v;
        }

        long u32() throws AlertException {
            need(4, "u32");
            long v = ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8)
                    | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long u64() throws AlertException {
            need(8, "u64");
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[pos + i] & 0xFF);
            }
            pos += 8;
            return v;
        }

        byte[] bytes(int n, String field) throws AlertException {
            need(n, field);
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        private int length(int lengthBytes, int min, int max, String field) throws AlertException {
            int n = switch (lengthBytes) {
                case 1 -> u8();
                case 2 -> u16();
                default -> u24();
            };
            if (n < min || n > max) {
                throw decode(what + ": " + field + " length " + n + " outside [" + min + ", " + max + "]");
            }
            need(n, field);
            return n;
        }

        /** A vector {@code <min..max>} with a {@code lengthBytes}-byte length prefix, copied out. */
        byte[] opaque(int lengthBytes, int min, int max, String field) throws AlertException {
            return bytes(length(lengthBytes, min, max, field), field);
        }

        void skipOpaque(int lengthBytes, int min, int max, String field) throws AlertException {
            int n = length(lengthBytes, min, max, field); // not `pos += length(..)`: that adds to the old pos
            pos += n;
        }

        /** A reader over the contents of a length-prefixed vector; this reader moves past it. */
        Reader sub(int lengthBytes, int min, int max, String field) throws AlertException {
            int n = length(lengthBytes, min, max, field);
            Reader r = new Reader(b, pos, n, what + "." + field);
            pos += n;
            return r;
        }

        /** A vector of uint16 values, its byte length in {@code [min, max]} and even. */
        int[] u16List(int lengthBytes, int min, int max, String field) throws AlertException {
            int n = length(lengthBytes, min, max, field);
            if ((n & 1) != 0) {
                throw decode(what + ": odd " + field + " length " + n);
            }
            int[] out = new int[n / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = u16();
            }
            return out;
        }

        void end() throws AlertException {
            if (pos != end) {
                throw decode(what + ": " + (end - pos) + " trailing bytes");
            }
        }
    }

    /** A growable output buffer with length-prefix back-patching and bound checks. */
    private static final class Writer {
        private byte[] buf = new byte[64];
        private int len;

        private void ensure(int n) {
            if (buf.length - len < n) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        void u8(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void u16(int v) {
            if (v < 0 || v > 0xFFFF) {
                throw new IllegalArgumentException("uint16 out of range: " + v);
            }
            ensure(2);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        void u64(long v) {
            ensure(8);
            for (int i = 7; i >= 0; i--) {
                buf[len++] = (byte) (v >>> (8 * i));
            }
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void fixed(byte[] b, int n, String field) {
            if (b.length != n) {
                throw new IllegalArgumentException(field + " must be " + n + " bytes, not " + b.length);
            }
            bytes(b);
        }

        private static void check(int n, int min, int max) {
            if (n < min || n > max) {
                throw new IllegalArgumentException("vector length " + n + " outside [" + min + ", " + max + "]");
            }
        }

        void opaque8(byte[] b, int min, int max) {
            check(b.length, min, max);
            u8(b.length);
            bytes(b);
        }

        void opaque16(byte[] b, int min, int max) {
            check(b.length, min, max);
            u16(b.length);
            bytes(b);
        }

        void opaque24(byte[] b, int min, int max) {
            check(b.length, min, max);
            ensure(3);
            putU24(buf, len, b.length);
            len += 3;
            bytes(b);
        }

        /** Reserves a {@code lengthBytes}-byte length prefix; returns the mark for {@link #close}. */
        int open(int lengthBytes) {
            ensure(lengthBytes);
            int mark = len;
            len += lengthBytes;
            return mark;
        }

        void close(int mark, int lengthBytes, int min, int max) {
            int n = len - mark - lengthBytes;
            check(n, min, Math.min(max, (1 << (8 * lengthBytes)) - 1));
            for (int i = 0; i < lengthBytes; i++) {
                buf[mark + i] = (byte) (n >>> (8 * (lengthBytes - 1 - i)));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }
}
