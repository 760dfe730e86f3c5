package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.SessionId;

/** Spec §1.4 over the harness: client roaming, server session-id rotation and their races. */
class RoamingRotationTest {

    static final long SEC = 1_000_000_000L;
    static final SocketAddress MOVED = new InetSocketAddress("10.1.2.3", 5555);
    static final SocketAddress ATTACKER = new InetSocketAddress("192.0.2.66", 6666);

    static <T extends ConnectionEvent> List<T> events(Harness.Side side, Class<T> type) {
        return side.events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Sends one inside packet client → server and runs until the server delivered it. */
    static void clientSends(Harness h, long id) throws ConnectionException {
        int before = h.serverSide.inside.size();
        h.client.insidePacketReceived(h.packet(id, 200), h.now);
        assertTrue(h.runUntil(() -> h.serverSide.inside.size() > before, 2 * SEC), "server did not get packet " + id);
        assertEquals(id, Harness.packetId(h.serverSide.inside.get(h.serverSide.inside.size() - 1)));
    }

    static void serverSends(Harness h, long id) throws ConnectionException {
        int before = h.clientSide.inside.size();
        h.server().insidePacketReceived(h.packet(id, 300), h.now);
        assertTrue(h.runUntil(() -> h.clientSide.inside.size() > before, 2 * SEC), "client did not get packet " + id);
    }

    @Test
    void roamingClientMovesTheSessionOnlyWithAuthenticatedDatagrams() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 501).start(ConnectionExamplesTest.GOOD).online()) {
            Connection s = h.server();
            SessionId first = s.sessionId();
            clientSends(h, 1);
            serverSends(h, 2);

            // A spoofed datagram with the right session id from a third address: not authenticated.
            ByteBuf spoof = h.alloc.buffer();
            spoof.writeBytes(new byte[] {'H', 'e', 1, 2, 0, 0, 0, 0}).writeLong(first.value())
                    .writeBytes(new byte[] {PlainTestEngine.RECORD, 9, 9, 9, 9, 9, 9, 9, 9, 2, 0, 0, 0, 0, 0});
            assertSame(s, h.endpoint.datagramReceived(spoof, ATTACKER, h.now));
            assertEquals(Harness.CLIENT_ADDR, s.peerAddress());
            assertEquals(first, s.sessionId());
            assertNull(s.pendingSessionId(), "no rotation for an unauthenticated datagram");

            // The client roams: its next datagram comes from MOVED; replies to the old address are lost.
            h.clientAddr = MOVED;
            clientSends(h, 3);
            assertEquals(MOVED, s.peerAddress());
            // §1.4: the float was recovered by session id → the server rotates, and the client follows.
            assertTrue(h.runUntil(() -> !events(h.serverSide, ConnectionEvent.SessionIdRotationAcknowledged.class)
                    .isEmpty(), 2 * SEC));
            assertNotEquals(first, s.sessionId());
            assertEquals(s.sessionId(), h.client.sessionId());
            assertSame(s, h.endpoint.connection(s.sessionId()));
            assertNull(h.endpoint.connection(first));
            serverSends(h, 4);
            clientSends(h, 5);

            // The old address no longer owns the session; the attacker's id is now unknown → reject.
            long rejected = h.serverMetrics.rejected;
            ByteBuf stale = h.alloc.buffer();
            stale.writeBytes(new byte[] {'H', 'e', 1, 2, 0, 0, 0, 0}).writeLong(first.value()).writeByte(1);
            assertNull(h.endpoint.datagramReceived(stale, ATTACKER, h.now));
            assertEquals(rejected + 1, h.serverMetrics.rejected);
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @Test
    void rotationInOrder() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 502).start(ConnectionExamplesTest.GOOD).online()) {
            Connection s = h.server();
            SessionId old = s.sessionId();
            h.capture = true;
            h.capturedS2c.clear();
            SessionId pending = s.rotateSessionId(h.now);
            assertEquals(pending, s.rotateSessionId(h.now), "a pending rotation is returned, not restarted");
            assertNotEquals(old, pending);
            assertEquals(List.of(new ConnectionEvent.SessionIdRotationStarted(old, pending)),
                    events(h.serverSide, ConnectionEvent.SessionIdRotationStarted.class));
            // The keepalive Ping left at once, already carrying the pending id.
            assertEquals(1, h.capturedS2c.size());
            assertEquals(pending.value(), Unpooled.wrappedBuffer(h.capturedS2c.get(0)).getLong(8));
            assertEquals(old, s.sessionId(), "not final until the client echoes it");
            assertSame(s, h.endpoint.connection(old));

            assertTrue(h.runUntil(() -> s.pendingSessionId() == null, 2 * SEC));
            assertEquals(pending, s.sessionId());
            assertEquals(pending, h.client.sessionId());
            assertEquals(List.of(new ConnectionEvent.SessionIdRotationAcknowledged(old, pending)),
                    events(h.serverSide, ConnectionEvent.SessionIdRotationAcknowledged.class));
            assertSame(s, h.endpoint.connection(pending));
            assertNull(h.endpoint.connection(old));
            clientSends(h, 1);
            serverSends(h, 2);
            assertEquals(0, h.serverMetrics.mismatches);
        }
    }

    @Test
    void rotationIsOnlyForOnlineUdpServers() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 503).start(ConnectionExamplesTest.GOOD).online()) {
            assertEquals(ConnectionError.INVALID_STATE,
                    assertThrows(ConnectionException.class, () -> h.client.rotateSessionId(h.now)).error());
        }
        try (Harness h = new Harness(Transport.TCP, 503).start(ConnectionExamplesTest.GOOD).online()) {
            assertEquals(ConnectionError.INVALID_STATE,
                    assertThrows(ConnectionException.class, () -> h.server().rotateSessionId(h.now)).error());
        }
    }

    @Test
    void oldIdMidRotationDoesNotFinalise() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 504).start(ConnectionExamplesTest.GOOD).online()) {
            Connection s = h.server();
            SessionId old = s.sessionId();
            h.s2c.blackHole(true); // the client never sees the pending id
            SessionId pending = s.rotateSessionId(h.now);
            // Authenticated datagrams still carrying the old id (sent before the client saw the new one).
            clientSends(h, 1);
            h.inject(s, ConnectionBehaviourTest.PING);
            h.runFor(SEC);
            assertEquals(old, s.sessionId());
            assertEquals(pending, s.pendingSessionId());
            assertTrue(events(h.serverSide, ConnectionEvent.SessionIdRotationAcknowledged.class).isEmpty());
            assertEquals(0, h.serverMetrics.mismatches, "the old id is still the session's own");
            // Once the path heals the next ping gets it echoed.
            h.s2c.blackHole(false);
            s.keepalive(h.now);
            assertTrue(h.runUntil(() -> s.pendingSessionId() == null, 2 * SEC));
            assertEquals(pending, s.sessionId());
            // A reordered old-id datagram after the rotation only counts a mismatch.
            ByteBuf late = h.alloc.buffer();
            late.writeBytes(new byte[] {'H', 'e', 1, 2, 0, 0, 0, 0}).writeLong(old.value());
            PlainTestEngine.writeRecord(late, (1L << 41), ConnectionBehaviourTest.PING);
            h.endpoint.datagramReceived(late, Harness.CLIENT_ADDR, h.now);
            assertEquals(1, h.serverMetrics.mismatches);
            assertEquals(pending, s.sessionId());
            assertEquals(1, events(h.serverSide, ConnectionEvent.SessionIdRotationAcknowledged.class).size());
        }
    }

    @Test
    void roamAfterTheClientSawThePendingIdIsFoundByPendingId() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 505).start(ConnectionExamplesTest.GOOD).online()) {
            Connection s = h.server();
            SessionId old = s.sessionId();
            h.c2s.blackHole(true); // the client's echo is lost
            SessionId pending = s.rotateSessionId(h.now);
            assertTrue(h.runUntil(() -> pending.equals(h.client.sessionId()), 2 * SEC));
            assertEquals(pending, s.pendingSessionId());
            // The client roams; its datagram carries the pending id from an unknown address:
            // address → session id → pending id.
            h.c2s.blackHole(false);
            h.clientAddr = MOVED;
            clientSends(h, 1);
            assertEquals(MOVED, s.peerAddress());
            assertEquals(pending, s.sessionId());
            assertNull(s.pendingSessionId());
            assertEquals(List.of(new ConnectionEvent.SessionIdRotationAcknowledged(old, pending)),
                    events(h.serverSide, ConnectionEvent.SessionIdRotationAcknowledged.class));
            assertEquals(1, events(h.serverSide, ConnectionEvent.SessionIdRotationStarted.class).size());
            serverSends(h, 2);
        }
    }

    @Test
    void roamBeforeTheClientSawThePendingIdReusesTheRotation() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 506).start(ConnectionExamplesTest.GOOD).online()) {
            Connection s = h.server();
            SessionId old = s.sessionId();
            h.s2c.blackHole(true);
            SessionId pending = s.rotateSessionId(h.now);
            h.runFor(SEC);
            h.s2c.blackHole(false);
            // Roam with the old id: found by session id, committed, and the float's rotation is the pending one.
            h.clientAddr = MOVED;
            clientSends(h, 1);
            assertEquals(MOVED, s.peerAddress());
            assertEquals(1, events(h.serverSide, ConnectionEvent.SessionIdRotationStarted.class).size());
            assertTrue(h.runUntil(() -> s.pendingSessionId() == null, 2 * SEC));
            assertEquals(pending, s.sessionId());
            assertEquals(pending, h.client.sessionId());
            assertNotEquals(old, pending);
            serverSends(h, 2);
            clientSends(h, 3);
        }
    }

    @Test
    void rotationStartedAfterAFloatCompletesToo() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 507).start(ConnectionExamplesTest.GOOD).online()) {
            Connection s = h.server();
            h.clientAddr = MOVED;
            clientSends(h, 1);
            assertTrue(h.runUntil(() -> !events(h.serverSide, ConnectionEvent.SessionIdRotationAcknowledged.class)
                    .isEmpty(), 2 * SEC));
            SessionId afterFloat = s.sessionId();
            // A later, independent rotation (e.g. at a key update) works from the new address.
            SessionId next = s.rotateSessionId(h.now);
            assertTrue(h.runUntil(() -> s.pendingSessionId() == null, 2 * SEC));
            assertEquals(next, s.sessionId());
            assertNotEquals(afterFloat, next);
            assertEquals(2, events(h.serverSide, ConnectionEvent.SessionIdRotationAcknowledged.class).size());
            byte[] got = h.serverSide.inside.get(0);
            assertArrayEquals(got, h.serverSide.inside.get(0));
            serverSends(h, 2);
        }
    }
}
