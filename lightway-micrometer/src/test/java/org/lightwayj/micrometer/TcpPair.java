package org.lightwayj.micrometer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.connection.AuthResult;
import org.lightwayj.core.connection.ClientContext;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.EventListener;
import org.lightwayj.core.connection.InsideIpConfig;
import org.lightwayj.core.connection.MetricsListener;
import org.lightwayj.core.connection.ServerContext;
import org.lightwayj.core.connection.ServerIpPool;
import org.lightwayj.core.connection.Transport;
import org.lightwayj.core.tls.Certificates;
import org.lightwayj.core.tls.TlsClientConfig;

/**
 * A real client and server over TCP (TLS 1.3 over Bouncy Castle, a throw-away certificate) joined in
 * memory, built with the public API only; everything runs on the calling thread. (A copy of
 * lightway-jfr's test pair: modules do not share test classes.)
 */
final class TcpPair implements AutoCloseable {
    static final String NAME = "vpn.test";

    private final ExecutorService handshakes = Executors.newSingleThreadExecutor();
    private final ArrayDeque<byte[]> toServer = new ArrayDeque<>();
    private final ArrayDeque<byte[]> toClient = new ArrayDeque<>();
    final Connection client;
    final Connection server;
    long now = 1_000_000_000L;

    /**
     * @param metrics the listener under test (both sides)
     * @param trustTheServer false makes the client trust another CA: the handshake fails
     */
    TcpPair(MetricsListener metrics, boolean trustTheServer) throws ConnectionException {
        Certificates.SelfSigned pki = Certificates.selfSigned(Certificates.KeyType.ECDSA_P256, NAME, Duration.ofDays(1));
        String trusted = trustTheServer ? pki.caPem()
                : Certificates.selfSigned(Certificates.KeyType.ECDSA_P256, NAME, Duration.ofDays(1)).caPem();
        ServerContext sctx = ServerContext.builder()
                .tls(pki.serverConfig().build(), handshakes)
                .auth((c, method) -> AuthResult.granted())
                .ipPool(new OneAddress())
                .metrics(metrics)
                .build();
        ClientContext cctx = ClientContext.builder()
                .tls(TlsClientConfig.builder().trustAnchorsPem(trusted).serverName(NAME).build(), handshakes)
                .metrics(metrics)
                .build();
        server = sctx.newTcpConnection()
                .outsideSender((c, b) -> take(toClient, b))
                .insideSender((c, p) -> p.release())
                .eventListener(EventListener.NONE)
                .accept(now);
        client = cctx.newConnection(Transport.TCP, new AuthMethod.UserPass("user", "secret"))
                .outsideSender((c, b) -> take(toServer, b))
                .insideSender((c, p) -> p.release())
                .ipConfigHandler((c, cfg) -> { })
                .eventListener(EventListener.NONE)
                .connect(now);
    }

    private static boolean take(ArrayDeque<byte[]> q, ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        b.release();
        q.add(a);
        return true;
    }

    /** Delivers everything in flight, both ways, until the link is quiet. */
    void pump() {
        for (int rounds = 0; rounds < 1000 && !(toServer.isEmpty() && toClient.isEmpty()); rounds++) {
            now += 1_000_000L;
            byte[] a;
            while ((a = toServer.poll()) != null) {
                server.outsideDataReceived(Unpooled.wrappedBuffer(a), now);
            }
            while ((a = toClient.poll()) != null) {
                client.outsideDataReceived(Unpooled.wrappedBuffer(a), now);
            }
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
        handshakes.shutdownNow();
    }

    private static final class OneAddress implements ServerIpPool {
        @Override
        public InsideIpConfig allocate(Connection connection) {
            return new InsideIpConfig("10.125.0.2", "10.125.0.1", "10.125.0.1", 1350);
        }

        @Override
        public void free(Connection connection, InsideIpConfig config) {
        }
    }
}
