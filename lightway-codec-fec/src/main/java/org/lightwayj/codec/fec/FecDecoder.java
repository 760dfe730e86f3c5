package org.lightwayj.codec.fec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecException;
import org.lightwayj.codec.PacketDecoder;

/**
 * The {@code fec-rs} decoder.
 *
 * <h2>Delivery</h2>
 * A source packet is delivered as soon as it arrives. When a block's actual K is known (from a
 * repair) and K of its symbols have arrived, the missing sources are rebuilt and delivered at once.
 * Each (block, index) is delivered at most once: duplicates in an open block are seen in its masks,
 * and the ids of finished blocks are remembered in a 65536-bit "retired" map, so late copies are
 * dropped too. A block that leaves unfinished (expired by age or evicted for room) keeps its
 * received-sources mask in a small ring ({@value #UNFINISHED_MEMORY} blocks), so a source of it that
 * arrives later — a sender or host that stalled past {@link FecConfig#blockMaxAgeNanos()} — is still
 * delivered once instead of being taken for a duplicate.
 *
 * <h2>Block ids</h2>
 * 16-bit ids compared in serial-number arithmetic against the newest id seen. An id more than
 * {@value #LATE_WINDOW} blocks behind the newest is dropped as late; moving the newest id forward
 * clears the retired bits it passes, which handles wrap-around.
 *
 * <h2>Bounds</h2>
 * At most {@link FecConfig#maxOpenBlocks()} open blocks; opening one more evicts the one that was
 * opened first (counted). A block older than {@link FecConfig#blockMaxAgeNanos()} is dropped on
 * {@link #cleanup(long)}. Malformed input is counted and dropped, never thrown.
 */
final class FecDecoder implements PacketDecoder {
    /** How far behind the newest block id a packet may be and still count. */
    static final int LATE_WINDOW = 4096;
    /** Blocks that left unfinished whose received-sources masks are remembered. */
    static final int UNFINISHED_MEMORY = 256;

    private static final class Block {
        int id;
        long first;
        int kCfg;
        int kAct;
        int r;
        int symLen;
        long srcHave;
        long repHave;
        final byte[][] src = new byte[ReedSolomon.MAX_K][];
        final int[] srcLen = new int[ReedSolomon.MAX_K];
        final byte[][] rep = new byte[ReedSolomon.MAX_R][];

        void reset(int id, long now) {
            this.id = id;
            this.first = now;
            kCfg = -1;
            kAct = -1;
            r = -1;
            symLen = -1;
            srcHave = 0;
            repHave = 0;
        }
    }

    private final FecConfig cfg;
    private final ByteBufAllocator alloc;
    private final FecCounters counters;
    private final int symCap;
    private final Block[] open;
    private int openCount;
    private final ArrayDeque<Block> pool = new ArrayDeque<>();
    private final long[] retired = new long[65536 / 64];
    /** Ring of blocks retired unfinished: id (-1 = empty) and the sources delivered from it. */
    private final int[] unfinishedIds = new int[UNFINISHED_MEMORY];
    private final long[] unfinishedHave = new long[UNFINISHED_MEMORY];
    private int unfinishedNext;
    /** Occupied ring slots: with none (no block ever left unfinished) block creation skips the ring. */
    private int unfinishedLive;
    private boolean haveNewest;
    private int newest;
    private final ArrayDeque<ByteBuf> out = new ArrayDeque<>(128);
    private final ReedSolomon rs = new ReedSolomon(1, 0);
    private boolean closed;

    FecDecoder(FecConfig cfg, ByteBufAllocator alloc, FecCounters counters) {
        this.cfg = cfg;
        this.alloc = alloc;
        this.counters = counters;
        this.symCap = cfg.maxSymbolSize() + FecWire.LENGTH_FIELD;
        this.open = new Block[cfg.maxOpenBlocks()];
        Arrays.fill(unfinishedIds, -1);
    }

    @Override
    public CodecStatus store(ByteBuf encoded, long nowNanos) throws PacketCodecException {
        if (closed) {
            throw new PacketCodecException("fec-rs decoder is closed");
        }
        int n = encoded.readableBytes();
        if (n < FecWire.HEADER) {
            return malformed();
        }
        int ri = encoded.readerIndex();
        int type = encoded.getUnsignedByte(ri);
        int id = encoded.getUnsignedShort(ri + 1);
        int idx = encoded.getUnsignedByte(ri + 3);
        int k = encoded.getUnsignedByte(ri + 4);
        int r = encoded.getUnsignedByte(ri + 5);
        if (type == FecWire.SOURCE) {
            return source(encoded, ri + FecWire.HEADER, n - FecWire.HEADER, id, idx, k, r, nowNanos);
        } else if (type == FecWire.REPAIR) {
            return repair(encoded, ri + FecWire.HEADER, n - FecWire.HEADER, id, idx, k, r, nowNanos);
        }
        return malformed();
    }

    private CodecStatus malformed() {
        counters.malformedDropped.increment();
        return CodecStatus.PENDING;
    }

