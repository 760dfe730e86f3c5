package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.Executor;
import org.lightwayj.core.tls.dtls13.Dtls13Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DTLS client that tries DTLS 1.3 first and, when the server shows it speaks only DTLS 1.2
 * (HelloVerifyRequest, a DTLS 1.2 ServerHello or a protocol_version alert — see
 * {@link Dtls13Client#fallbackToDtls12()}), replaces itself by a fresh Bouncy Castle DTLS 1.2 client.
 *
 * <p>The signals are unauthenticated, so an on-path attacker can force DTLS 1.2; the DTLS 1.2 handshake
 * still authenticates the server and uses only AEAD suites. Configure
 * {@code dtlsVersions(DtlsVersion.DTLS_1_3)} to refuse DTLS 1.2 altogether.
 */
final class FallbackDtlsClient implements TlsEngine {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackDtlsClient.class);

    private final TlsClientConfig config;
    private final Executor executor;
    private TlsEngine delegate;
    private boolean fellBack;

    FallbackDtlsClient(TlsClientConfig config, Executor executor, long nowNanos) {
        this.config = config;
        this.executor = executor;
        this.delegate = TlsEngines.dtls13Client(config, nowNanos);
    }

    /** Whether the engine fell back to DTLS 1.2. */
    boolean fellBack() {
        return fellBack;
    }

    private void maybeFallBack(long nowNanos) {
        if (!fellBack && delegate instanceof Dtls13Client c && c.fallbackToDtls12()) {
            LOG.debug("server speaks only DTLS 1.2; starting a DTLS 1.2 handshake");
            fellBack = true;
            c.close();
            delegate = DtlsEngine.client(config, executor, config.allocator(), nowNanos);
        }
    }

    @Override
    public boolean isDatagram() {
        return true;
    }

    @Override
    public TlsState state() {
        return delegate.state();
    }

    @Override
    public TlsException failure() {
        return delegate.failure();
    }

    @Override
    public void receive(ByteBuf in, long nowNanos) {
        delegate.receive(in, nowNanos);
        maybeFallBack(nowNanos);
    }

    @Override
    public ByteBuf pollPlaintext() {
        return delegate.pollPlaintext();
    }

    @Override
    public ByteBuf pollOutbound() {
        return delegate.pollOutbound();
    }

    @Override
    public void seal(ByteBuf plaintext, long nowNanos) throws TlsException {
        delegate.seal(plaintext, nowNanos);
    }

    @Override
    public long nextTimeout() {
        return delegate.nextTimeout();
    }

    @Override
    public void tick(long nowNanos) {
        delegate.tick(nowNanos);
    }

    @Override
    public void close(long nowNanos) {
        delegate.close(nowNanos);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public int recordOverhead() {
        // Sizing must hold for either version: the larger of the two.
        return Math.max(delegate.recordOverhead(), Suites.dtlsMaxOverhead(config.ciphers()));
    }

    @Override
    public int outboundHeadroom() {
        return delegate.outboundHeadroom();
    }

    @Override
    public long droppedRecords() {
        return delegate.droppedRecords();
    }
}
