package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.lightwayj.core.PmtudSnapshot;
import org.lightwayj.core.frag.FragmentException;
import org.lightwayj.core.ip.TcpMssClamp;
import org.lightwayj.core.plugin.PluginResult;
import org.lightwayj.core.wire.Data;
import org.lightwayj.core.wire.EncodedData;

/**
 * The inside-packet half of a {@link Connection} (spec §3, §4.6, §6, §0.2, §0.3): from the TUN to a
 * frame (inside plugins, size checks, the MSS clamp, the codec, DataFrag fragmentation at the PMTUD
 * estimate, padding) and from a frame to the TUN (reassembly, the decoder, the clamp, inside plugins,
 * delivery). Owns the {@link CodecPath}, {@link Fragmenter}, {@link Reassembler} and {@link PathMtu}.
 * Frames leave through {@link Connection#sendFrameBuf}; confined to the connection's thread.
 */
final class InsidePath {

    private final Connection conn;
    private final OutsidePath outside;
    private final Settings settings;
    private final MetricsListener metrics;
    private final ByteBufAllocator alloc;
    private final PluginChains plugins;
    private final InsideSender inside;
    private final TimerTable timers;
    private final Reassembler reassembler;
    private final Fragmenter fragmenter = new Fragmenter();
    private final Fragmenter.FrameOut frameOut;
    /** Client UDP with PMTUD only; otherwise {@code null}. */
    private final PathMtu pathMtu;
    /** The inside-packet codec, or {@code null}: without a CodecConfig the data path skips it. */
    private final CodecPath codec;

    /** @throws RuntimeException when the codec cannot be created (the caller reports it) */
    InsidePath(Connection conn, OutsidePath outside, Settings settings, PathConfig path, boolean pmtud,
            PluginChains plugins, InsideSender inside, TimerTable timers, long now) {
        this.conn = conn;
        this.outside = outside;
        this.settings = settings;
        this.metrics = settings.metrics();
        this.alloc = settings.allocator();
        this.plugins = plugins;
        this.inside = inside;
        this.timers = timers;
        this.frameOut = conn::sendFrameBuf;
        this.reassembler = new Reassembler(conn, settings.fragmentMapEntries(), settings.fragmentMaxAgeNanos(),
                settings.fragmentMapMaxBytes(), alloc, metrics);
        this.pathMtu = pmtud ? new PathMtu(conn, path.pmtud(), metrics) : null;
        this.codec = settings.codec() == null ? null
                : new CodecPath(settings.codec(), conn, this, timers, metrics, alloc, now);
    }

    // ------------------------------------------------------------------------------------------------
    // TUN → peer

    /**
     * One inside packet from the host (state Online checked by the caller, which keeps ownership).
     *
     * @throws ConnectionException see {@link Connection#insidePacketReceived}
     */
    void send(ByteBuf packet, long now) throws ConnectionException {
        if (plugins.hasInside() && !insideIngress(packet)) {
            return; // §6: from the TUN, before the encoder; Drop is silently Ok
        }
        int len = packet.readableBytes();
        if (len > settings.insideMtu()) {
            throw Connection.Errors.TOO_LONG;
        }
        if (len == 0 || !ipVersionAllowed(packet.getUnsignedByte(packet.readerIndex()) >> 4)) {
            throw Connection.Errors.NOT_IPV4;
        }
        int dataMps = currentDataMps();
        if (dataMps > 0) {
            TcpMssClamp.clamp(packet, mssClamp(dataMps)); // §4.6
        } else if (len > outside.maxDataPayload()) {
            throw Connection.Errors.TOO_LONG;
        }
        // After the inside plugins, the encoder (when configured) decides Data vs EncodedData;
        // either kind is fragmented when it exceeds the Data MPS of the PMTUD estimate (§3).
        if (codec != null ? codec.send(packet, now) : sendPlain(packet, now)) {
            metrics.insidePacketSent(conn, len);
        }
    }

    /**
     * The MSS inner TCP may use (§4.6: Data MPS − 40). With a codec configured its worst-case overhead
     * comes off too, whether or not encoding is on right now: a TCP connection keeps the MSS of its
     * SYN, and encoding may be switched on later; without this every full-size segment would be split
     * into two EncodedDataFrag chunks.
     */
    private int mssClamp(int dataMps) {
        return TcpMssClamp.mssForDataMps(dataMps - (codec != null ? codec.maxOverhead() : 0));
    }