    private CodecStatus source(ByteBuf in, int off, int len, int id, int idx, int k, int r, long now) {
        if (k < 1 || k > ReedSolomon.MAX_K || r > k || idx >= k || len > cfg.maxSymbolSize()) {
            return malformed();
        }
        Block b = find(id);
        if (b == null) {
            if (isRetired(id)) {
                int slot = unfinishedSlot(id);
                if (slot < 0 || (unfinishedHave[slot] & (1L << idx)) != 0) {
                    counters.duplicatesDropped.increment();
                    return CodecStatus.PENDING;
                }
                // Its block left unfinished and this source never arrived: late, not a duplicate.
                unfinishedHave[slot] |= 1L << idx;
                counters.sourceReceived.increment();
                counters.lateSourcesDelivered.increment();
                ByteBuf o = alloc.buffer(len);
                o.writeBytes(in, off, len);
                out.add(o);
                return CodecStatus.READY_TO_FLUSH;
            }
            if (isLate(id)) {
                counters.lateDropped.increment();
                return CodecStatus.PENDING;
            }
            b = create(id, now);
        }
        if ((b.r >= 0 && b.r != r) || (b.kCfg >= 0 && b.kCfg != k)
                || (b.kAct >= 0 && (idx >= b.kAct || k < b.kAct))
                || (b.symLen >= 0 && len > b.symLen - FecWire.LENGTH_FIELD)) {
            return malformed();
        }
        long bit = 1L << idx;
        if ((b.srcHave & bit) != 0) {
            counters.duplicatesDropped.increment();
            return CodecStatus.PENDING;
        }
        b.kCfg = k;
        b.r = r;
        if (r > 0) {
            byte[] s = b.src[idx];
            if (s == null) {
                s = new byte[symCap];
                b.src[idx] = s;
            }
            s[0] = (byte) (len >>> 8);
            s[1] = (byte) len;
            in.getBytes(off, s, FecWire.LENGTH_FIELD, len);
            b.srcLen[idx] = len;
        }
        b.srcHave |= bit;
        counters.sourceReceived.increment();
        ByteBuf o = alloc.buffer(len);
        o.writeBytes(in, off, len);
        out.add(o);
        tryFinish(b);
        return CodecStatus.READY_TO_FLUSH;
    }

    private CodecStatus repair(ByteBuf in, int off, int symLen, int id, int idx, int k, int r, long now) {
        if (k < 1 || k > ReedSolomon.MAX_K || r < 1 || r > ReedSolomon.MAX_R || idx >= r
                || symLen < FecWire.LENGTH_FIELD || symLen > symCap) {
            return malformed();
        }
        Block b = find(id);
        if (b == null) {
            if (isRetired(id)) {
                counters.repairsUnneeded.increment();
                return CodecStatus.PENDING;
            }
            if (isLate(id)) {
                counters.lateDropped.increment();
                return CodecStatus.PENDING;
            }
            b = create(id, now);
        }
        long kMask = k == 64 ? -1L : (1L << k) - 1;
        if ((b.r >= 0 && b.r != r) || (b.kAct >= 0 && b.kAct != k) || (b.kCfg >= 0 && k > b.kCfg)
                || (b.symLen >= 0 && b.symLen != symLen) || (b.srcHave & ~kMask) != 0) {
            return malformed();
        }
        if (b.symLen < 0) {
            for (long m = b.srcHave; m != 0; m &= m - 1) {
                if (b.srcLen[Long.numberOfTrailingZeros(m)] > symLen - FecWire.LENGTH_FIELD) {
                    return malformed();
                }
            }
        }
        long bit = 1L << idx;
        if ((b.repHave & bit) != 0) {
            counters.duplicatesDropped.increment();
            return CodecStatus.PENDING;
        }
        b.r = r;
        b.kAct = k;
        b.symLen = symLen;
        byte[] s = b.rep[idx];
        if (s == null) {
            s = new byte[symCap];
            b.rep[idx] = s;
        }
        in.getBytes(off, s, 0, symLen);
        b.repHave |= bit;
        counters.repairReceived.increment();
        return tryFinish(b) ? CodecStatus.READY_TO_FLUSH : CodecStatus.PENDING;
    }

    /** Rebuilds or retires {@code b} when it can; true when rebuilt packets were queued. */
    private boolean tryFinish(Block b) {
        if (b.kAct >= 0) {
            int k = b.kAct;
            long all = k == 64 ? -1L : (1L << k) - 1;
            int have = Long.bitCount(b.srcHave & all);
            if (have == k) {
                retire(b);
                return false;
            }
            if (have + Long.bitCount(b.repHave) < k) {
                return false;
            }
            int symLen = b.symLen;
            for (int j = 0; j < k; j++) {
                if ((b.srcHave & (1L << j)) != 0) {
                    Arrays.fill(b.src[j], FecWire.LENGTH_FIELD + b.srcLen[j], symLen, (byte) 0);
                } else if (b.src[j] == null) {
                    b.src[j] = new byte[symCap];
                }
            }
            rs.decode(k, b.src, b.srcHave, b.rep, b.repHave, symLen);
            boolean any = false;
            for (long m = ~b.srcHave & all; m != 0; m &= m - 1) {
                byte[] s = b.src[Long.numberOfTrailingZeros(m)];
                int len = ((s[0] & 0xFF) << 8) | (s[1] & 0xFF);
                if (len > symLen - FecWire.LENGTH_FIELD) {
                    // Only corrupt symbols can get here: never deliver a wrong packet.
                    counters.malformedDropped.increment();
                    continue;
                }
                ByteBuf o = alloc.buffer(len);
                o.writeBytes(s, FecWire.LENGTH_FIELD, len);
                out.add(o);
                counters.recovered.increment();
                any = true;
            }
            retire(b);
            return any;
        }
        if (b.kCfg >= 0 && Long.bitCount(b.srcHave) == b.kCfg) {
            retire(b);
        }
        return false;
    }

