package org.lightwayj.codec.fec.example;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecException;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/**
 * The example codec of docs/codec-authors.md: every byte is rotated left by 3 bits behind a 1-byte
 * marker, and the encoder releases its output in batches of {@code batch} packets (or when the
 * oldest waiting packet is {@code maxWaitNanos} old).
 */
public final class RotateCodecFactory implements PacketCodecFactory {
    static final int MARKER = 0x52;

    private final int batch;
    private final long maxWaitNanos;
    private final LongAdder malformed = new LongAdder();

    /** ServiceLoader needs a public no-argument constructor with defaults. */
    public RotateCodecFactory() {
        this(4, 2_000_000L);
    }

    /**
     * @param batch packets per batch, ≥ 1
     * @param maxWaitNanos the longest a packet waits in the encoder, &gt; 0
     */
    public RotateCodecFactory(int batch, long maxWaitNanos) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1: " + batch);
        }
        if (maxWaitNanos <= 0) {
            throw new IllegalArgumentException("maxWaitNanos must be > 0: " + maxWaitNanos);
        }
        this.batch = batch;
        this.maxWaitNanos = maxWaitNanos;
    }

    @Override
    public String name() {
        return "example-rotate";
    }

    @Override
    public PacketEncoder newEncoder(ByteBufAllocator alloc) {
        return new Encoder(alloc);
    }

    @Override
    public PacketDecoder newDecoder(ByteBufAllocator alloc) {
        return new Decoder(alloc);
    }

    @Override
    public Map<String, Long> counters() {
        return Map.of("malformedDropped", malformed.sum());
    }

    private static byte rotl3(byte b) {
        int v = b & 0xFF;
        return (byte) ((v << 3) | (v >>> 5));
    }

    private static byte rotr3(byte b) {
        int v = b & 0xFF;
        return (byte) ((v >>> 3) | (v << 5));
    }

    private final class Encoder implements PacketEncoder {
        private final ByteBufAllocator alloc;
        private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
        private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>();
        private long deadline = NO_DEADLINE;
        private boolean enabled;

        Encoder(ByteBufAllocator alloc) {
            this.alloc = alloc;
        }

        @Override
        public CodecStatus store(ByteBuf packet, long nowNanos) {
            if (!enabled) {
                return CodecStatus.SKIP_PACKET;           // the core sends it as plain Data
            }
            int len = packet.readableBytes();
            ByteBuf out = alloc.buffer(1 + len);      // ours until poll() hands it over
            out.writeByte(MARKER);
            for (int i = 0; i < len; i++) {           // absolute reads: the caller's indices stay put
                out.writeByte(rotl3(packet.getByte(packet.readerIndex() + i)));
            }
            if (waiting.isEmpty()) {
                deadline = nowNanos + maxWaitNanos;   // the first waiting packet sets the deadline
            }
            waiting.add(out);
            if (waiting.size() < batch) {
                return CodecStatus.PENDING;           // nothing to send yet
            }
            release();
            return CodecStatus.READY_TO_FLUSH;
        }

        private void release() {
            ready.addAll(waiting);
            waiting.clear();
            deadline = NO_DEADLINE;
        }

        @Override
        public ByteBuf poll() {
            return ready.poll();                      // the caller owns (and releases) it
        }

        @Override
        public boolean flush(long nowNanos) {
            if (!waiting.isEmpty() && deadline <= nowNanos) {
                release();
            }
            return !ready.isEmpty();                  // early or repeated calls are harmless
        }

        @Override
        public long nextFlushDeadline() {
            return deadline;
        }

        @Override
        public void setEncodingEnabled(boolean enabled) {
            this.enabled = enabled;                   // waiting packets still leave on the flush tick
        }

        @Override
        public boolean isEncodingEnabled() {
            return enabled;
        }

        @Override
        public int maxOverheadPerPacket() {
            return 1;                                 // the marker byte, exactly
        }

        @Override
        public void close() {
            waiting.forEach(ByteBuf::release);
            ready.forEach(ByteBuf::release);
            waiting.clear();
            ready.clear();
            deadline = NO_DEADLINE;
        }
    }

    private final class Decoder implements PacketDecoder {
        private final ByteBufAllocator alloc;
        private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>();

        Decoder(ByteBufAllocator alloc) {
            this.alloc = alloc;
        }

        @Override
        public CodecStatus store(ByteBuf encoded, long nowNanos) throws PacketCodecException {
            int len = encoded.readableBytes();
            int ri = encoded.readerIndex();
            if (len < 1 || encoded.getUnsignedByte(ri) != MARKER) {
                malformed.increment();                // untrusted input: count and drop, never throw
                return CodecStatus.PENDING;
            }
            ByteBuf out = alloc.buffer(len - 1);
            for (int i = 1; i < len; i++) {
                out.writeByte(rotr3(encoded.getByte(ri + i)));
            }
            ready.add(out);
            return CodecStatus.READY_TO_FLUSH;
        }

        @Override
        public ByteBuf poll() {
            return ready.poll();
        }

        @Override
        public boolean cleanup(long nowNanos) {
            return !ready.isEmpty();                  // this decoder keeps no partial state
        }

        @Override
        public long nextCleanupDeadline() {
            return NO_DEADLINE;
        }

        @Override
        public void close() {
            ready.forEach(ByteBuf::release);
            ready.clear();
        }
    }
}
