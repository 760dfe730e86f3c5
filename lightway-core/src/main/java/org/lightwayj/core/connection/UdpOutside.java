package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.plugin.PluginResult;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.wire.Data;
import org.lightwayj.core.wire.EncodedData;
import org.lightwayj.core.wire.Header;

/**
 * UDP (spec §1.1, §1.3, §1.4, §4.3): every datagram carries the outer header, checked on the way in
 * and written into the record's headroom on the way out; the session id of each authenticated
 * datagram goes to the {@link ConnectionSide}; before Online a client sends every datagram
 * {@value #AGGRESSIVE_COPIES} times.
 */
final class UdpOutside extends OutsidePath {

    /** Lightway header + IPv4 + UDP + maximum DTLS record overhead (spec §4.2, §8). */
    static final int OVERHEAD = 20 + 8 + Header.SIZE + 37;
    /** Aggressive mode: each datagram is sent this many times before Online (spec §4.3). */
    static final int AGGRESSIVE_COPIES = 3;

    private final ConnectionSide side;
    private final TlsEngine engine;
    private final Settings settings;
    private final ByteBufAllocator alloc;
    private final PluginChains plugins;
    /** Client: the header session id of the latest datagram fed to the engine while Connecting. */
    private long handshakeSessionId;

    UdpOutside(Connection conn, ConnectionSide side, TlsEngine engine, Settings settings, PluginChains plugins,
            OutsideSender sender) {
        super(conn, sender, settings.metrics());
        this.side = side;
        this.engine = engine;
        this.settings = settings;
        this.alloc = settings.allocator();
        this.plugins = plugins;
    }

    @Override
    int receive(ByteBuf d, long now) {
        Header.Check check = Header.check(d);
        if (check != Header.Check.VALID) {
            metrics.badPacket(conn, check == Header.Check.MALFORMED ? ConnectionError.PACKET_ERROR
                    : ConnectionError.INVALID_PROTOCOL_VERSION);
            return 0;
        }
        if (Header.isExpressLaneAt(d)) {
            // §0.1: ExpressLane is never negotiated, so its data path is dropped.
            metrics.expressLaneIgnored(conn);
            return 0;
        }
        long sid = Header.sessionIdAt(d);
        if (sid == SessionId.REJECTED.value()) {
            metrics.rejectedPacket(conn);
            side.onRejectedHeader();
            return 0;
        }
        if (!side.admitHeader(d)) {
            metrics.badPacket(conn, ConnectionError.INVALID_PROTOCOL_VERSION);
            return 0;
        }
        d.skipBytes(Header.SIZE);
        if (conn.state() == ConnectionState.CONNECTING && sid != SessionId.EMPTY.value()) {
            handshakeSessionId = sid; // for an engine that completes its handshake later (BC DTLS 1.2's thread)
        }
        engine.receive(d, now);
        int frames = conn.afterEngine(now, sid);
        if (frames > 0 && conn.state() != ConnectionState.DISCONNECTED) {
            // Only authenticated datagrams count as activity: spoofed ones must not keep a dead peer alive.
            conn.outsideActivity(now);
            side.onAuthenticatedDatagram(sid);
        }
        return frames;
    }

    @Override
    int onPlaintext(ByteBuf record, long rxSessionId, long now) {
        return conn.handleRecord(record, rxSessionId, now);
    }

    @Override
    long linkUpSessionId(long rxSessionId) {
        return rxSessionId != SessionId.EMPTY.value() ? rxSessionId : handshakeSessionId;
    }

    @Override
    void send(ByteBuf d) {
        ByteBuf out = Header.prepend(d, conn.version(), side.headerSessionId(), alloc);
        if (plugins.hasOutside()) {
            // §6 outside egress on the final datagram: Drop (and DropWithReply) count as sent; Error is an
            // I/O error (non-fatal on UDP).
            PluginResult r = plugins.outside.egress(out);
            if (!r.isAccept()) {
                out.release();
                PluginChains.count(metrics, conn, PluginPoint.OUTSIDE_EGRESS, r, false);
                if (r instanceof PluginResult.Error) {
                    metrics.outsideSendDropped(conn);
                }
                return;
            }
        }
        // §4.3: the UDP client sends every datagram 3× until Online to beat loss during the handshake.
        int copies = side.isClient() && conn.state() != ConnectionState.ONLINE ? AGGRESSIVE_COPIES : 1;
        for (int i = 1; i < copies; i++) {
            offer(out.retainedDuplicate());
        }
        offer(out);
    }

    private void offer(ByteBuf d) {
        if (!trySendOutside(d)) {
            d.release();
            metrics.outsideSendDropped(conn);
        }
    }

    @Override
    boolean sendFrame(ByteBuf frame, long now) {
        return conn.sealAndFlush(frame, now);
    }

    @Override
    void afterFlush(long now) {
    }

    @Override
    void writable(long now) {
        // Datagrams are never queued: a refused one is dropped and counted.
    }

    @Override
    int maxDataPayload() {
        // §4.6: without a PMTUD estimate UDP refuses only what no outside datagram could carry.
        return Data.maxPayload(settings.outsideMtu());
    }

    @Override
    int maxEncodedPayload() {
        return EncodedData.maxPayload(settings.outsideMtu());
    }

    @Override
    boolean padsData() {
        return settings.dataPadding() != DataPadding.NONE;
    }

    @Override
    void release() {
    }
}
