package org.lightwayj.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/**
 * A codec that hands each packet on unchanged and makes it ready at once, so a test or benchmark
 * measures the core's codec path rather than a transform. The encoder skips packets
 * ({@link CodecStatus#SKIP_PACKET}) until encoding is enabled; the decoder takes everything. How it
 * holds the bytes is the {@link Mode}.
 */
public final class PassThroughCodecFactory implements PacketCodecFactory {

    /** How the codec keeps a packet between {@code store} and {@code poll}. */
    public enum Mode {
        /** Copies into a buffer from the connection's allocator, as a codec that transforms the bytes must. */
        COPY,
        /**
         * The zero-copy pass-through the SPI allows: keeps its own reference
         * ({@code retainedSlice()}) and hands that out, never modifying the bytes.
         */
        SLICE,
        /** Copies into a {@link BufferRing}, so the codec itself allocates nothing at all. */
        RING
    }

    private final Mode mode;
    private long encoded;
    private long decoded;

    /** @param mode how packets are held */
    public PassThroughCodecFactory(Mode mode) {
        this.mode = mode;
    }

    @Override
    public String name() {
        return "test-pass-through";
    }

    @Override
    public PacketEncoder newEncoder(ByteBufAllocator alloc) {
        return new Enc(alloc, mode);
    }

    @Override
    public PacketDecoder newDecoder(ByteBufAllocator alloc) {
        return new Dec(alloc, mode);
    }

    /** {@return packets the encoders of this factory took while encoding was enabled} */
    public long encoded() {
        return encoded;
    }

    /** {@return packets the decoders of this factory took} */
    public long decoded() {
        return decoded;
    }

    /** One-slot holder: store copies (or retains a slice), poll hands it out once. */
    private static class Slot {
        private final ByteBufAllocator alloc;
        private final Mode mode;
        private final BufferRing ring;
        ByteBuf ready;

        Slot(ByteBufAllocator alloc, Mode mode) {
            this.alloc = alloc;
            this.mode = mode;
            this.ring = mode == Mode.RING ? new BufferRing() : null;
        }

        CodecStatus hold(ByteBuf in) {
            if (ready != null) {
                ready.release();
            }
            int n = in.readableBytes();
            ready = switch (mode) {
                case COPY -> alloc.buffer(n).writeBytes(in, in.readerIndex(), n);
                case SLICE -> in.retainedSlice();
                case RING -> ring.take(0).writeBytes(in, in.readerIndex(), n);
            };
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

    private final class Enc extends Slot implements PacketEncoder {
        private boolean enabled;

        Enc(ByteBufAllocator alloc, Mode mode) {
            super(alloc, mode);
        }

        @Override
        public CodecStatus store(ByteBuf packet, long nowNanos) {
            if (!enabled) {
                return CodecStatus.SKIP_PACKET;
            }
            encoded++;
            return hold(packet);
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

    private final class Dec extends Slot implements PacketDecoder {
        Dec(ByteBufAllocator alloc, Mode mode) {
            super(alloc, mode);
        }

        @Override
        public CodecStatus store(ByteBuf encoded, long nowNanos) {
            decoded++;
            return hold(encoded);
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
