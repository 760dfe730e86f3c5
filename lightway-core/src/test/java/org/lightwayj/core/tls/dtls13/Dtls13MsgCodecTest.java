package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.tls.dtls13.Messages.CertificateMessage;
import org.lightwayj.core.tls.dtls13.Messages.CertificateVerify;
import org.lightwayj.core.tls.dtls13.Messages.ClientHello;
import org.lightwayj.core.tls.dtls13.Messages.FragmentHeader;
import org.lightwayj.core.tls.dtls13.Messages.KeyShareEntry;
import org.lightwayj.core.tls.dtls13.Messages.RecordNumber;
import org.lightwayj.core.tls.dtls13.Messages.ServerHello;

/** Byte-exact encodings built by hand from the RFC 8446 / RFC 9147 layouts, and the refusal rules. */
class Dtls13MsgCodecTest {
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static int alertOf(ThrowingRunnable r) {
        return assertThrows(AlertException.class, r::run).description();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static final String RANDOM = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @Test
    void helloRetryRequestRandomIsSha256OfHelloRetryRequest() throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest("HelloRetryRequest".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(sha, Messages.HELLO_RETRY_REQUEST_RANDOM);
        assertEquals("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c",
                hex(Messages.HELLO_RETRY_REQUEST_RANDOM));
    }

    @Test
    void clientHelloByteExact() throws AlertException {
        ClientHello ch = new ClientHello(hex(RANDOM), new byte[0], new byte[0], new int[] {0x1301, 0x1303},
                List.of(Messages.supportedVersionsClient(Messages.DTLS13), Messages.supportedGroups(0x001d)));
        String expected = "fefd" // legacy_version
                + RANDOM
                + "00" // legacy_session_id
                + "00" // legacy_cookie
                + "0004 1301 1303" // cipher_suites
                + "01 00" // legacy_compression_methods
                + "000f" // extensions length 7 + 8
                + "002b 0003 02 fefc" // supported_versions
                + "000a 0004 0002 001d"; // supported_groups
        assertEquals(hex(hex(expected)), hex(ch.encodeBody()));
        ClientHello back = ClientHello.parseBody(ch.encodeBody());
        assertEquals(ch, back);
        assertArrayEquals(new int[] {Messages.DTLS13},
                Messages.parseSupportedVersionsClient(back.find(ExtensionType.SUPPORTED_VERSIONS).data()));
        assertNull(back.find(ExtensionType.KEY_SHARE));
    }

    @Test
    void clientHelloWithoutExtensionsIsTls12Style() throws AlertException {
        byte[] body = hex("fefd" + RANDOM + "00 00 0002 c02b 01 00");
        ClientHello ch = ClientHello.parseBody(body);
        assertEquals(List.of(), ch.extensions());
        assertArrayEquals(body, ch.encodeBody());
    }

    @Test
    void clientHelloRefusals() {
        String head = "fefd" + RANDOM + "00 00 0002 1301 ";
        // compression list without the null method
        assertEquals(AlertException.ILLEGAL_PARAMETER, alertOf(() -> ClientHello.parseBody(hex(head + "01 01 0000"))));
        // duplicate extension type
        assertEquals(AlertException.ILLEGAL_PARAMETER,
                alertOf(() -> ClientHello.parseBody(hex(head + "01 00 0008 000a 0000 000a 0000"))));
        // pre_shared_key not last
        assertEquals(AlertException.ILLEGAL_PARAMETER,
                alertOf(() -> ClientHello.parseBody(hex(head + "01 00 0008 0029 0000 000a 0000"))));
        // odd cipher_suites length, empty cipher_suites, session id over 32, trailing byte
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> ClientHello.parseBody(hex("fefd" + RANDOM + "00 00 0003 130113 01 00"))));
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> ClientHello.parseBody(hex("fefd" + RANDOM + "00 00 0000 01 00"))));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> ClientHello.parseBody(
                hex("fefd" + RANDOM + "21" + "00".repeat(33) + "00 0002 1301 01 00"))));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> ClientHello.parseBody(hex(head + "01 00 0000 00"))));
    }

    @Test
    void serverHelloAndHelloRetryRequestByteExact() throws AlertException {
        ServerHello hrr = new ServerHello(Messages.DTLS12, Messages.HELLO_RETRY_REQUEST_RANDOM, hex("aa"), 0x1301,
                List.of(Messages.supportedVersionsServer(Messages.DTLS13), Messages.keyShareHrr(0x001d)));
        String expected = "fefd" + hex(Messages.HELLO_RETRY_REQUEST_RANDOM) + "01 aa" + "1301" + "00" + "000c"
                + "002b 0002 fefc" + "0033 0002 001d";
        assertEquals(hex(hex(expected)), hex(hrr.encodeBody()));
        ServerHello back = ServerHello.parseBody(hrr.encodeBody());
        assertEquals(hrr, back);
        assertTrue(back.isHelloRetryRequest());
        assertEquals(0x001d, Messages.parseKeyShareHrr(back.find(ExtensionType.KEY_SHARE).data()));
        assertEquals(Messages.DTLS13,
                Messages.parseSupportedVersionsServer(back.find(ExtensionType.SUPPORTED_VERSIONS).data()));

        ServerHello sh = new ServerHello(Messages.DTLS12, hex(RANDOM), new byte[0], 0x1302, List.of());
        assertFalse(sh.isHelloRetryRequest());
        assertEquals(hex(hex("fefd" + RANDOM + "00 1302 00")), hex(sh.encodeBody()));
        assertEquals(sh, ServerHello.parseBody(sh.encodeBody()));
        assertEquals(AlertException.ILLEGAL_PARAMETER,
                alertOf(() -> ServerHello.parseBody(hex("fefd" + RANDOM + "00 1302 01"))));
    }

    @Test
    void framingAndFragmentHeader() throws AlertException {
        byte[] m = Messages.frame(HandshakeType.FINISHED, hex("010203"));
        assertEquals("14000003010203", hex(m));
        assertEquals(HandshakeType.FINISHED, Messages.type(m));
        assertArrayEquals(hex("010203"), Messages.body(m));
        assertEquals("fe000002abcd", hex(Messages.messageHash(hex("abcd"))));

        byte[] ch = Messages.frame(HandshakeType.CLIENT_HELLO, hex("00010203040506070809"));
        ByteBuf out = Unpooled.buffer();
        try {
            Messages.writeFragment(out, 7, ch, 3, 4);
            byte[] wire = ByteBufUtil.getBytes(out);
            assertEquals("01 00000a 0007 000003 000004 03040506".replace(" ", ""), hex(wire));
            FragmentHeader h = Messages.parseFragmentHeader(wire, 0, wire.length);
            assertEquals(new FragmentHeader(1, 10, 7, 3, 4), h);
        } finally {
            out.release();
        }
        // fragment beyond the message, fragment beyond the record, short header
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> Messages.parseFragmentHeader(hex("01 00000a 0000 000008 000003 000000"), 0, 15)));
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> Messages.parseFragmentHeader(hex("01 00000a 0000 000000 000004 000000"), 0, 15)));
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> Messages.parseFragmentHeader(hex("01 00000a 0000 000000 0000"), 0, 11)));
        // offset into a larger buffer; a zero-length fragment is fine
        FragmentHeader h = Messages.parseFragmentHeader(hex("ffff 02 000000 0001 000000 000000"), 2, 12);
        assertEquals(new FragmentHeader(2, 0, 1, 0, 0), h);
    }

    @Test
    void encryptedExtensionsCertificateCertificateVerify() throws AlertException {
        byte[] ee = Messages.encodeEncryptedExtensions(List.of(new Extension(ExtensionType.SERVER_NAME, new byte[0])));
        assertEquals("000400000000", hex(ee));
        assertEquals(List.of(new Extension(0, new byte[0])), Messages.parseEncryptedExtensions(ee));
        assertEquals("0000", hex(Messages.encodeEncryptedExtensions(List.of())));

        CertificateMessage cm = new CertificateMessage(new byte[0], List.of(hex("aabb"), hex("cc")));
        assertEquals("00 00000d 000002 aabb 0000 000001 cc 0000".replace(" ", ""), hex(cm.encodeBody()));
        assertEquals(cm, CertificateMessage.parseBody(cm.encodeBody()));
        // per-entry extensions are parsed and dropped
        assertEquals(new CertificateMessage(hex("01"), List.of(hex("aa"))),
                CertificateMessage.parseBody(hex("01 01 00000a 000001 aa 0004 0005 0000")));
        // empty cert_data, malformed entry extensions
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> CertificateMessage.parseBody(hex("00 000005 000000 0000"))));
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> CertificateMessage.parseBody(hex("00 000009 000001 aa 0003 000500"))));
        // 17 entries
        StringBuilder many = new StringBuilder("00 000066");
        for (int i = 0; i < 17; i++) {
            many.append("000001aa0000");
        }
        assertEquals(AlertException.BAD_CERTIFICATE, alertOf(() -> CertificateMessage.parseBody(hex(many.toString()))));

        CertificateVerify cv = new CertificateVerify(0x0804, hex("0102"));
        assertEquals("080400020102", hex(cv.encodeBody()));
        assertEquals(cv, CertificateVerify.parseBody(cv.encodeBody()));
    }

    @Test
    void finishedKeyUpdateTicketHelloVerifyRequest() throws AlertException {
        assertArrayEquals(hex("0102"), Messages.parseFinished(Messages.finishedBody(hex("0102")), 2));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> Messages.parseFinished(hex("0102"), 32)));

        assertEquals("01", hex(Messages.keyUpdateBody(true)));
        assertEquals("00", hex(Messages.keyUpdateBody(false)));
        assertTrue(Messages.parseKeyUpdate(hex("01")));
        assertFalse(Messages.parseKeyUpdate(hex("00")));
        assertEquals(AlertException.ILLEGAL_PARAMETER, alertOf(() -> Messages.parseKeyUpdate(hex("02"))));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> Messages.parseKeyUpdate(hex("0100"))));

        Messages.checkNewSessionTicket(hex("00000e10 01020304 01 ff 0002 abcd 0000"));
        Messages.checkNewSessionTicket(hex("00000e10 01020304 00 0001 ab 0004 002a 0000"));
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> Messages.checkNewSessionTicket(hex("00000e10 01020304 00 0000 0000"))));

        assertArrayEquals(hex("c0de"), Messages.parseHelloVerifyRequestCookie(hex("fefd 02 c0de")));
        assertEquals(AlertException.DECODE_ERROR,
                alertOf(() -> Messages.parseHelloVerifyRequestCookie(hex("fefd 03 c0de"))));
    }

    @Test
    void ackAndAlert() throws AlertException {
        List<RecordNumber> rn = List.of(new RecordNumber(2, 5), new RecordNumber(3, 0x0102030405060708L),
                new RecordNumber(-1, -1));
        byte[] ack = Messages.encodeAck(rn);
        assertEquals("0030" + "0000000000000002" + "0000000000000005" + "0000000000000003" + "0102030405060708"
                + "ffffffffffffffff" + "ffffffffffffffff", hex(ack));
        assertEquals(rn, Messages.parseAck(ack, 0, ack.length));
        byte[] padded = new byte[ack.length + 3];
        System.arraycopy(ack, 0, padded, 1, ack.length);
        assertEquals(rn, Messages.parseAck(padded, 1, ack.length));
        assertEquals("0000", hex(Messages.encodeAck(List.of())));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> Messages.parseAck(hex("0001 00"), 0, 3)));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> Messages.parseAck(hex("0000 00"), 0, 3)));

        assertEquals("0232", hex(Messages.alert(2, AlertException.DECODE_ERROR)));
    }

    @Test
    void typedExtensionsByteExact() throws AlertException {
        assertEquals("0a fefc fefd 0304 0303 0302".replace(" ", ""),
                hex(Messages.supportedVersionsClient(0xfefc, 0xfefd, 0x0304, 0x0303, 0x0302).data()));
        assertEquals("0006 001d 0017 0018".replace(" ", ""), hex(Messages.supportedGroups(0x1d, 0x17, 0x18).data()));
        Extension sa = Messages.signatureAlgorithms(0x0403, 0x0804);
        assertEquals(ExtensionType.SIGNATURE_ALGORITHMS, sa.type());
        assertEquals("000404030804", hex(sa.data()));
        assertArrayEquals(new int[] {0x0403, 0x0804}, Messages.parseSignatureAlgorithms(sa.data()));

        KeyShareEntry x = new KeyShareEntry(0x001d, hex("0102"));
        KeyShareEntry p = new KeyShareEntry(0x0017, hex("04"));
        Extension ks = Messages.keyShareClient(List.of(x, p));
        assertEquals(ExtensionType.KEY_SHARE, ks.type());
        assertEquals("000b 001d 0002 0102 0017 0001 04".replace(" ", ""), hex(ks.data()));
        assertEquals(List.of(x, p), Messages.parseKeyShareClient(ks.data()));
        assertEquals(List.of(), Messages.parseKeyShareClient(hex("0000")));
        assertEquals(AlertException.ILLEGAL_PARAMETER,
                alertOf(() -> Messages.parseKeyShareClient(hex("000a 001d 0001 01 001d 0001 02"))));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> Messages.parseKeyShareClient(hex("0004 001d 0000"))));
        assertEquals("001d00020102", hex(Messages.keyShareServer(x).data()));
        assertEquals(x, Messages.parseKeyShareServer(hex("001d00020102")));

        Extension ck = Messages.cookie(hex("c0ffee"));
        assertEquals(ExtensionType.COOKIE, ck.type());
        assertEquals("0003c0ffee", hex(ck.data()));
        assertArrayEquals(hex("c0ffee"), Messages.parseCookie(ck.data()));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> Messages.parseCookie(hex("0000"))));

        Extension sn = Messages.serverName("example.com");
        assertEquals(ExtensionType.SERVER_NAME, sn.type());
        assertEquals("000e 00 000b".replace(" ", "") + hex("example.com".getBytes(StandardCharsets.US_ASCII)),
                hex(sn.data()));
        assertEquals("example.com", Messages.parseServerName(sn.data()));
        assertNull(Messages.parseServerName(hex("0004 07 0001 61")), "no host_name entry");
        assertEquals(AlertException.ILLEGAL_PARAMETER,
                alertOf(() -> Messages.parseServerName(hex("0008 00 0001 61 00 0001 62"))));
        assertEquals(AlertException.ILLEGAL_PARAMETER, alertOf(() -> Messages.parseServerName(hex("0004 00 0001 00"))));
        assertEquals(AlertException.DECODE_ERROR, alertOf(() -> Messages.parseServerName(new byte[0])));
        assertThrows(IllegalArgumentException.class, () -> Messages.serverName("bücher.example"));
        assertThrows(IllegalArgumentException.class, () -> Messages.serverName(""));
    }

    @Test
    void handshakeTypeNames() {
        assertEquals("client_hello", HandshakeType.name(HandshakeType.CLIENT_HELLO));
        assertEquals("message_hash", HandshakeType.name(HandshakeType.MESSAGE_HASH));
        assertEquals("unknown(99)", HandshakeType.name(99));
    }
}
