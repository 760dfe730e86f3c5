package org.lightwayj.codec;

import io.netty.buffer.ByteBuf;

/**
 * Decodes encoded packets received from the peer back into inside packets (one instance per
 * connection).
 *
 * <h2>Flow</h2>
 * The core offers the payload of each complete EncodedData / EncodedDataFrag to {@link #store}. On
 * {@link CodecStatus#READY_TO_FLUSH} it drains {@link #poll()} until {@code null} and delivers each
 * buffer to the inside path. On {@link CodecStatus#PENDING} it delivers nothing. On
 * {@link CodecStatus#SKIP_PACKET} it delivers the offered bytes unchanged.
 *
 * <h2>Time</h2>
 * Same rules as {@link PacketEncoder}: nanoseconds on the host's monotonic clock, no clock reads, no
 * threads. State that can no longer complete is dropped on the host's cleanup tick
 * ({@link #cleanup(long)}), due at {@link #nextCleanupDeadline()}.
 *
 * <h2>Buffer ownership</h2>
 * <ul>
 *   <li>{@link #store}: the buffer stays owned by the caller; the decoder must not change its indices
 *       or release it. It may keep the bytes after returning only by taking its own reference
 *       ({@link ByteBuf#retainedSlice()} or {@link ByteBuf#retainedDuplicate()}), which it releases
 *       later; it never modifies them.</li>
 *   <li>{@link #poll()}: each returned buffer is owned by the caller, which releases it. It may share
 *       bytes with a stored buffer (a zero-copy pass-through returns {@code encoded.retainedSlice()}),
 *       and the decoder may keep its own reference to it.</li>
 *   <li>In return the caller never modifies or reuses the bytes of a buffer after passing it to
 *       {@link #store}, nor the bytes of a buffer returned by {@link #poll()}; a caller that must edit
 *       a decoded packet edits a copy (Netty's convention for shared buffers).</li>
 *   <li>{@link #close()}: the decoder releases everything it holds.</li>
 * </ul>
 *
 * <h2>Malformed input</h2>
 * Bytes from the network are untrusted. A decoder counts and drops malformed input (returning
 * {@link CodecStatus#PENDING}); it throws {@link PacketCodecException} only for its own failures,
 * which the connection treats as fatal.
 *
 * <h2>Threads</h2>
 * Confined to one thread at a time, like {@link PacketEncoder}.
 */
public interface PacketDecoder extends AutoCloseable {

    /** Returned by {@link #nextCleanupDeadline()} when no cleanup tick is needed. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * Offers one encoded packet.
     *
     * @param encoded the packet; still owned by the caller (see class doc)
     * @param nowNanos the host's current time
     * @return what happened to the packet
     * @throws PacketCodecException if the codec failed; the connection treats it as fatal
     */
    CodecStatus store(ByteBuf encoded, long nowNanos) throws PacketCodecException;

    /** Returns the next decoded inside packet, or {@code null}. The caller owns the returned buffer. */
    ByteBuf poll();

    /**
     * Cleanup tick: drops state that can no longer complete (and may release output that was held
     * back waiting for it).
     *
     * @param nowNanos the host's current time
     * @return {@code true} when {@link #poll()} now has output to drain
     * @throws PacketCodecException if the codec failed; the connection treats it as fatal
     */
    boolean cleanup(long nowNanos) throws PacketCodecException;

    /** The instant at which the host must call {@link #cleanup(long)}, or {@link #NO_DEADLINE}. */
    long nextCleanupDeadline();

    /** Releases everything the decoder holds. Idempotent. */
    @Override
    void close();
}
