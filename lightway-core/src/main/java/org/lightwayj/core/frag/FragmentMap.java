package org.lightwayj.core.frag;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.Objects;
import org.lightwayj.core.FragmentError;
import org.lightwayj.core.internal.Deadlines;

/**
 * The per-connection reassembly map for DataFrag and EncodedDataFrag (spec §3, bounds of §0.4).
 *
 * <h2>Run merging</h2>
 * Each entry, keyed by fragment id, is a sorted list of contiguous runs {start, end, isLast}. A
 * fragment is added exactly as §3 describes: an empty fragment is {@link FragmentError#EMPTY}; then,
 * run by run in order, an overlap is {@link FragmentError#OVERLAPPING}, a fragment ending before the
 * run is inserted before it, a fragment touching the run extends it (prepending a last fragment is
 * {@link FragmentError#LAST_FRAGMENT_BEFORE_CURRENT_TAIL}; appending to, or merging after, a last
 * run is {@link FragmentError#AFTER_LAST}); otherwise the fragment becomes a new final run. The packet
 * is complete when a single run starts at 0 and is last. One case §3 leaves open is decided here: a
 * fragment that is appended to a run and reaches past the start of the next run is
 * {@link FragmentError#OVERLAPPING}.
 *
 * <h2>Errors</h2>
 * Any error removes the whole entry, is counted in {@link #stats()}, and is thrown as a
 * {@link FragmentException} (non-fatal for the connection).
 *
 * <h2>Bounds (§0.4)</h2>
 * At most {@link FragmentMapConfig#maxEntries()} partial packets (least recently used evicted);
 * each lives at most {@link FragmentMapConfig#maxAgeNanos()} from its first fragment (dropped lazily
 * by {@link #add} and by {@link #expire(long)}; {@link #nextExpiry()} says when to call it); a
 * fragment ending beyond {@link FragmentMapConfig#maxPacketBytes()} is
 * {@link FragmentError#TOO_LARGE}. All partial packets together hold at most
 * {@link FragmentMapConfig#maxTotalBytes()} bytes ({@link #heldBytes()}): before a fragment makes the
 * map allocate or grow an entry's buffer past that budget, least recently used entries other than the
 * one being added are evicted until it fits (counted in {@link FragmentMapStats#evictedBudget()}); a
 * packet that alone would exceed the budget is {@link FragmentError#BUDGET_EXCEEDED}. The budget
 * counts each entry's buffer <em>capacity</em>, not the fragment bytes stored in it, because capacity
 * is the memory really taken: a lone tail fragment at offset 65000 costs a 65 KiB buffer although it
 * stores a few bytes. Completed packets leave the count when handed over. Time is passed in as non-decreasing monotonic nanoseconds; the map
 * never reads a clock.
 *
 * <h2>Buffers</h2>
 * Fragment bytes are copied into a per-entry buffer taken from the allocator given at construction;
 * the caller's fragment buffer is never retained, released, or moved. A completed packet is that
 * buffer, handed over to the caller, who must release it. Buffers of evicted, expired or failed
 * entries are released by the map; {@link #close()} releases all of them.
 *
 * <pre>{@code
 * ByteBuf packet = map.add(id, offset, mf, encoded, frag.data(), now); // frag.data() stays the caller's
 * if (packet != null) {
 *     deliver(packet, map.lastCompletedEncoded());                   // deliver() releases packet
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one map per connection, driven by the connection's thread. Storage is
 * allocated on the first fragment; entries are recycled, so a steady flow of fragmented packets
 * allocates only the pooled packet buffers.
 */
public final class FragmentMap implements AutoCloseable {
    /** Entry objects kept for reuse after completion, error or eviction. */
    private static final int FREE_LIST_LIMIT = 32;
    private static final int INITIAL_TABLE = 16;
    /** With u16 ids, a larger table cannot spread them further. */
    private static final int MAX_TABLE_FOR_IDS = 0x10000;

    private final FragmentMapConfig config;
    private final ByteBufAllocator allocator;
    private final FragmentMapStats stats = new FragmentMapStats();
    private final int maxTable;

