package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.wire.Header;

/**
 * Found by {@link EndpointFuzzTest}: the DTLS 1.3 admission assembles a fragmented ClientHello2 from the
 * first bytes it gets for each range from the peer's address, and the cookie authenticates only the
 * address and ClientHello1's hash. Anyone who can send from the client's address can therefore put in a
 * fragment that does not carry the cookie (here the last 8 bytes, the tail of the X25519 share, whose
 * position and headers are predictable) before the client's own: the assembled ClientHello2 is admitted
 * and the server's engine answers a key share the client never made. Plaintext hellos cannot be
 * authenticated before the keys exist (a spoofed ServerHello does the same to a client), so the defence
 * is to notice quickly: the client gives up once the server's flight keeps failing to decrypt, well
 * before any handshake timeout, and the host's retry succeeds.
 */
class ForgedHelloFragmentTest {
    private static final long SEC = 1_000_000_000L;

    @Test
    void aForgedFragmentBeforeTheClientsOwnFailsTheHandshakeFastAndARetrySucceeds() throws Exception {
        try (EndpointFuzzTest.Rig rig = new EndpointFuzzTest.Rig(false, true)) {
            long start = rig.now;
            deliverAll(rig);           // ClientHello1 (and its copies)
            rig.toClient();            // the HelloRetryRequest(s): ClientHello2 is queued, in fragments
            List<byte[]> ch2 = new ArrayList<>();
            for (ByteBuf b : rig.fromClient) {
                ch2.add(ByteBufUtil.getBytes(b));
            }
            byte[] last = ch2.stream().filter(d -> d.length < 200).findFirst()
                    .orElseThrow(() -> new AssertionError("ClientHello2 is not fragmented: " + ch2.size()));
            // What an off-path sender can predict: the headers, not the key share bytes.
            byte[] forged = last.clone();
            Arrays.fill(forged, Header.SIZE + 13 + 12, forged.length, (byte) 0x42);
            assertNull(rig.endpoint.datagramReceived(
                    rig.alloc.buffer().writeBytes(forged), EndpointFuzzTest.CLIENT_A, rig.now));
            deliverAll(rig);
            EndpointFuzzTest.settle(rig);

            assertEquals(ConnectionState.DISCONNECTED, rig.client.state(), "the client gave up");
            ConnectionException why = rig.client.closeReason();
            assertEquals(ConnectionError.TLS_FAILURE, why.error(), why.toString());
            assertTrue(why.getMessage().contains("does not decrypt"), why.getMessage());
            long tookNanos = rig.now - start;
            assertTrue(tookNanos < 5 * SEC, "gave up after " + tookNanos / 1_000_000
                    + " ms, not at a handshake timeout (server 10 s, client 20 s)");

            // The forged connection holds the address until the server's 10 s TLS handshake timeout;
            // then a retry from the same address (a host reusing its socket) comes Online.
            rig.tick(ServerContext.DEFAULT_TLS_HANDSHAKE_TIMEOUT.toNanos());
            assertTrue(rig.endpoint.connections().isEmpty(), "the server dropped the forged handshake");
            rig.toClient(); // what the forged connection sent until then reaches the old client's socket
            rig.client.close();
            rig.client = rig.newClient();
            EndpointFuzzTest.settle(rig, rig.now + 9 * SEC);
            assertEquals(ConnectionState.ONLINE, rig.client.state(), String.valueOf(rig.client.closeReason()));
        }
    }

    private static void deliverAll(EndpointFuzzTest.Rig rig) {
        for (ByteBuf b; (b = rig.fromClient.poll()) != null; ) {
            rig.endpoint.datagramReceived(b, EndpointFuzzTest.CLIENT_A, rig.now);
        }
    }
}
