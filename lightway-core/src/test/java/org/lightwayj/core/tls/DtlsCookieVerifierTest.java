package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DtlsCookieVerifier} on genuine Bouncy Castle DTLS 1.2 ClientHellos, edited field by field:
 * what the cookie binds (RFC 6347 §4.2.1), lifetime and rotation in host time, the HelloVerifyRequest's
 * format, and garbage.
 */
class DtlsCookieVerifierTest {
    private static final InetSocketAddress PEER = DtlsPair.CLIENT_ADDR;
    private static final long T0 = 1_000_000_000_000L;
    private static final long S = 1_000_000_000L;
    private static ExecutorService executor;
    private static TestPki pki;
    /** A genuine ClientHello1 (no cookie) of a BC DTLS 1.2 client. */
    private static byte[] hello1;

    @BeforeAll
    static void genuineHello() throws Exception {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dtls-handshake");
            t.setDaemon(true);
            return t;
        });
        pki = TestPki.ec();
        try (TlsEngine client = TlsEngines.dtls12Client(pki.client().build(), executor, System.nanoTime())) {
            ByteBuf b = client.pollOutbound();
            hello1 = ByteBufUtil.getBytes(b);
            b.release();
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        executor.shutdown();
        assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    }

    /** A parsed single-record ClientHello; {@link #encode()} re-serializes it with fresh lengths. */
    static final class Ch {
        int recordVersion;
        long recordSeq;
        int messageSeq;
        byte[] version = new byte[2];
        byte[] random = new byte[32];
        byte[] sessionId;
        byte[] cookie;
        byte[] suites;
        byte[] compression;
        List<byte[]> extensions = new ArrayList<>(); // each: type(2) len(2) data

        static Ch parse(byte[] d) {
            Ch c = new Ch();
            c.recordVersion = u16(d, 1);
            for (int i = 5; i < 11; i++) {
                c.recordSeq = (c.recordSeq << 8) | (d[i] & 0xff);
            }
            c.messageSeq = u16(d, 13 + 4);
            int p = 25;
            c.version = copy(d, p, 2);
            c.random = copy(d, p + 2, 32);
            p += 34;
            c.sessionId = copy(d, p + 1, d[p] & 0xff);
            p += 1 + c.sessionId.length;
            c.cookie = copy(d, p + 1, d[p] & 0xff);
            p += 1 + c.cookie.length;
            c.suites = copy(d, p + 2, u16(d, p));
            p += 2 + c.suites.length;
            c.compression = copy(d, p + 1, d[p] & 0xff);
            p += 1 + c.compression.length;
            int end = 13 + u16(d, 11);
            if (p < end) {
                p += 2;
                while (p < end) {
                    int len = u16(d, p + 2);
                    c.extensions.add(copy(d, p, 4 + len));
                    p += 4 + len;
                }
            }
            return c;
        }

        byte[] encode() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(version);
            body.writeBytes(random);
            body.write(sessionId.length);
            body.writeBytes(sessionId);
            body.write(cookie.length);
            body.writeBytes(cookie);
            body.write(suites.length >>> 8);
            body.write(suites.length);
            body.writeBytes(suites);
            body.write(compression.length);
            body.writeBytes(compression);
            int extLen = 0;
            for (byte[] e : extensions) {
                extLen += e.length;
            }
            body.write(extLen >>> 8);
            body.write(extLen);
            for (byte[] e : extensions) {
                body.writeBytes(e);
            }
            byte[] b = body.toByteArray();
            ByteBuf out = Unpooled.buffer();
            out.writeByte(22).writeShort(recordVersion).writeShort(0);
            out.writeShort((int) (recordSeq >>> 32)).writeInt((int) recordSeq);
            out.writeShort(12 + b.length);
            out.writeByte(1).writeMedium(b.length).writeShort(messageSeq).writeMedium(0).writeMedium(b.length);
            out.writeBytes(b);
            return ByteBufUtil.getBytes(out);
        }
    }

    private static int u16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    private static byte[] copy(byte[] d, int off, int len) {
        byte[] r = new byte[len];
        System.arraycopy(d, off, r, 0, len);
        return r;
    }

    private static DtlsCookieVerifier verifier() {
        return new DtlsCookieVerifier(pki.server().build());
    }

    /** Verifies {@code hello} and returns the request; the HelloVerifyRequests sent are added to {@code hvr}. */
    private static DtlsCookieVerifier.Request verify(DtlsCookieVerifier v, SocketAddress peer, byte[] hello,
            List<byte[]> hvr, long now) {
        ByteBuf in = Unpooled.wrappedBuffer(hello);
        return v.verify(peer, in, b -> {
            hvr.add(ByteBufUtil.getBytes(b));
            b.release();
        }, now);
    }

    /** The cookie of a HelloVerifyRequest datagram. */
    private static byte[] cookieOf(byte[] hvr) {
        assertEquals(3, hvr[13], "hello_verify_request");
        return copy(hvr, 13 + 12 + 3, hvr[13 + 12 + 2] & 0xff);
    }

    /** ClientHello2 for a cookie: message_seq 1, next record sequence, as a client sends it. */
    private static Ch hello2(byte[] cookie) {
        Ch c = Ch.parse(hello1);
        c.cookie = cookie;
        c.messageSeq = 1;
        c.recordSeq = c.recordSeq + 1;
        return c;
    }

    private static byte[] cookieFor(DtlsCookieVerifier v, SocketAddress peer, long now) {
        List<byte[]> hvr = new ArrayList<>();
        assertNull(verify(v, peer, hello1, hvr, now));
        assertEquals(1, hvr.size());
        return cookieOf(hvr.get(0));
    }

    @Test
    void secondHelloWithReorderedExtensionsIsAccepted() {
        // The three-argument form, which today's and yesterday's verifier both offer.
        DtlsCookieVerifier v = verifier();
        List<byte[]> hvr = new ArrayList<>();
        assertNull(v.verify(PEER, Unpooled.wrappedBuffer(hello1), b -> {
            hvr.add(ByteBufUtil.getBytes(b));
            b.release();
        }));
        Ch ch2 = hello2(cookieOf(hvr.get(0)));
        assertTrue(ch2.extensions.size() >= 4, "a BC ClientHello carries several extensions");
        Collections.reverse(ch2.extensions);
        hvr.clear();
        DtlsCookieVerifier.Request r = v.verify(PEER, Unpooled.wrappedBuffer(ch2.encode()), b -> {
            hvr.add(ByteBufUtil.getBytes(b));
            b.release();
        });
        assertNotNull(r, "extensions are not bound by the cookie (RFC 6347 §4.2.1)");
        assertTrue(hvr.isEmpty());
        assertEquals(PEER, r.peer());
        assertNotNull(r.request);
        assertEquals(1, v.accepted());
        assertEquals(1, v.noCookie());
        assertEquals(0, v.badCookie() + v.expired() + v.malformed());
    }

    @Test
    void droppedOrAddedExtensionIsAccepted() {
        DtlsCookieVerifier v = verifier();
        byte[] cookie = cookieFor(v, PEER, T0);
        Ch fewer = hello2(cookie);
        fewer.extensions.remove(0);
        assertNotNull(verify(v, PEER, fewer.encode(), new ArrayList<>(), T0 + S));
        Ch more = hello2(cookie);
        more.extensions.add(new byte[] {(byte) 0xFF, 0x01, 0, 1, 0}); // renegotiation_info, empty
        assertNotNull(verify(v, PEER, more.encode(), new ArrayList<>(), T0 + S));
    }

    @Test
    void boundFieldsAddressAndPortAreChecked() {
        DtlsCookieVerifier v = verifier();
        byte[] cookie = cookieFor(v, PEER, T0);
        List<UnaryOperator<Ch>> edits = List.of(
                c -> { c.random[7] ^= 1; return c; },
                c -> { c.suites = copy(c.suites, 2, c.suites.length - 2); return c; },
                c -> { c.suites[0] ^= 0x10; return c; },
                c -> { c.sessionId = new byte[] {1, 2, 3}; return c; },
                c -> { c.compression = new byte[] {1, 0}; return c; },
                c -> { c.version = new byte[] {(byte) 0xFE, (byte) 0xFF}; return c; },
                c -> { c.cookie = c.cookie.clone(); c.cookie[31] ^= 1; return c; },
                c -> { c.cookie = c.cookie.clone(); c.cookie[0] ^= 1; return c; }, // the issue time is MACed
                c -> { c.cookie = copy(c.cookie, 0, 31); return c; });
        int i = 0;
        for (UnaryOperator<Ch> e : edits) {
            List<byte[]> hvr = new ArrayList<>();
            assertNull(verify(v, PEER, e.apply(hello2(cookie)).encode(), hvr, T0 + S), "edit " + i);
            assertEquals(1, hvr.size(), "a fresh HelloVerifyRequest, edit " + i);
            assertEquals(++i, v.badCookie());
        }
        List<byte[]> hvr = new ArrayList<>();
        assertNull(verify(v, new InetSocketAddress("192.0.2.8", PEER.getPort()), hello2(cookie).encode(), hvr, T0));
        assertNull(verify(v, new InetSocketAddress(PEER.getAddress(), PEER.getPort() + 1), hello2(cookie).encode(),
                hvr, T0));
        assertEquals(edits.size() + 2, v.badCookie());
        assertEquals(2, hvr.size());
        assertEquals(0, v.accepted());
        // The untouched ClientHello2 still passes.
        assertNotNull(verify(v, PEER, hello2(cookie).encode(), hvr, T0 + S));
        assertEquals(0, v.expired() + v.malformed());
    }

    @Test
    void cookieExpiresAfterItsLifetimeInHostTime() {
        DtlsCookieVerifier v = verifier();
        byte[] cookie = cookieFor(v, PEER, T0);
        long life = DtlsCookieVerifier.COOKIE_LIFETIME_NANOS;
        assertNotNull(verify(v, PEER, hello2(cookie).encode(), new ArrayList<>(), T0 + life - S));
        List<byte[]> hvr = new ArrayList<>();
        assertNull(verify(v, PEER, hello2(cookie).encode(), hvr, T0 + life + S));
        assertEquals(1, v.expired());
        assertEquals(1, hvr.size(), "an expired cookie gets a fresh one");
        // A cookie "from the future" (host clock went back) is no good either.
        assertNull(verify(v, PEER, hello2(cookie).encode(), hvr, T0 - 5 * S));
        assertEquals(2, v.expired());
        assertEquals(0, v.badCookie());
        // The fresh cookie works.
        assertNotNull(verify(v, PEER, hello2(cookieOf(hvr.get(0))).encode(), hvr, T0 + life + 2 * S));
    }

    @Test
    void previousSecretIsAcceptedTwoRotationsAgoIsNot() {
        long r = DtlsCookieVerifier.ROTATION_NANOS;
        DtlsCookieVerifier v = verifier();
        cookieFor(v, PEER, T0); // starts the rotation period at T0
        byte[] late = cookieFor(v, PEER, T0 + r - 2 * S); // last seconds under the first secret
        // A call after the period rotates the secret; the old cookie is still fine (previous secret).
        byte[] second = cookieFor(v, PEER, T0 + r + S);
        assertNotNull(verify(v, PEER, hello2(late).encode(), new ArrayList<>(), T0 + r + 2 * S));
        assertEquals(1, v.accepted());
        // Second rotation: the first secret is gone; the cookie fails its MAC (not merely its age).
        cookieFor(v, PEER, T0 + 2 * r + 2 * S);
        assertNull(verify(v, PEER, hello2(late).encode(), new ArrayList<>(), T0 + 2 * r + 3 * S));
        assertEquals(1, v.badCookie());
        assertEquals(0, v.expired());
        // The cookie issued under the second secret is now "previous", within its lifetime only if young:
        // issued at r+1 s, now 2r+3 s: older than the lifetime, so expired, proving its MAC still verified.
        assertNull(verify(v, PEER, hello2(second).encode(), new ArrayList<>(), T0 + 2 * r + 3 * S));
        assertEquals(1, v.expired());
    }

    @Test
    void helloVerifyRequestIsRfc6347() {
        DtlsCookieVerifier v = new DtlsCookieVerifier(16, 1400);
        Ch c = Ch.parse(hello1);
        c.messageSeq = 5;
        c.recordSeq = 0x0102_0304_0506L;
        List<ByteBuf> out = new ArrayList<>();
        assertNull(v.verify(PEER, Unpooled.wrappedBuffer(c.encode()), out::add, T0));
        assertEquals(1, out.size());
        ByteBuf b = out.get(0);
        assertEquals(16, b.readerIndex(), "headroom");
        byte[] h = ByteBufUtil.getBytes(b);
        b.release();
        assertEquals(60, h.length);
        assertEquals(22, h[0]);
        assertEquals(0xFEFF, u16(h, 1), "record version DTLS 1.0");
        assertEquals(0, u16(h, 3), "epoch 0");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, copy(h, 5, 6), "record sequence echoed");
        assertEquals(47, u16(h, 11));
        assertEquals(3, h[13]);
        assertEquals(35, ((h[14] & 0xff) << 16) | u16(h, 15));
        assertEquals(5, u16(h, 17), "message_seq echoed");
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 35}, copy(h, 19, 6), "offset 0, unfragmented");
        assertEquals(0xFEFF, u16(h, 25), "server_version DTLS 1.0 (RFC 6347 §4.2.1)");
        assertEquals(32, h[27]);
        assertEquals(1, v.helloVerifyRequestsSent());
    }

    @Test
    void realClientCompletesThroughTheVerifier() throws Exception {
        try (DtlsPair pair = new DtlsPair(pki.client().build(), pki.server().build())) {
            pair.pump();
            assertEquals(TlsState.ESTABLISHED, pair.client.state());
            assertEquals(TlsState.ESTABLISHED, pair.server.state());
            assertEquals(1, pair.verifier.accepted());
            assertEquals(1, pair.verifier.noCookie());
        }
    }

    @Test
    void randomBytesNeverThrowAndAreCountedMalformed() {
        DtlsCookieVerifier v = verifier();
        qt().withExamples(2000)
                .forAll(longs().all(), integers().between(0, 1500))
                .checkAssert((seed, len) -> {
                    Random rnd = new Random(seed);
                    byte[] d = new byte[len];
                    rnd.nextBytes(d);
                    if (len > 25 && rnd.nextBoolean()) { // a plausible record and handshake header
                        d[0] = 22;
                        d[1] = (byte) 0xFE;
                        d[2] = (byte) 0xFD;
                        d[3] = 0;
                        d[4] = 0;
                        d[13] = 1;
                    }
                    long before = v.malformed();
                    List<byte[]> hvr = new ArrayList<>();
                    assertNull(verify(v, PEER, d, hvr, T0));
                    assertTrue(hvr.isEmpty() || v.malformed() == before);
                });
        assertEquals(0, v.accepted());
    }

    @Test
    void mutatedGenuineHellosNeverThrow() {
        DtlsCookieVerifier v = verifier();
        byte[] cookie = cookieFor(v, PEER, T0);
        byte[] good = hello2(cookie).encode();
        qt().withExamples(3000)
                .forAll(longs().all(), integers().between(0, 3))
                .checkAssert((seed, mode) -> {
                    Random rnd = new Random(seed);
                    byte[] d = good.clone();
                    if (mode == 0) { // truncate
                        d = copy(d, 0, rnd.nextInt(d.length));
                    } else if (mode == 1) { // flip a few bytes
                        for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
                            d[rnd.nextInt(d.length)] ^= (byte) (1 + rnd.nextInt(255));
                        }
                    } else if (mode == 2) { // a length field set to a random value
                        int[] lengths = {11, 14, 22, 59, 60 + 32};
                        int at = lengths[rnd.nextInt(lengths.length)];
                        d[at] = (byte) rnd.nextInt(256);
                    } else { // extend with random bytes, record length adjusted or not
                        byte[] e = new byte[d.length + rnd.nextInt(200)];
                        System.arraycopy(d, 0, e, 0, d.length);
                        for (int i = d.length; i < e.length; i++) {
                            e[i] = (byte) rnd.nextInt(256);
                        }
                        d = e;
                    }
                    long sum = v.accepted() + v.badCookie() + v.expired() + v.malformed() + v.noCookie();
                    verify(v, PEER, d, new ArrayList<>(), T0 + S);
                    assertEquals(sum + 1, v.accepted() + v.badCookie() + v.expired() + v.malformed() + v.noCookie(),
                            "every datagram is counted exactly once");
                });
    }

    @Test
    void admissionExposesTheCounters() {
        TlsServerConfig sc = pki.server().dtlsVersions(DtlsVersion.DTLS_1_2).build();
        DtlsAdmission a = new DtlsAdmission(sc);
        List<ByteBuf> out = new ArrayList<>();
        assertNull(a.admit(PEER, Unpooled.wrappedBuffer(hello1), out::add, T0));
        assertEquals(1, a.dtls12NoCookie());
        assertEquals(1, a.dtls12HelloVerifyRequestsSent());
        byte[] cookie = cookieOf(ByteBufUtil.getBytes(out.get(0)));
        Pump.releaseAll(out);
        out.clear();
        Ch bad = hello2(cookie);
        bad.random[0] ^= 1;
        assertNull(a.admit(PEER, Unpooled.wrappedBuffer(bad.encode()), out::add, T0));
        assertEquals(1, a.dtls12BadCookie());
        assertNull(a.admit(PEER, Unpooled.wrappedBuffer(hello2(cookie).encode()), out::add,
                T0 + DtlsCookieVerifier.COOKIE_LIFETIME_NANOS + 2 * S));
        assertEquals(1, a.dtls12ExpiredCookie());
        assertNull(a.admit(PEER, Unpooled.wrappedBuffer(new byte[40]), out::add, T0));
        assertEquals(1, a.dtls12Malformed());
        Pump.releaseAll(out);
        assertNotNull(a.admit(PEER, Unpooled.wrappedBuffer(hello2(cookie).encode()), out::add, T0 + S));
        assertEquals(1, a.dtls12Admitted());
    }
}
