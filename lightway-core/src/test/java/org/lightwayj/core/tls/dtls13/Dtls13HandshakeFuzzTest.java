package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.lightwayj.core.tls.dtls13.HandshakeReassembler.Offer;
import org.lightwayj.core.tls.dtls13.Messages.FragmentHeader;

/**
 * Jazzer fuzz targets for the DTLS 1.3 handshake codecs ({@link Messages}) and the fragment
 * reassembler ({@link HandshakeReassembler}).
 *
 * <p>In a normal build these run in regression mode (an empty input plus the seeds under
 * {@code src/test/resources/org/lightwayj/core/tls/dtls13/Dtls13HandshakeFuzzTestInputs/<method>/}). To
 * fuzz for real:
 * <pre>
 * mvn -B -ntp -Pfuzz -pl lightway-core -am test -Dtest=Dtls13HandshakeFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Jazzer fuzzes one {@code @FuzzTest} per run; pick it with {@code -Dtest=Dtls13HandshakeFuzzTest#parsers}
 * or {@code -Dtest=Dtls13HandshakeFuzzTest#reassembler}.
 *
 * <p>{@link #parsers}: the input goes through every parser; only {@link AlertException} with a
 * decode-class description escapes, and whatever parses survives a round trip through its encoder
 * (byte-exact where the encoding is canonical).
 *
 * <p>{@link #reassembler}: the input is a script of fragments for a {@code HandshakeReassembler(4096,
 * 32, 4)}, checked against a byte-level model: every offer's outcome is the one the model predicts,
 * {@code bufferedBytes()} is what the model holds and never above {@code 4 * (4096 + 4)}, a message is
 * polled exactly when the model has all of its bytes, in message_seq order, with a correct 4-byte
 * header and the bytes of the fragments that were accepted.
 */
class Dtls13HandshakeFuzzTest {
    private static final int MAX_LENGTH = 4096;
    private static final int MAX_FRAGMENTS = 32;
    private static final int AHEAD = 4;

    // ------------------------------------------------------------------ parsers

    @FunctionalInterface
    private interface Parse {
        void run() throws AlertException;
    }

    private static void total(String name, byte[] input, Parse p) {
        try {
            p.run();
        } catch (AlertException e) {
            int d = e.description();
            if (d != AlertException.DECODE_ERROR && d != AlertException.ILLEGAL_PARAMETER
                    && d != AlertException.BAD_CERTIFICATE) {
                fail(name + ": alert " + d + " (" + e.getMessage() + ") on " + HexFormat.of().formatHex(input));
            }
        }
        // anything else escapes and is the finding
    }

