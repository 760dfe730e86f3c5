package org.lightwayj.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/**
 * A codec that hands each packet on unchanged and makes it ready at once, so a benchmark measures the
 * core's codec path rather than a transform. {@code copy = false} is the zero-copy pass-through the SPI
 * allows: it keeps the bytes by taking its own reference ({@code retainedSlice()}) and hands that out
 * from {@code poll}, never modifying them. {@code copy = true} copies into a pooled buffer instead, as a
 * codec that transforms the bytes must.
 */
public final class PassThroughCodecFactory implements PacketCodecFactory {

    private final boolean copy;

    /** @param copy copy each packet (true) or hand out a retained slice (false) */
    public PassThroughCodecFactory(boolean copy) {
        this.copy = copy;
    }

    @Override
    public String name() {
        return "bench-pass-through";
    }

    @Override
    public PacketEncoder newEncoder(ByteBufAllocator alloc) {
        return new Enc(alloc, copy);
    }

    @Override
    public PacketDecoder newDecoder(ByteBufAllocator alloc) {
        return new Dec(alloc, copy);
    }

    /** One-slot holder: store copies (or retains a slice), poll hands it out once. */
    private static class Slot {
        final ByteBufAllocator alloc;
        final boolean copy;
        ByteBuf ready;

        Slot(ByteBufAllocator alloc, boolean copy) {
            this.alloc = alloc;
            this.copy = copy;
        }

        CodecStatus copy(ByteBuf in) {
            if (ready != null) {
                ready.release();
            }
            ready = copy ? alloc.buffer(in.readableBytes()).writeBytes(in, in.readerIndex(), in.readableBytes())
                    : in.retainedSlice();
            return CodecStatus.READY_TO_FLUSH;
        }

        public ByteBuf poll() {
            ByteBuf r = ready;
            ready = null;
            return r;
        }

        public void close() {
            if (ready != null) {
                ready.release();
                ready = null;
            }
        }
    }

    private static final class Enc extends Slot implements PacketEncoder {
        private boolean enabled;

        Enc(ByteBufAllocator alloc, boolean copy) {
            super(alloc, copy);
        }

        @Override
        public CodecStatus store(ByteBuf packet, long nowNanos) {
            return enabled ? copy(packet) : CodecStatus.SKIP_PACKET;
        }

        @Override
        public boolean flush(long nowNanos) {
            return ready != null;
        }

        @Override
        public long nextFlushDeadline() {
            return NO_DEADLINE;
        }

        @Override
        public void setEncodingEnabled(boolean e) {
            enabled = e;
        }

        @Override
        public boolean isEncodingEnabled() {
            return enabled;
        }

        @Override
        public int maxOverheadPerPacket() {
            return 0;
        }
    }

    private static final class Dec extends Slot implements PacketDecoder {
        Dec(ByteBufAllocator alloc, boolean copy) {
            super(alloc, copy);
        }

        @Override
        public CodecStatus store(ByteBuf encoded, long nowNanos) {
            return copy(encoded);
        }

        @Override
        public boolean cleanup(long nowNanos) {
            return ready != null;
        }

        @Override
        public long nextCleanupDeadline() {
            return NO_DEADLINE;
        }
    }
}
