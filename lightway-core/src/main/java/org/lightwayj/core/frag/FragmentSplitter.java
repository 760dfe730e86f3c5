package org.lightwayj.core.frag;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.lightwayj.core.FragmentError;

/**
 * Splits an inside packet into DataFrag / EncodedDataFrag chunks (spec §3): offsets 0, c, 2c, …
 * for a chunk size c, MF = 1 on every chunk except the last.
 *
 * <h2>Cursor use (allocation-free)</h2>
 * An instance is a reusable cursor; keep one per connection. Nothing is allocated per chunk when
 * the caller copies with {@link #chunkIndex()} and {@link #chunkLength()}:
 * <pre>{@code
 * int count = splitter.reset(packet, chunkSize);   // throws FragmentException (EMPTY, TOO_LARGE)
 * int id = ids.next();
 * while (splitter.next()) {
 *     writeDataFrag(out, id, splitter.offset(), splitter.moreFragments(),
 *                   packet, splitter.chunkIndex(), splitter.chunkLength());
 * }
 * }</pre>
 *
 * <h2>Callback use</h2>
 * {@link #split(ByteBuf, int, ChunkConsumer)} hands each chunk to a callback as a slice.
 *
 * <h2>Ownership</h2>
 * The splitter never retains, releases or moves the indices of the packet: the caller keeps
 * owning it and must keep it alive while chunks are in use. {@link #chunk()} and the callback's
 * chunk are non-retained {@link ByteBuf#slice(int, int) slices}: do not release them, and do not use
 * them after the packet is released. The chunk size must be a multiple of 8 and at least 8 (the
 * DataFrag MPS of §2.6 always is). Not thread-safe.
 */
public final class FragmentSplitter {
    /** The largest packet that can be fragmented: offsets are encoded in 16 bits (§2.6, §3). */
    public static final int MAX_PACKET_BYTES = 0xFFFF;

    /**
     * Receives the chunks of {@link #split(ByteBuf, int, ChunkConsumer)}, in offset order.
     *
     * @param <E> what the consumer may throw (for example a wire or send error)
     */
    @FunctionalInterface
    public interface ChunkConsumer<E extends Exception> {
        /**
         * Takes one chunk.
         *
         * @param chunk a non-retained slice of the packet; do not release it or keep it beyond the
         *     packet's lifetime
         * @param offset the chunk's byte offset in the packet (a multiple of 8, at most 0xFFF8)
         * @param moreFragments true on every chunk except the last
         * @throws E whatever the consumer throws; splitting stops
         */
        void accept(ByteBuf chunk, int offset, boolean moreFragments) throws E;
    }

    private ByteBuf packet;
    private int base;
    private int length;
    private int chunkSize;
    private int offset;
    private int chunkLength;
    private int nextOffset;

    /** An idle cursor; call {@link #reset(ByteBuf, int)} to start splitting. */
    public FragmentSplitter() {
    }

    /**
     * The number of chunks a packet of {@code packetLength} bytes splits into.
     *
     * @param packetLength 1..65535
     * @param chunkSize a multiple of 8, at least 8
     * @return {@code ceil(packetLength / chunkSize)}
     * @throws IllegalArgumentException if either argument is out of range
     */
    public static int chunkCount(int packetLength, int chunkSize) {
        checkChunkSize(chunkSize);
        if (packetLength < 1 || packetLength > MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("packetLength must be 1..65535, was " + packetLength);
        }
        return (packetLength + chunkSize - 1) / chunkSize;
    }

