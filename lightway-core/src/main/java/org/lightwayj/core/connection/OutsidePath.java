package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport half of a {@link Connection}: how outside bytes come in and go out. {@link UdpOutside}
 * has the 16-byte outer header, session-id checks and the aggressive resends of the handshake;
 * {@link TcpOutside} has the stream reassembly of decrypted bytes and the bounded send queue while the
 * host's socket is blocked. The connection asks its outside path at each point where the transports
 * differ instead of testing {@code isDatagram}. Confined to the connection's thread.
 */
sealed abstract class OutsidePath permits UdpOutside, TcpOutside {

    private static final Logger LOG = LoggerFactory.getLogger(OutsidePath.class);

    final Connection conn;
    private final OutsideSender sender;
    final MetricsListener metrics;

    OutsidePath(Connection conn, OutsideSender sender, MetricsListener metrics) {
        this.conn = conn;
        this.sender = sender;
        this.metrics = metrics;
    }

    /**
     * One datagram or stream chunk from the host, after the outside ingress chain; {@code data} stays
     * the caller's. {@return the frames it yielded}
     */
    abstract int receive(ByteBuf data, long now);

    /** One piece of decrypted plaintext (a record, or a chunk of the stream). {@return the frames it yielded} */
    abstract int onPlaintext(ByteBuf plaintext, long rxSessionId, long now);

    /** {@return the header id to hand the side at link-up ({@code rxSessionId}: that of the datagram in progress)} */
    abstract long linkUpSessionId(long rxSessionId);

    /** Sends one piece of the engine's sealed output; ownership passes to this method. */
    abstract void send(ByteBuf sealed);

    /** Seals and sends one frame (still the caller's). {@return whether it left or was queued} */
    abstract boolean sendFrame(ByteBuf frame, long now);

    /** Runs after the engine's output was flushed: a broken stream closes here. */
    abstract void afterFlush(long now);

    /** The host's outside socket became writable again. */
    abstract void writable(long now);

    /** {@return the longest inside packet one Data frame may carry without a PMTUD estimate} */
    abstract int maxDataPayload();

    /** {@return the longest encoded packet one EncodedData frame may carry} */
    abstract int maxEncodedPayload();

    /** {@return whether Data frames are padded (§0.4, datagrams only)} */
    abstract boolean padsData();

    /** Releases every buffer the path holds. */
    abstract void release();

    /**
     * Offers {@code d} to the outside sender (a throwing sender counts as a refusal) and counts the bytes
     * it took. {@return whether the sender took {@code d} (and with it the release)}
     */
    final boolean trySendOutside(ByteBuf d) {
        int n = d.readableBytes();
        boolean taken;
        try {
            taken = sender.sendOutside(conn, d);
        } catch (RuntimeException e) {
            LOG.debug("outside sender failed", e);
            taken = false;
        }
        if (taken) {
            metrics.outsideBytesSent(conn, n);
        }
        return taken;
    }
}
