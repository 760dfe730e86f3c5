package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lightwayj.core.tls.Certificates;

/**
 * {@code --cert-type rsa}: the demo comes Online on every transport with an RSA server certificate,
 * and a DTLS 1.2 peer that offers only ECDHE-RSA suites (as the C Lightway client does) is refused by
 * the default ECDSA server but completes the TLS handshake with an RSA one.
 */
class CertTypeTest {

    @ParameterizedTest(name = "--cert-type rsa over {0}")
    @ValueSource(strings = {"1.2", "1.3", "tcp"})
    @Timeout(60)
    void rsaDemoComesOnline(String transport) throws Exception {
        StringBuilder log = new StringBuilder();
        String[] how = transport.equals("tcp") ? new String[] {"--tcp"} : new String[] {"--dtls", transport};
        String[] common = {"--cert-type", "rsa", "--duration", "800ms", "--loss", "0", "--rate", "100", "--size",
            "200", "--no-toggle", "--quiet"};
        String[] args = new String[how.length + common.length];
        System.arraycopy(how, 0, args, 0, how.length);
        System.arraycopy(common, 0, args, how.length, common.length);
        Main.DemoResult r = DemoEndToEndTest.demo(log, args);
        String out = log.toString();
        assertTrue(out.contains("Generated a throw-away RSA-2048 CA"), out);
        assertTrue(r.online(), out);
        assertEquals(Main.OK, r.exitCode(), out);
    }

    @Test
    @Timeout(60)
    void anEcdheRsaOnlyDtls12PeerNeedsTheRsaServer() throws Exception {
        IOException refused = assertThrows(IOException.class, () -> rsaOnlyHandshake("ecdsa"));
        // The ECDSA server has no suite in common with the peer and says so.
        assertTrue(refused instanceof TlsFatalAlertReceived a
                && a.getAlertDescription() == AlertDescription.handshake_failure, refused + "\n" + lastServerLog);

        X509Certificate leaf = rsaOnlyHandshake("rsa");
        assertEquals("RSA", leaf.getPublicKey().getAlgorithm());
        assertTrue(leaf.getSubjectX500Principal().getName().contains(Main.SERVER_NAME));
    }

    /**
     * The Lightway UDP framing around a raw DTLS transport: every datagram carries the 16-byte outer
     * header (docs/wire-format.md §2), version 1.2, with the session id the server last used (empty
     * until it answers).
     */
    private static final class LightwayFraming implements DatagramTransport {
        private static final int HEADER = 16;
        private final DatagramTransport inner;
        private final byte[] sessionId = new byte[8];

        LightwayFraming(DatagramTransport inner) {
            this.inner = inner;
        }

        @Override
        public int getReceiveLimit() throws IOException {
            return inner.getReceiveLimit() - HEADER;
        }

        @Override
        public int getSendLimit() throws IOException {
            return inner.getSendLimit() - HEADER;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            byte[] d = new byte[len + HEADER];
            int n = inner.receive(d, 0, d.length, waitMillis);
            if (n < HEADER) {
                return n < 0 ? n : 0; // timeout, or a runt datagram: nothing for the DTLS layer
            }
            System.arraycopy(d, 8, sessionId, 0, 8);
            System.arraycopy(d, HEADER, buf, off, n - HEADER);
            return n - HEADER;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            byte[] d = new byte[HEADER + len];
            d[0] = 'H';
            d[1] = 'e';
            d[2] = 1;
            d[3] = 2;
            System.arraycopy(sessionId, 0, d, 8, 8);
            System.arraycopy(buf, off, d, HEADER, len);
            inner.send(d, 0, d.length);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    /** What the last {@link #rsaOnlyHandshake} server printed. */
    private static volatile String lastServerLog = "";

    /**
     * Runs a raw Bouncy Castle DTLS 1.2 client offering only ECDHE-RSA suites against the example
     * server over loopback UDP, up to the end of the TLS handshake (no Lightway auth follows).
     *
     * @return the server's leaf certificate
     */
    private static X509Certificate rsaOnlyHandshake(String certType) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Options o = Options.parse("server", "--dtls", "1.2", "--cert-type", certType, "--listen", "127.0.0.1:0");
        ExecutorService handshakes = Executors.newCachedThreadPool();
        Certificates.SelfSigned pki = Main.throwawayPki(o);
        ServerSide server = new ServerSide(o, pki, handshakes, out);
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            server.start();
            socket.connect(server.address());
            // BC's lightweight crypto: the JDK providers lack the PSS name BC's JCA crypto asks for.
            TlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
            DefaultTlsClient client = new DefaultTlsClient(crypto) {
                @Override
                protected ProtocolVersion[] getSupportedVersions() {
                    return ProtocolVersion.DTLSv12.only();
                }

                @Override
                protected int[] getSupportedCipherSuites() {
                    return new int[] {CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256};
                }

                @Override
                public int getHandshakeTimeoutMillis() {
                    return 8_000;
                }

                @Override
                public TlsAuthentication getAuthentication() {
                    return new ServerOnlyTlsAuthentication() {
                        @Override
                        public void notifyServerCertificate(TlsServerCertificate sc) throws IOException {
                            try {
                                seen.set((X509Certificate) CertificateFactory.getInstance("X.509")
                                        .generateCertificate(new ByteArrayInputStream(
                                                sc.getCertificate().getCertificateAt(0).getEncoded())));
                            } catch (java.security.cert.CertificateException e) {
                                throw new IOException(e);
                            }
                        }
                    };
                }
            };
            DTLSTransport t = new DTLSClientProtocol().connect(client, new LightwayFraming(new UDPTransport(socket, 1500)));
            t.close();
            return seen.get();
        } finally {
            server.stop(5_000);
            handshakes.shutdownNow();
            lastServerLog = bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