    /** Chained hash table keyed by fragment id; null until the first multi-fragment packet. */
    private Entry[] table;
    private int size;
    /** Access order: head is the least recently used entry. */
    private Entry lruHead;
    private Entry lruTail;
    /** Creation order (and expiry order, expiry is non-decreasing): head expires first. */
    private Entry ageHead;
    private Entry ageTail;
    private Entry freeList;
    private int freeCount;
    /** Sum of the accounted buffer capacities of all entries; at most config.maxTotalBytes(). */
    private long heldBytes;
    private boolean lastCompletedEncoded;
    private boolean closed;

    /**
     * @param config the bounds
     * @param allocator where per-entry packet buffers come from (a pooled allocator is best)
     */
    public FragmentMap(FragmentMapConfig config, ByteBufAllocator allocator) {
        this.config = Objects.requireNonNull(config, "config");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        // Ids are u16 and the bucket is id & mask, so a chain never holds more than 65536 / table ids.
        int want = (int) Math.min(MAX_TABLE_FOR_IDS, ((long) config.maxEntries() * 4 + 2) / 3);
        this.maxTable = Math.max(INITIAL_TABLE, Integer.highestOneBit(Math.max(1, want - 1)) << 1);
    }

    /**
     * Adds one received fragment.
     *
     * @param fragmentId the DataFrag/EncodedDataFrag id, 0..65535
     * @param byteOffset the fragment's byte offset in the packet, 0..65535 (from the offset word)
     * @param moreFragments the MF flag
     * @param encoded whether the fragment came as EncodedDataFrag; the fragment that completes a
     *     packet decides, see {@link #lastCompletedEncoded()}
     * @param data the fragment bytes (its readable bytes); still owned by the caller, which releases
     *     it; the map copies the bytes and does not move its indices
     * @param nowNanos the current monotonic time
     * @return the completed packet, owned by the caller (who must release it), or null if the packet
     *     is not complete yet
     * @throws FragmentException if the fragment is refused; the entry for {@code fragmentId} is gone
     * @throws IllegalArgumentException if {@code fragmentId} or {@code byteOffset} is not a u16
     * @throws IllegalStateException after {@link #close()}
     */
    public ByteBuf add(int fragmentId, int byteOffset, boolean moreFragments, boolean encoded, ByteBuf data,
            long nowNanos) throws FragmentException {
        if (closed) {
            throw new IllegalStateException("fragment map is closed");
        }
        if ((fragmentId & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("fragmentId must be 0..65535, was " + fragmentId);
        }
        if ((byteOffset & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("byteOffset must be 0..65535, was " + byteOffset);
        }
        Objects.requireNonNull(data, "data");
        expire(nowNanos);

        Entry e = find(fragmentId);
        int len = data.readableBytes();
        if (len == 0) {
            throw fail(e, fragmentId, FragmentError.EMPTY, "empty fragment at offset " + byteOffset);
        }
        // len is checked first so byteOffset + len cannot overflow.
        if (len > config.maxPacketBytes() || byteOffset + len > config.maxPacketBytes()) {
            throw fail(e, fragmentId, FragmentError.TOO_LARGE, "fragment " + byteOffset + "+" + len
                    + " ends beyond maxPacketBytes " + config.maxPacketBytes());
        }
        int end = byteOffset + len;

        if (e == null) {
            if (byteOffset == 0 && !moreFragments) {
                // A whole packet in one fragment: §3 would create and complete the entry at once.
                ByteBuf out = allocator.buffer(len, len);
                out.writeBytes(data, data.readerIndex(), len);
                return completed(out, encoded);
            }
            if (end > config.maxTotalBytes()) {
                throw fail(null, fragmentId, FragmentError.BUDGET_EXCEEDED, "needs " + end
                        + " bytes, over maxTotalBytes " + config.maxTotalBytes());
            }
            e = newEntry(fragmentId, nowNanos, end);
            e.appendRun(byteOffset, end, !moreFragments);
            copy(e, data, byteOffset, len);
            return null;
        }

        moveToLruTail(e);
        FragmentError error = e.addRun(byteOffset, end, moreFragments);
        if (error != null) {
            throw fail(e, fragmentId, error, "fragment " + byteOffset + ".." + end + (moreFragments ? "" : " (last)"));
        }
        if (end > e.buf.capacity()) {
            grow(e, fragmentId, end);
        }
        copy(e, data, byteOffset, len);
        if (e.runs == 1 && e.starts[0] == 0 && e.last[0]) {
            ByteBuf out = e.buf;
            e.buf = null;
            heldBytes -= e.held;
            e.held = 0;
            out.setIndex(0, e.ends[0]);
            unlink(e);
            recycle(e);
            return completed(out, encoded);
        }
        return null;
    }

    /**
     * Whether the packet most recently returned by {@link #add} is encoded (it was completed by an
     * EncodedDataFrag) and must go through the packet decoder. False before any completion.
     */
    public boolean lastCompletedEncoded() {
        return lastCompletedEncoded;
    }

    /**
     * Drops every partial packet whose age has reached the maximum. Safe to call early or twice.
     *
     * @param nowNanos the current monotonic time
     * @return how many entries were dropped
     */
    public int expire(long nowNanos) {
        int n = 0;
        while (ageHead != null && ageHead.expiresAt <= nowNanos) {
            Entry e = ageHead;
            unlink(e);
            releaseAndRecycle(e);
            stats.onExpired();
            n++;
        }
        return n;
    }

    /**
     * The instant at which {@link #expire(long)} will next drop an entry, or {@link Long#MAX_VALUE}
     * when the map holds no partial packet. Moved by {@link #add} (a new entry when the map was
     * empty, or removal of the oldest entry), {@link #expire} and {@link #close()}.
     */
    public long nextExpiry() {
        return ageHead == null ? Long.MAX_VALUE : ageHead.expiresAt;
    }

    /**
     * The bytes held for partial packets: the sum of the capacities of their buffers, never more than
     * {@link FragmentMapConfig#maxTotalBytes()}; 0 when the map holds no partial packet.
     */
    public long heldBytes() {
        return heldBytes;
    }

    /** The number of partial packets held. */
    public int size() {
        return size;
    }

    /**
     * @param fragmentId 0..65535
     * @return whether a partial packet with that id is held
     */
    public boolean contains(int fragmentId) {
        return find(fragmentId) != null;
    }

    /** Live counters. */
    public FragmentMapStats stats() {
        return stats;
    }

    /** The bounds in force. */
    public FragmentMapConfig config() {
        return config;
    }

    /**
     * Releases every partial packet ({@link #heldBytes()} becomes 0). Idempotent; the map refuses
     * {@link #add} afterwards. Does not count the dropped entries as evictions.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (ageHead != null) {
            Entry e = ageHead;
            unlink(e);
            releaseAndRecycle(e);
        }
        table = null;
        freeList = null;
        freeCount = 0;
    }

    /** Test hook: the runs of an entry as "s..e s..e+last", or null if there is no entry. */
    String describeRuns(int fragmentId) {
        Entry e = find(fragmentId);
        if (e == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e.runs; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(e.starts[i]).append("..").append(e.ends[i]).append(e.last[i] ? "+last" : "");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "FragmentMap{size=" + size + ", heldBytes=" + heldBytes + ", " + stats + '}';
    }

    // ---------------------------------------------------------------------------------------------

    private ByteBuf completed(ByteBuf out, boolean encoded) {
        lastCompletedEncoded = encoded;
        stats.onCompleted();
        return out;
    }

    private FragmentException fail(Entry e, int fragmentId, FragmentError error, String detail) {
        if (e != null) {
            unlink(e);
            releaseAndRecycle(e);
        }
        stats.onError(error);
        return new FragmentException(error, fragmentId, "fragment id " + fragmentId + ": " + detail);
    }

    /**
     * Grows e's buffer so that it holds {@code end} bytes, within the budget: the allocator's usual
     * growth step if that fits the budget, else exactly {@code end}; other entries are evicted (least
     * recently used first) to make room. Drops e with BUDGET_EXCEEDED if {@code end} alone is over.
     */
    private void grow(Entry e, int fragmentId, int end) throws FragmentException {
        long budget = config.maxTotalBytes();
        if (end > budget) {
            throw fail(e, fragmentId, FragmentError.BUDGET_EXCEEDED, "needs " + end
                    + " bytes, over maxTotalBytes " + budget);
        }
        int newCapacity = allocator.calculateNewCapacity(end, config.maxPacketBytes());
        if (newCapacity > budget) {
            newCapacity = end;
        }
        makeRoom(e, newCapacity - e.held);
        e.buf.capacity(newCapacity);
        account(e);
    }

    /** Evicts least recently used entries other than {@code keep} until {@code extra} more bytes fit. */
    private void makeRoom(Entry keep, long extra) {
        long budget = config.maxTotalBytes();
        while (heldBytes + extra > budget) {
            Entry victim = lruHead == keep ? keep.lruNext : lruHead;
            if (victim == null) {
                return; // cannot happen: the caller checked the entry alone fits the budget
            }
            unlink(victim);
            releaseAndRecycle(victim);
            stats.onEvictedBudget();
        }
    }

    /** Brings heldBytes up to date with e's buffer capacity. */
    private void account(Entry e) {
        int capacity = e.buf.capacity();
        heldBytes += capacity - e.held;
        e.held = capacity;
    }

    private static void copy(Entry e, ByteBuf data, int start, int len) {
        ByteBuf buf = e.buf;
        int end = start + len;
        if (end > buf.writerIndex()) {
            // Bytes between runs are garbage until filled; only a single run from 0 is handed out.
            // The capacity is already large enough (newEntry or grow), so this never reallocates.
            buf.writerIndex(end);
        }
        buf.setBytes(start, data, data.readerIndex(), len);
    }

    private Entry find(int id) {
        Entry[] t = table;
        if (t == null) {
            return null;
        }
        for (Entry e = t[id & (t.length - 1)]; e != null; e = e.hashNext) {
            if (e.id == id) {
                return e;
            }
        }
        return null;
    }

    private Entry newEntry(int id, long nowNanos, int firstEnd) {
        if (table == null) {
            table = new Entry[INITIAL_TABLE];
            stats.onStorageAllocated();
        }
        if (size >= config.maxEntries()) {
            Entry victim = lruHead;
            unlink(victim);
            releaseAndRecycle(victim);
            stats.onEvictedLru();
        }
        makeRoom(null, firstEnd);
        if (size + 1 > table.length - (table.length >>> 2) && table.length < maxTable) {
            rehash(table.length << 1);
        }
        Entry e = freeList;
        if (e != null) {
            freeList = e.hashNext;
            freeCount--;
            e.hashNext = null;
        } else {
            e = new Entry();
        }
        e.id = id;
        e.runs = 0;
        long expires = Deadlines.saturatingAdd(nowNanos, config.maxAgeNanos());
        // Keep the age list sorted even if a host passes a time that goes backwards.
        e.expiresAt = ageTail != null && ageTail.expiresAt > expires ? ageTail.expiresAt : expires;
        e.buf = allocator.buffer(firstEnd, config.maxPacketBytes());
        e.held = 0;
        account(e);

        int b = id & (table.length - 1);
        e.hashNext = table[b];
        table[b] = e;
        e.lruPrev = lruTail;
        e.lruNext = null;
        if (lruTail != null) {
            lruTail.lruNext = e;
        } else {
            lruHead = e;
        }
        lruTail = e;
        e.agePrev = ageTail;
        e.ageNext = null;
        if (ageTail != null) {
            ageTail.ageNext = e;
        } else {
            ageHead = e;
        }
        ageTail = e;
        size++;
        stats.onEntryCreated();
        return e;
    }

    private void rehash(int newLength) {
        Entry[] old = table;
        Entry[] t = new Entry[newLength];
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.hashNext;
                int b = e.id & (newLength - 1);
                e.hashNext = t[b];
                t[b] = e;
                e = next;
            }
        }
        table = t;
    }

    private void moveToLruTail(Entry e) {
        if (e == lruTail) {
            return;
        }
        // e is not the tail, so e.lruNext != null.
        if (e.lruPrev != null) {
            e.lruPrev.lruNext = e.lruNext;
        } else {
            lruHead = e.lruNext;
        }
        e.lruNext.lruPrev = e.lruPrev;
        e.lruPrev = lruTail;
        e.lruNext = null;
        lruTail.lruNext = e;
        lruTail = e;
    }

    /** Removes e from the table and both lists; its buffer is left alone. */
    private void unlink(Entry e) {
        Entry[] t = table;
        int b = e.id & (t.length - 1);
        Entry prev = null;
        for (Entry c = t[b]; c != null; prev = c, c = c.hashNext) {
            if (c == e) {
                if (prev == null) {
                    t[b] = c.hashNext;
                } else {
                    prev.hashNext = c.hashNext;
                }
                break;
            }
        }
        e.hashNext = null;
        if (e.lruPrev != null) {
            e.lruPrev.lruNext = e.lruNext;
        } else {
            lruHead = e.lruNext;
        }
        if (e.lruNext != null) {
            e.lruNext.lruPrev = e.lruPrev;
        } else {
            lruTail = e.lruPrev;
        }
        if (e.agePrev != null) {
            e.agePrev.ageNext = e.ageNext;
        } else {
            ageHead = e.ageNext;
        }
        if (e.ageNext != null) {
            e.ageNext.agePrev = e.agePrev;
        } else {
            ageTail = e.agePrev;
        }
        e.lruPrev = e.lruNext = e.agePrev = e.ageNext = null;
        size--;
    }

    private void releaseAndRecycle(Entry e) {
        ByteBuf buf = e.buf;
        e.buf = null;
        heldBytes -= e.held;
        e.held = 0;
        if (buf != null) {
            buf.release();
        }
        recycle(e);
    }

    private void recycle(Entry e) {
        e.runs = 0;
        if (!closed && freeCount < FREE_LIST_LIMIT) {
            e.hashNext = freeList;
            freeList = e;
            freeCount++;
        }
    }

    /** One partial packet: its runs, its buffer and its links. */
    private static final class Entry {
        int id;
        long expiresAt;
        ByteBuf buf;
        /** The capacity of buf counted in heldBytes. */
        int held;
        int runs;
        int[] starts = new int[4];
        int[] ends = new int[4];
        boolean[] last = new boolean[4];
        Entry hashNext;
        Entry lruPrev;
        Entry lruNext;
        Entry agePrev;
        Entry ageNext;

        /**
         * The run-merging rules of §3, steps 2 and 3. Returns the error, or null when the fragment
         * [fs, fe) was recorded. On error the entry may be half-updated; the caller drops it.
         */
        FragmentError addRun(int fs, int fe, boolean moreFragments) {
            for (int i = 0; i < runs; i++) {
                int rs = starts[i];
                int re = ends[i];
                if (fe > rs && fs < re) {
                    return FragmentError.OVERLAPPING;
                }
                if (fe < rs) {
                    insertRun(i, fs, fe, !moreFragments);
                    return null;
                }
                if (fe == rs) {
                    if (!moreFragments) {
                        return FragmentError.LAST_FRAGMENT_BEFORE_CURRENT_TAIL;
                    }
                    starts[i] = fs;
                    return null;
                }
                if (re == fs) {
                    if (last[i]) {
                        return FragmentError.AFTER_LAST;
                    }
                    boolean hasNext = i + 1 < runs;
                    if (hasNext && fe > starts[i + 1]) {
                        return FragmentError.OVERLAPPING;
                    }
                    ends[i] = fe;
                    last[i] = !moreFragments;
                    if (hasNext && fe == starts[i + 1]) {
                        if (last[i]) {
                            return FragmentError.AFTER_LAST;
                        }
                        ends[i] = ends[i + 1];
                        last[i] = last[i + 1];
                        removeRun(i + 1);
                    }
                    return null;
                }
            }
            appendRun(fs, fe, !moreFragments);
            return null;
        }

        void appendRun(int start, int end, boolean isLast) {
            insertRun(runs, start, end, isLast);
        }

        private void insertRun(int at, int start, int end, boolean isLast) {
            if (runs == starts.length) {
                int n = runs * 2;
                starts = Arrays.copyOf(starts, n);
                ends = Arrays.copyOf(ends, n);
                last = Arrays.copyOf(last, n);
            }
            int tail = runs - at;
            if (tail > 0) {
                System.arraycopy(starts, at, starts, at + 1, tail);
                System.arraycopy(ends, at, ends, at + 1, tail);
                System.arraycopy(last, at, last, at + 1, tail);
            }
            starts[at] = start;
            ends[at] = end;
            last[at] = isLast;
            runs++;
        }

        private void removeRun(int at) {
            int tail = runs - at - 1;
            if (tail > 0) {
                System.arraycopy(starts, at + 1, starts, at, tail);
                System.arraycopy(ends, at + 1, ends, at, tail);
                System.arraycopy(last, at + 1, last, at, tail);
            }
            runs--;
        }
    }
}
