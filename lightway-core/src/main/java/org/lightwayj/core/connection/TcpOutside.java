package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.plugin.PluginResult;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.wire.Data;
import org.lightwayj.core.wire.FrameKind;

/**
 * TCP (spec §1.2, §4.8): no header; decrypted bytes are reassembled into whole frames; sealed bytes
 * the host's socket refuses are kept (a stream can lose nothing) and new frames wait in a bounded
 * queue until the host calls {@link Connection#outsideWritable(long)}.
 */
final class TcpOutside extends OutsidePath {

    /** Frames queued while the outside sender is blocked (spec §4.8). */
    static final int SEND_QUEUE_FRAMES = 64;

    private final TlsEngine engine;
    private final ByteBufAllocator alloc;
    private final PluginChains plugins;
    /** Received plaintext not yet parsed into whole frames. */
    private ByteBuf streamIn;
    /** Sealed bytes the outside sender refused; re-offered on {@link #writable}. */
    private final ArrayDeque<ByteBuf> blockedOut = new ArrayDeque<>();
    /** Plaintext frames waiting for the outside sender to unblock (bounded). */
    private final ArrayDeque<ByteBuf> queuedFrames = new ArrayDeque<>();
    /** How many of {@link #queuedFrames} carry inner TCP (at most one is kept). */
    private int queuedInnerTcp;
    /** An outside egress plugin failed, so the stream lost bytes and must close. */
    private boolean pluginStreamFailed;

    TcpOutside(Connection conn, TlsEngine engine, Settings settings, PluginChains plugins, OutsideSender sender) {
        super(conn, sender, settings.metrics());
        this.engine = engine;
        this.alloc = settings.allocator();
        this.plugins = plugins;
        this.streamIn = alloc.buffer(4096);
    }

    @Override
    int receive(ByteBuf data, long now) {
        conn.outsideActivity(now);
        engine.receive(data, now);
        return conn.afterEngine(now, SessionId.EMPTY.value());
    }

    /** Appends decrypted bytes and parses every whole frame; a partial frame waits (§0.4). */
    @Override
    int onPlaintext(ByteBuf chunk, long rxSessionId, long now) {
        compactStream();
        streamIn.writeBytes(chunk);
        return conn.dispatchFrames(streamIn, true, now);
    }

    /**
     * Makes room in the stream buffer without moving bytes under a retained slice still held by the
     * host (Data packets are handed out as slices of this buffer).
     */
    private void compactStream() {
        if (streamIn.refCnt() > 1) {
            ByteBuf fresh = alloc.buffer(Math.max(4096, streamIn.readableBytes() * 2));
            fresh.writeBytes(streamIn);
            streamIn.release();
            streamIn = fresh;
        } else if (!streamIn.isReadable()) {
            streamIn.clear();
        } else {
            streamIn.discardSomeReadBytes();
        }
    }

    @Override
    long linkUpSessionId(long rxSessionId) {
        return SessionId.EMPTY.value();
    }

    @Override
    void send(ByteBuf b) {
        if (plugins.hasOutside()) {
            // §6: once per chunk, before it is offered or queued. Error is an I/O error: fatal on TCP.
            PluginResult r = plugins.outside.egress(b);
            if (!r.isAccept()) {
                b.release();
                PluginChains.count(metrics, conn, PluginPoint.OUTSIDE_EGRESS, r, false);
                if (r instanceof PluginResult.Error) {
                    pluginStreamFailed = true;
                }
                return;
            }
        }
        if (!blockedOut.isEmpty()) {
            blockedOut.add(b);
            return;
        }
        if (!trySendOutside(b)) {
            // Sealed stream bytes can never be dropped: keep them for outsideWritable().
            blockedOut.add(b);
        }
    }

    @Override
    boolean sendFrame(ByteBuf frame, long now) {
        if (!blockedOut.isEmpty()) {
            // §4.8: while the TCP socket is blocked, queue up to 64 frames and drop the rest; of the
            // frames carrying inner TCP only one is kept, since inner TCP retransmits by itself.
            boolean innerTcp = carriesInnerTcp(frame);
            if (queuedFrames.size() >= SEND_QUEUE_FRAMES || (innerTcp && queuedInnerTcp > 0)) {
                metrics.outsideSendDropped(conn);
                return false;
            }
            if (innerTcp) {
                queuedInnerTcp++;
            }
            queuedFrames.add(alloc.buffer(frame.readableBytes()).writeBytes(frame));
            return true;
        }
        return conn.sealAndFlush(frame, now);
    }

    /** Whether {@code frame} is a Data frame whose packet is IPv4 with protocol 6 (TCP). */
    private static boolean carriesInnerTcp(ByteBuf frame) {
        int ri = frame.readerIndex();
        return frame.readableBytes() > Data.OVERHEAD + 9 && frame.getByte(ri) == FrameKind.DATA.id()
                && (frame.getUnsignedByte(ri + Data.OVERHEAD) >> 4) == 4
                && frame.getUnsignedByte(ri + Data.OVERHEAD + 9) == 6;
    }

    /** An outside egress Error dropped sealed bytes, so the stream is broken (§6 "I/O error", §4.9). */
    @Override
    void afterFlush(long now) {
        if (pluginStreamFailed && conn.state() != ConnectionState.DISCONNECTED) {
            pluginStreamFailed = false;
            conn.fail(new ConnectionException(ConnectionError.OUTSIDE_IO_WRITE_ERROR, "an outside plugin failed"), now,
                    false);
        }
    }

    /** Re-offers the kept bytes, then the queued frames. */
    @Override
    void writable(long now) {
        if (conn.state() == ConnectionState.DISCONNECTED || !drainBlocked()) {
            return;
        }
        while (!queuedFrames.isEmpty() && blockedOut.isEmpty() && conn.state() != ConnectionState.DISCONNECTED) {
            ByteBuf f = queuedFrames.poll();
            if (carriesInnerTcp(f)) {
                queuedInnerTcp--;
            }
            try {
                conn.sealAndFlush(f, now);
            } finally {
                f.release();
            }
        }
    }

    /** {@return re-offers kept stream bytes; returns whether everything left} */
    private boolean drainBlocked() {
        while (!blockedOut.isEmpty()) {
            ByteBuf b = blockedOut.peek();
            if (!trySendOutside(b)) {
                return false;
            }
            blockedOut.poll();
        }
        return true;
    }

    @Override
    int maxDataPayload() {
        return Integer.MAX_VALUE; // the inside MTU bounds it
    }

    @Override
    int maxEncodedPayload() {
        return 0xFFFF;
    }

    @Override
    boolean padsData() {
        return false;
    }

    @Override
    void release() {
        if (streamIn != null) {
            streamIn.release();
            streamIn = null;
        }
        blockedOut.forEach(ByteBuf::release);
        blockedOut.clear();
        queuedFrames.forEach(ByteBuf::release);
        queuedFrames.clear();
        queuedInnerTcp = 0;
    }
}
