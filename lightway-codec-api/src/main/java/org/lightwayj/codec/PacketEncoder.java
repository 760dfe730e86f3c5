package org.lightwayj.codec;

import io.netty.buffer.ByteBuf;

/**
 * Encodes inside packets on their way to the outside (one instance per connection).
 *
 * <h2>Flow</h2>
 * The core offers each inside packet to {@link #store}. On {@link CodecStatus#READY_TO_FLUSH} it drains
 * {@link #poll()} until it returns {@code null} and frames every buffer as an EncodedData (or
 * EncodedDataFrag) frame. On {@link CodecStatus#PENDING} it sends nothing. On
 * {@link CodecStatus#SKIP_PACKET} it sends the original packet as plain Data.
 *
 * <h2>Time</h2>
 * The codec never reads a clock and never starts a thread. Every time value is a {@code long} in
 * nanoseconds on the host's monotonic clock (for example {@link System#nanoTime()}), compared with
 * plain {@code <}. When output waits inside the encoder, {@link #nextFlushDeadline()} returns the
 * instant at which the host must call {@link #flush(long)}; calling {@code flush} early or twice is
 * harmless.
 *
 * <h2>Buffer ownership</h2>
 * <ul>
 *   <li>{@link #store}: the packet stays owned by the caller. The encoder reads its readable bytes,
 *       must not change its reader or writer index and must not release it. It may keep the bytes
 *       after returning only by taking its own reference ({@link ByteBuf#retainedSlice()} or
 *       {@link ByteBuf#retainedDuplicate()}), which it releases later; it never modifies them.</li>
 *   <li>{@link #poll()}: each returned buffer is owned by the caller, which releases it once sent. It
 *       may share bytes with a stored packet (a zero-copy pass-through returns
 *       {@code packet.retainedSlice()}), and the encoder may keep its own reference to it.</li>
 *   <li>In return the caller never modifies or reuses the bytes of a buffer after passing it to
 *       {@link #store}, nor the bytes of a buffer returned by {@link #poll()} (Netty's convention for
 *       shared buffers).</li>
 *   <li>{@link #close()}: the encoder releases every buffer it still holds.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * An encoder is confined to one thread at a time (the connection's); it needs no locks. The caller
 * guarantees a happens-before edge when it moves the connection between threads.
 */
public interface PacketEncoder extends AutoCloseable {

    /** Returned by {@link #nextFlushDeadline()} when no flush tick is needed. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * Offers one inside packet (an IP packet, readable bytes only).
     *
     * <p>When encoding is disabled ({@link #isEncodingEnabled()} is {@code false}) this returns
     * {@link CodecStatus#SKIP_PACKET} for every packet.
     *
     * @param packet the packet; still owned by the caller (see class doc)
     * @param nowNanos the host's current time
     * @return what happened to the packet
     * @throws PacketCodecException if the codec failed; the connection treats it as fatal
     */
    CodecStatus store(ByteBuf packet, long nowNanos) throws PacketCodecException;

    /**
     * Returns the next encoded packet that is ready to be sent, or {@code null} when none is.
     * The caller owns (and releases) the returned buffer.
     */
    ByteBuf poll();

    /**
     * Flush tick: moves whatever has waited long enough into the ready output.
     *
     * @param nowNanos the host's current time
     * @return {@code true} when {@link #poll()} now has output to drain
     * @throws PacketCodecException if the codec failed; the connection treats it as fatal
     */
    boolean flush(long nowNanos) throws PacketCodecException;

    /**
     * The instant at which the host must call {@link #flush(long)}, or {@link #NO_DEADLINE}. Only
     * {@link #store}, {@link #flush} and {@link #setEncodingEnabled} can move it.
     */
    long nextFlushDeadline();

    /** Turns encoding on or off. Off means every later {@link #store} returns SKIP_PACKET. */
    void setEncodingEnabled(boolean enabled);

    /** Whether encoding is on. A fresh encoder starts with encoding off. */
    boolean isEncodingEnabled();

    /**
     * The most bytes an encoded packet can be longer than the inside packet it carries. The host
     * subtracts this from the inside MTU so encoded packets still fit the path.
     */
    int maxOverheadPerPacket();

    /** Releases every buffer the encoder holds. Idempotent. */
    @Override
    void close();
}