    private Block find(int id) {
        for (int i = 0; i < openCount; i++) {
            if (open[i].id == id) {
                return open[i];
            }
        }
        return null;
    }

    private boolean isRetired(int id) {
        // An id newer than the newest is fresh even if its bit is still set from 65536 blocks ago.
        if (haveNewest && (short) (id - newest) > 0) {
            return false;
        }
        return (retired[id >>> 6] & (1L << id)) != 0;
    }

    private boolean isLate(int id) {
        return haveNewest && (short) (newest - id) > LATE_WINDOW;
    }

    private Block create(int id, long now) {
        if (!haveNewest) {
            haveNewest = true;
            newest = id;
        } else if ((short) (id - newest) > 0) {
            // Ids between the old newest and this one are fresh: forget they were ever retired.
            for (int x = (newest + 1) & 0xFFFF; ; x = (x + 1) & 0xFFFF) {
                retired[x >>> 6] &= ~(1L << x);
                if (x == id) {
                    break;
                }
            }
            newest = id;
        }
        if (openCount == open.length) {
            int victim = 0;
            for (int i = 1; i < openCount; i++) {
                if (open[i].first - open[victim].first < 0) {
                    victim = i;
                }
            }
            counters.evictions.increment();
            retireUnfinished(open[victim]);
        }
        forgetUnfinished(id); // a new block under an old id: the old one's mask no longer applies
        Block b = pool.poll();
        if (b == null) {
            b = new Block();
        }
        b.reset(id, now);
        open[openCount++] = b;
        return b;
    }

    /** Retires a block that leaves before it finished, remembering which of its sources were delivered. */
    private void retireUnfinished(Block b) {
        if (unfinishedIds[unfinishedNext] < 0) {
            unfinishedLive++;
        }
        unfinishedIds[unfinishedNext] = b.id;
        unfinishedHave[unfinishedNext] = b.srcHave;
        unfinishedNext = (unfinishedNext + 1) % UNFINISHED_MEMORY;
        retire(b);
    }

    /** The ring slot of the newest unfinished block {@code id}, or -1. */
    private int unfinishedSlot(int id) {
        for (int n = 1; n <= UNFINISHED_MEMORY; n++) {
            int i = (unfinishedNext - n + UNFINISHED_MEMORY) % UNFINISHED_MEMORY;
            if (unfinishedIds[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private void forgetUnfinished(int id) {
        for (int i = 0; unfinishedLive > 0 && i < UNFINISHED_MEMORY; i++) {
            if (unfinishedIds[i] == id) {
                unfinishedIds[i] = -1;
                unfinishedLive--;
            }
        }
    }

    private void retire(Block b) {
        // Feed the loss estimate: sources of this block that never arrived (rebuilt ones count as lost).
        int k = b.kAct >= 0 ? b.kAct : b.kCfg;
        if (k > 0) {
            long all = k == 64 ? -1L : (1L << k) - 1;
            counters.loss.record(k, k - Long.bitCount(b.srcHave & all));
        }
        retired[b.id >>> 6] |= 1L << b.id;
        for (int i = 0; i < openCount; i++) {
            if (open[i] == b) {
                open[i] = open[--openCount];
                open[openCount] = null;
                break;
            }
        }
        pool.add(b);
    }

    @Override
    public ByteBuf poll() {
        return out.poll();
    }

    @Override
    public boolean cleanup(long nowNanos) throws PacketCodecException {
        long maxAge = cfg.blockMaxAgeNanos();
        for (int i = openCount - 1; i >= 0; i--) {
            Block b = open[i];
            if (b.first + maxAge <= nowNanos) {
                counters.blocksExpired.increment();
                retireUnfinished(b);
            }
        }
        return !out.isEmpty();
    }

    @Override
    public long nextCleanupDeadline() {
        long d = NO_DEADLINE;
        long maxAge = cfg.blockMaxAgeNanos();
        for (int i = 0; i < openCount; i++) {
            d = Math.min(d, open[i].first + maxAge);
        }
        return d;
    }

    /** Open blocks right now (tests). */
    int openBlocks() {
        return openCount;
    }

    @Override
    public void close() {
        closed = true;
        ByteBuf b;
        while ((b = out.poll()) != null) {
            b.release();
        }
        while (openCount > 0) {
            open[--openCount] = null;
        }
        pool.clear();
    }
}
