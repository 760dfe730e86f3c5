package org.lightwayj.codec.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.codec.fec.FecTestSupport.ALLOC;
import static org.lightwayj.codec.fec.FecTestSupport.blocks;
import static org.lightwayj.codec.fec.FecTestSupport.decodeAll;
import static org.lightwayj.codec.fec.FecTestSupport.drain;
import static org.lightwayj.codec.fec.FecTestSupport.encodeAll;
import static org.lightwayj.codec.fec.FecTestSupport.isRepair;
import static org.lightwayj.codec.fec.FecTestSupport.multiset;
import static org.lightwayj.codec.fec.FecTestSupport.payload;
import static org.lightwayj.codec.fec.FecTestSupport.randomPacket;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.codec.PacketCodecs;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

class FecCodecTest {

    private static List<byte[]> packets(Random rnd, int n, int maxLen) {
        List<byte[]> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            p.add(randomPacket(rnd, 1 + rnd.nextInt(maxLen)));
        }
        return p;
    }

    @Test
    void discoveredThroughServiceLoader() {
        PacketCodecFactory f = PacketCodecs.find("fec-rs").orElseThrow();
        assertTrue(f instanceof FecCodecFactory);
        assertEquals(10, ((FecCodecFactory) f).config().k());
        assertEquals(3, ((FecCodecFactory) f).config().r());
    }

    @Test
    void configBuilderNamesTheBadField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FecConfig.builder().k(65).build());
        assertTrue(e.getMessage().startsWith("k "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FecConfig.builder().k(4).r(5).build());
        assertTrue(e.getMessage().startsWith("r "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FecConfig.builder().flushDelay(Duration.ZERO).build());
        assertTrue(e.getMessage().startsWith("flushDelay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FecConfig.builder().maxOpenBlocks(0).build());
        assertTrue(e.getMessage().startsWith("maxOpenBlocks"), e.getMessage());
    }

    @Test
    void disabledSkipsAndSourcesLeaveAtOnce() throws Exception {
        FecCodecFactory f = new FecCodecFactory();
        try (PacketEncoder enc = f.newEncoder(ALLOC)) {
            ByteBuf p = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
            assertFalse(enc.isEncodingEnabled());
            assertEquals(CodecStatus.SKIP_PACKET, enc.store(p, 0));
            assertNull(enc.poll());
            enc.setEncodingEnabled(true);
            assertEquals(CodecStatus.READY_TO_FLUSH, enc.store(p, 0));
            assertEquals(0, p.readerIndex());
            List<byte[]> out = drain(enc, new ArrayList<>());
            assertEquals(1, out.size());
            assertEquals("100000000a03010203", io.netty.buffer.ByteBufUtil.hexDump(out.get(0)),
                    "source header: type, block 0, index 0, K 10, R 3, then the packet");
            assertEquals(FecWire.MAX_OVERHEAD, enc.maxOverheadPerPacket());
            assertEquals(5_000_000L, enc.nextFlushDeadline());
        }
    }

    /** The worked example of docs/fec.md, byte for byte. */
    @Test
    void wireFormatVector() throws Exception {
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(2).r(1).build());
        try (PacketEncoder enc = f.newEncoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            List<byte[]> wire = encodeAll(enc, List.of(new byte[] {0x41, 0x42}, new byte[] {0x43}));
            assertEquals(3, wire.size());
            assertEquals("10000000020141" + "42", io.netty.buffer.ByteBufUtil.hexDump(wire.get(0)));
            assertEquals("10000001020143", io.netty.buffer.ByteBufUtil.hexDump(wire.get(1)));
            assertEquals("11000000020100030242", io.netty.buffer.ByteBufUtil.hexDump(wire.get(2)),
                    "repair 0 = XOR of [00 02 41 42] and [00 01 43 00]");
        }
        FecCodecFactory g = new FecCodecFactory(FecConfig.builder().k(2).r(2).build());
        try (PacketEncoder enc = g.newEncoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            List<byte[]> wire = encodeAll(enc, List.of(new byte[] {0x41, 0x42}, new byte[] {0x43}));
            // Repair 1 = 1·s0 + P[1][1]·s1 with P[1][1] = 0x7c.
            byte[] s0 = {0, 2, 0x41, 0x42};
            byte[] s1 = {0, 1, 0x43, 0};
            byte[] r1 = new byte[4];
            for (int i = 0; i < 4; i++) {
                r1[i] = (byte) (s0[i] ^ GF256Test.slowMul(0x7c, s1[i] & 0xFF));
            }
            assertEquals("110000000202" + "00030242", io.netty.buffer.ByteBufUtil.hexDump(wire.get(2)));
            assertEquals("110000010202" + io.netty.buffer.ByteBufUtil.hexDump(r1),
                    io.netty.buffer.ByteBufUtil.hexDump(wire.get(3)));
        }
    }

    @Test
    void fullBlockEmitsRepairsAndOverheadIsExact() throws Exception {
        FecCodecFactory f = new FecCodecFactory();
        Random rnd = new Random(1);
        try (PacketEncoder enc = f.newEncoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            List<byte[]> in = packets(rnd, 10, 1500);
            List<byte[]> wire = encodeAll(enc, in);
            assertEquals(13, wire.size());
            int max = in.stream().mapToInt(a -> a.length).max().orElseThrow();
            int worst = 0;
            for (byte[] w : wire) {
                worst = Math.max(worst, w.length - max);
            }
            assertEquals(enc.maxOverheadPerPacket(), worst, "repairs are exactly 8 bytes over the longest source");
            assertEquals(PacketEncoder.NO_DEADLINE, enc.nextFlushDeadline());
        }
    }

    @Test
    void anyErasuresUpToRRebuildEverySourceExactly() {
        qt().withExamples(60).forAll(integers().between(1, 64), integers().between(0, 64), integers().between(1, 150),
                longs().all()).check((k, rr, n, seed) -> {
            int r = rr % (k + 1);
            Random rnd = new Random(seed);
            FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(k).r(r).build());
            List<byte[]> in = packets(rnd, n, 1500);
            try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
                enc.setEncodingEnabled(true);
                List<byte[]> wire = encodeAll(enc, in);
                List<byte[]> kept = new ArrayList<>();
                for (List<byte[]> block : blocks(wire)) {
                    int erase = rnd.nextInt(r + 1);
                    List<byte[]> b = new ArrayList<>(block);
                    Collections.shuffle(b, rnd);
                    kept.addAll(b.subList(Math.min(erase, b.size()), b.size()));
                }
                List<byte[]> got = decodeAll(dec, kept, 1);
                assertEquals(multiset(in), multiset(got));
                assertEquals(got.size(), in.size());
            }
            return true;
        });
    }

    @Test
    void moreThanRErasuresRebuildNothingAndEmitNothingWrong() {
        qt().withExamples(60).forAll(integers().between(1, 40), integers().between(0, 40), integers().between(1, 120),
                longs().all()).check((k, rr, n, seed) -> {
            int r = rr % (k + 1);
            Random rnd = new Random(seed);
            FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(k).r(r).build());
            List<byte[]> in = packets(rnd, n, 1500);
            try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
                enc.setEncodingEnabled(true);
                List<byte[]> wire = encodeAll(enc, in);
                List<byte[]> kept = new ArrayList<>();
                List<byte[]> expected = new ArrayList<>();
                for (List<byte[]> block : blocks(wire)) {
                    int size = block.size();
                    int erase = Math.min(size, r + 1 + rnd.nextInt(size - r));
                    List<byte[]> b = new ArrayList<>(block);
                    Collections.shuffle(b, rnd);
                    List<byte[]> survivors = b.subList(erase, size);
                    kept.addAll(survivors);
                    for (byte[] w : survivors) {
                        if (!isRepair(w)) {
                            expected.add(payload(w));
                        }
                    }
                }
                List<byte[]> got = decodeAll(dec, kept, 1);
                assertEquals(multiset(expected), multiset(got));
                assertEquals(0L, f.counters().get("recovered"));
            }
            return true;
        });
    }

    @Test
    void reorderingAndDuplicationDeliverEachPacketOnce() {
        qt().withExamples(60).forAll(integers().between(1, 20), integers().between(0, 20), integers().between(1, 300),
                longs().all()).check((k, rr, n, seed) -> {
            int r = rr % (k + 1);
            Random rnd = new Random(seed);
            FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(k).r(r).maxOpenBlocks(1024).build());
            List<byte[]> in = packets(rnd, n, 1500);
            try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
                enc.setEncodingEnabled(true);
                List<byte[]> wire = encodeAll(enc, in);
                List<byte[]> kept = new ArrayList<>();
                for (List<byte[]> block : blocks(wire)) {
                    List<byte[]> b = new ArrayList<>(block);
                    Collections.shuffle(b, rnd);
                    kept.addAll(b.subList(rnd.nextInt(r + 1), b.size()));
                }
                List<byte[]> mixed = new ArrayList<>(kept);
                int dups = rnd.nextInt(kept.size() + 1);
                for (int i = 0; i < dups; i++) {
                    mixed.add(kept.get(rnd.nextInt(kept.size())));
                }
                Collections.shuffle(mixed, rnd); // across blocks
                List<byte[]> got = decodeAll(dec, mixed, 1);
                assertEquals(multiset(in), multiset(got));
            }
            return true;
        });
    }

    @Test
    void partialBlockIsClosedAtTheFlushDeadlineWithItsActualK() throws Exception {
        FecCodecFactory f = new FecCodecFactory();
        Random rnd = new Random(3);
        List<byte[]> in = packets(rnd, 4, 1400);
        try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            List<byte[]> wire = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                assertEquals(CodecStatus.READY_TO_FLUSH, enc.store(Unpooled.wrappedBuffer(in.get(i)), i * 1_000_000L));
                drain(enc, wire);
                assertEquals(5_000_000L, enc.nextFlushDeadline(), "deadline = first packet + 5 ms");
            }
            assertFalse(enc.flush(4_999_999L));
            assertEquals(4, wire.size());
            assertTrue(enc.flush(5_000_000L));
            drain(enc, wire);
            assertEquals(7, wire.size());
            for (byte[] w : wire.subList(4, 7)) {
                assertTrue(isRepair(w));
                assertEquals(4, w[4], "repair carries the actual K");
            }
            assertEquals(PacketEncoder.NO_DEADLINE, enc.nextFlushDeadline());
            // Lose sources 0 and 2 and repair 1: the rest rebuild them.
            List<byte[]> kept = List.of(wire.get(1), wire.get(3), wire.get(4), wire.get(6));
            List<byte[]> got = decodeAll(dec, kept, 0);
            assertEquals(multiset(in), multiset(got));
            assertEquals(2L, f.counters().get("recovered"));
            // The next packet starts block 1.
            enc.store(Unpooled.wrappedBuffer(in.get(0)), 6_000_000L);
            List<byte[]> next = drain(enc, new ArrayList<>());
            assertEquals(1, FecTestSupport.blockId(next.get(0)));
        }
    }

    @Test
    void blockIdsWrapAround() throws Exception {
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(4).r(2).build());
        Random rnd = new Random(4);
        List<byte[]> in = packets(rnd, 4 * 20, 600);
        FecEncoder enc = new FecEncoder(f.config(), ALLOC, f.rawCounters(), 65530);
        try (enc; PacketDecoder dec = f.newDecoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            List<byte[]> wire = encodeAll(enc, in);
            assertEquals(14, enc.currentBlockId(), "65530 + 20 wraps to 14");
            List<byte[]> kept = new ArrayList<>();
            for (List<byte[]> block : blocks(wire)) {
                kept.addAll(block.subList(2, block.size())); // lose sources 0 and 1 of every block
            }
            List<byte[]> got = decodeAll(dec, kept, 0);
            assertEquals(multiset(in), multiset(got));
            // Replaying everything after the wrap delivers nothing twice.
            assertTrue(decodeAll(dec, wire, 0).isEmpty());
        }
    }

    @Test
    void blockIdsAreReusedAfterAFullCycle() throws Exception {
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(1).r(1).build());
        try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            ByteBuf p = Unpooled.wrappedBuffer(new byte[] {7, 8, 9});
            for (int i = 0; i < 65536 + 100; i++) {
                enc.store(p, i);
                ByteBuf src = enc.poll();
                ByteBuf rep = enc.poll();
                // Alternate: deliver the source, or lose it and rebuild it from the repair.
                ByteBuf w = (i & 1) == 0 ? src : rep;
                assertEquals(CodecStatus.READY_TO_FLUSH, dec.store(w, i), "block " + i);
                ByteBuf out = dec.poll();
                assertEquals(p, out);
                out.release();
                src.release();
                rep.release();
            }
            assertEquals(0, ((FecDecoder) dec).openBlocks());
        }
    }

    @Test
    void completedBlocksAreNeverDeliveredAgain() throws Exception {
        FecCodecFactory f = new FecCodecFactory();
        Random rnd = new Random(5);
        List<byte[]> in = packets(rnd, 30, 1400);
        try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            List<byte[]> wire = encodeAll(enc, in);
            assertEquals(30, decodeAll(dec, wire, 0).size());
            assertTrue(decodeAll(dec, wire, 0).isEmpty());
            assertEquals(0, ((FecDecoder) dec).openBlocks());
        }
    }

    @Test
    void openBlocksAreBoundedAndEvictionsCounted() throws Exception {
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().maxOpenBlocks(4).build());
        try (PacketDecoder dec = f.newDecoder(ALLOC)) {
            for (int id = 0; id < 10; id++) {
                byte[] w = {0x10, 0, (byte) id, 0, 10, 3, 42};
                assertEquals(CodecStatus.READY_TO_FLUSH, dec.store(Unpooled.wrappedBuffer(w), id));
                drain(dec, new ArrayList<>());
                assertTrue(((FecDecoder) dec).openBlocks() <= 4);
            }
            assertEquals(6L, f.counters().get("evictions"));
            assertEquals(4, ((FecDecoder) dec).openBlocks());
        }
    }

    @Test
    void incompleteBlocksExpireOnTheCleanupTick() throws Exception {
        FecCodecFactory f = new FecCodecFactory();
        long age = f.config().blockMaxAgeNanos();
        try (PacketDecoder dec = f.newDecoder(ALLOC)) {
            assertEquals(PacketDecoder.NO_DEADLINE, dec.nextCleanupDeadline());
            dec.store(Unpooled.wrappedBuffer(new byte[] {0x10, 0, 1, 0, 10, 3, 1}), 1000);
            dec.store(Unpooled.wrappedBuffer(new byte[] {0x10, 0, 2, 0, 10, 3, 1}), 2000);
            drain(dec, new ArrayList<>());
            assertEquals(1000 + age, dec.nextCleanupDeadline());
            assertFalse(dec.cleanup(1000 + age - 1));
            assertEquals(2, ((FecDecoder) dec).openBlocks());
            dec.cleanup(1000 + age);
            assertEquals(1, ((FecDecoder) dec).openBlocks());
            assertEquals(2000 + age, dec.nextCleanupDeadline());
            dec.cleanup(2000 + age);
            assertEquals(PacketDecoder.NO_DEADLINE, dec.nextCleanupDeadline());
            assertEquals(2L, f.counters().get("blocksExpired"));
            // A late source of an expired block that never arrived is delivered once, without opening
            // a block again (a stalled sender must not turn delay into loss); copies of it, and of the
            // source delivered before the expiry, are duplicates.
            assertEquals(CodecStatus.READY_TO_FLUSH,
                    dec.store(Unpooled.wrappedBuffer(new byte[] {0x10, 0, 1, 1, 10, 3, 7}), 3000));
            List<byte[]> late = drain(dec, new ArrayList<>());
            assertEquals(1, late.size());
            assertArrayEquals(new byte[] {7}, late.get(0));
            assertEquals(0, ((FecDecoder) dec).openBlocks());
            assertEquals(CodecStatus.PENDING,
                    dec.store(Unpooled.wrappedBuffer(new byte[] {0x10, 0, 1, 1, 10, 3, 7}), 3001));
            assertEquals(CodecStatus.PENDING,
                    dec.store(Unpooled.wrappedBuffer(new byte[] {0x10, 0, 1, 0, 10, 3, 1}), 3002));
            assertNull(dec.poll());
            assertEquals(1L, f.counters().get("lateSourcesDelivered"));
            assertEquals(2L, f.counters().get("duplicatesDropped"));
        }
    }

    /** A sender that stalls past the block age mid-block: every source still arrives exactly once. */
    @Test
    void sourcesOfABlockThatExpiredMidwayAreStillDeliveredOnce() throws Exception {
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(8).r(4).build());
        long age = f.config().blockMaxAgeNanos();
        Random rnd = new Random(7);
        try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            List<byte[]> in = packets(rnd, 8, 200);
            List<byte[]> wire = encodeAll(enc, in);
            List<byte[]> got = new ArrayList<>(decodeAll(dec, wire.subList(0, 3), 0)); // 3 sources, then a stall
            dec.cleanup(age);                                                           // the block expires
            got.addAll(decodeAll(dec, wire, age + 1));                                  // everything, again
            assertEquals(in.size(), got.size(), "each source once");
            for (int i = 0; i < in.size(); i++) {
                assertArrayEquals(in.get(i), got.get(i));
            }
        }
    }

    @Test
    void malformedHeadersAreCountedAndDropped() throws Exception {
        byte[][] bad = {
            {},
            {0x10, 0, 0, 0, 10},                   // truncated header
            {0x12, 0, 0, 0, 10, 3, 1},             // unknown type
            {0x10, 0, 0, 0, 0, 0, 1},              // K = 0
            {0x10, 0, 0, 0, 65, 3, 1},             // K = 65
            {0x10, 0, 0, 10, 10, 3, 1},            // index >= K
            {0x10, 0, 0, 0, 4, 5, 1},              // R > K
            {0x11, 0, 0, 0, 10, 0, 0, 1},          // repair with R = 0
            {0x11, 0, 0, 3, 10, 3, 0, 1},          // repair index >= R
            {0x11, 0, 0, 0, 10, 3, 0},             // repair shorter than its length field
        };
        FecCodecFactory f = new FecCodecFactory();
        try (PacketDecoder dec = f.newDecoder(ALLOC)) {
            for (byte[] b : bad) {
                assertEquals(CodecStatus.PENDING, dec.store(Unpooled.wrappedBuffer(b), 0));
                assertNull(dec.poll());
            }
            assertEquals((long) bad.length, f.counters().get("malformedDropped"));
            // Inconsistent: repair 0 with symbol length 4, then repair 1 with length 5, then a source too long.
            assertEquals(CodecStatus.PENDING, dec.store(Unpooled.wrappedBuffer(new byte[] {0x11, 0, 9, 0, 10, 3, 0, 2, 7, 7}), 0));
            assertEquals(CodecStatus.PENDING, dec.store(Unpooled.wrappedBuffer(new byte[] {0x11, 0, 9, 1, 10, 3, 0, 2, 7, 7, 7}), 0));
            assertEquals(CodecStatus.PENDING, dec.store(Unpooled.wrappedBuffer(new byte[] {0x10, 0, 9, 0, 10, 3, 1, 2, 3}), 0));
            assertEquals(CodecStatus.PENDING, dec.store(Unpooled.wrappedBuffer(new byte[] {0x11, 0, 9, 0, 9, 3, 0, 2, 7, 7}), 0));
            assertEquals(bad.length + 3L, f.counters().get("malformedDropped"));
        }
    }

    @Test
    void randomBytesNeverThrow() {
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().maxOpenBlocks(8).build());
        PacketDecoder dec = f.newDecoder(ALLOC);
        try (dec) {
            qt().withExamples(2000).forAll(longs().all(), integers().between(0, 80)).check((seed, len) -> {
                Random rnd = new Random(seed);
                byte[] b = randomPacket(rnd, len);
                if (len > 0 && rnd.nextBoolean()) {
                    b[0] = (byte) (0x10 + rnd.nextInt(2)); // reach deeper than the type check
                    if (len > 4) {
                        b[4] = (byte) rnd.nextInt(12);
                        b[1] = 0;
                    }
                }
                try {
                    CodecStatus s = dec.store(Unpooled.wrappedBuffer(b), seed & 0xFFFF);
                    drain(dec, new ArrayList<>());
                    dec.cleanup(seed & 0xFFFF);
                    return s != CodecStatus.SKIP_PACKET && ((FecDecoder) dec).openBlocks() <= 8;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertTrue(f.counters().get("malformedDropped") > 0);
    }

    /** Real streams with mutated headers, truncations and duplicates: counted, never thrown. */
    @Test
    void mutatedStreamsNeverThrow() {
        qt().withExamples(150).forAll(integers().between(1, 16), integers().between(0, 16), longs().all())
                .check((k, rr, seed) -> {
                    int r = rr % (k + 1);
                    Random rnd = new Random(seed);
                    FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(k).r(r).maxOpenBlocks(4).build());
                    try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
                        enc.setEncodingEnabled(true);
                        List<byte[]> wire = encodeAll(enc, packets(rnd, 1 + rnd.nextInt(60), 300));
                        List<byte[]> mutated = new ArrayList<>();
                        for (byte[] w : wire) {
                            byte[] m = w.clone();
                            switch (rnd.nextInt(6)) {
                                case 0:
                                    m[rnd.nextInt(Math.min(m.length, FecWire.HEADER))] = (byte) rnd.nextInt(256);
                                    break;
                                case 1:
                                    m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length + 1));
                                    break;
                                case 2:
                                    m = java.util.Arrays.copyOf(m, m.length + 1 + rnd.nextInt(40));
                                    break;
                                case 3:
                                    mutated.add(m.clone());
                                    break;
                                default:
                                    break;
                            }
                            mutated.add(m);
                        }
                        Collections.shuffle(mutated, rnd);
                        decodeAll(dec, mutated, 0);
                        dec.cleanup(Long.MAX_VALUE / 2);
                        drain(dec, new ArrayList<>());
                        return ((FecDecoder) dec).openBlocks() == 0;
                    } catch (org.lightwayj.codec.PacketCodecException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void oversizePacketsAreSkipped() throws Exception {
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().maxSymbolSize(100).build());
        try (PacketEncoder enc = f.newEncoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            assertEquals(CodecStatus.SKIP_PACKET, enc.store(Unpooled.wrappedBuffer(new byte[101]), 0));
            assertEquals(CodecStatus.READY_TO_FLUSH, enc.store(Unpooled.wrappedBuffer(new byte[100]), 0));
            drain(enc, new ArrayList<>());
            assertEquals(1L, f.counters().get("oversizeSkipped"));
        }
    }

    @Test
    void closeReleasesHeldBuffers() throws Exception {
        FecCodecFactory f = new FecCodecFactory();
        PacketEncoder enc = f.newEncoder(ALLOC);
        enc.setEncodingEnabled(true);
        ByteBuf p = Unpooled.wrappedBuffer(new byte[100]);
        enc.store(p, 0);
        enc.close();
        enc.close();
        assertNull(enc.poll());
        PacketDecoder dec = f.newDecoder(ALLOC);
        dec.store(Unpooled.wrappedBuffer(new byte[] {0x10, 0, 0, 0, 10, 3, 1}), 0);
        dec.close();
        dec.close();
        assertNull(dec.poll());
    }
}
