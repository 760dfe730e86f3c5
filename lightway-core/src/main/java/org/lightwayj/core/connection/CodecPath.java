package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecException;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/**
 * One connection's inside-packet codec (spec §0.2, §0.3): drives the encoder on the send path and the
 * decoder on the receive path, keeps the CODEC_FLUSH / CODEC_CLEANUP timers equal to the codec's own
 * deadlines, owns the {@link EncodingToggle} exchange and the client stall guard. Exists only when the
 * context has a {@link CodecConfig}; confined to the connection's thread.
 *
 * <p><b>Who may make us decode.</b> The decoder is created on the first EncodedData the peer is allowed
 * to send, never before: a server decodes only for a connection whose {@link AuthResult} granted
 * {@link Feature#INSIDE_PACKET_CODEC}, a client only once it has itself asked for encoding on
 * (ToggleEncoding or encode-at-connect). Any other EncodedData / EncodedDataFrag is dropped and counted
 * ({@link MetricsListener#encodedFrameUnauthorized}); otherwise an unauthorised peer could push every
 * packet through the (possibly costly) decoder while its ToggleEncoding requests are refused.
 */
final class CodecPath {

    /** Retry delay for a codec deadline still due right after its tick. */
    static final long RETRY_NANOS = 1_000_000L;

    private final Connection conn;
    /** Where encoded packets leave and decoded ones are delivered. */
    private final InsidePath inside;
    private final TimerTable timers;
    private final MetricsListener metrics;
    private final PacketEncoder encoder;
    /** Created on the first authorised EncodedData ({@link #decoder}); {@code null} until then. */
    private PacketDecoder decoder;
    private final ByteBufAllocator alloc;
    /** Client: it asked for encoding on at least once, so the server may answer with EncodedData. */
    private boolean askedForEncoding;
    private final EncodingToggle toggle;
    private final CodecConfig config;
    /** Whether the client stall guard runs (checked once here rather than on every packet). */
    private final boolean stallGuard;

    /** Host time of the last inside delivery (or of enabling), for the stall guard. */
    private long lastDelivered;
    private boolean draining;
    private int leftAtClose;
    private boolean closed;

    CodecPath(CodecConfig config, Connection conn, InsidePath inside, TimerTable timers, MetricsListener metrics,
            ByteBufAllocator alloc, long now) {
        this.config = config;
        this.conn = conn;
        this.inside = inside;
        this.timers = timers;
        this.metrics = metrics;
        this.alloc = alloc;
        PacketEncoder enc = config.factory().newEncoder(alloc);
        if (enc == null) {
            throw new IllegalStateException("codec factory " + config.factory().name() + " returned null");
        }
        this.encoder = enc;
        this.toggle = new EncodingToggle(this, conn, timers, metrics);
        this.stallGuard = config.stallTimeoutNanos() > 0 && conn.isClient();
        this.lastDelivered = now;
    }

    EncodingToggle toggle() {
        return toggle;
    }

    boolean encodingEnabled() {
        return !closed && encoder.isEncodingEnabled();
    }

    /** The encoder's worst-case bytes added per packet (for the MSS clamp). */
    int maxOverhead() {
        return Math.max(0, encoder.maxOverheadPerPacket());
    }

    /** Client: a ToggleEncoding request for {@code enable} is going out. */
    void requested(boolean enable) {
        if (enable) {
            askedForEncoding = true; // from now on the server's EncodedData is expected (even after "off": late repairs)
        }
    }

    /**
     * {@return whether the peer may send EncodedData: server, the auth callback granted the codec;
     * client, it asked for encoding at least once}
     */
    boolean decodingAllowed() {
        return conn.isClient() ? askedForEncoding : conn.features().contains(Feature.INSIDE_PACKET_CODEC);
    }