    /**
     * Starts splitting the readable bytes of {@code packet}. Any previous packet is forgotten.
     *
     * @param packet the inside packet; still owned by the caller, indices untouched
     * @param chunkSize a multiple of 8, at least 8
     * @return the number of chunks {@link #next()} will produce
     * @throws FragmentException {@link FragmentError#EMPTY} if the packet has no readable bytes,
     *     {@link FragmentError#TOO_LARGE} if it has more than 65535
     * @throws IllegalArgumentException if {@code chunkSize} is not a positive multiple of 8
     */
    public int reset(ByteBuf packet, int chunkSize) throws FragmentException {
        Objects.requireNonNull(packet, "packet");
        checkChunkSize(chunkSize);
        clear();
        int len = packet.readableBytes();
        if (len == 0) {
            throw new FragmentException(FragmentError.EMPTY, -1, "cannot fragment an empty packet");
        }
        if (len > MAX_PACKET_BYTES) {
            throw new FragmentException(FragmentError.TOO_LARGE, -1,
                    "packet of " + len + " bytes exceeds " + MAX_PACKET_BYTES);
        }
        this.packet = packet;
        this.base = packet.readerIndex();
        this.length = len;
        this.chunkSize = chunkSize;
        return (len + chunkSize - 1) / chunkSize;
    }

    /**
     * Moves to the next chunk.
     *
     * @return false when every chunk has been produced (the cursor then forgets the packet)
     */
    public boolean next() {
        if (packet == null) {
            return false;
        }
        if (nextOffset >= length) {
            clear();
            return false;
        }
        offset = nextOffset;
        chunkLength = Math.min(chunkSize, length - offset);
        nextOffset = offset + chunkLength;
        return true;
    }

    /** The current chunk's byte offset in the packet (0, c, 2c, …). */
    public int offset() {
        checkPositioned();
        return offset;
    }

    /** Whether the current chunk is followed by another (the MF flag). */
    public boolean moreFragments() {
        checkPositioned();
        return offset + chunkLength < length;
    }

    /** The absolute index of the current chunk's first byte in the packet buffer. */
    public int chunkIndex() {
        checkPositioned();
        return base + offset;
    }

    /** The current chunk's length: the chunk size, or less for the last chunk. */
    public int chunkLength() {
        checkPositioned();
        return chunkLength;
    }

    /**
     * The current chunk as a non-retained slice of the packet (allocates a small view object).
     * Do not release it; it is valid while the packet is.
     */
    public ByteBuf chunk() {
        checkPositioned();
        return packet.slice(base + offset, chunkLength);
    }

    /** Forgets the current packet (so the cursor does not keep it reachable). */
    public void clear() {
        packet = null;
        base = 0;
        length = 0;
        chunkSize = 0;
        offset = 0;
        chunkLength = 0;
        nextOffset = 0;
    }

    /**
     * Splits the readable bytes of {@code packet} and passes each chunk, in offset order, to
     * {@code consumer}. The packet stays owned by the caller and its indices are not moved.
     *
     * @param <E> what the consumer may throw
     * @param packet the inside packet, 1..65535 readable bytes
     * @param chunkSize a multiple of 8, at least 8
     * @param consumer receives non-retained slices (see {@link ChunkConsumer#accept})
     * @return the number of chunks produced
     * @throws FragmentException {@link FragmentError#EMPTY} or {@link FragmentError#TOO_LARGE}, before
     *     any chunk is produced
     * @throws E whatever the consumer throws
     */
    public static <E extends Exception> int split(ByteBuf packet, int chunkSize, ChunkConsumer<E> consumer)
            throws FragmentException, E {
        Objects.requireNonNull(consumer, "consumer");
        FragmentSplitter cursor = new FragmentSplitter();
        int count = cursor.reset(packet, chunkSize);
        while (cursor.next()) {
            consumer.accept(cursor.chunk(), cursor.offset(), cursor.moreFragments());
        }
        return count;
    }

    private void checkPositioned() {
        if (packet == null || chunkLength == 0) {
            throw new IllegalStateException("no current chunk: call reset() and next() first");
        }
    }

    private static void checkChunkSize(int chunkSize) {
        if (chunkSize < 8 || (chunkSize & 7) != 0) {
            throw new IllegalArgumentException("chunkSize must be a positive multiple of 8, was " + chunkSize);
        }
    }
}
