package org.lightwayj.bench.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.lightwayj.core.connection.AuthResult;
import org.lightwayj.core.connection.ClientContext;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.ConnectionState;
import org.lightwayj.core.connection.InsideIpConfig;
import org.lightwayj.core.connection.ServerContext;
import org.lightwayj.core.connection.ServerIpPool;
import org.lightwayj.core.connection.Transport;
import org.lightwayj.core.connection.UdpServerEndpoint;
import org.lightwayj.core.tls.DtlsCookieVerifier;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsEngines;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsServerConfig;
import org.lightwayj.core.wire.AuthMethod;
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

    private static final SocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 40000);
    private static final String NAME = "vpn.bench.test";

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
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-dtls-handshake");
            t.setDaemon(true);
            return t;
        });
        KeyPair caKey = ec();
        X509Certificate ca = cert("CN=Bench CA", caKey, "CN=Bench CA", caKey, true);
        KeyPair leafKey = ec();
        X509Certificate leaf = cert("CN=" + NAME, leafKey, "CN=Bench CA", caKey, false);
        TlsClientConfig cc = TlsClientConfig.builder().trustAnchors(ca).build();
        TlsServerConfig sc = TlsServerConfig.builder().certificateChain(List.of(leaf, ca), leafKey.getPrivate())
                .build();

        ServerContext sctx = ServerContext.builder().tls(sc, executor)
                .auth((c, m) -> AuthResult.granted())
                .ipPool(new OneAddressPool())
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
        for (int i = 0; i < 1000 && client.state() != ConnectionState.ONLINE; i++) {
            pump();
            Thread.sleep(1);
            client.tick(System.nanoTime());
            endpoint.tick(System.nanoTime());
        }
        if (client.state() != ConnectionState.ONLINE) {
            throw new IllegalStateException("not online: " + client + " " + client.closeReason());
        }
        packet = PooledByteBufAllocator.DEFAULT.heapBuffer(1350);
        packet.writeByte(0x45).writeZero(1349);

        // The bare engines: the same DTLS 1.2 client and server, admitted through the cookie check.
        rawClient = TlsEngines.dtlsClient(cc, executor, System.nanoTime());
        DtlsCookieVerifier verifier = new DtlsCookieVerifier(sc);
        for (int i = 0; i < 1000 && (rawServer == null || rawClient.state() != org.lightwayj.core.tls.TlsState.ESTABLISHED
                || rawServer.state() != org.lightwayj.core.tls.TlsState.ESTABLISHED); i++) {
            long now = System.nanoTime();
            for (ByteBuf d; (d = rawClient.pollOutbound()) != null; ) {
                if (rawServer == null) {
                    DtlsCookieVerifier.Request r = verifier.verify(CLIENT, d, hvr -> {
                        rawClient.receive(hvr, now);
                        hvr.release();
                    });
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

    private void pump() {
        long now = System.nanoTime();
        for (int moved = 1; moved > 0; ) {
            moved = 0;
            for (ByteBuf d; (d = toServer.poll()) != null; moved++) {
                endpoint.datagramReceived(d, CLIENT, now);
            }
            for (ByteBuf d; (d = toClient.poll()) != null; moved++) {
                client.outsideDataReceived(d, now);
            }
        }
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

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate cert(String subject, KeyPair key, String issuer, KeyPair issuerKey, boolean ca)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()).abs(), Date.from(now.minusSeconds(86400)),
                Date.from(now.plusSeconds(86400 * 30)), new X500Name(subject), key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    /** Hands every connection the same addresses (one client in this benchmark). */
    private static final class OneAddressPool implements ServerIpPool {
        @Override
        public InsideIpConfig allocate(Connection connection) {
            return new InsideIpConfig("10.125.0.5", "10.125.0.6", "10.125.0.1", 1350);
        }

        @Override
        public void free(Connection connection, InsideIpConfig config) {
        }
    }
}