    /**
     * Vets one received EncodedData / EncodedDataFrag frame: without {@link #decodingAllowed()} it is
     * counted and must be dropped.
     *
     * @return whether the frame may go on (to reassembly or the decoder)
     */
    boolean admitEncoded() {
        if (decodingAllowed()) {
            return true;
        }
        metrics.encodedFrameUnauthorized(conn);
        return false;
    }

    /** {@return whether a decoder was ever created (tests, diagnostics)} */
    boolean hasDecoder() {
        return decoder != null;
    }

    /** The decoder, created on first use; {@code null} after a fatal creation failure (already reported). */
    private PacketDecoder decoder(long now) {
        if (decoder == null) {
            PacketDecoder d;
            try {
                d = config.factory().newDecoder(alloc);
            } catch (RuntimeException e) {
                fail(ConnectionError.PACKET_CODEC_ERROR, "cannot create the decoder: " + e, e, now);
                return null;
            }
            if (d == null) {
                fail(ConnectionError.PACKET_CODEC_ERROR,
                        "codec factory " + config.factory().name() + " returned a null decoder", null, now);
                return null;
            }
            if (closed) {
                d.close();
                return null;
            }
            decoder = d;
        }
        return decoder;
    }

    /** Sets the encoder's state (toggle exchange, stall guard); its flush deadline may move. */
    void applyEncoding(boolean enable, long now) {
        if (closed) {
            return;
        }
        if (enable && !encoder.isEncodingEnabled()) {
            lastDelivered = Math.max(lastDelivered, now); // the stall guard counts from enabling
        }
        encoder.setEncodingEnabled(enable);
        timers.set(Timer.CODEC_FLUSH, encoder.nextFlushDeadline());
    }

    /** Client UDP: encode-at-connect. */
    void onOnline(long now) {
        lastDelivered = now;
        if (conn.isClient() && conn.transport().isDatagram() && config.encodeAtConnect()) {
            toggle.request(true, now);
        }
    }

    /** Something reached the inside path (stall guard bookkeeping). */
    void delivered(long now) {
        lastDelivered = now;
    }

    // ------------------------------------------------------------------------------------------------
    // Send

    /**
     * Offers one validated inside packet (after the inside plugins) to the encoder.
     *
     * @param packet still owned by the caller
     * @return whether the packet was accepted (encoded, pending, or sent plain)
     */
    boolean send(ByteBuf packet, long now) {
        if (stallGuard) {
            stallGuard(now);
        }
        CodecStatus st;
        try {
            st = encoder.store(packet, now);
        } catch (PacketCodecException | RuntimeException e) {
            fail(ConnectionError.PACKET_CODEC_ERROR, "encoder.store failed: " + e, e, now);
            return false;
        }
        if (st == CodecStatus.SKIP_PACKET) {
            return inside.sendPlain(packet, now);
        }
        if (st == CodecStatus.READY_TO_FLUSH) {
            drainEncoder(now);
        } else if (st != CodecStatus.PENDING) {
            fail(ConnectionError.PACKET_CODEC_ERROR, "encoder.store returned null", null, now);
            return false;
        }
        if (!closed) {
            timers.set(Timer.CODEC_FLUSH, encoder.nextFlushDeadline());
        }
        return true;
    }

    private void stallGuard(long now) {
        if (!toggle.pending() && encoder.isEncodingEnabled() && conn.state() == ConnectionState.ONLINE
                && now - lastDelivered > config.stallTimeoutNanos()) {
            metrics.encodingStalled(conn);
            toggle.request(false, now);
        }
    }

