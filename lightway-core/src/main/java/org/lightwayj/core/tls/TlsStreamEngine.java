package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsProtocol;
import org.bouncycastle.tls.TlsServerProtocol;
import org.lightwayj.core.internal.Deadlines;
import org.lightwayj.core.tls.crypto.LightwayTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS 1.3 over TCP on BC's non-blocking {@link TlsProtocol} (no streams: {@code offerInput} /
 * {@code readOutput} / {@code writeApplicationData} / {@code readInput}). Everything runs on the
 * caller's thread; no executor is needed. On a stream every record error is fatal (TCP cannot skip a
 * record), so {@link #droppedRecords()} stays 0 and bad input moves the engine to
 * {@link TlsState#FAILED}.
 */
final class TlsStreamEngine extends EngineBase implements PeerListener {
    private static final Logger LOG = LoggerFactory.getLogger(TlsStreamEngine.class);

    private final TlsProtocol protocol;
    private final ByteBufAllocator alloc;
    private final long handshakeDeadline;
    private byte[] scratch = new byte[4096];
    private TlsException certFailure;
    private boolean handshakeDone;
    private boolean peerClosed;
    private short peerFatal = -1;

    private TlsStreamEngine(TlsProtocol protocol, ByteBufAllocator alloc, long now, long timeoutNanos) {
        super(LOG, "TLS");
        this.protocol = protocol;
        this.alloc = alloc;
        this.handshakeDeadline = Deadlines.saturatingAdd(now, timeoutNanos);
    }

    static TlsStreamEngine client(TlsClientConfig config, ByteBufAllocator alloc, long nowNanos) {
        TlsClientProtocol p = new TlsClientProtocol();
        TlsStreamEngine e = new TlsStreamEngine(p, alloc, nowNanos, config.handshakeTimeoutNanos());
        try {
            p.connect(new Peers.Client(LightwayTlsCrypto.shared(), config, false, e));
        } catch (IOException ex) {
            e.fail(e.map(ex));
        }
        e.drainOutput();
        return e;
    }

    static TlsStreamEngine server(TlsServerConfig config, ByteBufAllocator alloc, long nowNanos) {
        TlsServerProtocol p = new TlsServerProtocol();
        TlsStreamEngine e = new TlsStreamEngine(p, alloc, nowNanos, config.handshakeTimeoutNanos());
        try {
            p.accept(new Peers.Server(LightwayTlsCrypto.shared(), config, false, e));
        } catch (IOException ex) {
            e.fail(e.map(ex));
        }
        return e;
    }

    @Override
    public boolean isDatagram() {
        return false;
    }

    @Override
    public void receive(ByteBuf in, long nowNanos) {
        if (state.isTerminal() || released) {
            return;
        }
        int n = in.readableBytes();
        if (n == 0) {
            return;
        }
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        in.getBytes(in.readerIndex(), scratch, 0, n);
        try {
            protocol.offerInput(scratch, 0, n);
        } catch (IOException e) {
            drainInput();
            drainOutput();
            fail(map(e));
            return;
        }
        drainInput();
        drainOutput();
        update();
    }

    private void update() {
        if (state == TlsState.HANDSHAKING && handshakeDone && protocol.isConnected()) {
            state = TlsState.ESTABLISHED;
        }
        if (peerFatal >= 0) {
            fail(new TlsException(TlsException.Reason.PEER_FATAL_ALERT, AlertDescription.getText(peerFatal)));
        } else if (peerClosed || (protocol.isClosed() && !state.isTerminal())) {
            state = TlsState.CLOSED;
        }
    }

    private void drainInput() {
        int n;
        while ((n = protocol.getAvailableInputBytes()) > 0) {
            ByteBuf b = alloc.heapBuffer(n);
            int got = protocol.readInput(b.array(), b.arrayOffset() + b.writerIndex(), n);
            b.writerIndex(b.writerIndex() + got);
            plaintext.add(b);
        }
    }

    private void drainOutput() {
        int n = protocol.getAvailableOutputBytes();
        if (n > 0) {
            ByteBuf b = alloc.heapBuffer(n);
            int got = protocol.readOutput(b.array(), b.arrayOffset() + b.writerIndex(), n);
            b.writerIndex(b.writerIndex() + got);
            outbound.add(b);
        }
    }

    private TlsException map(IOException e) {
        if (certFailure != null) {
            return certFailure;
        }
        if (e instanceof TlsFatalAlertReceived) {
            return new TlsException(TlsException.Reason.PEER_FATAL_ALERT,
                    AlertDescription.getText(((TlsFatalAlertReceived) e).getAlertDescription()), e);
        }
        return new TlsException(TlsException.Reason.PROTOCOL_ERROR, String.valueOf(e.getMessage()), e);
    }

    @Override
    public void seal(ByteBuf frame, long nowNanos) throws TlsException {
        if (state != TlsState.ESTABLISHED) {
            throw new TlsException(TlsException.Reason.INVALID_STATE, "seal in state " + state);
        }
        int n = frame.readableBytes();
        if (n > protocol.getApplicationDataLimit()) {
            throw new IllegalArgumentException("frame of " + n + " bytes exceeds one TLS record");
        }
        try {
            if (frame.hasArray()) {
                protocol.writeApplicationData(frame.array(), frame.arrayOffset() + frame.readerIndex(), n);
            } else {
                if (scratch.length < n) {
                    scratch = new byte[Math.max(n, scratch.length * 2)];
                }
                frame.getBytes(frame.readerIndex(), scratch, 0, n);
                protocol.writeApplicationData(scratch, 0, n);
            }
        } catch (IOException e) {
            fail(map(e));
            throw failure;
        }
        drainOutput();
    }

    @Override
    public long nextTimeout() {
        return state == TlsState.HANDSHAKING ? handshakeDeadline : Long.MAX_VALUE;
    }

    @Override
    public void tick(long nowNanos) {
        if (state == TlsState.HANDSHAKING && nowNanos >= handshakeDeadline) {
            fail(new TlsException(TlsException.Reason.HANDSHAKE_TIMEOUT, "TLS handshake did not complete in time"));
        }
    }

    @Override
    public void close(long nowNanos) {
        if (state.isTerminal() || released) {
            return;
        }
        try {
            protocol.close();
        } catch (IOException e) {
            LOG.debug("close_notify failed: {}", e.toString());
        }
        drainOutput();
        state = TlsState.CLOSED;
    }

    @Override
    public int recordOverhead() {
        return Suites.tls13Overhead();
    }

    @Override
    public int outboundHeadroom() {
        return 0;
    }

    @Override
    public long droppedRecords() {
        return 0;
    }

    // PeerListener (called on this thread, inside BC calls)

    @Override
    public void alertRaised(short level, short description) {
        LOG.debug("TLS alert raised: {}", AlertDescription.getText(description));
    }

    @Override
    public void alertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            peerClosed = true;
        } else if (Peers.isFatal(level)) {
            peerFatal = description;
        }
    }

    @Override
    public void handshakeComplete() {
        handshakeDone = true;
    }

    @Override
    public void certificateFailure(TlsException f) {
        certFailure = f;
    }
}
