package org.lightwayj.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/**
 * A codec that copies each packet unchanged into a pooled buffer and makes it ready at once: the
 * cheapest legal codec, so a benchmark measures the core's codec path rather than a transform.
 */
public final class PassThroughCodecFactory implements PacketCodecFactory {

    @Override
    public String name() {
        return "bench-pass-through";
    }

    @Override
    public PacketEncoder newEncoder(ByteBufAllocator alloc) {
        return new Enc(alloc);
    }

    @Override
    public PacketDecoder newDecoder(ByteBufAllocator alloc) {
        return new Dec(alloc);
    }

    /** One-slot holder: store copies, poll hands the copy out once. */
    private static class Slot {
        final ByteBufAllocator alloc;
        ByteBuf ready;

        Slot(ByteBufAllocator alloc) {
            this.alloc = alloc;
        }

        CodecStatus copy(ByteBuf in) {
            if (ready != null) {
                ready.release();
            }
            ready = alloc.buffer(in.readableBytes()).writeBytes(in, in.readerIndex(), in.readableBytes());
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

        Enc(ByteBufAllocator alloc) {
            super(alloc);
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
        Dec(ByteBufAllocator alloc) {
            super(alloc);
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