    /** Sends everything the encoder has ready as EncodedData; counts what a fatal send error strands. */
    private void drainEncoder(long now) {
        draining = true;
        try {
            ByteBuf e;
            while (!closed && (e = encoder.poll()) != null) {
                boolean sent;
                try {
                    sent = inside.sendEncoded(e, now);
                } finally {
                    e.release();
                }
                if (closed) {
                    // The send failed fatally: this packet (unless it left) and all still in the
                    // encoder (drained by close()) are lost.
                    int dropped = (sent ? 0 : 1) + leftAtClose;
                    if (dropped > 0) {
                        metrics.insidePacketsDroppedOnFatalError(conn, dropped);
                    }
                }
            }
        } finally {
            draining = false;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Receive

    /**
     * A complete EncodedData payload arrived (Online checked by the caller).
     *
     * @param payload still owned by the caller
     */
    void receive(ByteBuf payload, long now) {
        if (!admitEncoded()) {
            return;
        }
        PacketDecoder dec = decoder(now);
        if (dec == null) {
            return;
        }
        metrics.encodedPacketReceived(conn, payload.readableBytes());
        CodecStatus st;
        try {
            st = dec.store(payload, now);
        } catch (PacketCodecException | RuntimeException e) {
            fail(ConnectionError.PACKET_CODEC_ERROR, "decoder.store failed: " + e, e, now);
            return;
        }
        if (st == CodecStatus.SKIP_PACKET) {
            inside.deliverShared(payload, now);
        } else if (st == CodecStatus.READY_TO_FLUSH) {
            drainDecoder(now);
        } else if (st != CodecStatus.PENDING) {
            fail(ConnectionError.PACKET_CODEC_ERROR, "decoder.store returned null", null, now);
            return;
        }
        if (!closed) {
            timers.set(Timer.CODEC_CLEANUP, dec.nextCleanupDeadline());
        }
    }

    private void drainDecoder(long now) {
        ByteBuf p;
        while (!closed && (p = decoder.poll()) != null) {
            inside.deliverOwned(p, now); // hands the reference on (no retain/release pair)
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Ticks

    /** Runs the codec's due timers (toggle retransmission, flush, cleanup). */
    void tick(long now) {
        if (timers.expired(Timer.TOGGLE_ENCODING, now)) {
            toggle.onTimer(now);
        }
        if (!closed && timers.expired(Timer.CODEC_FLUSH, now)) {
            flush(now);
        }
        if (!closed && timers.expired(Timer.CODEC_CLEANUP, now)) {
            cleanup(now);
        }
    }

    void flush(long now) {
        if (closed) {
            return;
        }
        boolean ready;
        try {
            ready = encoder.flush(now);
        } catch (PacketCodecException | RuntimeException e) {
            fail(ConnectionError.PACKET_CODEC_ERROR, "encoder.flush failed: " + e, e, now);
            return;
        }
        if (ready) {
            drainEncoder(now);
        }
        if (!closed) {
            timers.set(Timer.CODEC_FLUSH, notPast(encoder.nextFlushDeadline(), now));
        }
    }

    /**
     * A deadline a codec still reports as due right after its tick would make the host spin; retry it
     * a millisecond later instead.
     */
    private static long notPast(long deadline, long now) {
        return deadline <= now ? TimerTable.after(now, RETRY_NANOS) : deadline;
    }

    void cleanup(long now) {
        if (closed || decoder == null) {
            return;
        }
        boolean ready;
        try {
            ready = decoder.cleanup(now);
        } catch (PacketCodecException | RuntimeException e) {
            fail(ConnectionError.PACKET_CODEC_ERROR, "decoder.cleanup failed: " + e, e, now);
            return;
        }
        if (ready) {
            drainDecoder(now);
        }
        if (!closed) {
            timers.set(Timer.CODEC_CLEANUP, notPast(decoder.nextCleanupDeadline(), now));
        }
    }

    /** Releases the codec. During a flush, first counts (and releases) the output left unsent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (draining) {
            ByteBuf e;
            while ((e = encoder.poll()) != null) {
                leftAtClose++;
                e.release();
            }
        }
        try {
            encoder.close();
        } finally {
            if (decoder != null) {
                decoder.close();
            }
        }
    }

    /** A codec failure is fatal (spec §0.3): Goodbye, then close. */
    private void fail(ConnectionError err, String detail, Throwable cause, long now) {
        conn.fail(new ConnectionException(err, detail, cause), now, true);
    }
}
