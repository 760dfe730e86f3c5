package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.lightwayj.core.internal.Deadlines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTLS 1.2 on the JDK's own {@code SSLEngine} ("DTLSv1.2", SunJSSE): non-blocking and driven entirely
 * by the host's clock — no handshake task, no thread. The engine owns the retransmission timer in
 * host time (initial {@code handshakeResendMillis}, doubling to 60 s); on expiry it asks the
 * {@code SSLEngine} to re-emit its last flight. Certificates are checked by the same
 * {@link CertificateChecker} as the Bouncy Castle engines; the same short-record guard runs before
 * the JDK sees a datagram. The JDK server performs its own (stateful, per-engine) HelloVerifyRequest.
 */
// Guard: only TlsEngines.jdkDtlsClient/jdkDtlsServer create one, and on Android their
// SSLContext.getInstance("DTLSv1.2") throws (Android's SSLEngine has no DTLS) before anything else runs.
@JvmOnly
final class JdkDtlsEngine extends EngineBase {
    private static final Logger LOG = LoggerFactory.getLogger(JdkDtlsEngine.class);
    private static final long MAX_RTO = 60_000_000_000L;

    private final SSLEngine engine;
    private final ByteBufAllocator alloc;
    private final int mtu;
    private final int headroom;
    private final List<TlsCipher> ciphers;
    private final long handshakeDeadline;
    private final long initialRto;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;
    private final ByteBuffer empty = ByteBuffer.allocate(0);
    private volatile TlsException certFailure;
    private long rto;
    private long rtoDeadline;
    private long dropped;

    private JdkDtlsEngine(SSLEngine engine, ByteBufAllocator alloc, int mtu, int headroom, List<TlsCipher> ciphers,
            long now, long timeoutNanos, int resendMillis) {
        super(LOG, "JDK DTLS");
        this.engine = engine;
        this.alloc = alloc;
        this.mtu = mtu;
        this.headroom = headroom;
        this.ciphers = ciphers;
        this.handshakeDeadline = Deadlines.saturatingAdd(now, timeoutNanos);
        this.initialRto = resendMillis * 1_000_000L;
        this.rto = initialRto;
        this.rtoDeadline = Deadlines.saturatingAdd(now, rto);
        int packet = engine.getSession().getPacketBufferSize();
        this.netOut = ByteBuffer.allocate(Math.max(packet, mtu));
        this.appIn = ByteBuffer.allocate(Math.max(engine.getSession().getApplicationBufferSize(), mtu));
    }

