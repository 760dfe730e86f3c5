package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Drives one sans-IO DTLS engine over a real UDP socket on 127.0.0.1, on the test thread, with
 * {@link System#nanoTime()} as the host clock: what a host's event loop does, minus the Lightway
 * header (raw DTLS for interop with another stack). As a server it first runs new peers through a
 * {@link DtlsAdmission}.
 */
final class UdpEnginePump implements AutoCloseable {
    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer rx = ByteBuffer.allocate(65536);
    private final DtlsAdmission admission;
    private final Executor executor;
    private SocketAddress peer;
    TlsEngine engine;
    final List<byte[]> received = new ArrayList<>();
    int datagramsIn;
    int datagramsOut;

    private UdpEnginePump(TlsEngine engine, SocketAddress peer, DtlsAdmission admission, Executor executor)
            throws IOException {
        this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        this.channel.configureBlocking(false);
        this.selector = Selector.open();
        this.channel.register(selector, SelectionKey.OP_READ);
        this.engine = engine;
        this.peer = peer;
        this.admission = admission;
        this.executor = executor;
    }

    /** A client engine talking to {@code server}. */
    static UdpEnginePump client(TlsEngine engine, int serverPort) throws IOException {
        return new UdpEnginePump(engine, new InetSocketAddress("127.0.0.1", serverPort), null, null);
    }

    /** A server: the engine is made by {@code admission} for the first peer with a valid cookie. */
    static UdpEnginePump server(DtlsAdmission admission, Executor executor) throws IOException {
        return new UdpEnginePump(null, null, admission, executor);
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Pumps until {@code done} or the limit; returns whether {@code done} became true. */
    boolean runUntil(BooleanSupplier done, Duration limit) throws IOException, TlsException {
        long end = System.nanoTime() + limit.toNanos();
        flush();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                return false;
            }
            long deadline = engine == null ? Long.MAX_VALUE : engine.nextTimeout();
            long wait = Math.min(end, deadline) - now;
            selector.select(Math.max(1, Math.min(100, wait / 1_000_000)));
            selector.selectedKeys().clear();
            for (SocketAddress from; (from = receiveOne()) != null;) {
                onDatagram(from);
            }
            now = System.nanoTime();
            if (engine != null && now - engine.nextTimeout() >= 0) {
                engine.tick(now);
            }
            flush();
        }
        return true;
    }

    private SocketAddress receiveOne() throws IOException {
        rx.clear();
        SocketAddress from = channel.receive(rx);
        if (from != null) {
            rx.flip();
            datagramsIn++;
        }
        return from;
    }

    private void onDatagram(SocketAddress from) throws IOException, TlsException {
        ByteBuf d = Unpooled.copiedBuffer(rx);
        try {
            long now = System.nanoTime();
            if (engine == null) {
                List<ByteBuf> replies = new ArrayList<>();
                DtlsAdmission.Ticket t = admission.admit(from, d, replies::add, now);
                for (ByteBuf r : replies) {
                    send(r, from);
                }
                if (t != null) {
                    peer = from;
                    engine = admission.newEngine(t, executor, now);
                }
            } else if (from.equals(peer)) {
                engine.receive(d, now);
            }
        } finally {
            d.release();
        }
    }

    private void flush() throws IOException {
        if (engine == null) {
            return;
        }
        for (ByteBuf b; (b = engine.pollOutbound()) != null;) {
            send(b, peer);
        }
        for (ByteBuf b; (b = engine.pollPlaintext()) != null;) {
            received.add(ByteBufUtil.getBytes(b));
            b.release();
        }
    }

    private void send(ByteBuf b, SocketAddress to) throws IOException {
        try {
            channel.send(b.nioBuffer(), to);
            datagramsOut++;
        } finally {
            b.release();
        }
    }

    /** Seals one application record and sends it. */
    void send(byte[] data) throws IOException, TlsException {
        ByteBuf b = Unpooled.wrappedBuffer(data);
        try {
            engine.seal(b, System.nanoTime());
        } finally {
            b.release();
        }
        flush();
    }

    /** close_notify, sent. */
    void closeEngine() throws IOException {
        engine.close(System.nanoTime());
        flush();
    }

    @Override
    public void close() throws IOException {
        if (engine != null) {
            engine.close();
        }
        selector.close();
        channel.close();
    }
}
