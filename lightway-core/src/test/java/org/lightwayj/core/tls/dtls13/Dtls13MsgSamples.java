package org.lightwayj.core.tls.dtls13;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.lightwayj.core.tls.dtls13.Messages.CertificateMessage;
import org.lightwayj.core.tls.dtls13.Messages.CertificateVerify;
import org.lightwayj.core.tls.dtls13.Messages.ClientHello;
import org.lightwayj.core.tls.dtls13.Messages.KeyShareEntry;
import org.lightwayj.core.tls.dtls13.Messages.RecordNumber;
import org.lightwayj.core.tls.dtls13.Messages.ServerHello;

/**
 * Random, valid values of every message and extension the codecs handle, built from one seed so that
 * a QuickTheories failure reports a reproducible long; plus the list of every parser, for the
 * totality properties.
 */
final class Dtls13MsgSamples {
    private Dtls13MsgSamples() {}

    static byte[] bytes(Random r, int min, int max) {
        byte[] b = new byte[min + r.nextInt(max - min + 1)];
        r.nextBytes(b);
        return b;
    }

    static int u16(Random r) {
        return r.nextInt(0x10000);
    }

    static int[] u16s(Random r, int min, int max) {
        int[] v = new int[min + r.nextInt(max - min + 1)];
        for (int i = 0; i < v.length; i++) {
            v[i] = u16(r);
        }
        return v;
    }

    /** Distinct types; pre_shared_key, if drawn, only last (a ClientHello rule). */
    static List<Extension> extensions(Random r, int max) {
        int n = r.nextInt(max + 1);
        Set<Integer> types = new HashSet<>();
        List<Extension> out = new ArrayList<>();
        while (out.size() < n) {
            int type = r.nextInt(8) == 0 ? r.nextInt(60) : u16(r);
            if (type == ExtensionType.PRE_SHARED_KEY || !types.add(type)) {
                continue;
            }
            out.add(new Extension(type, bytes(r, 0, 40)));
        }
        if (r.nextInt(4) == 0) {
            out.add(new Extension(ExtensionType.PRE_SHARED_KEY, bytes(r, 0, 40)));
        }
        return out;
    }

    static ClientHello clientHello(Random r) {
        return new ClientHello(bytes(r, 32, 32), bytes(r, 0, 32), bytes(r, 0, r.nextBoolean() ? 0 : 255),
                u16s(r, 1, 30), extensions(r, 10));
    }

    static ServerHello serverHello(Random r) {
        byte[] random = r.nextInt(3) == 0 ? Messages.HELLO_RETRY_REQUEST_RANDOM.clone() : bytes(r, 32, 32);
        List<Extension> ext = extensions(r, 6);
        return new ServerHello(u16(r), random, bytes(r, 0, 32), u16(r), ext);
    }

    static CertificateMessage certificate(Random r) {
        List<byte[]> certs = new ArrayList<>();
        int n = r.nextInt(Messages.MAX_CERTIFICATES + 1);
        for (int i = 0; i < n; i++) {
            certs.add(bytes(r, 1, 120));
        }
        return new CertificateMessage(bytes(r, 0, r.nextBoolean() ? 0 : 255), certs);
    }

    static CertificateVerify certificateVerify(Random r) {
        return new CertificateVerify(u16(r), bytes(r, 0, 300));
    }

