package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/**
 * The codec SPI's ownership rule (Netty's convention): a codec may keep the bytes of a buffer passed
 * to {@code store} — and of one it returned from {@code poll} — by taking its own reference
 * ({@code retainedSlice()}), and the core never modifies or reuses those bytes. The codec here is a
 * zero-copy pass-through that keeps a retained slice and a snapshot of every buffer it stored or handed
 * out and checks on every call (and at close) that none of them changed.
 */
class CodecOwnershipTest {

    static final long SEC = 1000 * Harness.MS;

    @Test
    void theCoreNeverWritesIntoBytesACodecKeeps() throws Exception {
        KeepingFactory cf = new KeepingFactory();
        KeepingFactory sf = new KeepingFactory();
        try (Harness h = EncodedFragmentationTest.encHarness(5101, 1282, 0, cf, sf, b -> { }, b -> { })) {
            EncodedFragmentationTest.setEncoding(h, true);
            // The server has no PMTUD estimate, so its SYN leaves unclamped; the client clamps it on
            // receipt (§4.6) — which must not happen in the bytes the decoder kept.
            for (int i = 0; i < 4; i++) {
                h.server().insidePacketReceived(PathMtuConnectionTest.syn(1460), h.now);
                h.server().insidePacketReceived(h.packet(100 + i, 300), h.now);
                h.client.insidePacketReceived(h.packet(200 + i, 400), h.now);
            }
            assertTrue(h.runUntil(() -> h.clientSide.inside.size() >= 8 && h.serverSide.inside.size() >= 4, 2 * SEC));
            int syns = 0;
            for (byte[] got : h.clientSide.inside) {
                if (got.length == 44) {
                    syns++;
                    assertEquals(1282 - 3 - 40, ((got[42] & 0xFF) << 8) | (got[43] & 0xFF), "the SYN was clamped");
                }
            }
            assertEquals(4, syns);
            assertTrue(cf.decoded > 0 && cf.skipped > 0 && sf.encoded > 0, "both decoder outcomes were exercised");
            cf.check();
            sf.check();
        }
        assertEquals(List.of(), cf.violations);
        assertEquals(List.of(), sf.violations);
    }

    @Test
    void tcpStreamCompactionNeverMovesBytesADecoderKeeps() throws Exception {
        // Encoding is never switched on over TCP (§0.2), but EncodedData can still arrive there; this
        // encoder starts enabled to make the peer send it. The decoder's input is then a slice of the
        // stream buffer, which must not be compacted or overwritten while the decoder keeps it.
        KeepingFactory cf = new KeepingFactory(true);
        KeepingFactory sf = new KeepingFactory(true);
        try (Harness h = new Harness(Transport.TCP, 5102)) {
            h.start(ConnectionExamplesTest.GOOD, b -> b.codec(CodecConfig.of(cf)),
                    b -> b.codec(CodecConfig.of(sf)).auth(CodecConnectionTest::codecAuth), null);
            h.online();
            for (int i = 0; i < 300; i++) {
                h.client.insidePacketReceived(h.packet(i, 100 + (i * 37) % 1200), h.now);
                if (i % 10 == 0) {
                    h.runUntil(() -> false, 5 * Harness.MS);
                }
            }
            assertTrue(h.runUntil(() -> h.serverSide.inside.size() == 300, 5 * SEC));
            assertTrue(sf.decoded > 100 && sf.skipped > 100);
            sf.check();
        }
        assertEquals(List.of(), cf.violations);
        assertEquals(List.of(), sf.violations);
    }

    /** Zero-copy pass-through that keeps (and re-checks) the last bytes it stored and returned. */
    static final class KeepingFactory implements PacketCodecFactory {
        final List<String> violations = new ArrayList<>();
        private final ArrayDeque<ByteBuf> kept = new ArrayDeque<>();
        private final ArrayDeque<byte[]> snapshots = new ArrayDeque<>();
        int encoded;
        int decoded;
        int skipped;
        private final boolean enabledAtStart;

        KeepingFactory() {
            this(false);
        }

        KeepingFactory(boolean enabledAtStart) {
            this.enabledAtStart = enabledAtStart;
        }

        @Override
        public String name() {
            return "keeping-pass-through";
        }

        /** Keeps its own reference to {@code b}'s bytes and a snapshot of them (at most 64 at a time). */
        void keep(ByteBuf b, String what) {
            check();
            if (kept.size() == 64) {
                kept.poll().release();
                snapshots.poll();
            }
            byte[] a = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), a);
            kept.add(b.retainedSlice());
            snapshots.add(a);
        }

        void check() {
            var ks = kept.iterator();
            var ss = snapshots.iterator();
            while (ks.hasNext()) {
                ByteBuf k = ks.next();
                byte[] s = ss.next();
                byte[] now = new byte[k.readableBytes()];
                k.getBytes(k.readerIndex(), now);
                if (!Arrays.equals(now, s)) {
                    if (violations.size() < 8) {
                        violations.add("kept bytes changed: " + s.length + " bytes");
                    }
                }
            }
        }

        void releaseAll() {
            check();
            for (ByteBuf k; (k = kept.poll()) != null; ) {
                k.release();
            }
            snapshots.clear();
        }

        @Override
        public PacketEncoder newEncoder(ByteBufAllocator alloc) {
            return new PacketEncoder() {
                private boolean enabled = enabledAtStart;
                private ByteBuf ready;

                @Override
                public CodecStatus store(ByteBuf packet, long nowNanos) {
                    if (!enabled) {
                        return CodecStatus.SKIP_PACKET;
                    }
                    keep(packet, "encoder input");
                    ready = packet.retainedSlice();
                    keep(ready, "encoder output");
                    encoded++;
                    return CodecStatus.READY_TO_FLUSH;
                }

                @Override
                public ByteBuf poll() {
                    ByteBuf r = ready;
                    ready = null;
                    return r;
                }

                @Override
                public boolean flush(long nowNanos) {
                    return false;
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
                    if (ready != null) {
                        ready.release();
                    }
                    releaseAll();
                }
            };
        }

        @Override
        public PacketDecoder newDecoder(ByteBufAllocator alloc) {
            return new PacketDecoder() {
                private ByteBuf ready;
                private int n;

                @Override
                public CodecStatus store(ByteBuf in, long nowNanos) {
                    keep(in, "decoder input");
                    if ((n++ & 1) == 1) {
                        skipped++;
                        return CodecStatus.SKIP_PACKET; // delivered as offered: still the kept bytes
                    }
                    ready = in.retainedSlice();
                    keep(ready, "decoder output");
                    decoded++;
                    return CodecStatus.READY_TO_FLUSH;
                }

                @Override
                public ByteBuf poll() {
                    ByteBuf r = ready;
                    ready = null;
                    return r;
                }

                @Override
                public boolean cleanup(long nowNanos) {
                    return false;
                }

                @Override
                public long nextCleanupDeadline() {
                    return NO_DEADLINE;
                }

                @Override
                public void close() {
                    if (ready != null) {
                        ready.release();
                    }
                    releaseAll();
                }
            };
        }
    }
}
