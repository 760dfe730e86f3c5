package org.lightwayj.bench.connection;

import io.netty.buffer.ByteBuf;
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
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionState;
import org.lightwayj.core.connection.InsideIpConfig;
import org.lightwayj.core.connection.ServerIpPool;
import org.lightwayj.core.connection.UdpServerEndpoint;
import org.lightwayj.core.tls.DtlsVersion;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsServerConfig;

/**
 * The setup {@link DataPathBenchmark} and {@code bench.codec.CodecDataPathBenchmark} share: a generated
 * ECDSA P-256 CA and leaf with the (D)TLS configs built on them (the client offers DTLS 1.2 only), the handshake executor, a one-address IP
 * pool, and the in-memory link between a client connection and a UDP server endpoint.
 */
public final class DataPathSetup {
    /** The one client's outside address. */
    public static final SocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 40000);
    private static final String NAME = "vpn.bench.test";

    /** Client config trusting the generated CA. */
    public final TlsClientConfig clientTls;
    /** Server config with the generated leaf + CA chain. */
    public final TlsServerConfig serverTls;

    /**
     * Generates the PKI and builds both configs.
     *
     * @throws Exception if key generation or signing fails
     */
    public DataPathSetup() throws Exception {
        KeyPair caKey = ec();
        X509Certificate ca = cert("CN=Bench CA", caKey, "CN=Bench CA", caKey, true);
        KeyPair leafKey = ec();
        X509Certificate leaf = cert("CN=" + NAME, leafKey, "CN=Bench CA", caKey, false);
        // DTLS 1.2 on purpose: the bare-engine baselines these benchmarks pair with are Bouncy Castle's
        // DTLS 1.2 engines, so the connection must run over the same engine (DTLS 1.3 is the default).
        clientTls = TlsClientConfig.builder().trustAnchors(ca).dtlsVersions(DtlsVersion.DTLS_1_2).build();
        serverTls = TlsServerConfig.builder().certificateChain(List.of(leaf, ca), leafKey.getPrivate()).build();
    }

    /** {@return a cached pool of daemon threads for the DTLS handshake tasks} */
    public static ExecutorService handshakeExecutor() {
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-dtls-handshake");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@return a pool that hands every connection the same addresses (one client in these benchmarks)} */
    public static ServerIpPool oneAddressPool() {
        return new OneAddressPool();
    }

    /**
     * Moves datagrams both ways until the link is quiet.
     *
     * @param toServer client → server datagrams (the client's outside sender fills it)
     * @param toClient server → client datagrams (the endpoint's datagram sender fills it)
     * @param client the client connection
     * @param endpoint the server endpoint
     */
    public static void pump(ArrayDeque<ByteBuf> toServer, ArrayDeque<ByteBuf> toClient, Connection client,
            UdpServerEndpoint endpoint) {
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

    /**
     * Pumps and ticks until the client is Online (up to about a second).
     *
     * @param toServer client → server datagrams
     * @param toClient server → client datagrams
     * @param client the client connection
     * @param endpoint the server endpoint
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the client is not Online in time
     */
    public static void awaitOnline(ArrayDeque<ByteBuf> toServer, ArrayDeque<ByteBuf> toClient, Connection client,
            UdpServerEndpoint endpoint) throws InterruptedException {
        for (int i = 0; i < 1000 && client.state() != ConnectionState.ONLINE; i++) {
            pump(toServer, toClient, client, endpoint);
            Thread.sleep(1);
            client.tick(System.nanoTime());
            endpoint.tick(System.nanoTime());
        }
        if (client.state() != ConnectionState.ONLINE) {
            throw new IllegalStateException("not online: " + client + " " + client.closeReason());
        }
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