    static List<RecordNumber> ack(Random r) {
        List<RecordNumber> out = new ArrayList<>();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            out.add(new RecordNumber(r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(4), r.nextLong()));
        }
        return out;
    }

    static List<KeyShareEntry> keyShares(Random r) {
        int n = r.nextInt(5);
        Set<Integer> groups = new HashSet<>();
        List<KeyShareEntry> out = new ArrayList<>();
        while (out.size() < n) {
            int g = u16(r);
            if (groups.add(g)) {
                out.add(new KeyShareEntry(g, bytes(r, 1, 140)));
            }
        }
        return out;
    }

    static String hostName(Random r) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.-_ABCXYZ";
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(80);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** A parser under test: returns normally or throws AlertException, nothing else. */
    interface Parser {
        void parse(byte[] b) throws AlertException;
    }

    /** A named parser with a valid input for it drawn from {@code sample}. */
    record Case(String name, Parser parser, java.util.function.Function<Random, byte[]> sample) {}

    static List<Case> cases() {
        return List.of(
                new Case("ClientHello", ClientHello::parseBody, r -> clientHello(r).encodeBody()),
                new Case("ServerHello", ServerHello::parseBody, r -> serverHello(r).encodeBody()),
                new Case("EncryptedExtensions", Messages::parseEncryptedExtensions,
                        r -> Messages.encodeEncryptedExtensions(extensions(r, 8))),
                new Case("Certificate", CertificateMessage::parseBody, r -> certificate(r).encodeBody()),
                new Case("CertificateVerify", CertificateVerify::parseBody, r -> certificateVerify(r).encodeBody()),
                new Case("Finished", b -> Messages.parseFinished(b, 32), r -> Messages.finishedBody(bytes(r, 32, 32))),
                new Case("KeyUpdate", Messages::parseKeyUpdate, r -> Messages.keyUpdateBody(r.nextBoolean())),
                new Case("NewSessionTicket", Messages::checkNewSessionTicket, Dtls13MsgSamples::ticket),
                new Case("HelloVerifyRequest", Messages::parseHelloVerifyRequestCookie, Dtls13MsgSamples::helloVerify),
                new Case("ACK", b -> Messages.parseAck(b, 0, b.length), r -> Messages.encodeAck(ack(r))),
                new Case("FragmentHeader", b -> Messages.parseFragmentHeader(b, 0, b.length), Dtls13MsgSamples::fragment),
                new Case("supported_versions/client", Messages::parseSupportedVersionsClient,
                        r -> Messages.supportedVersionsClient(u16s(r, 1, 127)).data()),
                new Case("supported_versions/server", Messages::parseSupportedVersionsServer,
                        r -> Messages.supportedVersionsServer(u16(r)).data()),
                new Case("supported_groups", Messages::parseSupportedGroups,
                        r -> Messages.supportedGroups(u16s(r, 1, 60)).data()),
                new Case("signature_algorithms", Messages::parseSignatureAlgorithms,
                        r -> Messages.signatureAlgorithms(u16s(r, 1, 60)).data()),
                new Case("key_share/client", Messages::parseKeyShareClient,
                        r -> Messages.keyShareClient(keyShares(r)).data()),
                new Case("key_share/server", Messages::parseKeyShareServer,
                        r -> Messages.keyShareServer(new KeyShareEntry(u16(r), bytes(r, 1, 140))).data()),
                new Case("key_share/hrr", Messages::parseKeyShareHrr, r -> Messages.keyShareHrr(u16(r)).data()),
                new Case("cookie", Messages::parseCookie, r -> Messages.cookie(bytes(r, 1, 300)).data()),
                new Case("server_name", Messages::parseServerName, r -> Messages.serverName(hostName(r)).data()));
    }

    static byte[] ticket(Random r) {
        byte[] nonce = bytes(r, 0, 255);
        byte[] ticket = bytes(r, 1, 200);
        byte[] ext = Messages.encodeEncryptedExtensions(extensions(r, 3)); // the same Extension block layout
        byte[] out = new byte[8 + 1 + nonce.length + 2 + ticket.length + ext.length];
        r.nextBytes(out); // lifetime and age_add
        int p = 8;
        out[p++] = (byte) nonce.length;
        System.arraycopy(nonce, 0, out, p, nonce.length);
        p += nonce.length;
        out[p++] = (byte) (ticket.length >>> 8);
        out[p++] = (byte) ticket.length;
        System.arraycopy(ticket, 0, out, p, ticket.length);
        p += ticket.length;
        System.arraycopy(ext, 0, out, p, ext.length);
        return out;
    }

    static byte[] helloVerify(Random r) {
        byte[] cookie = bytes(r, 0, 255);
        byte[] out = new byte[3 + cookie.length];
        out[0] = (byte) 0xFE;
        out[1] = (byte) 0xFD;
        out[2] = (byte) cookie.length;
        System.arraycopy(cookie, 0, out, 3, cookie.length);
        return out;
    }

    /** A header and exactly its fragment bytes (so trailing bytes are not part of it: see the property). */
    static byte[] fragment(Random r) {
        byte[] body = bytes(r, 0, 300);
        byte[] message = Messages.frame(r.nextInt(256), body);
        int off = r.nextInt(body.length + 1);
        int len = r.nextInt(body.length - off + 1);
        io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
        try {
            Messages.writeFragment(out, u16(r), message, off, len);
            return io.netty.buffer.ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
