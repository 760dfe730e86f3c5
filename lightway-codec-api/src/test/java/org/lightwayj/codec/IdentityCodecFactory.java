package org.lightwayj.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/** A copying pass-through codec registered through ServiceLoader for the discovery test. */
public final class IdentityCodecFactory implements PacketCodecFactory {
    static final String NAME = "test-identity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PacketEncoder newEncoder(ByteBufAllocator alloc) {
        return new PacketEncoder() {
            private final ArrayDeque<ByteBuf> out = new ArrayDeque<>();
            private boolean enabled;

            @Override
            public CodecStatus store(ByteBuf packet, long nowNanos) {
                if (!enabled) {
                    return CodecStatus.SKIP_PACKET;
                }
                out.add(alloc.buffer(packet.readableBytes()).writeBytes(packet, packet.readerIndex(), packet.readableBytes()));
                return CodecStatus.READY_TO_FLUSH;
            }

            @Override
            public ByteBuf poll() {
                return out.poll();
            }

            @Override
            public boolean flush(long nowNanos) {
                return !out.isEmpty();
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

            @Override
            public void close() {
                out.forEach(ByteBuf::release);
                out.clear();
            }
        };
    }

    @Override
    public PacketDecoder newDecoder(ByteBufAllocator alloc) {
        return new PacketDecoder() {
            private final ArrayDeque<ByteBuf> out = new ArrayDeque<>();

            @Override
            public CodecStatus store(ByteBuf encoded, long nowNanos) {
                out.add(alloc.buffer(encoded.readableBytes()).writeBytes(encoded, encoded.readerIndex(), encoded.readableBytes()));
                return CodecStatus.READY_TO_FLUSH;
            }

            @Override
            public ByteBuf poll() {
                return out.poll();
            }

            @Override
            public boolean cleanup(long nowNanos) {
                return !out.isEmpty();
            }

            @Override
            public long nextCleanupDeadline() {
                return NO_DEADLINE;
            }

            @Override
            public void close() {
                out.forEach(ByteBuf::release);
                out.clear();
            }
        };
    }
}
