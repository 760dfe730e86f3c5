package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lightwayj.core.tls.dtls13.Dtls13FuzzSupport;

/**
 * Jazzer fuzz target for the DTLS 1.2 HelloVerifyRequest cookie check, through the public
 * {@link DtlsAdmission#admit} only (the verifier's internals may change).
 *
 * <p>In a normal build this runs in regression mode (an empty input plus the seeds under
 * {@code src/test/resources/org/lightwayj/core/tls/DtlsAdmissionFuzzTestInputs/dtls12Cookie/}). To
 * fuzz for real:
 * <pre>
 * mvn -B -ntp -Pfuzz -pl lightway-core -am test -Dtest=DtlsAdmissionFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The seeds are written by {@link #writeSeeds()} ({@code -Dfuzz.writeSeeds=true}).
 */
class DtlsAdmissionFuzzTest {
    private static final TlsClientConfig CLIENT;
    private static final TlsServerConfig SERVER_12;
    private static final TlsServerConfig SERVER_DUAL;
    private static final SocketAddress ADDR = new InetSocketAddress("192.0.2.7", 40000);
    private static final SocketAddress OTHER_ADDR = new InetSocketAddress("192.0.2.7", 40001);
    private static final long NOW = 5_000_000_000L;
    /** A HelloVerifyRequest: record header 13, handshake header 12, version 2, cookie length 1 + 255. */
    private static final int MAX_HVR = 13 + 12 + 2 + 1 + 255;
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dtls12-admission-fuzz");
        t.setDaemon(true);
        return t;
    });

    static {
        try {
            TestPki pki = TestPki.ec();
            CLIENT = pki.client().build();
            SERVER_12 = pki.server().dtlsVersions(DtlsVersion.DTLS_1_2).build();
            SERVER_DUAL = pki.server().dtlsVersions(DtlsVersion.DTLS_1_3, DtlsVersion.DTLS_1_2).build();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Byte 0: bit 0 adds DTLS 1.3 to the server's versions, bit 1 picks the mode. Raw (bit 1 clear):
     * the rest is one datagram from an unknown peer. Cookie (bit 1 set): a genuine DTLS 1.2
     * ClientHello gets its HelloVerifyRequest, the client answers with the ClientHello carrying the
     * cookie, and bytes 1-4 {@code mutateAt u16, mask, flags} xor one byte of it; flags bit 0 sends it
     * from another port, bit 1 appends the rest of the input.
     *
     * <p>Checked: nothing throws; the datagram is not modified, consumed or released; no ticket from
     * raw bytes; a ticket for the genuine second ClientHello from its own address (mask 0, nothing
     * appended), none when a cookie byte changed or it comes from another port; at most one reply per
     * datagram, with the configured headroom, and a DTLS 1.2 reply is a HelloVerifyRequest of at most
     * {@value #MAX_HVR} bytes (no amplification beyond the cookie).
     */
    @FuzzTest(maxDuration = "30s")
    void dtls12Cookie(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xFF;
        TlsServerConfig sc = (mode & 1) != 0 ? SERVER_DUAL : SERVER_12;
        DtlsAdmission adm = new DtlsAdmission(sc);
        if ((mode & 2) == 0) {
            assertNull(admit(adm, sc, ADDR, Arrays.copyOfRange(input, 1, input.length), null), "a ticket from raw bytes");
            return;
        }
        if (input.length < 5) {
            return;
        }
        int mutateAt = ((input[1] & 0xFF) << 8) | (input[2] & 0xFF);
        int mask = input[3] & 0xFF;
        int flags = input[4] & 0xFF;
        TlsEngine client = TlsEngines.dtls12Client(CLIENT, EXECUTOR, NOW);
        try {
            byte[] ch1 = poll(client);
            List<byte[]> replies = new ArrayList<>();
            assertNull(admit(adm, sc, ADDR, ch1, replies), "a ticket for the first ClientHello");
            assertEquals(1, replies.size(), "a HelloVerifyRequest for the first ClientHello");
            byte[] hvr = replies.get(0);
            assertEquals(3, hvr[13], "HelloVerifyRequest");
            int cookieLen = hvr[13 + 12 + 2] & 0xFF;
            byte[] cookie = Arrays.copyOfRange(hvr, 13 + 12 + 3, 13 + 12 + 3 + cookieLen);
            ByteBuf hb = Unpooled.wrappedBuffer(hvr);
            client.receive(hb, NOW);
            hb.release();
            byte[] ch2 = poll(client);
            int cookieAt = Dtls13FuzzSupport.indexOf(ch2, cookie);
            assertTrue(cookieLen > 0 && cookieAt >= 0, "the second ClientHello carries the cookie");
            int at = mutateAt % ch2.length;
            byte[] d = ch2.clone();
            d[at] ^= (byte) mask;
            boolean appended = (flags & 2) != 0 && input.length > 5;
            if (appended) {
                byte[] rest = Arrays.copyOfRange(input, 5, input.length);
                d = Arrays.copyOf(d, d.length + rest.length);
                System.arraycopy(rest, 0, d, ch2.length, rest.length);
            }
            boolean other = (flags & 1) != 0;
            DtlsAdmission.Ticket t = admit(adm, sc, other ? OTHER_ADDR : ADDR, d, null);
            boolean cookieChanged = mask != 0 && at >= cookieAt && at < cookieAt + cookieLen;
            if (cookieChanged || other) {
                assertNull(t, () -> "admitted: cookie changed=" + cookieChanged + " other=" + other);
            } else if (mask == 0 && !appended) {
                assertNotNull(t, "the genuine second ClientHello is admitted");
                assertEquals(DtlsVersion.DTLS_1_2, t.version());
            }
        } finally {
            client.close();
        }
    }

    /** The client's next datagram (its handshake runs on the executor). */
    private static byte[] poll(TlsEngine client) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            ByteBuf b = client.pollOutbound();
            if (b != null) {
                try {
                    return ByteBufUtil.getBytes(b);
                } finally {
                    b.release();
                }
            }
            Thread.yield();
        }
        throw new AssertionError("the client sent nothing: " + client.failure());
    }

    /** Admits one datagram and checks the replies (copied into {@code into} when not null). */
    private static DtlsAdmission.Ticket admit(DtlsAdmission adm, TlsServerConfig sc, SocketAddress peer, byte[] d,
            List<byte[]> into) {
        ByteBuf buf = Unpooled.wrappedBuffer(d.clone());
        List<ByteBuf> replies = new ArrayList<>();
        DtlsAdmission.Ticket t;
        try {
            t = adm.admit(peer, buf, replies::add, NOW);
            assertEquals(1, buf.refCnt(), "admit released the datagram");
            assertEquals(0, buf.readerIndex(), "admit consumed the datagram");
            assertArrayEquals(d, ByteBufUtil.getBytes(buf), "admit modified the datagram");
        } finally {
            buf.release();
        }
        try {
            assertTrue(replies.size() <= 1, "replies: " + replies.size());
            for (ByteBuf r : replies) {
                assertTrue(r.readerIndex() >= sc.outboundHeadroom(), "reply without headroom");
                byte[] rb = ByteBufUtil.getBytes(r);
                boolean dtls12 = rb.length > 13 && rb[0] == 22 && rb[1] == (byte) 0xFE
                        && (rb[2] == (byte) 0xFD || rb[2] == (byte) 0xFF) && rb[13] == 3; // HVR records say DTLS 1.0
                if (!dtls12) {
                    assertTrue(sc.dtlsVersions().contains(DtlsVersion.DTLS_1_3),
                            () -> "not a HelloVerifyRequest: " + HexFormat.of().formatHex(rb));
                } else {
                    assertTrue(rb.length <= MAX_HVR, "HelloVerifyRequest of " + rb.length + " bytes");
                }
                if (into != null) {
                    into.add(rb);
                }
            }
        } finally {
            replies.forEach(ByteBuf::release);
        }
        return t;
    }

    /** Writes the seed corpus (run once with {@code -Dfuzz.writeSeeds=true}; commit the files). */
    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path dir = Path.of("src/test/resources/org/lightwayj/core/tls/DtlsAdmissionFuzzTestInputs/dtls12Cookie");
        Files.createDirectories(dir);
        Files.write(dir.resolve("cookie-genuine"), new byte[] {2, 0, 0, 0, 0});
        Files.write(dir.resolve("cookie-genuine-dual"), new byte[] {3, 0, 0, 0, 0});
        Files.write(dir.resolve("cookie-other-port"), new byte[] {2, 0, 0, 0, 1});
        Files.write(dir.resolve("cookie-byte-flipped"), new byte[] {2, 0, 62, 1, 0});
        Files.write(dir.resolve("cookie-random-flipped"), new byte[] {2, 0, 30, (byte) 0x80, 0});
        Files.write(dir.resolve("cookie-trailing-junk"), new byte[] {2, 0, 0, 0, 2, 22, (byte) 0xFE, (byte) 0xFD, 0});
        TlsEngine client = TlsEngines.dtls12Client(CLIENT, EXECUTOR, NOW);
        try {
            byte[] ch1 = poll(client);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.write(0);
            o.write(ch1);
            Files.write(dir.resolve("raw-clienthello1"), o.toByteArray());
            o.reset();
            o.write(1);
            o.write(ch1);
            Files.write(dir.resolve("raw-clienthello1-dual"), o.toByteArray());
            // The same ClientHello with a made-up 32-byte cookie: session id length byte at 13+12+2+32.
            int sidAt = 13 + 12 + 2 + 32;
            int cookieLenAt = sidAt + 1 + (ch1[sidAt] & 0xFF);
            byte[] forged = new byte[ch1.length + 32];
            System.arraycopy(ch1, 0, forged, 0, cookieLenAt);
            forged[cookieLenAt] = 32;
            Arrays.fill(forged, cookieLenAt + 1, cookieLenAt + 33, (byte) 0x5A);
            System.arraycopy(ch1, cookieLenAt + 1, forged, cookieLenAt + 33, ch1.length - cookieLenAt - 1);
            o.reset();
            o.write(0);
            o.write(forged);
            Files.write(dir.resolve("raw-clienthello-forged-cookie"), o.toByteArray());
        } finally {
            client.close();
        }
    }
}
