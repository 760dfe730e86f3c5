package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsState;

/**
 * Building blocks for the small TLS engines tests write: {@link Null} does nothing (a datagram
 * engine forever handshaking, that sends and delivers nothing) and {@link Forwarding} delegates
 * everything; a test overrides only the calls it is about.
 */
final class TestEngines {
    private TestEngines() {}

    /** An engine that does nothing; subclasses override what the test needs. */
    abstract static class Null implements TlsEngine {
        @Override public boolean isDatagram() { return true; }
        @Override public TlsState state() { return TlsState.HANDSHAKING; }
        @Override public TlsException failure() { return null; }
        @Override public void receive(ByteBuf in, long nowNanos) { }
        @Override public ByteBuf pollPlaintext() { return null; }
        @Override public ByteBuf pollOutbound() { return null; }
        @Override public void seal(ByteBuf plaintext, long nowNanos) throws TlsException { plaintext.release(); }
        @Override public long nextTimeout() { return Long.MAX_VALUE; }
        @Override public void tick(long nowNanos) { }
        @Override public void close(long nowNanos) { }
        @Override public void close() { }
        @Override public int recordOverhead() { return 0; }
        @Override public int outboundHeadroom() { return 16; }
        @Override public long droppedRecords() { return 0; }
    }

    /** An engine that hands every call to {@code delegate}; subclasses override what the test changes. */
    abstract static class Forwarding implements TlsEngine {
        final TlsEngine delegate;

        Forwarding(TlsEngine delegate) {
            this.delegate = delegate;
        }

        @Override public boolean isDatagram() { return delegate.isDatagram(); }
        @Override public TlsState state() { return delegate.state(); }
        @Override public TlsException failure() { return delegate.failure(); }
        @Override public void receive(ByteBuf in, long nowNanos) { delegate.receive(in, nowNanos); }
        @Override public ByteBuf pollPlaintext() { return delegate.pollPlaintext(); }
        @Override public ByteBuf pollOutbound() { return delegate.pollOutbound(); }
        @Override public void seal(ByteBuf plaintext, long nowNanos) throws TlsException {
            delegate.seal(plaintext, nowNanos);
        }
        @Override public long nextTimeout() { return delegate.nextTimeout(); }
        @Override public void tick(long nowNanos) { delegate.tick(nowNanos); }
        @Override public void close(long nowNanos) { delegate.close(nowNanos); }
        @Override public void close() { delegate.close(); }
        @Override public int recordOverhead() { return delegate.recordOverhead(); }
        @Override public int outboundHeadroom() { return delegate.outboundHeadroom(); }
        @Override public long droppedRecords() { return delegate.droppedRecords(); }
    }
}
