package org.lightwayj.bench.tls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.lightwayj.core.tls.TlsCipher;
import org.lightwayj.core.tls.crypto.LightwayTlsCrypto;

/**
 * The baseline: raw BC DTLSTransport pairs on the same crypto, handshaken on two threads over blocking
 * queues, then used synchronously through a zero-allocation single-slot link.
 */
final class RawDtls {
    final DTLSTransport client;
    final DTLSTransport server;
    final QueueTransport clientLink;
    final QueueTransport serverLink;

    /** Blocking queues during the handshake; one reusable slot afterwards. */
    static final class QueueTransport implements DatagramTransport {
        final LinkedBlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
        QueueTransport peer;
        volatile boolean direct;
        final byte[] slot = new byte[1500];
        int slotLen = -1;

        @Override
        public int getReceiveLimit() {
            return 1456;
        }

        @Override
        public int getSendLimit() {
            return 1456;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (direct) {
                int n = slotLen;
                if (n < 0) {
                    throw new InterruptedIOException("empty");
                }
                slotLen = -1;
                System.arraycopy(slot, 0, buf, off, n);
                return n;
            }
            try {
                byte[] d = in.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    return -1;
                }
                System.arraycopy(d, 0, buf, off, d.length);
                return d.length;
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            if (direct) {
                System.arraycopy(buf, off, peer.slot, 0, len);
                peer.slotLen = len;
            } else {
                byte[] copy = new byte[len];
                System.arraycopy(buf, off, copy, 0, len);
                peer.in.add(copy);
            }
        }

        @Override
        public void close() {
        }
    }

    RawDtls(BenchPki pki, TlsCipher cipher, ExecutorService ex) throws Exception {
        LightwayTlsCrypto crypto = LightwayTlsCrypto.shared();
        clientLink = new QueueTransport();
        serverLink = new QueueTransport();
        clientLink.peer = serverLink;
        serverLink.peer = clientLink;
        int suite = cipher == TlsCipher.AES_256_GCM ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
                : CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;
        DefaultTlsServer srv = new DefaultTlsServer(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {suite};
            }

            @Override
            public TlsCredentials getCredentials() throws IOException {
                Certificate c = new Certificate(new TlsCertificate[] {new JcaTlsCertificate(crypto, pki.leaf),
                    new JcaTlsCertificate(crypto, pki.ca)});
                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        pki.leafKey.getPrivate(), c,
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
        DefaultTlsClient cli = new DefaultTlsClient(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return ProtocolVersion.DTLSv12.only();
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return new int[] {suite};
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new TlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate c) {
                        // benchmark baseline: no validation
                    }

                    @Override
                    public TlsCredentials getClientCredentials(CertificateRequest r) {
                        return null;
                    }
                };
            }
        };
        Future<DTLSTransport> s = ex.submit(() -> new DTLSServerProtocol().accept(srv, serverLink));
        Future<DTLSTransport> c = ex.submit(() -> new DTLSClientProtocol().connect(cli, clientLink));
        client = c.get(30, TimeUnit.SECONDS);
        server = s.get(30, TimeUnit.SECONDS);
        clientLink.direct = true;
        serverLink.direct = true;
    }
}