    /**
     * §6 inside ingress: true on Accept; false on Drop (the caller returns quietly); DropWithReply → a
     * {@link ConnectionError#PLUGIN_DROP_WITH_REPLY} carrying the reply; Error → {@link ConnectionError#PLUGIN_ERROR}.
     */
    private boolean insideIngress(ByteBuf packet) throws ConnectionException {
        PluginResult r = plugins.inside.ingress(packet);
        if (r.isAccept()) {
            return true;
        }
        PluginChains.count(metrics, conn, PluginPoint.INSIDE_INGRESS, r, true);
        if (r instanceof PluginResult.DropWithReply d) {
            throw new ConnectionException(ConnectionError.PLUGIN_DROP_WITH_REPLY,
                    "an inside plugin dropped the packet with a reply", null, d.reply());
        }
        if (r instanceof PluginResult.Error e) {
            throw new ConnectionException(ConnectionError.PLUGIN_ERROR, "an inside plugin failed: " + e.cause(),
                    e.cause());
        }
        return false;
    }

    /**
     * Frames {@code packet} (still owned by the caller) as one Data frame, or as DataFrag frames when it
     * exceeds the Data MPS of the PMTUD estimate, and sends it. Also the encoder's SKIP_PACKET path.
     */
    boolean sendPlain(ByteBuf packet, long now) {
        int len = packet.readableBytes();
        int dataMps = currentDataMps();
        if (dataMps > 0 && len > dataMps) {
            return sendFragmentedOrDrop(packet, false, now);
        }
        ByteBuf f = conn.scratch();
        Data.encodeHeader(f, len);
        f.writeBytes(packet, packet.readerIndex(), len);
        if (outside.padsData()) {
            // Never past what one record may carry on this path (the PMTUD estimate, else the configured MTU).
            int limit = dataMps > 0 ? Data.OVERHEAD + dataMps : settings.outsideMtu() - UdpOutside.OVERHEAD;
            f.writeZero(settings.dataPadding().paddedLength(f.readableBytes(), limit) - f.readableBytes());
        }
        return conn.sendFrameBuf(f, now);
    }

    /**
     * Frames one encoded packet from the encoder (still owned by the caller) as EncodedData, or as
     * EncodedDataFrag above the Data MPS, and sends it.
     *
     * @return whether it left
     */
    boolean sendEncoded(ByteBuf packet, long now) {
        int len = packet.readableBytes();
        if (conn.state() != ConnectionState.ONLINE) {
            return false;
        }
        int dataMps = currentDataMps();
        if (dataMps > 0 && len > dataMps) {
            boolean sent = sendFragmentedOrDrop(packet, true, now); // EncodedDataFrag, §3
            if (sent) {
                metrics.encodedPacketSent(conn, len);
            }
            return sent;
        }
        if (len > outside.maxEncodedPayload()) {
            metrics.insidePacketDropped(conn, ConnectionError.INVALID_PACKET_SIZE);
            return false;
        }
        ByteBuf f = conn.scratch();
        EncodedData.encodeHeader(f, len);
        f.writeBytes(packet, packet.readerIndex(), len);
        boolean sent = conn.sendFrameBuf(f, now);
        if (sent) {
            metrics.encodedPacketSent(conn, len);
        }
        return sent;
    }

    /** {@link #sendFragmented} for paths that count a refusal instead of throwing. */
    private boolean sendFragmentedOrDrop(ByteBuf packet, boolean encoded, long now) {
        try {
            return sendFragmented(packet, encoded, now);
        } catch (ConnectionException e) {
            metrics.insidePacketDropped(conn, e.error());
            return false;
        }
    }

    /**
     * Sends one inside packet (or, for the codec, one encoded packet) as DataFrag ({@code encoded} false,
     * kind 15) or EncodedDataFrag (kind 17) in chunks of the current DataFrag MPS (spec §3). Needs a
     * PMTUD estimate. {@code packet} stays the caller's.
     *
     * @return whether every fragment left
     */
    private boolean sendFragmented(ByteBuf packet, boolean encoded, long now) throws ConnectionException {
        if (pathMtu == null || !pathMtu.hasEstimate()) {
            throw Connection.Errors.TOO_LONG;
        }
        int mps = pathMtu.fragMps();
        try {
            boolean ok = fragmenter.send(packet, mps, encoded, conn.scratch(), frameOut, now);
            metrics.insidePacketFragmented(conn, (packet.readableBytes() + mps - 1) / mps);
            return ok;
        } catch (FragmentException e) {
            throw Connection.Errors.TOO_LONG;
        }
    }

    /**
     * {@return the Data MPS of the current PMTUD estimate (longer packets are fragmented), or -1 when
     * there is no estimate (no fragmentation; spec §3)}
     */
    private int currentDataMps() {
        return pathMtu != null && pathMtu.hasEstimate() ? pathMtu.dataMps() : -1;
    }