    @FuzzTest(maxDuration = "30s")
    void parsers(byte[] b) {
        int skip = b.length == 0 ? 0 : (b[0] & 0xFF) % (b.length + 1);
        total("FragmentHeader", b, () -> fragmentHeader(b, 0, b.length));
        total("FragmentHeader@off", b, () -> fragmentHeader(b, skip, b.length - skip));
        total("ClientHello", b, () -> {
            Messages.ClientHello ch = Messages.ClientHello.parseBody(b);
            assertEquals(ch, Messages.ClientHello.parseBody(ch.encodeBody()), "ClientHello round trip");
        });
        total("ServerHello", b, () -> {
            Messages.ServerHello sh = Messages.ServerHello.parseBody(b);
            byte[] again = sh.encodeBody();
            assertEquals(sh, Messages.ServerHello.parseBody(again), "ServerHello round trip");
            if (!sh.extensions().isEmpty()) {
                assertArrayEquals(b, again, "ServerHello re-encodes byte-exactly");
            }
        });
        total("EncryptedExtensions", b, () -> {
            List<Extension> ee = Messages.parseEncryptedExtensions(b);
            assertArrayEquals(b, Messages.encodeEncryptedExtensions(ee), "EncryptedExtensions re-encodes");
        });
        total("Certificate", b, () -> {
            Messages.CertificateMessage c = Messages.CertificateMessage.parseBody(b);
            assertTrue(c.certificates().size() <= Messages.MAX_CERTIFICATES);
            assertEquals(c, Messages.CertificateMessage.parseBody(c.encodeBody()), "Certificate round trip");
        });
        total("CertificateVerify", b, () -> {
            Messages.CertificateVerify cv = Messages.CertificateVerify.parseBody(b);
            assertArrayEquals(b, cv.encodeBody(), "CertificateVerify re-encodes");
        });
        total("Finished", b, () -> assertArrayEquals(b, Messages.parseFinished(b, 32)));
        total("Ack", b, () -> ack(b, 0, b.length));
        total("Ack@off", b, () -> ack(b, skip, b.length - skip));
        total("KeyUpdate", b, () -> {
            boolean req = Messages.parseKeyUpdate(b);
            assertArrayEquals(b, Messages.keyUpdateBody(req));
        });
        total("NewSessionTicket", b, () -> Messages.checkNewSessionTicket(b));
        total("HelloVerifyRequest", b, () -> {
            byte[] cookie = Messages.parseHelloVerifyRequestCookie(b);
            assertEquals(b.length - 3, cookie.length);
        });
        total("supported_versions(client)", b, () -> {
            int[] v = Messages.parseSupportedVersionsClient(b);
            assertArrayEquals(b, Messages.supportedVersionsClient(v).data());
        });
        total("supported_versions(server)", b, () -> {
            int v = Messages.parseSupportedVersionsServer(b);
            assertArrayEquals(b, Messages.supportedVersionsServer(v).data());
        });
        total("supported_groups", b, () -> {
            int[] g = Messages.parseSupportedGroups(b);
            assertArrayEquals(b, Messages.supportedGroups(g).data());
        });
        total("signature_algorithms", b, () -> {
            int[] s = Messages.parseSignatureAlgorithms(b);
            assertArrayEquals(b, Messages.signatureAlgorithms(s).data());
        });
        total("key_share(client)", b, () -> {
            List<Messages.KeyShareEntry> k = Messages.parseKeyShareClient(b);
            assertArrayEquals(b, Messages.keyShareClient(k).data());
        });
        total("key_share(server)", b, () -> {
            Messages.KeyShareEntry k = Messages.parseKeyShareServer(b);
            assertArrayEquals(b, Messages.keyShareServer(k).data());
        });
        total("key_share(hrr)", b, () -> {
            int g = Messages.parseKeyShareHrr(b);
            assertArrayEquals(b, Messages.keyShareHrr(g).data());
        });
        total("cookie", b, () -> {
            byte[] c = Messages.parseCookie(b);
            if (c.length <= 0xFFFD) {
                assertArrayEquals(b, Messages.cookie(c).data());
            }
        });
        total("server_name", b, () -> {
            String host = Messages.parseServerName(b);
            if (host != null) {
                assertTrue(!host.isEmpty() && host.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7E), host);
            }
        });
    }

    private static void fragmentHeader(byte[] b, int off, int len) throws AlertException {
        FragmentHeader h = Messages.parseFragmentHeader(b, off, len);
        assertEquals(b[off] & 0xFF, h.msgType());
        assertEquals(u24(b, off + 1), h.length());
        assertEquals(((b[off + 4] & 0xFF) << 8) | (b[off + 5] & 0xFF), h.messageSeq());
        assertEquals(u24(b, off + 6), h.fragmentOffset());
        assertEquals(u24(b, off + 9), h.fragmentLength());
        assertTrue(Messages.FRAGMENT_HEADER_LENGTH + h.fragmentLength() <= len, "fragment beyond the record");
    }

    private static void ack(byte[] b, int off, int len) throws AlertException {
        List<Messages.RecordNumber> n = Messages.parseAck(b, off, len);
        assertArrayEquals(Arrays.copyOfRange(b, off, off + len), Messages.encodeAck(n), "ACK re-encodes");
    }

    private static int u24(byte[] b, int off) {
        return ((b[off] & 0xFF) << 16) | ((b[off + 1] & 0xFF) << 8) | (b[off + 2] & 0xFF);
    }

    // ------------------------------------------------------------------ reassembler

    /** What the model holds of one message. */
    private static final class Model {
        final int type;
        final int length;
        final byte[] body;
        final BitSet have = new BitSet();
        int fragments;

        Model(int type, int length) {
            this.type = type;
            this.length = length;
            this.body = new byte[length];
        }

        boolean complete() {
            return have.cardinality() == length;
        }
    }

    /**
     * Byte 0 bit 0 clear, <em>wire</em>: the rest is a sequence of DTLS handshake fragments (12-byte
     * header + body) as a record carries them, parsed with {@link Messages#parseFragmentHeader}.
     * Bit 0 set, <em>compact</em>: 8-byte operations {@code op, type, length u16, offset u16, fragLen u16}
     * where op's low 3 bits pick message_seq relative to the next expected (-1..+6), op 0xFF resets the
     * reassembler, offset and fragLen are reduced into the message and the body bytes are a function of
     * (message_seq, position); the message length is taken as is, so lengths above 4096 occur.
     */
    @FuzzTest(maxDuration = "30s")
    void reassembler(byte[] input) {
        if (input.length == 0) {
            return;
        }
        HandshakeReassembler r = new HandshakeReassembler(MAX_LENGTH, MAX_FRAGMENTS, AHEAD);
        Map<Integer, Model> model = new HashMap<>();
        int[] next = {0};
        if ((input[0] & 1) == 0) {
            int off = 1;
            while (off < input.length) {
                FragmentHeader h;
                try {
                    h = Messages.parseFragmentHeader(input, off, input.length - off);
                } catch (AlertException e) {
                    break;
                }
                int body = off + Messages.FRAGMENT_HEADER_LENGTH;
                offer(r, model, next, h, input, body);
                off = body + h.fragmentLength();
            }
        } else {
            for (int p = 1; p + 8 <= input.length; p += 8) {
                int op = input[p] & 0xFF;
                if (op == 0xFF) {
                    int seq = (input[p + 1] & 0xFF);
                    r.reset(seq);
                    model.clear();
                    next[0] = seq;
                    assertEquals(0, r.bufferedBytes());
                    assertNull(r.poll());
                    continue;
                }
                int seq = Math.max(0, next[0] + (op & 7) - 1);
                int type = input[p + 1] & 0xFF;
                int length = ((input[p + 2] & 0xFF) << 8) | (input[p + 3] & 0xFF);
                int fragOff = (((input[p + 4] & 0xFF) << 8) | (input[p + 5] & 0xFF)) % (length + 1);
                int fragLen = (((input[p + 6] & 0xFF) << 8) | (input[p + 7] & 0xFF)) % (length - fragOff + 1);
                byte[] src = new byte[fragLen + 3];
                for (int i = 0; i < fragLen; i++) {
                    src[3 + i] = filler(seq, fragOff + i);
                }
                offer(r, model, next, new FragmentHeader(type, length, seq & 0xFFFF, fragOff, fragLen), src, 3);
            }
        }
    }

    private static byte filler(int seq, int pos) {
        return (byte) (seq * 131 + pos * 7 + (pos >>> 8));
    }

    private static void offer(HandshakeReassembler r, Map<Integer, Model> model, int[] next, FragmentHeader h,
            byte[] src, int off) {
        Offer expected = predict(model, next[0], h);
        Offer got = r.offer(h, src, off);
        assertEquals(expected, got, () -> "offer " + h + " with next " + next[0]);
        if (got == Offer.ACCEPTED) {
            Model m = model.computeIfAbsent(h.messageSeq(), k -> new Model(h.msgType(), h.length()));
            if (h.fragmentLength() > 0) {
                m.fragments++;
                System.arraycopy(src, off, m.body, h.fragmentOffset(), h.fragmentLength());
                m.have.set(h.fragmentOffset(), h.fragmentOffset() + h.fragmentLength());
            }
        }
        int held = 0;
        for (Model m : model.values()) {
            held += Messages.MESSAGE_HEADER_LENGTH + m.length;
        }
        assertEquals(held, r.bufferedBytes(), "bufferedBytes");
        assertTrue(r.bufferedBytes() <= AHEAD * (MAX_LENGTH + Messages.MESSAGE_HEADER_LENGTH),
                () -> "buffered " + r.bufferedBytes());
        for (byte[] msg; (msg = r.poll()) != null;) {
            Model m = model.remove(next[0]);
            assertTrue(m != null && m.complete(), "polled message " + next[0] + " the model does not have whole");
            assertEquals(Messages.MESSAGE_HEADER_LENGTH + m.length, msg.length);
            assertEquals(m.type, msg[0] & 0xFF, "msg_type");
            assertEquals(m.length, u24(msg, 1), "length");
            assertTrue(m.length <= MAX_LENGTH);
            assertArrayEquals(m.body, Arrays.copyOfRange(msg, Messages.MESSAGE_HEADER_LENGTH, msg.length), "body");
            next[0]++;
            assertEquals(next[0], r.nextMessageSeq());
        }
        Model waiting = model.get(next[0]);
        assertTrue(waiting == null || !waiting.complete(), "a complete message was not polled");
        boolean partial = model.values().stream().anyMatch(m -> !m.complete());
        assertEquals(partial, r.hasPartial(), "hasPartial");
    }

    private static Offer predict(Map<Integer, Model> model, int next, FragmentHeader h) {
        int seq = h.messageSeq();
        if (seq < next) {
            return Offer.DUPLICATE;
        }
        if ((long) seq - next >= AHEAD) {
            return Offer.FUTURE_DROPPED;
        }
        Model m = model.get(seq);
        int a = h.fragmentOffset();
        int b = a + h.fragmentLength();
        if (m == null) {
            if (h.length() > MAX_LENGTH) {
                return Offer.REJECTED;
            }
            return a == b && h.length() != 0 ? Offer.DUPLICATE : Offer.ACCEPTED;
        }
        if (m.type != h.msgType() || m.length != h.length()) {
            return Offer.REJECTED;
        }
        if (a == b || m.complete()) {
            return Offer.DUPLICATE;
        }
        BitSet add = new BitSet();
        add.set(a, b);
        add.andNot(m.have);
        int adds = add.cardinality();
        if (adds == 0) {
            return Offer.DUPLICATE;
        }
        if (m.fragments >= MAX_FRAGMENTS && m.have.cardinality() + adds != m.length) {
            return Offer.REJECTED;
        }
        return Offer.ACCEPTED;
    }
}
