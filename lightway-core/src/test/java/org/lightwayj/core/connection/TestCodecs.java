package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecException;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/**
 * Test codecs (issue 6): a reversible rotate-bytes codec whose encoder accumulates {@code n} packets
 * before READY_TO_FLUSH (or releases them at a flush deadline), and a black-hole encoder that accepts
 * and drops every packet. The factory keeps counters across its encoders for assertions.
 */
final class TestCodecs {

    private TestCodecs() {
    }

    /** Rotate-by-2 codec; {@code blackHole} makes the encoder swallow everything while enabled. */
    static final class RotateFactory implements PacketCodecFactory {
        final int n;
        final long flushDelay;
        final boolean blackHole;
        /** Longest time any packet waited past its flush deadline before release. */
        long maxLateNanos;
        long encoded;
        long decoded;
        long swallowed;
        int throwOnStore = -1;
        /** Encoders and decoders this factory made (the grant check must keep decoders at 0). */
        int encodersMade;
        int decodersMade;

        RotateFactory(int n, long flushDelayNanos, boolean blackHole) {
            this.n = n;
            this.flushDelay = flushDelayNanos;
            this.blackHole = blackHole;
        }

        static RotateFactory accumulating(int n, long flushDelayNanos) {
            return new RotateFactory(n, flushDelayNanos, false);
        }

        static RotateFactory blackHole() {
            return new RotateFactory(1, 1_000_000L, true);
        }

        @Override
        public String name() {
            return blackHole ? "test-black-hole" : "test-rotate";
        }

        @Override
        public PacketEncoder newEncoder(ByteBufAllocator alloc) {
            encodersMade++;
            return new Enc(alloc);
        }

        @Override
        public PacketDecoder newDecoder(ByteBufAllocator alloc) {
            decodersMade++;
            return new Dec(alloc);
        }

        /** The encoded form: the packet rotated left by 2 bytes. */
        static void rotateLeft(ByteBuf in, ByteBuf out) {
            int ri = in.readerIndex();
            int len = in.readableBytes();
            int k = Math.min(2, len);
            out.writeBytes(in, ri + k, len - k).writeBytes(in, ri, k);
        }

        static void rotateRight(ByteBuf in, ByteBuf out) {
            int ri = in.readerIndex();
            int len = in.readableBytes();
            int k = Math.min(2, len);
            out.writeBytes(in, ri + len - k, k).writeBytes(in, ri, len - k);
        }

        final class Enc implements PacketEncoder {
            private final ByteBufAllocator alloc;
            private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
            private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>();
            private long deadline = NO_DEADLINE;
            private boolean enabled;
            private int stores;

            Enc(ByteBufAllocator alloc) {
                this.alloc = alloc;
            }

            @Override
            public CodecStatus store(ByteBuf packet, long now) throws PacketCodecException {
                if (stores++ == throwOnStore) {
                    throw new PacketCodecException("test failure");
                }
                if (!enabled) {
                    return CodecStatus.SKIP_PACKET;
                }
                if (blackHole) {
                    swallowed++;
                    return CodecStatus.PENDING;
                }
                ByteBuf e = alloc.buffer(packet.readableBytes());
                rotateLeft(packet, e);
                encoded++;
                if (pending.isEmpty()) {
                    deadline = now + flushDelay;
                }
                pending.add(e);
                if (pending.size() >= n) {
                    release(now);
                    return CodecStatus.READY_TO_FLUSH;
                }
                return CodecStatus.PENDING;
            }

            private void release(long now) {
                if (deadline != NO_DEADLINE) {
                    maxLateNanos = Math.max(maxLateNanos, now - deadline);
                }
                ready.addAll(pending);
                pending.clear();
                deadline = NO_DEADLINE;
            }

            @Override
            public ByteBuf poll() {
                return ready.poll();
            }

            @Override
            public boolean flush(long now) {
                if (!pending.isEmpty() && deadline <= now) {
                    release(now);
                }
                return !ready.isEmpty();
            }

            @Override
            public long nextFlushDeadline() {
                return deadline;
            }

            @Override
            public void setEncodingEnabled(boolean e) {
                enabled = e; // what is pending still leaves at its deadline
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
                pending.forEach(ByteBuf::release);
                pending.clear();
                ready.forEach(ByteBuf::release);
                ready.clear();
                deadline = NO_DEADLINE;
            }
        }

        final class Dec implements PacketDecoder {
            private final ByteBufAllocator alloc;
            private final ArrayDeque<ByteBuf> ready = new ArrayDeque<>();

            Dec(ByteBufAllocator alloc) {
                this.alloc = alloc;
            }

            @Override
            public CodecStatus store(ByteBuf encodedPacket, long now) {
                if (encodedPacket.readableBytes() > 0 && encodedPacket.getUnsignedByte(encodedPacket.readerIndex()) == 0x45) {
                    return CodecStatus.SKIP_PACKET; // test hook: a plain IPv4 header (never produced by rotation here) is declined
                }
                ByteBuf d = alloc.buffer(encodedPacket.readableBytes());
                rotateRight(encodedPacket, d);
                decoded++;
                ready.add(d);
                return CodecStatus.READY_TO_FLUSH;
            }

            @Override
            public ByteBuf poll() {
                return ready.poll();
            }

            @Override
            public boolean cleanup(long now) {
                return !ready.isEmpty();
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
}
