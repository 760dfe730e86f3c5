package org.lightwayj.core.frag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.FragmentError;
import org.lightwayj.testkit.TrackingAllocator;
import org.quicktheories.core.Gen;

/**
 * QuickTheories properties of splitting and reassembly (spec §3, §0.4). Packets are 1..65535 bytes
 * (small sizes mixed in), chunk sizes are multiples of 8 chosen so a packet has at most
 * {@value #MAX_FRAGS} fragments, which keeps the run lists short enough for a quick suite.
 */
class FragmentPropertiesTest {
    private static final int MAX_FRAGS = 256;
    private static final long SECOND = 1_000_000_000L;

    private static final Gen<Integer> SIZES = integers().between(1, 65535).mix(integers().between(1, 300), 30);
    private static final Gen<Integer> FRAG_TARGETS = integers().between(1, MAX_FRAGS);

    /** A chunk size (multiple of 8, at least 8) giving at most {@code target} fragments. */
    private static int chunkFor(int size, int target) {
        int perFrag = (size + target - 1) / target;
        return Math.max(8, (perFrag + 7) & ~7);
    }

    private static byte[] randomPacket(int size, Random rnd) {
        byte[] p = new byte[size];
        rnd.nextBytes(p);
        return p;
    }

    /** {offset, end, mf} of each fragment, in offset order, built without the splitter. */
    private static List<int[]> fragments(int size, int chunk) {
        List<int[]> out = new ArrayList<>();
        for (int off = 0; off < size; off += chunk) {
            int end = Math.min(size, off + chunk);
            out.add(new int[] {off, end, end < size ? 1 : 0});
        }
        return out;
    }

    private static void shuffle(List<int[]> list, Random rnd) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int[] t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static ByteBuf feed(FragmentMap map, int id, int[] f, byte[] packet, boolean encoded, long now)
            throws FragmentException {
        ByteBuf data = Unpooled.wrappedBuffer(packet, f[0], f[1] - f[0]);
        try {
            return map.add(id, f[0], f[2] == 1, encoded, data, now);
        } finally {
            data.release();
        }
    }

    /**
     * (a) Any permutation of the fragments, with duplicates of already-seen fragments injected
     * (each after its original, all before the last original arrives), emits the packet at most once
     * and byte-exact. By §3 a duplicate of a fragment still held is OVERLAPPING and drops the entry,
     * so with duplicates the packet may be lost; without duplicates it is always emitted exactly once.
     */
    @Test
    void anyPermutationReassemblesAtMostOnceAndExactlyOnceWithoutDuplicates() {
        qt().withExamples(300).forAll(SIZES, FRAG_TARGETS, longs().all(), booleans().all())
                .checkAssert((size, target, seed, withDuplicates) -> {
                    Random rnd = new Random(seed);
                    byte[] packet = randomPacket(size, rnd);
                    int id = rnd.nextInt(0x10000);
                    List<int[]> order = fragments(size, chunkFor(size, target));
                    shuffle(order, rnd);
                    List<int[]> sequence = new ArrayList<>();
                    for (int i = 0; i < order.size(); i++) {
                        sequence.add(order.get(i));
                        if (withDuplicates && i < order.size() - 1 && rnd.nextInt(3) == 0) {
                            sequence.add(order.get(rnd.nextInt(i + 1)));
                        }
                    }
                    boolean duplicated = sequence.size() > order.size();

                    TrackingAllocator alloc = new TrackingAllocator();
                    FragmentMap map = new FragmentMap(FragmentMapConfig.defaults(), alloc);
                    int emitted = 0;
                    int errors = 0;
                    for (int[] f : sequence) {
                        ByteBuf out;
                        try {
                            out = feed(map, id, f, packet, false, 0);
                        } catch (FragmentException e) {
                            errors++;
                            assertTrue(duplicated, "error without duplicates: " + e.getMessage());
                            assertEquals(FragmentError.OVERLAPPING, e.error());
                            assertFalse(map.contains(id), "an error leaves no entry behind");
                            continue;
                        }
                        if (out != null) {
                            emitted++;
                            try {
                                assertArrayEquals(packet, ByteBufUtil.getBytes(out));
                            } finally {
                                out.release();
                            }
                        }
                    }
                    assertTrue(emitted <= 1, "emitted " + emitted + " times");
                    assertEquals(errors, map.stats().errors(FragmentError.OVERLAPPING));
                    if (!duplicated) {
                        assertEquals(1, emitted);
                        assertEquals(0, map.size());
                    } else if (errors == 0) {
                        assertEquals(1, emitted, "duplicates can only hurt by causing an error");
                    }
                    map.close();
                    alloc.assertAllReleased();
                });
    }

