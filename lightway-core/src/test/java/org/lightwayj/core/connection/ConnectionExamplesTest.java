package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.tls.TlsException;

/** The example scenarios over the in-memory harness, on UDP and TCP. */
class ConnectionExamplesTest {

    static final AuthMethod GOOD = new AuthMethod.UserPass("me", "secret");
    static final long SEC = 1_000_000_000L;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void connectAuthOnlinePingDataBothWaysDisconnect(Transport t) throws Exception {
        try (Harness h = new Harness(t, 1).start(GOOD)) {
            h.online();
            Connection s = h.server();
            assertEquals(List.of(ConnectionState.LINK_UP, ConnectionState.AUTHENTICATING, ConnectionState.ONLINE),
                    h.clientSide.states);
            assertEquals(List.of(ConnectionState.LINK_UP, ConnectionState.ONLINE), h.serverSide.states);
            assertEquals(1, h.clientSide.ipConfigs.size());
            assertEquals(h.pool.live.get(s), h.clientSide.ipConfigs.get(0));
            assertEquals(h.clientSide.ipConfigs.get(0), h.client.insideIpConfig());
            if (t == Transport.UDP) {
                // §1.4: the client adopted the server's session id.
                assertEquals(s.sessionId(), h.client.sessionId());
                assertTrue(h.clientSide.events.contains(ConnectionEvent.FirstPacketReceived.INSTANCE));
            }

            h.client.keepalive(h.now);
            h.runFor(SEC);
            assertEquals(1, h.clientSide.keepaliveReplies);

            for (int i = 0; i < 5; i++) {
                h.client.insidePacketReceived(h.packet(i, 100 + i), h.now);
                s.insidePacketReceived(h.packet(1000 + i, 1300), h.now);
            }
            h.runFor(SEC);
            assertEquals(5, h.serverSide.inside.size());
            assertEquals(5, h.clientSide.inside.size());
            for (int i = 0; i < 5; i++) {
                assertEquals(i, Harness.packetId(h.serverSide.inside.get(i)));
                assertEquals(1000 + i, Harness.packetId(h.clientSide.inside.get(i)));
                ByteBuf expect = h.packet(i, 100 + i);
                byte[] e = new byte[expect.readableBytes()];
                expect.readBytes(e);
                expect.release();
                assertArrayEquals(e, h.serverSide.inside.get(i));
            }
            assertEquals(5, h.clientMetrics.insideOut);
            assertEquals(5, h.serverMetrics.insideIn);

            h.client.disconnect(h.now);
            assertEquals(ConnectionState.DISCONNECTED, h.client.state());
            assertNull(h.client.closeReason());
            assertTrue(h.clientSide.states.contains(ConnectionState.DISCONNECTING));
            h.runFor(SEC);
            // The server got Goodbye: fatal GOODBYE, address back in the pool.
            assertEquals(ConnectionState.DISCONNECTED, s.state());
            assertEquals(ConnectionError.GOODBYE, s.closeReason().error());
            assertEquals(1, h.pool.freed);
            assertTrue(h.pool.live.isEmpty());
            if (t == Transport.UDP) {
                assertTrue(h.endpoint.connections().isEmpty());
            }
            ConnectionException e = assertThrows(ConnectionException.class,
                    () -> h.client.insidePacketReceived(h.packet(9, 40), h.now));
            assertEquals(ConnectionError.DISCONNECTED, e.error());
            assertThrows(ConnectionException.class, () -> h.client.disconnect(h.now));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void tokenAuthWorks(Transport t) throws Exception {
        try (Harness h = new Harness(t, 2).start(new AuthMethod.Token("token"))) {
            h.online();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void wrongPasswordGivesAuthFailure(Transport t) throws Exception {
        try (Harness h = new Harness(t, 3).start(new AuthMethod.UserPass("me", "wrong"))) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 10 * SEC));
            assertEquals(ConnectionError.UNAUTHORIZED, h.client.closeReason().error());
            assertTrue(h.client.closeReason().isFatal(t));
            h.runFor(SEC);
            Connection s = h.server();
            if (s != null) {
                assertEquals(ConnectionState.DISCONNECTED, s.state());
            }
            assertEquals(1L, h.serverMetrics.fatal.get(ConnectionError.ACCESS_DENIED));
            assertTrue(h.pool.live.isEmpty());
            assertTrue(h.clientSide.ipConfigs.isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void untrustedServerCertificateIsFatal(Transport t) throws Exception {
        try (Harness h = new Harness(t, 4).start(GOOD, b -> { }, b -> { },
                TlsException.Reason.CERTIFICATE_UNTRUSTED)) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 10 * SEC));
            ConnectionException e = h.client.closeReason();
            assertEquals(ConnectionError.TLS_FAILURE, e.error());
            assertTrue(e.isFatal(t));
            assertEquals(TlsException.Reason.CERTIFICATE_UNTRUSTED, ((TlsException) e.getCause()).reason());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void handshakeTimesOutAgainstSilentPeer(Transport t) throws Exception {
        try (Harness h = new Harness(t, 5)) {
            h.c2s.blackHole(true);
            h.start(GOOD, b -> b.handshakeTimeout(Duration.ofSeconds(5)), b -> { }, null);
            long start = h.now;
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 60 * SEC));
            assertEquals(ConnectionError.TIMED_OUT, h.client.closeReason().error());
            assertEquals(start + 5 * SEC, h.now);
            if (t == Transport.UDP) {
                // Aggressive mode: every handshake datagram went out 3×.
                assertEquals(0, h.datagramsC2s % 3);
                assertTrue(h.datagramsC2s >= 3 * 4, "retransmitted: " + h.datagramsC2s);
            }
            assertEquals(Long.MAX_VALUE, h.client.nextTimeout());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void goodbyeFromServer(Transport t) throws Exception {
        try (Harness h = new Harness(t, 6).start(GOOD)) {
            h.online();
            Connection s = h.server();
            s.disconnect(h.now);
            assertEquals(ConnectionState.DISCONNECTED, s.state());
            assertEquals(1, h.pool.freed);
            h.runFor(SEC);
            assertEquals(ConnectionState.DISCONNECTED, h.client.state());
            assertEquals(ConnectionError.GOODBYE, h.client.closeReason().error());
            assertTrue(h.clientSide.events.stream().anyMatch(e -> e instanceof ConnectionEvent.Closed));
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void lossyLinkStillConnects(Transport t) throws Exception {
        try (Harness h = new Harness(t, 7)) {
            h.c2s.loss(0.3).duplicate(0.2).reorder(0.5);
            h.s2c.loss(0.3).duplicate(0.2).reorder(0.5);
            h.start(GOOD).online();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void insidePacketValidation(Transport t) throws Exception {
        try (Harness h = new Harness(t, 8).start(GOOD)) {
            ConnectionException notOnline = assertThrows(ConnectionException.class,
                    () -> h.client.insidePacketReceived(h.packet(1, 60), h.now));
            assertEquals(ConnectionError.INVALID_STATE, notOnline.error());
            h.online();
            ConnectionException tooLong = assertThrows(ConnectionException.class,
                    () -> h.client.insidePacketReceived(h.packet(1, 1351), h.now));
            assertEquals(ConnectionError.INVALID_PACKET_SIZE, tooLong.error());
            ByteBuf v6 = h.packet(2, 60);
            v6.setByte(0, 0x60);
            ConnectionException notV4 = assertThrows(ConnectionException.class,
                    () -> h.client.insidePacketReceived(v6, h.now));
            assertEquals(ConnectionError.INVALID_IPV4_PACKET, notV4.error());
            assertTrue(!notV4.isFatal(Transport.UDP));
            assertEquals(ConnectionState.ONLINE, h.client.state());
            h.client.insidePacketReceived(h.packet(3, 1350), h.now);
            h.runFor(SEC);
            assertEquals(1, h.serverSide.inside.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void ipv6InsideWhenAllowed(Transport t) throws Exception {
        try (Harness h = new Harness(t, 9).start(GOOD, b -> b.allowIpv6Inside(true), b -> b.allowIpv6Inside(true),
                null)) {
            h.online();
            ByteBuf v6 = h.packet(2, 60);
            v6.setByte(0, 0x60);
            h.client.insidePacketReceived(v6, h.now);
            h.runFor(SEC);
            assertEquals(1, h.serverSide.inside.size());
        }
    }
}
