package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;
import org.lightwayj.core.wire.FrameKind;

/** Focused behaviour of spec §1.4 and §4 beyond the end-to-end examples. */
class ConnectionBehaviourTest {

    static final long SEC = 1_000_000_000L;
    static final byte[] PING = {2, 0, 0, 0, 0};
    static final byte[] PING_7 = {2, 0, 7, 0, 0};
    static final byte[] GOODBYE = {12};

    /** The kind byte of each test-engine record in captured UDP datagrams (header 16 + type 1 + seq 8). */
    static List<Integer> recordKinds(List<byte[]> datagrams) {
        List<Integer> kinds = new ArrayList<>();
        for (byte[] d : datagrams) {
            if (d.length > 25 && d[16] == PlainTestEngine.RECORD) {
                kinds.add(d[25] & 0xFF);
            }
        }
        return kinds;
    }

    @Test
    void udpClientSendsEveryDatagramThreeTimesUntilOnline() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 11)) {
            h.capture = true;
            h.start(ConnectionExamplesTest.GOOD).online();
            List<byte[]> before = new ArrayList<>(h.capturedC2s);
            assertEquals(0, before.size() % 3);
            for (int i = 0; i < before.size(); i += 3) {
                assertArrayEquals(before.get(i), before.get(i + 1));
                assertArrayEquals(before.get(i), before.get(i + 2));
            }
            h.capturedC2s.clear();
            h.client.insidePacketReceived(h.packet(1, 100), h.now);
            assertEquals(1, h.capturedC2s.size(), "once Online, each datagram is sent once");
            byte[] d = h.capturedC2s.get(0);
            // Header: magic, version 1.2 (client default), aggressive 0, reserved, adopted session id.
            assertEquals('H', d[0]);
            assertEquals('e', d[1]);
            assertEquals(1, d[2]);
            assertEquals(2, d[3]);
            assertEquals(0, d[4] | d[5] | d[6] | d[7]);
            assertEquals(h.server().sessionId().value(), io.netty.buffer.Unpooled.wrappedBuffer(d).getLong(8));
        }
    }

    /** As the C client: the AuthRequest already carries the session id the server's handshake headers gave. */
    @Test
    void udpAuthRequestCarriesTheServersSessionId() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 21)) {
            h.capture = true;
            h.start(ConnectionExamplesTest.GOOD).online();
            long serverId = h.server().sessionId().value();
            int authRequests = 0;
            for (byte[] d : h.capturedC2s) {
                if (d.length > 25 && d[16] == PlainTestEngine.RECORD && (d[25] & 0xFF) == FrameKind.AUTH_REQUEST.id()) {
                    authRequests++;
                    assertEquals(serverId, io.netty.buffer.Unpooled.wrappedBuffer(d).getLong(8),
                            "session id in the header of the datagram carrying the AuthRequest");
                }
            }
            assertTrue(authRequests > 0, "an AuthRequest was captured");
        }
    }

    /** C's padding layouts: records grow to 450/900/1350 (or always 1350); packets arrive unchanged. */
    @Test
    void udpDataPaddingFillsRecordsAndPeersStripIt() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 23)) {
            h.capture = true;
            h.start(ConnectionExamplesTest.GOOD, c -> c.dataPadding(DataPadding.STEPS_450),
                    s -> s.dataPadding(DataPadding.FULL), null).online();
            int[] sizes = {60, 447, 448, 500, 897, 1000, 1347};
            int[] padded = {450, 450, 900, 900, 900, 1350, 1350};
            h.capturedC2s.clear();
            h.capturedS2c.clear();
            for (int i = 0; i < sizes.length; i++) {
                h.client.insidePacketReceived(h.packet(i, sizes[i]), h.now);
                h.server().insidePacketReceived(h.packet(100 + i, sizes[i]), h.now);
            }
            h.runFor(SEC);
            List<Integer> c2s = new ArrayList<>();
            List<Integer> s2c = new ArrayList<>();
            for (byte[] d : h.capturedC2s) {
                if (d.length > 25 && d[16] == PlainTestEngine.RECORD && d[25] == FrameKind.DATA.id()) {
                    c2s.add(d.length - 26); // header 16, record type 1, sequence 8, checksum 1
                }
            }
            for (byte[] d : h.capturedS2c) {
                if (d.length > 25 && d[16] == PlainTestEngine.RECORD && d[25] == FrameKind.DATA.id()) {
                    s2c.add(d.length - 26);
                }
            }
            assertEquals(java.util.Arrays.stream(padded).boxed().toList(), c2s, "client STEPS_450 record sizes");
            assertEquals(java.util.Collections.nCopies(sizes.length, 1350), s2c, "server FULL record sizes");
            assertEquals(sizes.length, h.serverSide.inside.size());
            assertEquals(sizes.length, h.clientSide.inside.size());
            for (int i = 0; i < sizes.length; i++) {
                assertEquals(sizes[i], h.serverSide.inside.get(i).length, "padding stripped at the server");
                assertEquals(sizes[i], h.clientSide.inside.get(i).length, "padding stripped at the client");
            }
            assertTrue(h.serverMetrics.badFrames.isEmpty() && h.clientMetrics.badFrames.isEmpty(),
                    "padding is not a bad frame: " + h.serverMetrics.badFrames + " " + h.clientMetrics.badFrames);
        }
    }

    /** The TCP server's config frame carries a real (random, non-reserved) session id, not EMPTY. */
    @Test
    void tcpConfigFrameCarriesARealSessionId() throws Exception {
        try (Harness h = new Harness(Transport.TCP, 22)) {
            h.capture = true;
            h.start(ConnectionExamplesTest.GOOD).online();
            SessionId id = h.server().sessionId();
            assertFalse(id.isReserved(), "server TCP session id " + id);
            java.io.ByteArrayOutputStream s2c = new java.io.ByteArrayOutputStream();
            h.capturedS2c.forEach(s2c::writeBytes);
            byte[] stream = s2c.toByteArray();
            byte[] want = io.netty.buffer.Unpooled.buffer(8).writeLong(id.value()).array();
            boolean found = false;
            for (int i = 0; i + 8 <= stream.length && !found; i++) {
                found = java.util.Arrays.equals(stream, i, i + 8, want, 0, 8);
            }
            assertTrue(found, "the config frame sent to the client holds the session id");
        }
    }

    @Test
    void authRequestIsResentOnTicksWhileAuthenticatingOnUdp() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 12)) {
            h.capture = true;
            h.start(ConnectionExamplesTest.GOOD);
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.AUTHENTICATING, 5 * SEC));
            h.s2c.blackHole(true);
            h.capturedC2s.clear();
            h.runFor(8 * SEC);
            long authSends = recordKinds(h.capturedC2s).stream().filter(k -> k == 4).count();
            // Resends at +0.5, +1.5, +3.5, +7.5 s (backoff), each sent 3× (still aggressive).
            assertEquals(4 * 3, authSends);
            assertEquals(ConnectionState.AUTHENTICATING, h.client.state());
            h.s2c.blackHole(false);
            h.online();
            assertEquals(1, h.pool.live.size(), "repeated AuthRequests allocate one address");
        }
    }

    @Test
    void tcpClientDoesNotResendAuthRequest() throws Exception {
        try (Harness h = new Harness(Transport.TCP, 13)) {
            h.start(ConnectionExamplesTest.GOOD);
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.AUTHENTICATING, 5 * SEC));
            h.s2c.blackHole(true);
            long sent = h.datagramsC2s;
            h.runFor(10 * SEC);
            assertEquals(sent, h.datagramsC2s);
        }
    }

    @Test
    void rejectedHeaderRaisesSessionRejectedAndIsNotFatal() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 14).start(ConnectionExamplesTest.GOOD).online()) {
            ByteBuf reject = h.alloc.buffer();
            org.lightwayj.core.wire.Header.reject().encode(reject);
            h.client.outsideDataReceived(reject, h.now);
            assertEquals(1, h.clientSide.sessionRejected);
            assertEquals(ConnectionState.ONLINE, h.client.state());
            assertEquals(1, h.clientMetrics.rejected);
        }
    }

    @Test
    void endpointAnswersUnknownSessionIdWithRejectHeader() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 15).start(ConnectionExamplesTest.GOOD).online()) {
            h.capture = true;
            ByteBuf d = h.alloc.buffer();
            d.writeBytes(new byte[] {'H', 'e', 1, 2, 0, 0, 0, 0}).writeLong(0x1234_5678_9abc_def0L).writeBytes(PING);
            assertNull(h.endpoint.datagramReceived(d, new InetSocketAddress("10.0.0.9", 5555), h.now));
            assertEquals(1, h.capturedS2c.size());
            assertArrayEquals(new byte[] {0x48, 0x65, 1, 1, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1},
                    h.capturedS2c.get(0));
            // A REJECTED id is never answered (no reject ping-pong between servers).
            ByteBuf r = h.alloc.buffer();
            org.lightwayj.core.wire.Header.reject().encode(r);
            h.endpoint.datagramReceived(r, new InetSocketAddress("10.0.0.9", 5555), h.now);
            assertEquals(1, h.capturedS2c.size());
            h.runFor(SEC); // the first reject reached the (single) client harmlessly
        }
    }

    @Test
    void serverDropsNewPeersOutsideItsVersionRange() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 16)) {
            h.start(ConnectionExamplesTest.GOOD, c -> c.maximumVersion(Version.V1_3).handshakeTimeout(Duration.ofSeconds(3)),
                    s -> s.maximumVersion(Version.V1_2), null);
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 10 * SEC));
            assertEquals(ConnectionError.TIMED_OUT, h.client.closeReason().error());
            assertTrue(h.endpoint.connections().isEmpty());
            assertTrue(h.serverMetrics.badPackets.get(ConnectionError.INVALID_PROTOCOL_VERSION) > 0);
        }
    }

    @Test
    void serverAdoptsHeaderVersionAndIgnoresOtherVersionsLater() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 17)) {
            h.start(ConnectionExamplesTest.GOOD, c -> c.maximumVersion(Version.V1_3), s -> { }, null).online();
            Connection s = h.server();
            assertEquals(Version.V1_3, s.version());
            ByteBuf d = h.authenticated(s, PING);
            d.setByte(3, 2); // version 1.2 now
            h.injectToServer(d);
            assertEquals(1L, h.serverMetrics.badPackets.get(ConnectionError.INVALID_PROTOCOL_VERSION));
            assertEquals(ConnectionState.ONLINE, s.state());
        }
    }

    @Test
    void paddingZerosAreIgnoredAndGarbageDiscardsTheRestOfTheRecord() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 18).start(ConnectionExamplesTest.GOOD).online()) {
            h.capture = true;
            Connection s = h.server();
            byte[] padded = new byte[PING.length + 40];
            System.arraycopy(PING, 0, padded, 0, PING.length);
            h.inject(s, padded);
            assertEquals(List.of(3), recordKinds(h.capturedS2c), "Ping answered with Pong");
            assertEquals(0, h.serverMetrics.badFrameTotal());

            h.capturedS2c.clear();
            byte[] rec = new byte[PING.length * 2 + 1];
            System.arraycopy(PING, 0, rec, 0, PING.length);
            rec[PING.length] = 99; // an unknown kind: the Ping after it is discarded with it
            System.arraycopy(PING, 0, rec, PING.length + 1, PING.length);
            h.inject(s, rec);
            assertEquals(List.of(3), recordKinds(h.capturedS2c));
            assertEquals(1L, h.serverMetrics.badFrames.get(ConnectionError.UNKNOWN_FRAME_TYPE));
            assertEquals(ConnectionState.ONLINE, s.state());

            // A truncated frame is non-fatal on UDP; a bad enum (AuthRequest kind 111) is fatal.
            h.inject(s, new byte[] {5, 0, 9, 1});
            assertEquals(1L, h.serverMetrics.badFrames.get(ConnectionError.TRUNCATED_FRAME));
            assertEquals(ConnectionState.ONLINE, s.state());
            h.inject(s, new byte[] {4, 111});
            assertEquals(ConnectionState.DISCONNECTED, s.state());
            assertEquals(ConnectionError.INVALID_FRAME, s.closeReason().error());
        }
    }

    @Test
    void expressLaneDatagramsAreDroppedAndCounted() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 19).start(ConnectionExamplesTest.GOOD).online()) {
            ByteBuf d = h.authenticated(h.client, PING);
            d.setByte(5, 1);
            h.client.outsideDataReceived(d, h.now);
            assertEquals(1, h.clientMetrics.expressLane);
            byte[] cfg = new byte[45];
            cfg[0] = 20;
            h.inject(h.client, cfg);
            assertEquals(2, h.clientMetrics.expressLane);
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pingBeforeOnlineIsInvalidStateFatalOnlyOnTcp(Transport t) throws Exception {
        try (Harness h = new Harness(t, 20).start(ConnectionExamplesTest.GOOD)) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.AUTHENTICATING, 5 * SEC));
            h.c2s.blackHole(true);
            Connection s = h.server();
            assertEquals(ConnectionState.LINK_UP, s.state());
            h.inject(s, PING);
            if (t == Transport.UDP) {
                assertEquals(ConnectionState.LINK_UP, s.state());
                assertEquals(1, h.serverMetrics.invalidState);
            } else {
                assertEquals(ConnectionState.DISCONNECTED, s.state());
                assertEquals(ConnectionError.INVALID_STATE, s.closeReason().error());
            }
        }
    }

    @Test
    void keepalivePingAndPongAndProbeIds() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 21).start(ConnectionExamplesTest.GOOD).online()) {
            h.capture = true;
            Connection s = h.server();
            h.inject(s, PING_7);
            byte[] pong = h.capturedS2c.get(h.capturedS2c.size() - 1);
            assertEquals(3, pong[25]);
            assertEquals(7, pong[27]); // the Pong echoes the id
            h.inject(h.client, new byte[] {3, 0, 7, 0, 0});
            assertEquals(0, h.clientSide.keepaliveReplies, "a Pong with id ≠ 0 is not a keepalive reply");
            h.inject(h.client, new byte[] {3, 0, 0, 0, 0});
            assertEquals(1, h.clientSide.keepaliveReplies);
        }
    }

    @Test
    void pathMtuDiscoveryRequiredWhenOutsideMtuIsTooSmall() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 22)) {
            h.start(ConnectionExamplesTest.GOOD, c -> c.outsideMtu(1400), s -> { }, null);
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 10 * SEC));
            assertEquals(ConnectionError.PATH_MTU_DISCOVERY_REQUIRED, h.client.closeReason().error());
            assertTrue(h.clientSide.ipConfigs.isEmpty());
        }
        try (Harness h = new Harness(Transport.UDP, 22)) {
            h.start(ConnectionExamplesTest.GOOD, c -> c.outsideMtu(1400).pmtudEnabled(true), s -> { }, null).online();
        }
        try (Harness h = new Harness(Transport.TCP, 22)) {
            h.start(ConnectionExamplesTest.GOOD, c -> c.outsideMtu(1400), s -> { }, null).online();
        }
    }

    @Test
    void exhaustedIpPoolDeniesWithNoAvailableClientIp() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 23)) {
            h.pool.capacity = 0;
            h.start(ConnectionExamplesTest.GOOD);
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 10 * SEC));
            assertEquals(ConnectionError.UNAUTHORIZED, h.client.closeReason().error());
            assertEquals(1L, h.serverMetrics.fatal.get(ConnectionError.NO_AVAILABLE_CLIENT_IP));
        }
    }

    @Test
    void coreDrivenKeepaliveAndIdleTimeout() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 24)) {
            h.start(ConnectionExamplesTest.GOOD,
                    c -> c.keepaliveInterval(Duration.ofSeconds(10)).keepaliveTimeout(Duration.ofSeconds(60)), s -> { },
                    null).online();
            h.runFor(35 * SEC);
            assertEquals(3, h.clientSide.keepaliveReplies);
            assertEquals(ConnectionState.ONLINE, h.client.state());
            h.s2c.blackHole(true);
            long t0 = h.now;
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.DISCONNECTED, 120 * SEC));
            assertEquals(ConnectionError.TIMED_OUT, h.client.closeReason().error());
            assertTrue(h.now - t0 <= 60 * SEC);
        }
    }

    @Test
    void tcpSendQueueHoldsSixtyFourFramesWhileBlocked() throws Exception {
        try (Harness h = new Harness(Transport.TCP, 25).start(ConnectionExamplesTest.GOOD).online()) {
            h.clientBlocked = true;
            for (int i = 0; i < 100; i++) {
                h.client.insidePacketReceived(h.packet(i, 200), h.now);
            }
            // One sealed record waits in the blocked writer, 64 frames queue, the rest are dropped.
            assertEquals(35, h.clientMetrics.sendDropped);
            h.runFor(SEC);
            assertEquals(0, h.serverSide.inside.size());
            h.clientBlocked = false;
            h.client.outsideWritable(h.now);
            h.runFor(SEC);
            assertEquals(65, h.serverSide.inside.size());
            for (int i = 0; i < 65; i++) {
                assertEquals(i, Harness.packetId(h.serverSide.inside.get(i)));
            }
        }
    }

    @Test
    void tcpSendQueueKeepsOneInnerTcpFrame() throws Exception {
        try (Harness h = new Harness(Transport.TCP, 38).start(ConnectionExamplesTest.GOOD).online()) {
            h.clientBlocked = true;
            for (int i = 0; i < 10; i++) {
                ByteBuf p = h.packet(i, 200);
                p.setByte(9, i < 5 ? 6 : 17); // five inner-TCP packets, then five UDP ones
                h.client.insidePacketReceived(p, h.now);
            }
            // #0 is sealed and waits in the blocked writer; of #1..#4 (TCP) only #1 is queued.
            assertEquals(3, h.clientMetrics.sendDropped);
            h.clientBlocked = false;
            h.client.outsideWritable(h.now);
            h.runFor(SEC);
            List<Long> ids = new ArrayList<>();
            for (byte[] p : h.serverSide.inside) {
                ids.add(Harness.packetId(p) & 0xFFFF); // byte 9 (the protocol) overlaps the id
            }
            assertEquals(List.of(0L, 1L, 5L, 6L, 7L, 8L, 9L), ids);
        }
    }

    @Test
    void udpSenderRefusalDropsAndCounts() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 26).start(ConnectionExamplesTest.GOOD).online()) {
            h.clientBlocked = true;
            h.client.insidePacketReceived(h.packet(1, 200), h.now);
            assertEquals(1, h.clientMetrics.sendDropped);
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @Test
    void tickEarlyOrTwiceIsHarmless() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 27).start(ConnectionExamplesTest.GOOD)) {
            long sent = h.datagramsC2s;
            long deadline = h.client.nextTimeout();
            for (int i = 0; i < 10; i++) {
                h.client.tick(h.now);
                h.client.tick(deadline - 1);
            }
            assertEquals(sent, h.datagramsC2s);
            assertEquals(deadline, h.client.nextTimeout());
            h.client.tick(deadline);
            h.client.tick(deadline);
            assertEquals(sent + 3, h.datagramsC2s, "one retransmission, sent 3×");
        }
    }

    @Test
    void disconnectIsRefusedWhileConnectingButCloseWorksAnywhere() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 28).start(ConnectionExamplesTest.GOOD)) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> h.client.disconnect(h.now));
            assertEquals(ConnectionError.INVALID_STATE, e.error());
            h.client.close();
            assertEquals(ConnectionState.DISCONNECTED, h.client.state());
            assertEquals(Long.MAX_VALUE, h.client.nextTimeout());
            h.client.close();
            h.client.tick(h.now);
            h.client.keepalive(h.now);
        }
    }

    @Test
    void repeatedAuthRequestWhileOnlineIsAnsweredAgain() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 29).start(ConnectionExamplesTest.GOOD).online()) {
            h.capture = true;
            Connection s = h.server();
            ByteBuf auth = h.alloc.buffer();
            new org.lightwayj.core.wire.AuthRequest(ConnectionExamplesTest.GOOD).encode(auth);
            byte[] frame = new byte[auth.readableBytes()];
            auth.readBytes(frame);
            auth.release();
            h.inject(s, frame);
            assertEquals(List.of(6), recordKinds(h.capturedS2c));
            assertEquals(1, h.pool.live.size());
            h.runFor(SEC);
            assertEquals(1, h.clientSide.ipConfigs.size(), "a duplicate AuthSuccess is ignored when Online");
        }
    }

    @Test
    void tcpTunnelVersionFromAuthResult() throws Exception {
        try (Harness h = new Harness(Transport.TCP, 30)) {
            h.start(new AuthMethod.VersionedToken(Version.V1_3, "token"), c -> { },
                    s -> s.auth((c, m) -> m instanceof AuthMethod.VersionedToken vt
                            ? AuthResult.granted(Set.of(Feature.INSIDE_PACKET_CODEC), vt.version())
                            : AuthResult.denied()), null);
            h.online();
            assertEquals(Version.V1_3, h.server().version());
            assertEquals(Set.of(Feature.INSIDE_PACKET_CODEC), h.server().features());
        }
    }

    @Test
    void floatingClientIsFoundBySessionIdAndCommittedOnlyWhenAuthenticated() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 31).start(ConnectionExamplesTest.GOOD).online()) {
            Connection s = h.server();
            InetSocketAddress moved = new InetSocketAddress("10.9.9.9", 4444);
            // Unauthenticated bytes carrying the right session id do not move the session.
            ByteBuf spoof = h.alloc.buffer();
            spoof.writeBytes(new byte[] {'H', 'e', 1, 2, 0, 0, 0, 0}).writeLong(s.sessionId().value())
                    .writeBytes(new byte[] {3, 1, 2, 3});
            assertEquals(s, h.endpoint.datagramReceived(spoof, moved, h.now));
            assertEquals(Harness.CLIENT_ADDR, s.peerAddress());
            // An authenticated one does.
            assertEquals(s, h.endpoint.datagramReceived(h.authenticated(s, PING), moved, h.now));
            assertEquals(moved, s.peerAddress());
        }
    }

    @Test
    void goodbyeFromClientWhileAuthenticating() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 32).start(ConnectionExamplesTest.GOOD)) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.AUTHENTICATING, 5 * SEC));
            Connection s = h.server();
            h.client.disconnect(h.now);
            h.runFor(SEC);
            assertEquals(ConnectionState.DISCONNECTED, s.state());
            assertEquals(ConnectionError.GOODBYE, s.closeReason().error());
            assertTrue(h.endpoint.connections().isEmpty());
        }
    }

    @Test
    void forgedRecordsAreCountedAsTlsDrops() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 33).start(ConnectionExamplesTest.GOOD).online()) {
            ByteBuf d = h.authenticated(h.client, PING);
            d.setByte(d.writerIndex() - 1, d.getByte(d.writerIndex() - 1) ^ 1); // break the "MAC"
            h.client.outsideDataReceived(d, h.now);
            assertEquals(1, h.clientMetrics.tlsDropped);
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @Test
    void invalidInsideIpConfigIsFatal() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 34).start(ConnectionExamplesTest.GOOD)) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.AUTHENTICATING, 5 * SEC));
            h.s2c.blackHole(true);
            ByteBuf f = h.alloc.buffer();
            new org.lightwayj.core.wire.AuthSuccessWithConfigV4("not-an-ip", "10.0.0.1", "10.0.0.2", "1350",
                    org.lightwayj.core.SessionId.EMPTY).encode(f);
            byte[] frame = new byte[f.readableBytes()];
            f.readBytes(frame);
            f.release();
            h.inject(h.client, frame);
            assertEquals(ConnectionState.DISCONNECTED, h.client.state());
            assertEquals(ConnectionError.INVALID_INSIDE_IP_CONFIG, h.client.closeReason().error());
            assertTrue(h.clientSide.ipConfigs.isEmpty());
        }
    }

    @Test
    void endpointRunsTheStatelessAdmissionBeforeCreatingAConnection() throws Exception {
        TlsEngineFactory base = PlainTestEngine.factory(false);
        int[] admits = new int[1];
        TlsEngineFactory gated = new TlsEngineFactory() {
            @Override
            public org.lightwayj.core.tls.TlsEngine newEngine(Transport t, io.netty.buffer.ByteBufAllocator a,
                    long now) throws org.lightwayj.core.tls.TlsException {
                return base.newEngine(t, a, now);
            }

            @Override
            public Object admit(java.net.SocketAddress peer, ByteBuf dtls,
                    java.util.function.Consumer<ByteBuf> reply) {
                if (admits[0]++ == 0) {
                    // Like a HelloVerifyRequest: answer statelessly, create nothing.
                    ByteBuf r = io.netty.buffer.Unpooled.buffer(32);
                    r.writerIndex(16).readerIndex(16);
                    r.writeByte(9);
                    reply.accept(r);
                    return null;
                }
                return peer;
            }
        };
        try (Harness h = new Harness(Transport.UDP, 35)) {
            h.capture = true;
            h.start(ConnectionExamplesTest.GOOD, c -> { }, s -> s.tlsEngineFactory(gated), null).online();
            byte[] first = h.capturedS2c.get(0);
            assertEquals(17, first.length);
            assertArrayEquals(new byte[] {'H', 'e', 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9}, first);
            assertEquals(1, h.serverMetrics.created);
            assertEquals(2, admits[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void customCallbackAuthReachesTheServerCallback(Transport t) throws Exception {
        byte[] blob = {1, 2, 3, 4};
        List<AuthMethod> seen = new ArrayList<>();
        try (Harness h = new Harness(t, 36)) {
            h.start(new AuthMethod.CustomCallback(blob), c -> { }, s -> s.auth((c, m) -> {
                seen.add(m);
                return m instanceof AuthMethod.CustomCallback cc && java.util.Arrays.equals(cc.data(), blob)
                        ? AuthResult.granted() : AuthResult.denied();
            }), null).online();
            assertEquals(1, seen.size());
        }
    }

    @Test
    void tcpFrameSplitAcrossRecordsIsResumed() throws Exception {
        try (Harness h = new Harness(Transport.TCP, 37).start(ConnectionExamplesTest.GOOD).online()) {
            Connection s = h.server();
            ByteBuf p = h.packet(5, 300);
            byte[] frame = new byte[303];
            frame[0] = 5;
            frame[1] = (byte) (300 >> 8);
            frame[2] = (byte) 300;
            p.readBytes(frame, 3, 300);
            p.release();
            // Data frame in three records: 1 byte, 150 bytes, the rest plus a Ping.
            h.inject(s, java.util.Arrays.copyOfRange(frame, 0, 1));
            h.inject(s, java.util.Arrays.copyOfRange(frame, 1, 151));
            assertEquals(0, h.serverSide.inside.size());
            byte[] rest = new byte[152 + PING.length];
            System.arraycopy(frame, 151, rest, 0, 152);
            System.arraycopy(PING, 0, rest, 152, PING.length);
            h.inject(s, rest);
            assertEquals(1, h.serverSide.inside.size());
            assertEquals(5, Harness.packetId(h.serverSide.inside.get(0)));
            assertEquals(ConnectionState.ONLINE, s.state());
            h.runFor(SEC);
            assertEquals(0, h.clientMetrics.invalidState); // the Pong reached an Online client
        }
    }

    @Test
    void fatalityFollowsSection49() {
        Set<ConnectionError> fatalOnUdp = Set.of(ConnectionError.TIMED_OUT, ConnectionError.UNAUTHORIZED,
                ConnectionError.NO_AVAILABLE_CLIENT_IP, ConnectionError.INVALID_INSIDE_IP_CONFIG,
                ConnectionError.ACCESS_DENIED, ConnectionError.GOODBYE, ConnectionError.DISCONNECTED,
                ConnectionError.PACKET_CODEC_DOES_NOT_EXIST, ConnectionError.PACKET_CODEC_ERROR,
                ConnectionError.PATH_MTU_DISCOVERY_REQUIRED, ConnectionError.TLS_FAILURE, ConnectionError.INVALID_FRAME,
                ConnectionError.INTERNAL_ERROR, ConnectionError.INVALID_CONNECTION_TYPE);
        for (ConnectionError e : ConnectionError.values()) {
            assertTrue(e.isFatal(Transport.TCP), e + " on TCP");
            assertEquals(fatalOnUdp.contains(e), e.isFatal(Transport.UDP), e + " on UDP");
        }
        for (org.lightwayj.core.wire.WireError w : org.lightwayj.core.wire.WireError.values()) {
            boolean fatal = ConnectionError.fromWire(w).isFatal(Transport.UDP);
            boolean expected = !Set.of("UNKNOWN_FRAME_TYPE", "INSUFFICIENT_DATA", "INVALID_EXPRESS_DATA",
                    "REPLAYED_EXPRESS_DATA", "INVALID_PROTOCOL_VERSION").contains(w.name());
            assertEquals(expected, fatal, w.name());
        }
        assertFalse(new ConnectionException(ConnectionError.INVALID_STATE, "x").isFatal(Transport.UDP));
        assertNotNull(new ConnectionException(ConnectionError.INVALID_STATE, "x").getMessage());
    }
}
