package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsState;

/**
 * A fake (D)TLS engine for tests: a one-round-trip hello exchange, then records that carry the
 * plaintext in the clear with a type byte and a one-byte checksum (so random bytes are almost always
 * dropped, as a real engine drops forged records). Datagram mode: one message per datagram, 16 bytes of
 * headroom. Stream mode: messages framed by a u16 length; a bad message fails the engine, as TLS does.
 */
final class PlainTestEngine implements TlsEngine {
    static final int HELLO = 1;
    static final int HELLO_ACK = 2;
    static final int RECORD = 3;
    static final int CLOSE = 4;
    static final int ALERT = 5;
    static final int HEADROOM = 16;
    static final long FIRST_RETRANSMIT = 100_000_000L;
    static final long HANDSHAKE_TIMEOUT = 12_700_000_000L;

    private final boolean client;
    private final boolean datagram;
    private final ByteBufAllocator alloc;
    private final TlsException.Reason serverFailure;
    private final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> plaintext = new ArrayDeque<>();
    private ByteBuf stream;
    private TlsState state = TlsState.HANDSHAKING;
    private TlsException failure;
    private long retransmitAt = Long.MAX_VALUE;
    private long retransmitDelay = FIRST_RETRANSMIT;
    private long giveUpAt;
    private long dropped;
    private boolean closed;
    private long sendSeq;
    /** Replay protection, as DTLS has: a record sequence number is accepted once. */
    private final java.util.HashSet<Long> seen = new java.util.HashSet<>();

    PlainTestEngine(boolean client, boolean datagram, ByteBufAllocator alloc, long now,
            TlsException.Reason serverFailure) {
        this.client = client;
        this.datagram = datagram;
        this.alloc = alloc;
        this.serverFailure = serverFailure;
        this.giveUpAt = now + HANDSHAKE_TIMEOUT;
        if (!datagram) {
            stream = alloc.buffer(256);
        }
        if (client) {
            queue(HELLO, null);
            if (datagram) {
                retransmitAt = now + retransmitDelay;
            }
        }
    }

    /** A factory making client or server engines; {@code serverFailure} makes servers answer with an alert. */
    static TlsEngineFactory factory(boolean client, TlsException.Reason serverFailure) {
        return (transport, alloc, now) -> new PlainTestEngine(client, transport.isDatagram(), alloc, now, serverFailure);
    }

    static TlsEngineFactory factory(boolean client) {
        return factory(client, null);
    }

    /**
     * A valid record carrying {@code payload} under sequence number {@code seq} (for injecting frames in
     * tests; use sequence numbers above 2^40 so they never collide with the engine's own).
     */
    static void writeRecord(ByteBuf out, long seq, byte[] payload) {
        byte[] body = new byte[8 + payload.length];
        for (int i = 0; i < 8; i++) {
            body[i] = (byte) (seq >>> (56 - 8 * i));
        }
        System.arraycopy(payload, 0, body, 8, payload.length);
        out.writeByte(RECORD).writeBytes(body).writeByte(checksum(RECORD, body, 0, body.length));
    }

    /** Stream-mode framing of {@link #writeRecord}. */
    static void writeStreamRecord(ByteBuf out, long seq, byte[] payload) {
        out.writeShort(payload.length + 8 + 2);
        writeRecord(out, seq, payload);
    }

    private static int checksum(int type, byte[] b, int off, int len) {
        int c = type * 31 + 7;
        for (int i = off; i < off + len; i++) {
            c = (c * 31 + b[i]) & 0xFF;
        }
        return c & 0xFF;
    }

    private static int checksum(int type, ByteBuf b, int off, int len) {
        int c = type * 31 + 7;
        for (int i = off; i < off + len; i++) {
            c = (c * 31 + b.getByte(i)) & 0xFF;
        }
        return c & 0xFF;
    }

    private void queue(int type, ByteBuf payload) {
        int len = (payload == null ? 0 : payload.readableBytes()) + (type == RECORD ? 8 : 0);
        ByteBuf b;
        if (datagram) {
            b = alloc.buffer(HEADROOM + len + 2);
            b.writerIndex(HEADROOM).readerIndex(HEADROOM);
        } else {
            b = alloc.buffer(len + 4);
            b.writeShort(len + 2);
        }
        int start = b.writerIndex();
        b.writeByte(type);
        if (type == RECORD) {
            b.writeLong(sendSeq++);
        }
        if (payload != null) {
            b.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        }
        b.writeByte(checksum(type, b, start + 1, len));
        outbound.add(b);
    }

    @Override
    public boolean isDatagram() {
        return datagram;
    }

    @Override
    public TlsState state() {
        return state;
    }

    @Override
    public TlsException failure() {
        return failure;
    }

