package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lightwayj.core.tls.Certificates;

/** A client that is refused never comes Online, and says why (no stack trace, no hang). */
class RefusedConnectionTest {

    /** A wrong password: the server closes with ACCESS_DENIED, the client with UNAUTHORIZED. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @Timeout(30)
    void wrongPasswordIsDenied(boolean tcp) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Options o = Options.parse(tcp ? new String[] {"--tcp"} : new String[0]);
        o.listen = new java.net.InetSocketAddress("127.0.0.1", 0);
        Options wrong = Options.parse(tcp ? new String[] {"--tcp", "--password", "guess"}
                : new String[] {"--password", "guess"});
        ExecutorService handshakes = Executors.newCachedThreadPool();
        Certificates.SelfSigned pki = Main.throwawayPki(o);
        ServerSide server = new ServerSide(o, pki, handshakes, out);
        ClientSide client = null;
        try {
            server.start();
            client = new ClientSide(wrong, pki.caPem(), server.address(), handshakes, out, null);
            client.start();
            assertTrue(client.join(20_000), "the client ended");
            String log = bytes.toString(StandardCharsets.UTF_8);
            assertFalse(client.online, log);
            assertTrue(client.closeReason != null && client.closeReason.contains("UNAUTHORIZED"), log);
            assertEquals(0, server.clientsOnline(), log);
            long end = System.nanoTime() + 5_000_000_000L;
            while (!bytes.toString(StandardCharsets.UTF_8).contains("disconnected (ACCESS_DENIED)")
                    && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("disconnected (ACCESS_DENIED)"), log);
        } finally {
            if (client != null) {
                client.stop(5_000);
            }
            server.stop(5_000);
            handshakes.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    @Timeout(30)
    void wrongCaClosesWithATlsFailure(boolean tcp) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Options o = Options.parse(tcp ? new String[] {"--tcp"} : new String[0]);
        o.listen = new java.net.InetSocketAddress("127.0.0.1", 0);
        ExecutorService handshakes = Executors.newCachedThreadPool();
        ServerSide server = new ServerSide(o, Main.throwawayPki(o), handshakes, out);
        ClientSide client = null;
        try {
            server.start();
            String otherCa = Main.throwawayPki(o).caPem();
            client = new ClientSide(o, otherCa, server.address(), handshakes, out, null);
            client.start();
            assertTrue(client.join(20_000), "the client ended");
            String log = bytes.toString(StandardCharsets.UTF_8);
            assertFalse(client.online, log);
            assertTrue(client.closeReason != null && client.closeReason.contains("TLS_FAILURE"), log);
            assertTrue(log.contains("[client] state DISCONNECTED"), log);
            assertFalse(log.contains("\tat "), log);
            assertEquals(null, client.failure(), log);
        } finally {
            if (client != null) {
                client.stop(5_000);
            }
            server.stop(5_000);
            handshakes.shutdownNow();
        }
    }
}