    /**
     * Several packets in flight at once, their fragments interleaved at random, with ids that share
     * hash buckets: each packet comes out exactly once, byte-exact, and the map ends empty.
     */
    @Test
    void interleavedPacketsEachReassembleExactlyOnce() {
        qt().withExamples(200).forAll(integers().between(2, 40), integers().between(1, 3000), longs().all())
                .checkAssert((packets, maxSize, seed) -> {
                    Random rnd = new Random(seed);
                    int baseId = rnd.nextInt(0x10000);
                    byte[][] data = new byte[packets][];
                    List<int[]> all = new ArrayList<>(); // {offset, end, mf, packet index}
                    for (int p = 0; p < packets; p++) {
                        data[p] = randomPacket(1 + rnd.nextInt(maxSize), rnd);
                        for (int[] f : fragments(data[p].length, chunkFor(data[p].length, 1 + rnd.nextInt(32)))) {
                            all.add(new int[] {f[0], f[1], f[2], p});
                        }
                    }
                    shuffle(all, rnd);
                    TrackingAllocator alloc = new TrackingAllocator();
                    FragmentMap map = new FragmentMap(FragmentMapConfig.defaults(), alloc);
                    int[] emitted = new int[packets];
                    try {
                        for (int[] f : all) {
                            int p = f[3];
                            // Ids 64 apart land in the same bucket of every table size up to 64.
                            ByteBuf out = feed(map, (baseId + 64 * p) & 0xFFFF, f, data[p], false, 0);
                            if (out != null) {
                                emitted[p]++;
                                try {
                                    assertArrayEquals(data[p], ByteBufUtil.getBytes(out));
                                } finally {
                                    out.release();
                                }
                            }
                        }
                    } catch (FragmentException e) {
                        fail(e);
                    } finally {
                        map.close();
                    }
                    for (int p = 0; p < packets; p++) {
                        assertEquals(1, emitted[p], "packet " + p);
                    }
                    assertEquals(0, map.size());
                    assertEquals((long) packets, map.stats().completed());
                    assertEquals(0, map.stats().evictedLru());
                    alloc.assertAllReleased();
                });
    }

    /** (b) A packet missing a fragment is never emitted, and its entry leaves exactly at its TTL. */
    @Test
    void packetMissingAFragmentIsNeverEmittedAndExpires() {
        qt().withExamples(300).forAll(integers().between(9, 65535), FRAG_TARGETS, longs().all())
                .checkAssert((size, target, seed) -> {
                    Random rnd = new Random(seed);
                    byte[] packet = randomPacket(size, rnd);
                    int id = rnd.nextInt(0x10000);
                    int chunk = chunkFor(size, Math.max(2, target));
                    if (chunk >= size) {
                        chunk = 8; // size >= 9, so at least two fragments
                    }
                    List<int[]> frags = fragments(size, chunk);
                    frags.remove(rnd.nextInt(frags.size()));
                    shuffle(frags, rnd);
                    long maxAge = (1 + rnd.nextInt(100)) * SECOND;
                    long t0 = rnd.nextInt(1 << 30) * 1000L;
                    long now = t0;

                    TrackingAllocator alloc = new TrackingAllocator();
                    FragmentMap map = new FragmentMap(FragmentMapConfig.builder().maxAgeNanos(maxAge).build(), alloc);
                    try {
                        for (int[] f : frags) {
                            assertNull(feed(map, id, f, packet, rnd.nextBoolean(), now));
                            // Advance time, staying below t0 + maxAge in total.
                            now += (long) (rnd.nextDouble() * ((maxAge - 1) / frags.size()));
                        }
                        assertTrue(map.contains(id));
                        assertTrue(now < t0 + maxAge);
                        assertEquals(0, map.stats().expiredTtl());
                        assertEquals(t0 + maxAge, map.nextExpiry());
                        assertEquals(0, map.expire(t0 + maxAge - 1));
                        assertTrue(map.contains(id));
                        assertEquals(1, map.expire(t0 + maxAge));
                        assertFalse(map.contains(id));
                        assertEquals(1, map.stats().expiredTtl());
                        assertEquals(0, map.stats().completed());
                        assertEquals(Long.MAX_VALUE, map.nextExpiry());
                        alloc.assertAllReleased();
                    } catch (FragmentException e) {
                        fail(e);
                    } finally {
                        map.close();
                    }
                });
    }

    /** (b) ... and is evicted by LRU once as many newer packets as the map holds arrive. */
    @Test
    void packetMissingAFragmentIsEvictedWhenOtherIdsFillTheMap() {
        qt().withExamples(300).forAll(integers().between(9, 65535), integers().between(1, 16), longs().all())
                .checkAssert((size, maxEntries, seed) -> {
                    Random rnd = new Random(seed);
                    byte[] packet = randomPacket(size, rnd);
                    int id = rnd.nextInt(0x10000);
                    List<int[]> frags = fragments(size, chunkFor(size, 2 + rnd.nextInt(MAX_FRAGS - 1)));
                    if (frags.size() < 2) {
                        frags = fragments(size, 8);
                    }
                    frags.remove(rnd.nextInt(frags.size()));
                    shuffle(frags, rnd);

                    TrackingAllocator alloc = new TrackingAllocator();
                    FragmentMap map = new FragmentMap(FragmentMapConfig.builder().maxEntries(maxEntries).build(), alloc);
                    try {
                        for (int[] f : frags) {
                            assertNull(feed(map, id, f, packet, false, 0));
                        }
                        assertTrue(map.contains(id));
                        int[] head = {0, 8, 1};
                        for (int k = 1; k <= maxEntries; k++) {
                            assertTrue(map.contains(id), "evicted too early, after " + (k - 1));
                            assertNull(feed(map, (id + k) & 0xFFFF, head, packet, false, 0));
                        }
                        assertFalse(map.contains(id));
                        assertEquals(1, map.stats().evictedLru());
                        assertEquals(maxEntries, map.size());
                        assertEquals(0, map.stats().completed());
                    } catch (FragmentException e) {
                        fail(e);
                    } finally {
                        map.close();
                    }
                    alloc.assertAllReleased();
                });
    }

