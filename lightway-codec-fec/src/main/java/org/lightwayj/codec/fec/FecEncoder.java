package org.lightwayj.codec.fec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecException;
import org.lightwayj.codec.PacketEncoder;

/**
 * The {@code fec-rs} encoder: every source packet leaves at once with a 6-byte header; the block's R
 * repair packets follow when K sources have gone out, or on the flush tick once the flush delay of
 * the block's first packet has passed (the block is then closed with its actual K).
 *
 * <p>Disabling encoding leaves an open block to be closed by its flush deadline. Symbol arrays are
 * allocated on the first encoded packet and reused; output buffers come from the allocator given to
 * the factory, so with a pooled allocator the steady state allocates nothing.
 */
final class FecEncoder implements PacketEncoder {
    private final FecConfig cfg;
    private final ByteBufAllocator alloc;
    private final FecCounters counters;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>(128);
    private final int k;
    private final int r;
    /** The most repairs a block can get: R, or K in adaptive mode. */
    private final int maxR;

    /** One code per R used so far (adaptive mode switches between them without rebuilding). */
    private final ReedSolomon[] byR;
    private byte[][] sym;
    private byte[][] rep;
    private final int[] lens;
    private int blockR;
    private int rForLoss = -1;
    private long lossQuantum = -1;

    private boolean enabled;
    private boolean closed;
    private int blockId;
    private int count;
    private int maxLen;
    private long deadline = NO_DEADLINE;

    FecEncoder(FecConfig cfg, ByteBufAllocator alloc, FecCounters counters, int firstBlockId) {
        this.cfg = cfg;
        this.alloc = alloc;
        this.counters = counters;
        this.k = cfg.k();
        this.r = cfg.r();
        this.lens = new int[k];
        this.maxR = cfg.adaptive() ? k : r;
        this.byR = new ReedSolomon[maxR + 1];
        this.blockId = firstBlockId & 0xFFFF;
    }

    @Override
    public CodecStatus store(ByteBuf packet, long nowNanos) throws PacketCodecException {
        if (closed) {
            throw new PacketCodecException("fec-rs encoder is closed");
        }
        if (!enabled) {
            return CodecStatus.SKIP_PACKET;
        }
        int len = packet.readableBytes();
        if (len > cfg.maxSymbolSize()) {
            counters.oversizeSkipped.increment();
            return CodecStatus.SKIP_PACKET;
        }
        if (count == 0) {
            blockR = cfg.adaptive() ? adaptiveR() : r;
            if (blockR > 0) {
                deadline = nowNanos + cfg.flushDelayNanos();
            }
        }
        int idx = count;
        ByteBuf out = alloc.buffer(FecWire.HEADER + len);
        try {
            out.writeByte(FecWire.SOURCE).writeShort(blockId).writeByte(idx).writeByte(k).writeByte(blockR);
            out.writeBytes(packet, packet.readerIndex(), len);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        queue.add(out);
        counters.sourceSent.increment();
        if (blockR > 0) {
            if (sym == null) {
                allocateSymbols();
            }
            byte[] s = sym[idx];
            s[0] = (byte) (len >>> 8);
            s[1] = (byte) len;
            packet.getBytes(packet.readerIndex(), s, FecWire.LENGTH_FIELD, len);
            lens[idx] = len;
            maxLen = Math.max(maxLen, len);
        }
        count++;
        if (count == k) {
            closeBlock();
        }
        return CodecStatus.READY_TO_FLUSH;
    }

    private void allocateSymbols() {
        int cap = cfg.maxSymbolSize() + FecWire.LENGTH_FIELD;
        sym = new byte[k][cap];
        rep = new byte[maxR][cap];
    }

    /** The adaptive rule of {@link LossEstimator}, re-evaluated when the loss moves by 0.1 %. */
    private int adaptiveR() {
        if (!counters.loss.sampled()) {
            return Math.max(1, r); // nothing observed yet: start from the configured R
        }
        long q = Math.round(counters.loss.rate() * 1000);
        if (q != lossQuantum) {
            lossQuantum = q;
            rForLoss = LossEstimator.chooseR(k, q / 1000.0);
            counters.lastR = rForLoss;
        }
        return rForLoss;
    }

    /** Emits the repairs of the open block (if it has sources) and starts the next block id. */
    private void closeBlock() {
        if (count > 0 && blockR > 0) {
            int symLen = maxLen + FecWire.LENGTH_FIELD;
            for (int j = 0; j < count; j++) {
                // Shorter sources are zero-padded to the symbol length (the arrays are reused).
                Arrays.fill(sym[j], FecWire.LENGTH_FIELD + lens[j], symLen, (byte) 0);
            }
            ReedSolomon rs = byR[blockR];
            if (rs == null) {
                rs = new ReedSolomon(k, blockR);
                byR[blockR] = rs;
            }
            rs.encode(sym, count, rep, symLen);
            for (int t = 0; t < blockR; t++) {
                ByteBuf out = alloc.buffer(FecWire.HEADER + symLen);
                out.writeByte(FecWire.REPAIR).writeShort(blockId).writeByte(t).writeByte(count).writeByte(blockR);
                out.writeBytes(rep[t], 0, symLen);
                queue.add(out);
            }
            counters.repairSent.add(blockR);
        }
        if (count > 0) {
            counters.blocksSent.increment();
        }
        blockId = (blockId + 1) & 0xFFFF;
        count = 0;
        maxLen = 0;
        deadline = NO_DEADLINE;
    }

    @Override
    public ByteBuf poll() {
        return queue.poll();
    }

    @Override
    public boolean flush(long nowNanos) throws PacketCodecException {
        if (closed) {
            return false;
        }
        if (count > 0 && deadline <= nowNanos) {
            closeBlock();
        }
        return !queue.isEmpty();
    }

    @Override
    public long nextFlushDeadline() {
        return count > 0 ? deadline : NO_DEADLINE;
    }

    @Override
    public void setEncodingEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public boolean isEncodingEnabled() {
        return enabled;
    }

    /** {@value FecWire#MAX_OVERHEAD} bytes: 6 of header, plus the 2-byte coded length in a repair. */
    @Override
    public int maxOverheadPerPacket() {
        return FecWire.MAX_OVERHEAD;
    }

    /** The block id the next source packet gets (tests). */
    int currentBlockId() {
        return blockId;
    }

    @Override
    public void close() {
        closed = true;
        ByteBuf b;
        while ((b = queue.poll()) != null) {
            b.release();
        }
        count = 0;
        deadline = NO_DEADLINE;
    }
}
