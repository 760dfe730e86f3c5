package org.lightwayj.bench.tls;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.lightwayj.bench.connection.DataPathSetup;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.connection.AuthResult;
import org.lightwayj.core.connection.ClientContext;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.ConnectionState;
import org.lightwayj.core.connection.ServerContext;
import org.lightwayj.core.connection.Transport;
import org.lightwayj.core.connection.UdpServerEndpoint;
import org.lightwayj.core.tls.DtlsAdmission;
import org.lightwayj.core.tls.DtlsCookieVerifier;
import org.lightwayj.core.tls.DtlsVersion;
import org.lightwayj.core.tls.TlsCipher;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsServerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a Lightway connection costs on top of its (D)TLS handshake, paired in one run: a client
 * {@link Connection} through a {@link UdpServerEndpoint} from the first datagram to Online (cookie
 * exchange, handshake, AuthRequest, AuthSuccessWithConfigV4) against the raw engine handshake alone
 * with the same certificates, suite and cookie step. In-memory lossless link, ECDSA P-256 chain.
 * The goal is Lightway-to-Online at ≥ 0.9× the raw handshake rate.
 */
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeToOnlineBenchmark {
    @Param({"DTLS_1_2", "DTLS_1_3"})
    public DtlsVersion version;

    private ExecutorService executor;
    private TlsClientConfig cc;
    private TlsServerConfig sc;
    private DtlsCookieVerifier verifier;
    private DtlsAdmission admission;
    private ClientContext clientContext;
    private UdpServerEndpoint endpoint;
    private final ArrayDeque<ByteBuf> toServer = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> toClient = new ArrayDeque<>();
    private Connection client;
    private InetSocketAddress clientAddress;
    private int port = 1024;

    /** Keys, configs, the endpoint. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        executor = DataPathSetup.handshakeExecutor();
        BenchPki pki = new BenchPki();
        cc = TlsClientConfig.builder().trustAnchors(pki.ca).serverName(BenchPki.NAME).ciphers(TlsCipher.AES_256_GCM)
                .dtlsVersions(version).allocator(BenchPki.allocator()).build();
        sc = pki.server(TlsCipher.AES_256_GCM);
        verifier = new DtlsCookieVerifier(sc);
        admission = new DtlsAdmission(sc);
        ServerContext sctx = ServerContext.builder().tls(sc, executor)
                .auth((c, m) -> AuthResult.granted())
                .ipPool(DataPathSetup.oneAddressPool())
                .build();
        endpoint = UdpServerEndpoint.builder(sctx)
                .datagramSender((d, to) -> toClient.add(d))
                .insideSender((c, p) -> p.release())
                .build();
        clientContext = ClientContext.builder().tls(cc, executor).build();
        lightwayToOnline(); // fail fast if the path does not reach Online
        tearDownConnection();
    }

    /** Stops the executor. */
    @TearDown(Level.Trial)
    public void tearDown() {
        executor.shutdownNow();
    }

    /** Ends the connection an operation made (outside the measured time: an operation is milliseconds). */
    @TearDown(Level.Invocation)
    public void tearDownConnection() throws ConnectionException {
        if (client != null) {
            long now = System.nanoTime();
            if (client.state() != ConnectionState.DISCONNECTED) {
                client.disconnect(now);
            }
            pump(now);
            client.close();
            client = null;
        }
        for (ByteBuf b; (b = toServer.poll()) != null;) {
            b.release();
        }
        for (ByteBuf b; (b = toClient.poll()) != null;) {
            b.release();
        }
    }

    /** A Lightway client connection from its first datagram to Online. */
    @Benchmark
    public Connection lightwayToOnline() throws ConnectionException {
        clientAddress = new InetSocketAddress("192.0.2.1", port = port == 65535 ? 1024 : port + 1);
        long now = System.nanoTime();
        client = clientContext.newConnection(Transport.UDP, new AuthMethod.Token("bench"))
                .outsideSender((c, d) -> toServer.add(d))
                .insideSender((c, p) -> p.release())
                .connect(now);
        for (int i = 0; i < 200 && client.state() != ConnectionState.ONLINE; i++) {
            pump(System.nanoTime());
        }
        if (client.state() != ConnectionState.ONLINE) {
            throw new IllegalStateException("not online: " + client + " " + client.closeReason());
        }
        return client;
    }

    /** The raw engine handshake alone (DTLS 1.2: Bouncy Castle with its cookie verifier; 1.3: ours). */
    @Benchmark
    public Object rawHandshake() {
        EnginePair p = version == DtlsVersion.DTLS_1_2 ? EnginePair.dtls(cc, sc, verifier, executor)
                : EnginePair.dtls13(cc, admission);
        p.close();
        return p;
    }

    private void pump(long now) {
        for (int moved = 1; moved > 0;) {
            moved = 0;
            for (ByteBuf d; (d = toServer.poll()) != null; moved++) {
                endpoint.datagramReceived(d, clientAddress, now);
            }
            for (ByteBuf d; (d = toClient.poll()) != null; moved++) {
                if (client != null) {
                    client.outsideDataReceived(d, now);
                } else {
                    d.release();
                }
            }
        }
    }
}
