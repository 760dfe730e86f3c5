package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;

/**
 * The seam between the connection core and a (D)TLS implementation. Sans-IO: the engine never reads a
 * socket, never reads a clock, never blocks the caller and starts no thread of its own (an
 * implementation that needs one for its handshake runs it on the host's {@link java.util.concurrent.Executor}).
 *
 * <h2>Driving an engine</h2>
 * <ol>
 *   <li>Feed every received datagram (UDP: the payload after the 16-byte Lightway header) or chunk of
 *       stream bytes (TCP) to {@link #receive}.</li>
 *   <li>Drain {@link #pollPlaintext()} (decrypted application data) and {@link #pollOutbound()}
 *       (datagrams or stream bytes to send) until each returns {@code null}.</li>
 *   <li>Once {@link #state()} is {@link TlsState#ESTABLISHED}, {@link #seal} one frame per call; each call
 *       produces exactly one record (UDP: one datagram) on {@link #pollOutbound()}.</li>
 *   <li>Call {@link #tick} at {@link #nextTimeout()} (handshake retransmission and timeout). Calling it
 *       early or twice is harmless.</li>
 * </ol>
 *
 * <h2>Time</h2>
 * {@code nowNanos} is the host's monotonic clock in nanoseconds; {@link Long#MAX_VALUE} means "no
 * deadline".
 *
 * <h2>Buffer ownership</h2>
 * Buffers passed in ({@link #receive}, {@link #seal}) stay owned by the caller and are not retained.
 * Buffers returned ({@link #pollPlaintext()}, {@link #pollOutbound()}) are owned by the caller, which
 * releases them. Datagrams returned by {@link #pollOutbound()} on a datagram engine have at least
 * {@link #outboundHeadroom()} writable bytes in front of their reader index, so the caller can prepend
 * the Lightway header in place ({@code buf.readerIndex(buf.readerIndex() - 16)} then set the bytes).
 *
 * <h2>Threads</h2>
 * Confined to one thread at a time (the connection's).
 */
public interface TlsEngine extends AutoCloseable {

    /** Whether this is a datagram (DTLS, UDP) engine rather than a stream (TLS, TCP) engine. */
    boolean isDatagram();

    /** The engine's current state. */
    TlsState state();

    /** The typed cause when {@link #state()} is {@link TlsState#FAILED}, otherwise {@code null}. */
    TlsException failure();

    /**
     * Feeds one received datagram (DTLS) or a chunk of stream bytes (TLS). Records that cannot be
     * valid (forged, truncated, replayed, garbage) are dropped and counted in {@link #droppedRecords()};
     * they never fail an established connection.
     *
     * @param in received bytes; still owned by the caller, not retained
     * @param nowNanos host time
     */
    void receive(ByteBuf in, long nowNanos);

    /** The next decrypted application-data record (DTLS) or chunk (TLS), or {@code null}. Caller releases. */
    ByteBuf pollPlaintext();

    /** The next datagram (DTLS) or chunk of stream bytes (TLS) to send, or {@code null}. Caller releases. */
    ByteBuf pollOutbound();

    /**
     * Seals one plaintext frame into exactly one record, queued on {@link #pollOutbound()}.
     *
     * @param plaintext the frame bytes (readable bytes); still owned by the caller
     * @param nowNanos host time
     * @throws TlsException if the engine is not established, is closed, or the record cannot be sealed
     */
    void seal(ByteBuf plaintext, long nowNanos) throws TlsException;

    /** The instant at which {@link #tick} must next be called, or {@link Long#MAX_VALUE}. */
    long nextTimeout();

    /** Timer entry point (handshake retransmission, handshake timeout). */
    void tick(long nowNanos);

    /**
     * Sends close_notify (best effort, queued on {@link #pollOutbound()}) and moves to
     * {@link TlsState#CLOSED}. Nothing is sealed afterwards. Idempotent.
     */
    void close(long nowNanos);

    /** Releases every resource without sending anything (for example after a failure). Idempotent. */
    @Override
    void close();

    /** Bytes a record adds around its plaintext (record header + explicit nonce + AEAD tag), for MTU sums (spec §8). */
    int recordOverhead();

    /** Writable bytes guaranteed in front of each outbound datagram (0 for stream engines). */
    int outboundHeadroom();

    /** Records dropped before or by the TLS stack because they could not be valid. */
    long droppedRecords();
}
