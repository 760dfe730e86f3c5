package org.lightwayj.bench.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.connection.AuthResult;
import org.lightwayj.core.connection.ClientContext;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.ServerContext;
import org.lightwayj.core.connection.Transport;
import org.lightwayj.core.connection.UdpServerEndpoint;
import org.lightwayj.core.tls.DtlsCookieVerifier;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsEngines;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsServerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 4's data-path benchmark: one 1350-byte inside packet client → server per operation through two
 * {@link Connection}s over real DTLS 1.2 (Bouncy Castle) and an in-memory link, against one
 * seal + open of the same 1353-byte frame on a bare engine pair of the same kind, in the same run.
 * The ratio {@code lightwayPacket / engineRecord} is the connection core's cost. Run with
 * {@code -prof gc}: the difference in allocation per operation is Lightway-J's own. Netty's leak
 * detector is off in the fork (its sampling adds tracking records).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DataPathBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DataPathBenchmark {

    private static final SocketAddress CLIENT = DataPathSetup.CLIENT;

    private ExecutorService executor;
    private final ArrayDeque<ByteBuf> toServer = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> toClient = new ArrayDeque<>();
    private Connection client;
    private UdpServerEndpoint endpoint;
    private ByteBuf packet;
    private long delivered;

    private TlsEngine rawClient;
    private TlsEngine rawServer;
    private ByteBuf frame;

    /** Builds the PKI, both connections (handshake + auth) and the bare engine pair. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        executor = DataPathSetup.handshakeExecutor();
        DataPathSetup pki = new DataPathSetup();
        TlsClientConfig cc = pki.clientTls;
        TlsServerConfig sc = pki.serverTls;

        ServerContext sctx = ServerContext.builder().tls(sc, executor)
                .auth((c, m) -> AuthResult.granted())
                .ipPool(DataPathSetup.oneAddressPool())
                .build();
        endpoint = UdpServerEndpoint.builder(sctx)
                .datagramSender((d, to) -> toClient.add(d))
                .insideSender((c, p) -> {
                    delivered += p.readableBytes();
                    p.release();
                })
                .build();
        client = ClientContext.builder().tls(cc, executor).build()
                .newConnection(Transport.UDP, new AuthMethod.Token("bench"))
                .outsideSender((c, d) -> toServer.add(d))
                .insideSender((c, p) -> p.release())
                .connect(System.nanoTime());
        DataPathSetup.awaitOnline(toServer, toClient, client, endpoint);
        packet = PooledByteBufAllocator.DEFAULT.heapBuffer(1350);
        packet.writeByte(0x45).writeZero(1349);

        // The bare engines: the same DTLS 1.2 client and server, admitted through the cookie check.
        rawClient = TlsEngines.dtls12Client(cc, executor, System.nanoTime());
        DtlsCookieVerifier verifier = new DtlsCookieVerifier(sc);
        for (int i = 0; i < 1000 && (rawServer == null || rawClient.state() != org.lightwayj.core.tls.TlsState.ESTABLISHED
                || rawServer.state() != org.lightwayj.core.tls.TlsState.ESTABLISHED); i++) {
            long now = System.nanoTime();
            for (ByteBuf d; (d = rawClient.pollOutbound()) != null; ) {
                if (rawServer == null) {
                    DtlsCookieVerifier.Request r = verifier.verify(CLIENT, d, hvr -> {
                        rawClient.receive(hvr, now);
                        hvr.release();
                    }, now);
                    if (r != null) {
                        rawServer = TlsEngines.dtlsServer(sc, r, executor, now);
                    }
                } else {
                    rawServer.receive(d, now);
                }
                d.release();
            }
            if (rawServer != null) {
                for (ByteBuf d; (d = rawServer.pollOutbound()) != null; ) {
                    rawClient.receive(d, now);
                    d.release();
                }
            }
            Thread.sleep(1);
            rawClient.tick(System.nanoTime());
            if (rawServer != null) {
                rawServer.tick(System.nanoTime());
            }
        }
        frame = PooledByteBufAllocator.DEFAULT.heapBuffer(1353);
        frame.writeByte(5).writeShort(1350).writeByte(0x45).writeZero(1349);
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        for (Connection c : List.copyOf(endpoint.connections())) {
            c.close();
        }
        rawClient.close();
        if (rawServer != null) {
            rawServer.close();
        }
        packet.release();
        frame.release();
        executor.shutdownNow();
    }

    /** One inside packet through the client connection, the link and the server endpoint + connection. */
    @Benchmark
    public long lightwayPacket() throws ConnectionException {
        client.insidePacketReceived(packet.retain(), 0);
        endpoint.datagramReceived(toServer.poll(), CLIENT, 0);
        return delivered;
    }

    /** The same 1353-byte Data frame sealed and opened by a bare engine pair. */
    @Benchmark
    public int engineRecord() throws TlsException {
        rawClient.seal(frame, 0);
        ByteBuf d = rawClient.pollOutbound();
        rawServer.receive(d, 0);
        d.release();
        ByteBuf p = rawServer.pollPlaintext();
        int n = p.readableBytes();
        p.release();
        return n;
    }
}
