package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import org.slf4j.Logger;

/**
 * What the three {@link TlsEngine} implementations keep alike: the outbound and plaintext queues, the
 * state/failure bookkeeping and the release of queued buffers on {@link #close()}.
 */
abstract class EngineBase implements TlsEngine {
    /** Datagrams or stream bytes waiting for {@link #pollOutbound()}; released on close. */
    final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>();
    /** Decrypted frames waiting for {@link #pollPlaintext()}; released on close. */
    final ArrayDeque<ByteBuf> plaintext = new ArrayDeque<>();
    TlsState state = TlsState.HANDSHAKING;
    TlsException failure;
    /** Set by {@link #close()}: the queues are released and the engine ignores further input. */
    boolean released;
    private final Logger log;
    private final String failedMessage;

    /**
     * @param log the subclass's logger
     * @param kind how the log names the engine when it fails ("DTLS", "TLS", ...)
     */
    EngineBase(Logger log, String kind) {
        this.log = log;
        this.failedMessage = kind + " engine failed: {}";
    }

    /** Records the first failure; later ones are ignored. */
    final void fail(TlsException e) {
        if (state != TlsState.FAILED) {
            log.debug(failedMessage, e.getMessage());
            failure = e;
            state = TlsState.FAILED;
        }
    }

    /** Releases every queued outbound and plaintext buffer. */
    final void releaseQueues() {
        for (ByteBuf b; (b = outbound.poll()) != null;) {
            b.release();
        }
        for (ByteBuf b; (b = plaintext.poll()) != null;) {
            b.release();
        }
    }

    @Override
    public final TlsState state() {
        return state;
    }

    @Override
    public final TlsException failure() {
        return failure;
    }

    @Override
    public final ByteBuf pollPlaintext() {
        return plaintext.poll();
    }

    @Override
    public final ByteBuf pollOutbound() {
        return outbound.poll();
    }

    /** Marks the engine closed (unless already terminal) and releases what is queued; idempotent. */
    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        if (!state.isTerminal()) {
            state = TlsState.CLOSED;
        }
        releaseQueues();
    }
}
