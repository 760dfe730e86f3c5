package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.tls.dtls13.Messages.CertificateMessage;
import org.lightwayj.core.tls.dtls13.Messages.CertificateVerify;
import org.lightwayj.core.tls.dtls13.Messages.ClientHello;
import org.lightwayj.core.tls.dtls13.Messages.FragmentHeader;
import org.lightwayj.core.tls.dtls13.Messages.KeyShareEntry;
import org.lightwayj.core.tls.dtls13.Messages.RecordNumber;
import org.lightwayj.core.tls.dtls13.Messages.ServerHello;

/** parse(encode(x)) == x, and the encoding is canonical, for every message and extension with random contents. */
class Dtls13MsgRoundTripTest {
    private static final int EXAMPLES = 300;

    interface SeededCheck {
        void check(Random r) throws Exception;
    }

    private static void forAllSeeds(SeededCheck c) {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            try {
                c.check(new Random(seed));
            } catch (Exception e) {
                throw new AssertionError("seed " + seed, e);
            }
        });
    }

    @Test
    void clientHello() {
        forAllSeeds(r -> {
            ClientHello ch = Dtls13MsgSamples.clientHello(r);
            byte[] enc = ch.encodeBody();
            ClientHello back = ClientHello.parseBody(enc);
            assertEquals(ch, back);
            assertArrayEquals(enc, back.encodeBody());
            for (Extension e : ch.extensions()) {
                assertEquals(e, back.find(e.type()));
            }
        });
    }

    @Test
    void serverHello() {
        forAllSeeds(r -> {
            ServerHello sh = Dtls13MsgSamples.serverHello(r);
            byte[] enc = sh.encodeBody();
            ServerHello back = ServerHello.parseBody(enc);
            assertEquals(sh, back);
            assertEquals(sh.isHelloRetryRequest(), back.isHelloRetryRequest());
            assertArrayEquals(enc, back.encodeBody());
        });
    }

    @Test
    void encryptedExtensionsCertificateCertificateVerify() {
        forAllSeeds(r -> {
            List<Extension> ext = Dtls13MsgSamples.extensions(r, 8);
            assertEquals(ext, Messages.parseEncryptedExtensions(Messages.encodeEncryptedExtensions(ext)));
            CertificateMessage cm = Dtls13MsgSamples.certificate(r);
            assertEquals(cm, CertificateMessage.parseBody(cm.encodeBody()));
            CertificateVerify cv = Dtls13MsgSamples.certificateVerify(r);
            assertEquals(cv, CertificateVerify.parseBody(cv.encodeBody()));
        });
    }

    @Test
    void finishedKeyUpdateAck() {
        forAllSeeds(r -> {
            byte[] vd = Dtls13MsgSamples.bytes(r, 32, 48);
            assertArrayEquals(vd, Messages.parseFinished(Messages.finishedBody(vd), vd.length));
            boolean req = r.nextBoolean();
            assertEquals(req, Messages.parseKeyUpdate(Messages.keyUpdateBody(req)));
            List<RecordNumber> ack = Dtls13MsgSamples.ack(r);
            byte[] enc = Messages.encodeAck(ack);
            assertEquals(2 + 16 * ack.size(), enc.length);
            assertEquals(ack, Messages.parseAck(enc, 0, enc.length));
            Messages.checkNewSessionTicket(Dtls13MsgSamples.ticket(r));
            byte[] hvr = Dtls13MsgSamples.helloVerify(r);
            assertArrayEquals(java.util.Arrays.copyOfRange(hvr, 3, hvr.length),
                    Messages.parseHelloVerifyRequestCookie(hvr));
        });
    }

    @Test
    void framingAndFragments() {
        forAllSeeds(r -> {
            int type = r.nextInt(256);
            byte[] body = Dtls13MsgSamples.bytes(r, 0, 400);
            byte[] m = Messages.frame(type, body);
            assertEquals(type, Messages.type(m));
            assertArrayEquals(body, Messages.body(m));
            int off = r.nextInt(body.length + 1);
            int len = r.nextInt(body.length - off + 1);
            int seq = Dtls13MsgSamples.u16(r);
            ByteBuf out = Unpooled.buffer();
            try {
                out.writeBytes(new byte[] {9, 9}); // parse at an offset
                Messages.writeFragment(out, seq, m, off, len);
                out.writeByte(7); // a following byte is not part of this fragment
                byte[] wire = ByteBufUtil.getBytes(out);
                FragmentHeader h = Messages.parseFragmentHeader(wire, 2, wire.length - 2);
                assertEquals(new FragmentHeader(type, body.length, seq, off, len), h);
                assertArrayEquals(java.util.Arrays.copyOfRange(body, off, off + len),
                        java.util.Arrays.copyOfRange(wire, 2 + Messages.FRAGMENT_HEADER_LENGTH,
                                2 + Messages.FRAGMENT_HEADER_LENGTH + len));
            } finally {
                out.release();
            }
        });
    }

    @Test
    void typedExtensions() {
        forAllSeeds(r -> {
            int[] versions = Dtls13MsgSamples.u16s(r, 1, 127);
            assertArrayEquals(versions,
                    Messages.parseSupportedVersionsClient(Messages.supportedVersionsClient(versions).data()));
            int v = Dtls13MsgSamples.u16(r);
            assertEquals(v, Messages.parseSupportedVersionsServer(Messages.supportedVersionsServer(v).data()));
            int[] groups = Dtls13MsgSamples.u16s(r, 1, 200);
            assertArrayEquals(groups, Messages.parseSupportedGroups(Messages.supportedGroups(groups).data()));
            int[] schemes = Dtls13MsgSamples.u16s(r, 1, 200);
            assertArrayEquals(schemes,
                    Messages.parseSignatureAlgorithms(Messages.signatureAlgorithms(schemes).data()));
            List<KeyShareEntry> shares = Dtls13MsgSamples.keyShares(r);
            assertEquals(shares, Messages.parseKeyShareClient(Messages.keyShareClient(shares).data()));
            KeyShareEntry one = new KeyShareEntry(Dtls13MsgSamples.u16(r), Dtls13MsgSamples.bytes(r, 1, 200));
            assertEquals(one, Messages.parseKeyShareServer(Messages.keyShareServer(one).data()));
            int g = Dtls13MsgSamples.u16(r);
            assertEquals(g, Messages.parseKeyShareHrr(Messages.keyShareHrr(g).data()));
            byte[] cookie = Dtls13MsgSamples.bytes(r, 1, 2000);
            assertArrayEquals(cookie, Messages.parseCookie(Messages.cookie(cookie).data()));
            String host = Dtls13MsgSamples.hostName(r);
            assertEquals(host, Messages.parseServerName(Messages.serverName(host).data()));
        });
    }

    @Test
    void largestEncodings() throws AlertException {
        byte[] cookie = new byte[0xFFFD];
        assertArrayEquals(cookie, Messages.parseCookie(Messages.cookie(cookie).data()));
        List<RecordNumber> ack = new java.util.ArrayList<>();
        for (int i = 0; i < Messages.MAX_ACK_RECORDS; i++) {
            ack.add(new RecordNumber(i, -i));
        }
        byte[] enc = Messages.encodeAck(ack);
        assertEquals(ack, Messages.parseAck(enc, 0, enc.length));
        byte[] big = new byte[0xFFFFFF];
        CertificateMessage cm = new CertificateMessage(new byte[0], List.of(new byte[0xFFFFFF - 5]));
        assertEquals(cm, CertificateMessage.parseBody(cm.encodeBody()));
        assertEquals(0xFFFFFF + 4, Messages.frame(HandshakeType.CERTIFICATE, big).length);
    }
}