    @Override
    public void receive(ByteBuf in, long nowNanos) {
        if (state.isTerminal()) {
            return;
        }
        if (datagram) {
            onMessage(in, in.readerIndex(), in.readableBytes());
            return;
        }
        stream.writeBytes(in, in.readerIndex(), in.readableBytes());
        while (stream.readableBytes() >= 2 && !state.isTerminal()) {
            int len = stream.getUnsignedShort(stream.readerIndex());
            if (stream.readableBytes() < 2 + len) {
                break;
            }
            int start = stream.readerIndex() + 2;
            stream.skipBytes(2 + len);
            if (!onMessage(stream, start, len)) {
                fail(TlsException.Reason.PROTOCOL_ERROR, "bad record in stream");
            }
        }
        stream.discardReadBytes();
    }

    private boolean onMessage(ByteBuf b, int off, int len) {
        if (len < 2) {
            dropped++;
            return false;
        }
        int type = b.getUnsignedByte(off);
        if (checksum(type, b, off + 1, len - 2) != b.getUnsignedByte(off + len - 1)) {
            dropped++;
            return false;
        }
        switch (type) {
            case HELLO:
                if (client) {
                    dropped++;
                    return false;
                }
                if (serverFailure != null) {
                    ByteBuf r = alloc.buffer(1).writeByte(serverFailure.ordinal());
                    queue(ALERT, r);
                    r.release();
                    fail(TlsException.Reason.PEER_FATAL_ALERT, "refused the client");
                    return true;
                }
                state = TlsState.ESTABLISHED;
                queue(HELLO_ACK, null); // answer every (re)sent hello
                return true;
            case HELLO_ACK:
                if (!client) {
                    dropped++;
                    return false;
                }
                if (state == TlsState.HANDSHAKING) {
                    state = TlsState.ESTABLISHED;
                    retransmitAt = Long.MAX_VALUE;
                }
                return true;
            case RECORD:
                if (state != TlsState.ESTABLISHED || len < 10 || !seen.add(b.getLong(off + 1))) {
                    dropped++;
                    return !datagram;
                }
                plaintext.add(alloc.buffer(len - 10).writeBytes(b, off + 9, len - 10));
                return true;
            case CLOSE:
                state = TlsState.CLOSED;
                return true;
            case ALERT:
                if (len == 3 && client) {
                    int r = b.getUnsignedByte(off + 1);
                    TlsException.Reason[] rs = TlsException.Reason.values();
                    fail(r < rs.length ? rs[r] : TlsException.Reason.PEER_FATAL_ALERT, "alert from the server");
                    return true;
                }
                dropped++;
                return false;
            default:
                dropped++;
                return false;
        }
    }

    private void fail(TlsException.Reason r, String msg) {
        state = TlsState.FAILED;
        failure = new TlsException(r, msg);
        retransmitAt = Long.MAX_VALUE;
    }

    @Override
    public ByteBuf pollPlaintext() {
        return plaintext.poll();
    }

    @Override
    public ByteBuf pollOutbound() {
        return outbound.poll();
    }

    @Override
    public void seal(ByteBuf pt, long nowNanos) throws TlsException {
        if (state != TlsState.ESTABLISHED) {
            throw new TlsException(TlsException.Reason.INVALID_STATE, "not established");
        }
        queue(RECORD, pt);
    }

    @Override
    public long nextTimeout() {
        if (state != TlsState.HANDSHAKING) {
            return Long.MAX_VALUE;
        }
        return Math.min(retransmitAt, giveUpAt);
    }

    @Override
    public void tick(long nowNanos) {
        if (state != TlsState.HANDSHAKING) {
            return;
        }
        if (nowNanos >= giveUpAt) {
            fail(TlsException.Reason.HANDSHAKE_TIMEOUT, "handshake timed out");
            return;
        }
        if (client && nowNanos >= retransmitAt) {
            queue(HELLO, null);
            retransmitDelay = Math.min(retransmitDelay * 2, 6_400_000_000L);
            retransmitAt = nowNanos + retransmitDelay;
        }
    }

    @Override
    public void close(long nowNanos) {
        if (state == TlsState.ESTABLISHED) {
            queue(CLOSE, null);
        }
        if (!state.isTerminal()) {
            state = TlsState.CLOSED;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!state.isTerminal()) {
            state = TlsState.CLOSED;
        }
        outbound.forEach(ByteBuf::release);
        outbound.clear();
        plaintext.forEach(ByteBuf::release);
        plaintext.clear();
        if (stream != null) {
            stream.release();
            stream = null;
        }
    }

    @Override
    public int recordOverhead() {
        return 2;
    }

    @Override
    public int outboundHeadroom() {
        return datagram ? HEADROOM : 0;
    }

    @Override
    public long droppedRecords() {
        return dropped;
    }
}
