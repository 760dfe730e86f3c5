package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.lightwayj.core.tls.dtls13.Dtls13FuzzSupport;

/**
 * Jazzer fuzz targets for the DTLS 1.3 engine: forged datagrams at an established client or server,
 * and datagrams from unknown peers at the server's stateless admission.
 *
 * <p>In a normal build these run in regression mode (an empty input plus the seeds under
 * {@code src/test/resources/org/lightwayj/core/tls/Dtls13EngineFuzzTestInputs/<method>/}). To fuzz for
 * real (one method per run):
 * <pre>
 * mvn -B -ntp -Pfuzz -pl lightway-core -am test -Dtest='Dtls13EngineFuzzTest#established' -Dsurefire.failIfNoSpecifiedTests=false
 * mvn -B -ntp -Pfuzz -pl lightway-core -am test -Dtest='Dtls13EngineFuzzTest#admission' -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class Dtls13EngineFuzzTest {
    private static final TestPki PKI;
    private static final TlsClientConfig CLIENT;
    private static final TlsServerConfig SERVER;
    private static final TlsServerConfig SERVER_DUAL;
    private static final SocketAddress OTHER_ADDR = new InetSocketAddress("192.0.2.99", 40000);
    private static final long NOW = 5_000_000_000L;

    static {
        try {
            PKI = TestPki.ec();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        CLIENT = PKI.client().dtlsVersions(DtlsVersion.DTLS_1_3).groups(KeyExchangeGroup.X25519).build();
        SERVER = PKI.server().dtlsVersions(DtlsVersion.DTLS_1_3).build();
        SERVER_DUAL = PKI.server().dtlsVersions(DtlsVersion.DTLS_1_3, DtlsVersion.DTLS_1_2).build();
    }

    private static String text(ByteBuf b) {
        return new String(ByteBufUtil.getBytes(b));
    }

    private static byte[] readable(ByteBuf b) {
        return ByteBufUtil.getBytes(b);
    }

    /**
     * An established pair ({@link Dtls13Harness}, X25519); byte 0 bit 0 picks the target (set: the
     * server). Then chunks {@code flags, len} ({@code len} u16 if flags bit 2, else u8) and {@code len}
     * fuzz bytes, each injected as one datagram: flags bit 0 puts a genuine application-data record
     * sealed by the peer in the datagram too, before the fuzz bytes (after them if bit 1); flags bits 3-6
     * advance the clock by that many milliseconds and tick both engines first.
     *
     * <p>Checked: nothing throws; both engines stay ESTABLISHED after every datagram (forged input
     * cannot end a connection: only authenticated alerts can); each genuine record in front of the fuzz
     * bytes is delivered exactly once with its content, behind them at most once, and fuzz bytes alone
     * deliver nothing; afterwards the pair settles and a genuine record each way is still delivered.
     */
    @FuzzTest(maxDuration = "30s")
    void established(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        boolean toServer = (input[0] & 1) != 0;
        try (Dtls13Harness h = new Dtls13Harness(CLIENT, SERVER)) {
            assertTrue(h.handshake(200), "handshake");
            h.settle(50_000_000L);
            TlsEngine target = toServer ? h.server : h.client;
            TlsEngine peer = toServer ? h.client : h.server;
            List<ByteBuf> targetPlain = toServer ? h.serverPlain : h.clientPlain;
            List<ByteBuf> peerPlain = toServer ? h.clientPlain : h.serverPlain;
            targetPlain.forEach(ByteBuf::release);
            targetPlain.clear();
            FuzzChunks steps = new FuzzChunks(input);
            for (int n = 0; steps.hasNext(); n++) {
                int flags = steps.next();
                byte[] chunk = steps.chunk;
                long advance = ((flags >>> 3) & 0x0F) * 1_000_000L;
                if (advance > 0) {
                    h.now += advance;
                    h.client.tick(h.now);
                    h.server.tick(h.now);
                    h.settle(0); // moves what the ticks queued onto the wire
                }
                boolean genuine = (flags & 1) != 0;
                boolean fuzzFirst = (flags & 2) != 0;
                ByteBuf d = Unpooled.buffer(chunk.length + 128);
                if (fuzzFirst) {
                    d.writeBytes(chunk);
                }
                String want = "g" + n;
                if (genuine) {
                    Dtls13Harness.seal(peer, want.getBytes(), h.now);
                    ByteBuf rec = peer.pollOutbound();
                    assertNotNull(rec);
                    d.writeBytes(rec);
                    rec.release();
                }
                if (!fuzzFirst) {
                    d.writeBytes(chunk);
                }
                byte[] sent = readable(d);
                int before = targetPlain.size();
                if (toServer) {
                    h.injectToServer(d);
                } else {
                    h.injectToClient(d);
                }
                assertEquals(TlsState.ESTABLISHED, target.state(),
                        () -> "forged datagram ended the target: " + target.failure() + " on " + HexFormat.of().formatHex(sent));
                assertEquals(TlsState.ESTABLISHED, peer.state(), () -> "the peer ended: " + peer.failure());
                int got = targetPlain.size() - before;
                if (genuine && !fuzzFirst) {
                    assertEquals(1, got, () -> "genuine record not delivered exactly once from " + HexFormat.of().formatHex(sent));
                } else {
                    assertTrue(got <= (genuine ? 1 : 0), "delivered " + got + " records");
                }
                if (got == 1) {
                    assertEquals(want, text(targetPlain.get(targetPlain.size() - 1)));
                }
            }
            h.settle(200_000_000L);
            assertEquals(TlsState.ESTABLISHED, target.state(), () -> "target after settling: " + target.failure());
            assertEquals(TlsState.ESTABLISHED, peer.state(), () -> "peer after settling: " + peer.failure());
            int tBefore = targetPlain.size();
            int pBefore = peerPlain.size();
            Dtls13Harness.seal(peer, "final".getBytes(), h.now);
            Dtls13Harness.seal(target, "back".getBytes(), h.now);
            h.settle(50_000_000L);
            assertEquals(tBefore + 1, targetPlain.size(), "the peer's record after the fuzzing");
            assertEquals("final", text(targetPlain.get(tBefore)));
            assertEquals(pBefore + 1, peerPlain.size(), "the target's record after the fuzzing");
            assertEquals("back", text(peerPlain.get(pBefore)));
        }
    }

    /**
     * A fresh {@link DtlsAdmission}; byte 0 bit 0 adds DTLS 1.2 to the server's versions. Bit 1 clear,
     * <em>raw</em>: the rest is one datagram from an unknown peer. Bit 1 set, <em>cookie</em>: a genuine
     * ClientHello1 gets its HelloRetryRequest, the client answers with ClientHello2, and bytes 1-4
     * {@code mutateAt u16, mask, flags} xor one byte of it; flags bit 0 sends it from another address,
     * bit 1 after the cookie expired, bit 2 appends the rest of the input to the datagram.
     *
     * <p>Checked: nothing throws; the datagram is not modified or released; no ticket from raw bytes; a
     * ticket for ClientHello2 exactly when the cookie is intact, from its address, in time (mask 0), and
     * none when a cookie byte changed; at most one reply per datagram, and it is either a well-formed
     * HelloRetryRequest, sent only if the datagram holds a parseable DTLS 1.3 ClientHello, or (DTLS 1.2 on)
     * a HelloVerifyRequest; replies leave the configured headroom.
     */
    @FuzzTest(maxDuration = "30s")
    void admission(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xFF;
        TlsServerConfig sc = (mode & 1) != 0 ? SERVER_DUAL : SERVER;
        DtlsAdmission adm = new DtlsAdmission(sc);
        if ((mode & 2) == 0) {
            byte[] d = Arrays.copyOfRange(input, 1, input.length);
            assertNull(admit(adm, sc, Dtls13Harness.CLIENT_ADDR, d, NOW), "a ticket from raw bytes");
            return;
        }
        if (input.length < 5) {
            return;
        }
        int mutateAt = ((input[1] & 0xFF) << 8) | (input[2] & 0xFF);
        int mask = input[3] & 0xFF;
        int flags = input[4] & 0xFF;
        TlsEngine client = TlsEngines.dtls13Client(CLIENT, NOW);
        try {
            ByteBuf ch1 = client.pollOutbound();
            List<ByteBuf> replies = new ArrayList<>();
            assertNull(adm.admit(Dtls13Harness.CLIENT_ADDR, ch1, replies::add, NOW));
            ch1.release();
            assertEquals(1, replies.size(), "a HelloRetryRequest for ClientHello1");
            byte[] cookie = Dtls13FuzzSupport.helloRetryRequestCookie(readable(replies.get(0)));
            assertNotNull(cookie);
            client.receive(replies.get(0), NOW);
            replies.get(0).release();
            ByteBuf ch2buf = client.pollOutbound();
            assertNotNull(ch2buf, "ClientHello2");
            byte[] ch2 = readable(ch2buf);
            ch2buf.release();
            int cookieAt = Dtls13FuzzSupport.indexOf(ch2, cookie);
            assertTrue(cookieAt >= 0, "ClientHello2 carries the cookie");
            int at = mutateAt % ch2.length;
            byte[] d = ch2.clone();
            d[at] ^= (byte) mask;
            if ((flags & 4) != 0) {
                byte[] rest = Arrays.copyOfRange(input, 5, input.length);
                d = Arrays.copyOf(d, d.length + rest.length);
                System.arraycopy(rest, 0, d, ch2.length, rest.length);
            }
            boolean other = (flags & 1) != 0;
            boolean expired = (flags & 2) != 0;
            long when = NOW + (expired ? 31_000_000_000L : 1_000_000L);
            DtlsAdmission.Ticket t = admit(adm, sc, other ? OTHER_ADDR : Dtls13Harness.CLIENT_ADDR, d, when);
            boolean cookieChanged = mask != 0 && at >= cookieAt && at < cookieAt + cookie.length;
            if (cookieChanged || other || expired) {
                assertNull(t, () -> "admitted: cookie changed=" + cookieChanged + " other=" + other + " expired=" + expired);
            } else if (mask == 0) {
                assertNotNull(t, "the genuine ClientHello2 is admitted");
                assertEquals(DtlsVersion.DTLS_1_3, t.version());
            }
        } finally {
            client.close();
        }
    }

    /** Admits one datagram and checks the replies. */
    private static DtlsAdmission.Ticket admit(DtlsAdmission adm, TlsServerConfig sc, SocketAddress peer, byte[] d,
            long now) {
        ByteBuf buf = Unpooled.wrappedBuffer(d.clone());
        List<ByteBuf> replies = new ArrayList<>();
        DtlsAdmission.Ticket t;
        try {
            t = adm.admit(peer, buf, replies::add, now);
            assertEquals(1, buf.refCnt(), "admit released the datagram");
            assertEquals(0, buf.readerIndex(), "admit consumed the datagram");
            assertArrayEquals(d, readable(buf), "admit modified the datagram");
        } finally {
            buf.release();
        }
        try {
            assertTrue(replies.size() <= 1, "replies: " + replies.size());
            for (ByteBuf r : replies) {
                assertTrue(r.readerIndex() >= sc.outboundHeadroom(), "reply without headroom");
                byte[] rb = readable(r);
                if (Dtls13FuzzSupport.helloRetryRequestCookie(rb) != null) {
                    assertTrue(Dtls13FuzzSupport.hasParseableDtls13ClientHello(d, sc.maxHandshakeMessageLength()),
                            () -> "a HelloRetryRequest for " + HexFormat.of().formatHex(d));
                } else if (!sc.dtlsVersions().contains(DtlsVersion.DTLS_1_2)
                        || Dtls13FuzzSupport.plaintextHandshakeType(rb) != 3) {
                    fail("reply neither a HelloRetryRequest nor a HelloVerifyRequest: " + HexFormat.of().formatHex(rb));
                }
            }
        } finally {
            replies.forEach(ByteBuf::release);
        }
        return t;
    }
}
