package org.lightwayj.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.connection.ConnectionState;

/** A real client and server (TLS 1.3 over TCP, in memory) count into one registry. */
class RealConnectionMetricsTest {

    @Test
    void aHandshakeAndGoodbyeShowUpAsTraffic() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TcpPair pair = new TcpPair(new MicrometerMetricsListener(registry), true)) {
            pair.pump();
            assertEquals(ConnectionState.ONLINE, pair.client.state());
            double sent = registry.get("lightway.outside.bytes").tag("direction", "sent").counter().count();
            double received = registry.get("lightway.outside.bytes").tag("direction", "received").counter().count();
            assertTrue(sent > 1000, "a TLS 1.3 handshake with a certificate: " + sent);
            // In memory nothing is lost: every byte one side sent, the other received.
            assertEquals(sent, received);
            assertTrue(registry.get("lightway.outside.datagrams").tag("direction", "sent").counter().count() >= 4);

            pair.client.disconnect(pair.now);
            pair.pump();
            assertTrue(registry.get("lightway.outside.bytes").tag("direction", "sent").counter().count() > sent,
                    "Goodbye and close_notify were counted");
        }
    }

    @Test
    void aFailedHandshakeCountsItsFatalError() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TcpPair pair = new TcpPair(new MicrometerMetricsListener(registry, Tags.of("side", "both")), false)) {
            pair.pump(); // the client does not trust the server's CA
            assertEquals(ConnectionState.DISCONNECTED, pair.client.state());
        }
        assertTrue(registry.get("lightway.connections.fatal").tags("side", "both", "error", "TLS_FAILURE")
                .counter().count() >= 1);
    }
}
