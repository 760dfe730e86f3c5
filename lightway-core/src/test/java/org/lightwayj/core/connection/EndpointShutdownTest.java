package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link UdpServerEndpoint#disconnectAll} and {@link UdpServerEndpoint#close}: every client hears
 * Goodbye and ends with {@link ConnectionError#GOODBYE}; every server connection is released; after
 * {@code close} the endpoint serves nobody and counts what it drops.
 */
class EndpointShutdownTest {

    private static final long SEC = 1_000_000_000L;

    private static void assertSawGoodbye(EndpointFleet f, Connection client) {
        assertEquals(ConnectionState.DISCONNECTED, client.state(), client.toString());
        assertEquals(ConnectionError.GOODBYE, client.closeReason().error());
        List<ConnectionEvent> ev = f.clientEvents.get(client);
        // Closed(GOODBYE), then StateChanged(DISCONNECTED): the documented end of a fatal error.
        ConnectionEvent closed = ev.get(ev.size() - 2);
        assertInstanceOf(ConnectionEvent.Closed.class, closed);
        assertEquals(ConnectionError.GOODBYE, ((ConnectionEvent.Closed) closed).cause().error());
        assertEquals(new ConnectionEvent.StateChanged(ConnectionState.DISCONNECTED), ev.get(ev.size() - 1));
    }

    @Test
    void disconnectAllSaysGoodbyeToEveryClientAndReleasesEverything() throws Exception {
        int n = 12;
        try (EndpointFleet f = new EndpointFleet(s -> { }, e -> { })) {
            for (int i = 0; i < n; i++) {
                assertEquals(ConnectionState.ONLINE, f.connect(i * SEC).state());
            }
            List<Connection> servers = new ArrayList<>(f.endpoint.connections());
            assertEquals(n, servers.size());
            assertEquals(n, f.leased.size());

            assertEquals(n, f.endpoint.disconnectAll(20 * SEC));

            assertTrue(f.endpoint.connections().isEmpty());
            assertEquals(Long.MAX_VALUE, f.endpoint.nextTimeout());
            assertTrue(f.leased.isEmpty(), "every tunnel address went back to the pool");
            assertEquals(n, f.freed);
            for (Connection s : servers) {
                assertEquals(ConnectionState.DISCONNECTED, s.state());
                assertNull(s.closeReason(), "a local disconnect, not an error");
            }
            f.pump(20 * SEC);
            for (Connection c : f.clients) {
                assertSawGoodbye(f, c);
            }
            assertFalse(f.endpoint.isClosed(), "disconnectAll leaves the endpoint open");
            // ... so a client may come back.
            assertEquals(ConnectionState.ONLINE, f.connect(21 * SEC).state());
            assertEquals(1, f.endpoint.connections().size());
        } // the fleet asserts that every buffer was released
    }

    @Test
    void aConnectionStillInItsHandshakeIsClosedToo() throws Exception {
        try (EndpointFleet f = new EndpointFleet(s -> { }, e -> { })) {
            f.connect(0);
            // A second peer whose hello reached the server, but whose AuthRequest never did.
            Connection half = f.connectWithoutAuth(0);
            assertEquals(2, f.endpoint.connections().size());
            assertEquals(2, f.endpoint.disconnectAll(SEC));
            assertTrue(f.endpoint.connections().isEmpty());
            assertEquals(ConnectionState.CONNECTING, half.state());
            f.pump(SEC);
            assertSawGoodbye(f, f.clients.get(0));
        }
    }

    @Test
    void closeDisconnectsAllThenDropsAndCountsEveryLaterDatagram() throws Exception {
        try (EndpointFleet f = new EndpointFleet(s -> { }, e -> { })) {
            for (int i = 0; i < 3; i++) {
                f.connect(SEC);
            }
            f.endpoint.tick(2 * SEC); // close() uses the latest host time it was given
            f.endpoint.close();
            assertTrue(f.endpoint.isClosed());
            assertTrue(f.endpoint.connections().isEmpty());
            f.pump(2 * SEC);
            for (Connection c : f.clients) {
                assertSawGoodbye(f, c);
            }
            // The clients' close_notify answers to the Goodbye already arrive at a closed endpoint.
            long before = f.endpoint.droppedAfterClose();
            assertEquals(3L, before);
            assertEquals(before, (long) f.serverMetrics.badPackets.get(ConnectionError.DISCONNECTED));

            // A new client's handshake goes nowhere: no connection, no answer.
            Connection late = f.connect(3 * SEC);
            assertEquals(ConnectionState.CONNECTING, late.state());
            assertTrue(f.endpoint.connections().isEmpty());
            long dropped = f.endpoint.droppedAfterClose();
            assertEquals(before + 3, dropped, "the hello, sent 3 times before Online");
            // Any datagram at all, from an old peer too, is released unread.
            ByteBuf junk = f.alloc.buffer().writeBytes(new byte[] {'H', 'e', 1, 3, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8});
            assertNull(f.endpoint.datagramReceived(junk, EndpointFleet.address(0), 3 * SEC));
            assertEquals(dropped + 1, f.endpoint.droppedAfterClose());
            assertEquals(dropped + 1, (long) f.serverMetrics.badPackets.get(ConnectionError.DISCONNECTED));

            // Idempotent; ticking a closed endpoint does nothing.
            f.endpoint.close();
            f.endpoint.close(4 * SEC);
            f.endpoint.tick(5 * SEC);
            assertEquals(Long.MAX_VALUE, f.endpoint.nextTimeout());
            assertEquals(dropped + 1, f.endpoint.droppedAfterClose());
        }
    }

    @Test
    void tryWithResourcesClosesTheEndpoint() throws Exception {
        EndpointFleet f = new EndpointFleet(s -> { }, e -> { });
        try (f; UdpServerEndpoint endpoint = f.endpoint) {
            f.connect(0);
            assertEquals(1, endpoint.connections().size());
        }
        assertTrue(f.endpoint.isClosed());
        assertTrue(f.endpoint.connections().isEmpty());
    }
}