    /** (c) Splitter then map, in order: offsets 0, c, 2c…, MF on all but the last, packet back exactly once. */
    @Test
    void splitterAndMapRoundTrip() {
        qt().withExamples(300).forAll(SIZES, FRAG_TARGETS, longs().all(), booleans().all())
                .checkAssert((size, target, seed, encoded) -> {
                    Random rnd = new Random(seed);
                    byte[] bytes = randomPacket(size, rnd);
                    int chunk = chunkFor(size, target);
                    int id = rnd.nextInt(0x10000);
                    // A reader index > 0 checks that only the readable bytes are split.
                    ByteBuf packet = Unpooled.buffer(size + 3).writeZero(3).writeBytes(bytes).skipBytes(3);
                    TrackingAllocator alloc = new TrackingAllocator();
                    FragmentMap map = new FragmentMap(FragmentMapConfig.defaults(), alloc);
                    FragmentSplitter splitter = new FragmentSplitter();
                    try {
                        int count = splitter.reset(packet, chunk);
                        assertEquals(FragmentSplitter.chunkCount(size, chunk), count);
                        ByteBuf result = null;
                        int k = 0;
                        while (splitter.next()) {
                            assertEquals(k * chunk, splitter.offset());
                            assertEquals(k < count - 1, splitter.moreFragments());
                            assertEquals(Math.min(chunk, size - k * chunk), splitter.chunkLength());
                            assertNull(result, "emitted before the last fragment");
                            result = map.add(id, splitter.offset(), splitter.moreFragments(), encoded,
                                    splitter.chunk(), 0);
                            k++;
                        }
                        assertEquals(count, k);
                        try {
                            assertArrayEquals(bytes, ByteBufUtil.getBytes(result));
                            assertEquals(encoded, map.lastCompletedEncoded());
                            assertEquals(0, map.size());
                            assertEquals(1, map.stats().completed());
                        } finally {
                            result.release();
                        }
                        assertEquals(3, packet.readerIndex());
                        assertEquals(1, packet.refCnt());
                    } catch (FragmentException e) {
                        fail(e);
                    } finally {
                        map.close();
                        packet.release();
                    }
                    alloc.assertAllReleased();
                });
    }

    /**
     * Arbitrary fragments (random ids, offsets, lengths, flags, times) only ever produce
     * {@link FragmentException}s, keep the map within its bounds, and leak nothing.
     */
    @Test
    void arbitraryFragmentsStayBoundedAndLeakNothing() {
        qt().withExamples(300).forAll(integers().between(1, 8), integers().between(1, 300), longs().all())
                .checkAssert((maxEntries, steps, seed) -> {
                    Random rnd = new Random(seed);
                    TrackingAllocator alloc = new TrackingAllocator();
                    FragmentMap map = new FragmentMap(FragmentMapConfig.builder().maxEntries(maxEntries)
                            .maxAgeNanos(50).maxPacketBytes(rnd.nextBoolean() ? 65535 : 64).build(), alloc);
                    long now = 0;
                    long errors = 0;
                    long completed = 0;
                    for (int s = 0; s < steps; s++) {
                        int id = rnd.nextInt(6);
                        int offset = rnd.nextInt(10) == 0 ? rnd.nextInt(0x10000) : 8 * rnd.nextInt(8);
                        int len = rnd.nextInt(10) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 16 : 200);
                        ByteBuf data = Unpooled.buffer(len).writeZero(len);
                        try {
                            ByteBuf out = map.add(id, offset, rnd.nextBoolean(), rnd.nextBoolean(), data, now);
                            if (out != null) {
                                completed++;
                                assertTrue(out.readableBytes() > 0);
                                out.release();
                            }
                        } catch (FragmentException e) {
                            errors++;
                            assertFalse(map.contains(id));
                        } finally {
                            data.release();
                        }
                        assertTrue(map.size() <= maxEntries);
                        assertTrue(map.nextExpiry() == Long.MAX_VALUE || map.nextExpiry() > now);
                        now += rnd.nextInt(3);
                    }
                    assertEquals(errors, map.stats().errorsTotal());
                    assertEquals(completed, map.stats().completed());
                    map.close();
                    alloc.assertAllReleased();
                });
    }
}