    static JdkDtlsEngine client(TlsClientConfig c, long now) {
        JdkDtlsEngine[] self = new JdkDtlsEngine[1];
        X509TrustManager tm = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client certificates are not used");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                TlsException f = CertificateChecker.check(Arrays.asList(chain), c.trustAnchors(), c.serverName(),
                        c.certificateClock());
                if (f != null) {
                    self[0].certFailure = f;
                    throw new CertificateException(f.getMessage());
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return c.trustAnchors().toArray(new X509Certificate[0]);
            }
        };
        SSLEngine e = newEngine(null, new TrustManager[] {tm}, true, c.ciphers(), c.datagramMtu());
        self[0] = new JdkDtlsEngine(e, c.allocator(), c.datagramMtu(), c.outboundHeadroom(), c.ciphers(), now,
                c.handshakeTimeoutNanos(), c.handshakeResendMillis());
        self[0].start();
        return self[0];
    }

    static JdkDtlsEngine server(TlsServerConfig c, long now) {
        KeyManagerFactory kmf;
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = new char[0];
            ks.setKeyEntry("server", c.privateKey(), pw, c.certificateChain().toArray(new X509Certificate[0]));
            kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, pw);
        } catch (GeneralSecurityException | java.io.IOException ex) {
            throw new IllegalStateException("cannot load the server key into SunJSSE", ex);
        }
        SSLEngine e = newEngine(kmf, null, false, c.ciphers(), c.datagramMtu());
        JdkDtlsEngine self = new JdkDtlsEngine(e, c.allocator(), c.datagramMtu(), c.outboundHeadroom(), c.ciphers(),
                now, c.handshakeTimeoutNanos(), c.handshakeResendMillis());
        self.start();
        return self;
    }

    private static SSLEngine newEngine(KeyManagerFactory kmf, TrustManager[] tms, boolean client,
            List<TlsCipher> ciphers, int mtu) {
        try {
            SSLContext ctx = SSLContext.getInstance("DTLSv1.2");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tms, null);
            SSLEngine e = ctx.createSSLEngine();
            e.setUseClientMode(client);
            SSLParameters p = e.getSSLParameters();
            p.setProtocols(new String[] {"DTLSv1.2"});
            List<String> suites = new ArrayList<>();
            for (TlsCipher c : ciphers) {
                String cipher = c == TlsCipher.AES_256_GCM ? "AES_256_GCM_SHA384" : "CHACHA20_POLY1305_SHA256";
                suites.add("TLS_ECDHE_ECDSA_WITH_" + cipher);
                suites.add("TLS_ECDHE_RSA_WITH_" + cipher);
            }
            p.setCipherSuites(suites.toArray(new String[0]));
            p.setMaximumPacketSize(mtu);
            p.setEnableRetransmissions(true);
            p.setUseCipherSuitesOrder(true);
            e.setSSLParameters(p);
            return e;
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("the JDK has no DTLSv1.2 SSLContext", ex);
        }
    }

    private void start() {
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(map(e));
            return;
        }
        drive(null);
    }

    /** Runs the handshake state machine as far as it goes without input. */
    private void drive(ByteBuffer input) {
        try {
            ByteBuffer in = input;
            for (int guard = 0; guard < 64 && !state.isTerminal(); guard++) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    for (Runnable t; (t = engine.getDelegatedTask()) != null;) {
                        t.run(); // CPU only: certificate checks, key agreement
                    }
                } else if (hs == HandshakeStatus.NEED_WRAP) {
                    wrap(empty);
                } else if (hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                    unwrap(empty);
                } else if (hs == HandshakeStatus.NEED_UNWRAP && in != null && in.hasRemaining()) {
                    unwrap(in);
                    in = null;
                } else {
                    break;
                }
            }
            if (input != null && input.hasRemaining() && !state.isTerminal()) {
                unwrap(input);
            }
        } catch (SSLException e) {
            fail(map(e));
            drainCloseOutput();
        }
    }

    private void drainCloseOutput() {
        try {
            engine.closeOutbound();
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                wrap(empty);
            }
        } catch (SSLException | RuntimeException e) {
            LOG.debug("alert after failure not sent: {}", e.toString());
        }
    }

    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        netOut.clear();
        SSLEngineResult r = engine.wrap(src, netOut);
        netOut.flip();
        if (netOut.hasRemaining()) {
            ByteBuf b = alloc.heapBuffer(headroom + netOut.remaining());
            b.writerIndex(headroom).readerIndex(headroom);
            b.writeBytes(netOut);
            outbound.add(b);
        }
        afterResult(r);
        return r;
    }

    private SSLEngineResult unwrap(ByteBuffer src) throws SSLException {
        appIn.clear();
        SSLEngineResult r = engine.unwrap(src, appIn);
        appIn.flip();
        if (appIn.hasRemaining()) {
            ByteBuf b = alloc.heapBuffer(appIn.remaining());
            b.writeBytes(appIn);
            plaintext.add(b);
        }
        if (state == TlsState.HANDSHAKING && r.bytesConsumed() > 0) {
            rto = initialRto; // the peer is alive: restart the backoff
        }
        afterResult(r);
        return r;
    }

    private void afterResult(SSLEngineResult r) {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED && state == TlsState.HANDSHAKING) {
            state = TlsState.ESTABLISHED;
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED && !state.isTerminal()) {
            state = TlsState.CLOSED;
        }
    }

    private TlsException map(SSLException e) {
        if (certFailure != null) {
            return certFailure;
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Received fatal alert")) {
            return new TlsException(TlsException.Reason.PEER_FATAL_ALERT, m, e);
        }
        return new TlsException(TlsException.Reason.PROTOCOL_ERROR, m, e);
    }

    private int minBody() {
        String suite = engine.getHandshakeSession() == null && state == TlsState.ESTABLISHED
                ? engine.getSession().getCipherSuite() : null;
        if (suite != null && suite.contains("CHACHA20")) {
            return Suites.dtlsMinBody(TlsCipher.CHACHA20_POLY1305);
        }
        return ciphers.contains(TlsCipher.AES_256_GCM) ? Suites.dtlsMinBody(TlsCipher.AES_256_GCM)
                : Suites.dtlsMinBody(TlsCipher.CHACHA20_POLY1305);
    }

    /** Same header walk as the Bouncy Castle engine: malformed datagrams and short encrypted records are dropped. */
    private boolean plausible(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (end == start || end - start > mtu) {
            return false;
        }
        int min = minBody();
        for (int off = start; off < end;) {
            int next = DtlsRecords.next(in, off, end);
            if (next < 0 || DtlsRecords.tooShortToDecrypt(DtlsRecords.epoch(in, off), next - off - DtlsRecords.HEADER,
                    min)) {
                return false;
            }
            off = next;
        }
        return true;
    }

    @Override
    public boolean isDatagram() {
        return true;
    }

    @Override
    public void receive(ByteBuf in, long nowNanos) {
        if (state.isTerminal() || released) {
            return;
        }
        if (!plausible(in)) {
            dropped++;
            return;
        }
        int before = plaintext.size();
        boolean app = in.getUnsignedByte(in.readerIndex()) == 23;
        ByteBuffer nio = in.nioBuffer(in.readerIndex(), in.readableBytes());
        if (state == TlsState.HANDSHAKING) {
            drive(nio);
            if (state == TlsState.HANDSHAKING) {
                rtoDeadline = Deadlines.saturatingAdd(nowNanos, rto);
            }
            return;
        }
        try {
            while (nio.hasRemaining() && !state.isTerminal()) {
                SSLEngineResult r = unwrap(nio);
                if (r.bytesConsumed() == 0) {
                    break;
                }
            }
            drive(null); // a peer retransmission may need our last flight again
        } catch (SSLException e) {
            // The JDK rejects an unauthenticated record by exception in some versions: drop, keep going.
            LOG.debug("record dropped: {}", e.toString());
        }
        if (app && plaintext.size() == before && state == TlsState.ESTABLISHED) {
            dropped++;
        }
    }

    @Override
    public void seal(ByteBuf frame, long nowNanos) throws TlsException {
        if (state != TlsState.ESTABLISHED) {
            throw new TlsException(TlsException.Reason.INVALID_STATE, "seal in state " + state);
        }
        try {
            wrap(frame.nioBuffer(frame.readerIndex(), frame.readableBytes()));
        } catch (SSLException e) {
            fail(map(e));
            throw failure;
        }
    }

    @Override
    public long nextTimeout() {
        return state == TlsState.HANDSHAKING ? Math.min(rtoDeadline, handshakeDeadline) : Long.MAX_VALUE;
    }

    @Override
    public void tick(long nowNanos) {
        if (state != TlsState.HANDSHAKING || released) {
            return;
        }
        if (nowNanos >= handshakeDeadline) {
            fail(new TlsException(TlsException.Reason.HANDSHAKE_TIMEOUT, "DTLS handshake did not complete in time"));
            return;
        }
        if (nowNanos >= rtoDeadline) {
            try {
                // With NEED_UNWRAP pending, wrap() re-emits the last flight (SunJSSE DTLS retransmission).
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                    wrap(empty);
                }
                drive(null);
            } catch (SSLException e) {
                fail(map(e));
            }
            rto = Math.min(rto * 2, MAX_RTO);
            rtoDeadline = Deadlines.saturatingAdd(nowNanos, rto);
        }
    }

    @Override
    public void close(long nowNanos) {
        if (state.isTerminal() || released) {
            return;
        }
        engine.closeOutbound();
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                wrap(empty);
            }
        } catch (SSLException e) {
            LOG.debug("close_notify failed: {}", e.toString());
        }
        state = TlsState.CLOSED;
    }

    @Override
    public int recordOverhead() {
        if (state == TlsState.ESTABLISHED) {
            return Suites.dtlsOverhead(engine.getSession().getCipherSuite().contains("CHACHA20")
                    ? TlsCipher.CHACHA20_POLY1305 : TlsCipher.AES_256_GCM);
        }
        return ciphers.contains(TlsCipher.AES_256_GCM) ? Suites.dtlsOverhead(TlsCipher.AES_256_GCM)
                : Suites.dtlsOverhead(TlsCipher.CHACHA20_POLY1305);
    }

    @Override
    public int outboundHeadroom() {
        return headroom;
    }

    @Override
    public long droppedRecords() {
        return dropped;
    }
}
