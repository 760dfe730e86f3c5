package org.lightwayj.core.tls.dtls13;

import java.util.HashMap;
import java.util.Map;

/**
 * Independent checks on DTLS 1.3 datagrams for fuzz targets outside this package (they need the
 * package-private codecs): whether a datagram holds a parseable DTLS 1.3 ClientHello, and whether a
 * reply is a well-formed HelloRetryRequest.
 */
public final class Dtls13FuzzSupport {
    private Dtls13FuzzSupport() {}

    /**
     * Whether the leading epoch-0 handshake records of {@code d} (the ones stateless admission reads)
     * hold, whole or in fragments, a ClientHello that parses and offers DTLS 1.3 in supported_versions.
     * A superset of what admission can answer: it does not stop at the first decision or error.
     */
    public static boolean hasParseableDtls13ClientHello(byte[] d, int maxHelloLength) {
        Map<Integer, HandshakeReassembler> partial = new HashMap<>();
        int off = 0;
        while (off + RecordLayer.PLAINTEXT_HEADER_LENGTH <= d.length) {
            int type = d[off] & 0xff;
            int epoch = ((d[off + 3] & 0xff) << 8) | (d[off + 4] & 0xff);
            int len = ((d[off + 11] & 0xff) << 8) | (d[off + 12] & 0xff);
            int body = off + RecordLayer.PLAINTEXT_HEADER_LENGTH;
            if (type != RecordLayer.CT_HANDSHAKE || epoch != 0 || body + len > d.length) {
                return false;
            }
            int end = body + len;
            int p = body;
            while (p < end) {
                Messages.FragmentHeader h;
                try {
                    h = Messages.parseFragmentHeader(d, p, end - p);
                } catch (AlertException e) {
                    break;
                }
                int fb = p + Messages.FRAGMENT_HEADER_LENGTH;
                p = fb + h.fragmentLength();
                if (h.msgType() != HandshakeType.CLIENT_HELLO || h.length() > maxHelloLength) {
                    break;
                }
                byte[] m;
                if (h.fragmentOffset() == 0 && h.fragmentLength() == h.length()) {
                    m = Messages.frame(HandshakeType.CLIENT_HELLO, java.util.Arrays.copyOfRange(d, fb, p));
                } else {
                    HandshakeReassembler r = partial.computeIfAbsent(h.messageSeq(), s -> {
                        HandshakeReassembler n = new HandshakeReassembler(maxHelloLength, 1 << 16, 1);
                        n.reset(s);
                        return n;
                    });
                    if (r.offer(h, d, fb) == HandshakeReassembler.Offer.REJECTED) {
                        partial.remove(h.messageSeq());
                    }
                    m = r.poll();
                }
                if (m != null && offers13(m)) {
                    return true;
                }
            }
            off = end;
        }
        return false;
    }

    private static boolean offers13(byte[] message) {
        try {
            Messages.ClientHello ch = Messages.ClientHello.parseBody(Messages.body(message));
            Extension sv = ch.find(ExtensionType.SUPPORTED_VERSIONS);
            if (sv == null) {
                return false;
            }
            for (int v : Messages.parseSupportedVersionsClient(sv.data())) {
                if (v == Messages.DTLS13) {
                    return true;
                }
            }
            return false;
        } catch (AlertException e) {
            return false;
        }
    }

    /** The handshake type of the single whole-message fragment in a plaintext reply, or -1. */
    public static int plaintextHandshakeType(byte[] d) {
        if (d.length < RecordLayer.PLAINTEXT_HEADER_LENGTH + Messages.FRAGMENT_HEADER_LENGTH
                || (d[0] & 0xff) != RecordLayer.CT_HANDSHAKE) {
            return -1;
        }
        return d[RecordLayer.PLAINTEXT_HEADER_LENGTH] & 0xff;
    }

    /**
     * The cookie of a HelloRetryRequest datagram (one plaintext record, one whole ServerHello fragment
     * with the HelloRetryRequest random, supported_versions = DTLS 1.3 and a cookie), or null if it is
     * not one.
     */
    public static byte[] helloRetryRequestCookie(byte[] d) {
        try {
            if (d.length < RecordLayer.PLAINTEXT_HEADER_LENGTH || (d[0] & 0xff) != RecordLayer.CT_HANDSHAKE
                    || d[3] != 0 || d[4] != 0) {
                return null;
            }
            int len = ((d[11] & 0xff) << 8) | (d[12] & 0xff);
            if (RecordLayer.PLAINTEXT_HEADER_LENGTH + len != d.length) {
                return null;
            }
            Messages.FragmentHeader h = Messages.parseFragmentHeader(d, RecordLayer.PLAINTEXT_HEADER_LENGTH, len);
            if (h.msgType() != HandshakeType.SERVER_HELLO || h.fragmentOffset() != 0
                    || h.fragmentLength() != h.length() || Messages.FRAGMENT_HEADER_LENGTH + h.length() != len) {
                return null;
            }
            byte[] body = java.util.Arrays.copyOfRange(d, RecordLayer.PLAINTEXT_HEADER_LENGTH
                    + Messages.FRAGMENT_HEADER_LENGTH, d.length);
            Messages.ServerHello sh = Messages.ServerHello.parseBody(body);
            Extension sv = sh.find(ExtensionType.SUPPORTED_VERSIONS);
            Extension cookie = sh.find(ExtensionType.COOKIE);
            if (!sh.isHelloRetryRequest() || sv == null || cookie == null
                    || Messages.parseSupportedVersionsServer(sv.data()) != Messages.DTLS13) {
                return null;
            }
            return Messages.parseCookie(cookie.data());
        } catch (AlertException e) {
            return null;
        }
    }

    /** {@return the first offset of {@code needle} in {@code hay}, or -1} (finds a cookie inside a hello). */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
