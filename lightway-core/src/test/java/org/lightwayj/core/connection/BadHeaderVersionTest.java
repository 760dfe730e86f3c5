package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spec §1.3 / §4.7, as upstream does it: a UDP header whose version is outside [1.1, 1.3] drops that
 * one datagram (counted as {@code badPacket(INVALID_PROTOCOL_VERSION)}); no connection ends, nothing is
 * answered, and the next good datagram is processed as usual. Client and endpoint both.
 */
class BadHeaderVersionTest {

    private static final SocketAddress ELSEWHERE = new InetSocketAddress("10.9.9.9", 9999);

    private static ByteBuf withVersion(ByteBuf d, int major, int minor) {
        d.setByte(d.readerIndex() + 2, major);
        d.setByte(d.readerIndex() + 3, minor);
        return d;
    }

    private static long badVersion(CountingMetrics m) {
        return m.badPackets.getOrDefault(ConnectionError.INVALID_PROTOCOL_VERSION, 0L);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,0", "1,4", "2,1", "255,255"})
    void clientDropsTheDatagramAndStaysOnline(int major, int minor) throws Exception {
        try (Harness h = new Harness(Transport.UDP, 31).start(ConnectionExamplesTest.GOOD).online()) {
            h.capture = true;
            h.client.outsideDataReceived(withVersion(h.authenticated(h.client, ConnectionBehaviourTest.PING),
                    major, minor), h.now);
            assertEquals(ConnectionState.ONLINE, h.client.state());
            assertNull(h.client.closeReason());
            assertEquals(1L, badVersion(h.clientMetrics));
            assertTrue(h.capturedC2s.isEmpty(), "the Ping in the dropped datagram is not answered");
            // The next good datagram still works: its Ping gets a Pong.
            h.inject(h.client, ConnectionBehaviourTest.PING);
            assertEquals(1, h.capturedC2s.size());
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,0", "1,4", "2,1", "255,255"})
    void endpointDropsItFromTheKnownPeerAndFromAFloat(int major, int minor) throws Exception {
        try (Harness h = new Harness(Transport.UDP, 32).start(ConnectionExamplesTest.GOOD).online()) {
            h.capture = true;
            Connection s = h.server();
            SocketAddress peer = s.peerAddress();
            h.injectToServer(withVersion(h.authenticated(s, ConnectionBehaviourTest.PING), major, minor));
            // The same from another address (a float): dropped too, and the address is not committed.
            h.endpoint.datagramReceived(withVersion(h.authenticated(s, ConnectionBehaviourTest.PING), major, minor),
                    ELSEWHERE, h.now);
            assertEquals(ConnectionState.ONLINE, s.state());
            assertNull(s.closeReason());
            assertEquals(peer, s.peerAddress());
            assertEquals(2L, badVersion(h.serverMetrics));
            assertTrue(h.capturedS2c.isEmpty(), "nothing is answered");
            h.inject(s, ConnectionBehaviourTest.PING);
            assertEquals(1, h.capturedS2c.size(), "the next good Ping gets its Pong");
            assertSame(s, h.server());
        }
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,0", "1,4", "2,1", "255,255"})
    void endpointDropsItWithAnUnknownSessionIdInsteadOfRejecting(int major, int minor) throws Exception {
        try (Harness h = new Harness(Transport.UDP, 33).start(ConnectionExamplesTest.GOOD).online()) {
            h.capture = true;
            ByteBuf d = h.alloc.buffer();
            d.writeByte('H').writeByte('e').writeByte(major).writeByte(minor).writeInt(0)
                    .writeLong(0x0123_4567_89ab_cdefL).writeBytes(ConnectionBehaviourTest.PING);
            assertNull(h.endpoint.datagramReceived(d, ELSEWHERE, h.now));
            assertEquals(1L, badVersion(h.serverMetrics));
            assertEquals(0L, h.serverMetrics.rejected, "not counted as an unknown session");
            assertTrue(h.capturedS2c.isEmpty(), "no reject header goes back");
            assertEquals(1, h.endpoint.connections().size());
            assertEquals(ConnectionState.ONLINE, h.server().state());
        }
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1,0", "1,4", "2,1"})
    void endpointDropsANewPeerWithABadVersion(int major, int minor) throws Exception {
        try (Harness h = new Harness(Transport.UDP, 34).start(ConnectionExamplesTest.GOOD).online()) {
            h.capture = true;
            ByteBuf d = h.alloc.buffer();
            d.writeByte('H').writeByte('e').writeByte(major).writeByte(minor).writeInt(0).writeLong(0)
                    .writeBytes(new byte[40]);
            assertNull(h.endpoint.datagramReceived(d, ELSEWHERE, h.now));
            assertEquals(1L, badVersion(h.serverMetrics));
            assertTrue(h.capturedS2c.isEmpty());
            assertEquals(1, h.endpoint.connections().size());
        }
    }
}