    // ------------------------------------------------------------------------------------------------
    // Peer → TUN

    /** A received Data payload; {@code p} stays owned by the caller (the host gets its own reference). */
    void onData(ByteBuf p, long now) {
        deliver(p, false, false, now);
    }

    /**
     * A complete EncodedData payload (or reassembled EncodedDataFrag): to the decoder (§0.3). Without
     * a codec the peer's codec use is fatal; without the peer's authorisation for it (see
     * {@link CodecPath#decodingAllowed()}) the payload is dropped and counted. {@code p} stays owned by
     * the caller.
     */
    void onEncoded(ByteBuf p, long now) {
        if (codec == null) {
            conn.fail(new ConnectionException(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST,
                    "EncodedData received without a decoder"), now, true);
        } else if (conn.state() != ConnectionState.ONLINE) {
            conn.nonFatal(ConnectionError.INVALID_STATE, "EncodedData while " + conn.state(), now);
        } else {
            codec.receive(p, now);
        }
    }

    /**
     * Vets one EncodedDataFrag before reassembly. {@return whether it may go on} Without a codec the
     * peer's codec use is fatal; without its authorisation the fragment is counted and dropped.
     */
    boolean admitEncodedFragment(long now) {
        if (codec == null) {
            conn.fail(new ConnectionException(ConnectionError.PACKET_CODEC_DOES_NOT_EXIST,
                    "EncodedDataFrag received without a decoder"), now, true);
            return false;
        }
        return codec.admitEncoded(); // not authorised: counted, kept out of the reassembly map too
    }

    /**
     * §3: one received DataFrag ({@code encoded} false) or EncodedDataFrag into the shared reassembly map;
     * {@code data} stays the caller's. Only accepted while Online.
     */
    void onFragment(int id, int offset, boolean more, boolean encoded, ByteBuf data, long now) {
        if (conn.state() != ConnectionState.ONLINE) {
            conn.nonFatal(ConnectionError.INVALID_STATE, "fragment while " + conn.state(), now);
            return;
        }
        ByteBuf packet;
        try {
            packet = reassembler.add(id, offset, more, encoded, data, now);
        } catch (FragmentException e) {
            metrics.dataFragmentError(conn, e.error());
            conn.nonFatal(ConnectionError.DATA_FRAGMENT_ERROR, e.getMessage(), now);
            return;
        } finally {
            timers.set(Timer.FRAGMENT_EXPIRY, reassembler.nextExpiry());
        }
        if (packet != null) {
            onReassembled(packet, reassembler.lastCompletedEncoded(), now);
        }
    }

    /**
     * The one place a reassembled packet goes (spec §3): encoded ones to the decoder, plain ones to the
     * inside path. Releases {@code packet}.
     */
    private void onReassembled(ByteBuf packet, boolean encoded, long now) {
        try {
            if (encoded) {
                onEncoded(packet, now);
            } else {
                onData(packet, now);
            }
        } finally {
            packet.release();
        }
    }

    /**
     * A skipped encoded packet (the decoder's SKIP_PACKET) to the TUN; {@code p} stays owned by the
     * caller, and the decoder may keep its bytes: they are never written.
     */
    void deliverShared(ByteBuf p, long now) {
        deliver(p, false, true, now);
    }

    /**
     * A decoded packet to the TUN; the reference passes to this method. Its bytes may be shared with
     * what the decoder keeps: they are never written.
     */
    void deliverOwned(ByteBuf p, long now) {
        deliver(p, true, true, now);
    }

