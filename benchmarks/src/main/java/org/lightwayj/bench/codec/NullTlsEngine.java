package org.lightwayj.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import org.lightwayj.core.connection.TlsEngineFactory;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsState;

/**
 * A datagram "TLS" engine that encrypts nothing (a one-round-trip hello, then records = type byte +
 * plaintext), so a benchmark sees the connection core's own costs without DTLS hiding them. Benchmarks
 * only: it provides no security at all.
 */
final class NullTlsEngine implements TlsEngine {
    private static final int HELLO = 1;
    private static final int ACK = 2;
    private static final int DATA = 3;
    private static final int HEADROOM = 16;

    private final boolean client;
    private final ByteBufAllocator alloc;
    private final ArrayDeque<ByteBuf> out = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> in = new ArrayDeque<>();
    private TlsState state = TlsState.HANDSHAKING;

    NullTlsEngine(boolean client, ByteBufAllocator alloc) {
        this.client = client;
        this.alloc = alloc;
        if (client) {
            queue(HELLO, null);
        }
    }

    static TlsEngineFactory factory(boolean client) {
        return (transport, alloc, now) -> new NullTlsEngine(client, alloc);
    }

    private void queue(int type, ByteBuf payload) {
        int len = payload == null ? 0 : payload.readableBytes();
        ByteBuf b = alloc.buffer(HEADROOM + 1 + len);
        b.writerIndex(HEADROOM).readerIndex(HEADROOM);
        b.writeByte(type);
        if (payload != null) {
            b.writeBytes(payload, payload.readerIndex(), len);
        }
        out.add(b);
    }

    @Override
    public boolean isDatagram() {
        return true;
    }

    @Override
    public TlsState state() {
        return state;
    }

    @Override
    public TlsException failure() {
        return null;
    }

    @Override
    public void receive(ByteBuf d, long nowNanos) {
        if (!d.isReadable() || state == TlsState.CLOSED) {
            return;
        }
        int type = d.getByte(d.readerIndex());
        if (type == HELLO && !client) {
            state = TlsState.ESTABLISHED;
            queue(ACK, null);
        } else if (type == ACK && client) {
            state = TlsState.ESTABLISHED;
        } else if (type == DATA && state == TlsState.ESTABLISHED) {
            in.add(d.retainedSlice(d.readerIndex() + 1, d.readableBytes() - 1));
        }
    }

    @Override
    public ByteBuf pollPlaintext() {
        return in.poll();
    }

    @Override
    public ByteBuf pollOutbound() {
        return out.poll();
    }

    @Override
    public void seal(ByteBuf plaintext, long nowNanos) throws TlsException {
        if (state != TlsState.ESTABLISHED) {
            throw new TlsException(TlsException.Reason.PROTOCOL_ERROR, "not established");
        }
        queue(DATA, plaintext);
    }

    @Override
    public long nextTimeout() {
        return Long.MAX_VALUE;
    }

    @Override
    public void tick(long nowNanos) {
    }

    @Override
    public void close(long nowNanos) {
        state = TlsState.CLOSED;
    }

    @Override
    public void close() {
        state = TlsState.CLOSED;
        out.forEach(ByteBuf::release);
        out.clear();
        in.forEach(ByteBuf::release);
        in.clear();
    }

    @Override
    public int recordOverhead() {
        return 1;
    }

    @Override
    public int outboundHeadroom() {
        return HEADROOM;
    }

    @Override
    public long droppedRecords() {
        return 0;
    }
}