    /**
     * Delivers one received inside packet to the host.
     *
     * @param p the packet
     * @param owned whether the caller's reference passes to this method (it then reaches the host as is,
     *     without a retain/release pair, or is released here)
     * @param shared whether a codec may still hold the bytes (it stored them, or returned them from
     *     poll, and may keep them through its own reference, codec SPI): they are then never written,
     *     and the one in-place edit, the MSS clamp of a TCP SYN, happens on a copy
     */
    private void deliver(ByteBuf p, boolean owned, boolean shared, long now) {
        try {
            if (conn.state() != ConnectionState.ONLINE) {
                conn.nonFatal(ConnectionError.INVALID_STATE, "Data while " + conn.state(), now);
                return;
            }
            int len = p.readableBytes();
            if (len == 0 || !ipVersionAllowed(p.getUnsignedByte(p.readerIndex()) >> 4)) {
                metrics.insidePacketDropped(conn, ConnectionError.INVALID_INSIDE_PACKET);
                if (ConnectionError.INVALID_INSIDE_PACKET.isFatal(conn.transport())) {
                    conn.fail(new ConnectionException(ConnectionError.INVALID_INSIDE_PACKET, "not an IPv4 packet"),
                            now, true);
                }
                return;
            }
            if (pathMtu != null && pathMtu.hasEstimate()) {
                if (shared && maybeTcpSyn(p)) {
                    ByteBuf copy = alloc.buffer(len).writeBytes(p, p.readerIndex(), len);
                    if (owned) {
                        p.release();
                    }
                    p = copy;
                    owned = true;
                }
                TcpMssClamp.clamp(p, mssClamp(pathMtu.dataMps())); // §4.6, e.g. the SYN-ACK
            }
            if (plugins.hasInside()) {
                // §6 inside egress, before TUN delivery. A copy, since p may be a slice a plugin cannot grow.
                ByteBuf copy = alloc.buffer(len + 64).writeBytes(p, p.readerIndex(), len);
                PluginResult r = plugins.inside.egress(copy);
                if (!r.isAccept()) {
                    copy.release();
                    PluginChains.count(metrics, conn, PluginPoint.INSIDE_EGRESS, r, false);
                    return;
                }
                metrics.insidePacketReceived(conn, copy.readableBytes());
                if (codec != null) {
                    codec.delivered(now); // stall guard: a delivery through the plugins counts too
                }
                inside.sendInside(conn, copy);
                return;
            }
            metrics.insidePacketReceived(conn, len);
            if (codec != null) {
                codec.delivered(now);
            }
            ByteBuf out = owned ? p : p.retain();
            owned = false; // the host owns out from here, also if it throws
            inside.sendInside(conn, out);
        } finally {
            if (owned) {
                p.release();
            }
        }
    }

    /**
     * Whether {@code p} may be an IPv4 TCP SYN, the only packet {@link TcpMssClamp#clamp} ever writes
     * into (a superset test: anything it rejects is left unmodified by the clamp too).
     */
    private static boolean maybeTcpSyn(ByteBuf p) {
        int b = p.readerIndex();
        int n = p.readableBytes();
        if (n < 20 || (p.getUnsignedByte(b) >> 4) != 4 || p.getByte(b + 9) != 6) {
            return false;
        }
        int flags = b + (p.getUnsignedByte(b) & 0xF) * 4 + 13;
        return flags < b + n && (p.getByte(flags) & 0x02) != 0;
    }

    private boolean ipVersionAllowed(int nibble) {
        return nibble == 4 || (nibble == 6 && settings.allowIpv6Inside());
    }

    // ------------------------------------------------------------------------------------------------
    // Lifecycle and timers

    /** The connection went Online: PMTUD starts probing the base size (§4.6), the codec may encode at connect. */
    void onOnline(long now) {
        if (pathMtu != null) {
            pathMtu.online(now); // §4.6: Disabled → Base, probe the base size
            syncPmtudTimer();
        }
        if (codec != null) {
            codec.onOnline(now); // encode-at-connect
        }
    }

    /** A Pong with a non-zero id: a probe answer (§4.6). */
    void onProbePong(int id, long now) {
        if (pathMtu != null) {
            pathMtu.onPong(id, now);
            syncPmtudTimer();
        }
    }

    void tickPmtud(long now) {
        if (pathMtu != null) {
            pathMtu.tick(now);
            syncPmtudTimer();
        }
    }

    private void syncPmtudTimer() {
        timers.set(Timer.PMTUD, pathMtu.nextTimeout());
    }

    void expireFragments(long now) {
        reassembler.expire(now);
        timers.set(Timer.FRAGMENT_EXPIRY, reassembler.nextExpiry());
    }

    /** The host's DF-bit hook for PMTUD probes (client UDP with PMTUD; otherwise unused). */
    void dfBitControl(DfBitControl control) {
        if (pathMtu != null) {
            pathMtu.dfBitControl(control);
        }
    }

    /** {@return the codec, or {@code null} without a CodecConfig} */
    CodecPath codec() {
        return codec;
    }

    int pathMtuEstimate() {
        return pathMtu == null ? -1 : pathMtu.plpmtu();
    }

    PmtudSnapshot pathMtuSnapshot() {
        return pathMtu == null ? null : pathMtu.snapshot();
    }

    int pendingFragments() {
        return reassembler.size();
    }

    /** Stops PMTUD (its estimate disappears) and releases the reassembly map and the codec. */
    void close() {
        if (pathMtu != null) {
            pathMtu.offline();
        }
        reassembler.close();
        if (codec != null) {
            codec.close();
        }
    }
}
