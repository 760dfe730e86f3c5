package org.lightwayj.core.frag;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lightwayj.core.FragmentError;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * Jazzer fuzz target for {@link FragmentMap}: arbitrary fragment sequences against a simple model.
 *
 * <p>In a normal build this runs in regression mode (an empty input plus the seeds under
 * {@code src/test/resources/org/lightwayj/core/frag/FragmentMapFuzzTestInputs/reassembly/}). To fuzz
 * for real:
 * <pre>
 * mvn -B -ntp -Pfuzz -pl lightway-core -am test -Dtest=FragmentMapFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The seeds are written by {@link #writeSeeds()} ({@code -Dfuzz.writeSeeds=true}).
 */
class FragmentMapFuzzTest {
    private static final long MS = 1_000_000L;
    private static final long MAX_AGE = 50 * MS;
    private static final long[] BUDGETS = {1_500, 6_000, 70_000, FragmentMapConfig.DEFAULT_MAX_TOTAL_BYTES};
    private static final int[] PACKET_LIMITS = {3_000, 0xFFFF};

    /** The accepted fragments of one partial packet, as the model sees them. */
    private static final class Partial {
        final long created;
        final List<int[]> frags = new ArrayList<>(); // {start, end, last, salt}

        Partial(long created) {
            this.created = created;
        }

        int maxEnd() {
            int m = 0;
            for (int[] f : frags) {
                m = Math.max(m, f[1]);
            }
            return m;
        }
    }

    /** The byte at {@code pos} of every fragment carrying {@code salt}: a misplaced copy shows. */
    static byte pattern(int pos, int salt) {
        return (byte) (pos * 131 + (pos >>> 8) + salt * 7);
    }

    /**
     * Byte 0 picks the bounds: bits 0-2 maxEntries - 1, bits 3-4 the byte budget, bit 5 maxPacketBytes
     * (3000 or 65535); maxAge is 50 ms. Then operations: op bits 0-1 == 3 advances the clock by
     * {@code op >>> 2} ms and expires; otherwise a fragment {@code op, id, offHi, offLo, len[, lenLo]}:
     * id is {@code id & 0x0F} (bit 4 set: {@code | 0xFFF0}, the top of the u16 range), op bit 2 is MF,
     * bit 3 EncodedDataFrag, bit 4 a u16 length (else u8), bits 5-7 the byte salt.
     *
     * <p>Checked: nothing but {@link FragmentException} escapes, and only for that fragment's id (its
     * entry is gone); an accepted fragment overlaps no accepted fragment of its packet (§3 lets a
     * last fragment sit apart from other runs; such a packet simply never completes); a packet is
     * returned exactly when the model's fragments tile
     * {@code [0, n)} ending in a last fragment, and equals the model's bytes; the map holds exactly the
     * model's partial packets (each one buffer), at most maxEntries, none older than maxAge,
     * {@link FragmentMap#heldBytes()} within the budget and at least the bytes each packet spans;
     * every partial packet that disappears is counted once as an LRU/budget eviction or an expiry;
     * the counters add up; closing releases everything.
     */
    @FuzzTest(maxDuration = "30s")
    void reassembly(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int cfg = input[0] & 0xFF;
        FragmentMapConfig config = FragmentMapConfig.builder()
                .maxEntries(1 + (cfg & 7))
                .maxTotalBytes(BUDGETS[(cfg >>> 3) & 3])
                .maxPacketBytes(PACKET_LIMITS[(cfg >>> 5) & 1])
                .maxAgeNanos(MAX_AGE)
                .build();
        TrackingAllocator alloc = new TrackingAllocator();
        FragmentMap map = new FragmentMap(config, alloc);
        Map<Integer, Partial> model = new LinkedHashMap<>();
        FragmentMapStats st = map.stats();
        long now = 0;
        long completed = 0;
        long errors = 0;
        try {
            int i = 1;
            while (i < input.length) {
                int op = input[i++] & 0xFF;
                if ((op & 3) == 3) {
                    now += (op >>> 2) * MS;
                    long evictedBefore = st.expiredTtl();
                    int gone = vanish(map, model, -1);
                    assertEquals(0, gone, "entries vanished before expire()");
                    int n = map.expire(now);
                    assertEquals(n, vanish(map, model, -1), "expire() count vs entries gone");
                    assertEquals(evictedBefore + n, st.expiredTtl());
                    checkBounds(map, model, config, alloc, now);
                    continue;
                }
                if (i + 4 > input.length) {
                    break;
                }
                int idByte = input[i++] & 0xFF;
                int id = (idByte & 0x10) != 0 ? 0xFFF0 | (idByte & 0x0F) : idByte & 0x0F;
                int offset = ((input[i] & 0xFF) << 8) | (input[i + 1] & 0xFF);
                i += 2;
                int len;
                if ((op & 0x10) != 0) {
                    len = i + 1 < input.length ? ((input[i] & 0xFF) << 8) | (input[i + 1] & 0xFF) : 0;
                    i += 2;
                } else {
                    len = input[i++] & 0xFF;
                }
                boolean mf = (op & 4) != 0;
                boolean encoded = (op & 8) != 0;
                int salt = op >>> 5;
                byte[] bytes = new byte[len];
                for (int j = 0; j < len; j++) {
                    bytes[j] = pattern(offset + j, salt);
                }

                // Expire first, on its own, so that what add() removes is evictions only.
                long expiredBefore = st.expiredTtl();
                int n = map.expire(now);
                assertEquals(n, vanish(map, model, -1));
                assertEquals(expiredBefore + n, st.expiredTtl());

                long evictedBefore = st.evictedLru() + st.evictedBudget();
                ByteBuf data = Unpooled.wrappedBuffer(bytes);
                ByteBuf out;
                try {
                    out = map.add(id, offset, mf, encoded, data, now);
                } catch (FragmentException e) {
                    assertEquals(id, e.fragmentId());
                    assertFalse(map.contains(id), "entry kept after " + e.error());
                    model.remove(id);
                    errors++;
                    out = null;
                    checkRefused(e.error(), len, offset, config);
                } finally {
                    assertEquals(1, data.refCnt(), "fragment buffer released by the map");
                    assertEquals(0, data.readerIndex(), "fragment buffer consumed by the map");
                    data.release();
                }
                Partial p = model.get(id);
                if (out != null || map.contains(id)) {
                    // Accepted: the model agrees it is legal.
                    if (len == 0) {
                        fail("empty fragment accepted");
                    }
                    if (p == null) {
                        p = new Partial(now);
                    }
                    for (int[] f : p.frags) {
                        if (offset < f[1] && f[0] < offset + len) {
                            fail("accepted overlapping fragment " + offset + "+" + len + " with " + f[0] + ".." + f[1]);
                        }
                    }
                    p.frags.add(new int[] {offset, offset + len, mf ? 0 : 1, salt});
                    int total = tiled(p);
                    if (out != null) {
                        try {
                            assertTrue(total >= 0, "returned a packet the model finds incomplete");
                            assertEquals(encoded, map.lastCompletedEncoded());
                            assertArrayEquals(bytesOf(p, total), ByteBufUtil.getBytes(out), "reassembled packet");
                        } finally {
                            out.release();
                        }
                        completed++;
                        model.remove(id);
                        assertFalse(map.contains(id));
                    } else {
                        assertTrue(total < 0, "complete packet not returned");
                        model.put(id, p);
                    }
                }
                int evicted = vanish(map, model, id);
                assertEquals(evictedBefore + evicted, st.evictedLru() + st.evictedBudget(),
                        "evictions counted vs partial packets gone");
                assertEquals(completed, st.completed());
                assertEquals(errors, st.errorsTotal());
                checkBounds(map, model, config, alloc, now);
            }
        } finally {
            map.close();
        }
        assertEquals(0, map.heldBytes());
        alloc.assertAllReleased();
    }

    /** The refusals the model can predict from the fragment alone are the ones the map gave. */
    private static void checkRefused(FragmentError error, int len, int offset, FragmentMapConfig config) {
        if (len == 0) {
            assertEquals(FragmentError.EMPTY, error);
        } else if (offset + len > config.maxPacketBytes()) {
            assertEquals(FragmentError.TOO_LARGE, error);
        } else {
            assertTrue(error != FragmentError.EMPTY && error != FragmentError.TOO_LARGE, String.valueOf(error));
        }
    }

    /** Removes from the model (and counts) the partial packets the map no longer holds, except {@code skip}. */
    private static int vanish(FragmentMap map, Map<Integer, Partial> model, int skip) {
        int n = 0;
        for (Iterator<Map.Entry<Integer, Partial>> it = model.entrySet().iterator(); it.hasNext();) {
            int id = it.next().getKey();
            if (id != skip && !map.contains(id)) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    private static void checkBounds(FragmentMap map, Map<Integer, Partial> model, FragmentMapConfig config,
            TrackingAllocator alloc, long now) {
        assertEquals(model.size(), map.size(), "partial packets held");
        assertTrue(map.size() <= config.maxEntries());
        assertTrue(map.heldBytes() <= config.maxTotalBytes(), () -> map.heldBytes() + " > " + config.maxTotalBytes());
        long spans = 0;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<Integer, Partial> e : model.entrySet()) {
            assertTrue(map.contains(e.getKey()));
            spans += e.getValue().maxEnd();
            oldest = Math.min(oldest, e.getValue().created);
            assertTrue(e.getValue().created + MAX_AGE > now, "entry outlived maxAge");
        }
        assertTrue(map.heldBytes() >= spans, "heldBytes below the bytes held");
        assertEquals(oldest == Long.MAX_VALUE ? Long.MAX_VALUE : oldest + MAX_AGE, map.nextExpiry());
        assertEquals(map.size(), alloc.live(), "one buffer per partial packet");
    }

    /** The packet length if the fragments tile [0, n) ending in a last fragment, else -1. */
    private static int tiled(Partial p) {
        List<int[]> fs = new ArrayList<>(p.frags);
        fs.sort((a, b) -> Integer.compare(a[0], b[0]));
        int at = 0;
        for (int k = 0; k < fs.size(); k++) {
            int[] f = fs.get(k);
            if (f[0] != at) {
                return -1;
            }
            at = f[1];
            if (f[2] == 1) {
                return k == fs.size() - 1 ? at : -1;
            }
        }
        return -1;
    }

    private static byte[] bytesOf(Partial p, int total) {
        byte[] b = new byte[total];
        for (int[] f : p.frags) {
            for (int pos = f[0]; pos < f[1]; pos++) {
                b[pos] = pattern(pos, f[3]);
            }
        }
        return b;
    }

    // --- seeds ---------------------------------------------------------------------------------

    private static void frag(ByteArrayOutputStream o, int id, int offset, int len, boolean mf, boolean encoded, int salt) {
        int op = (mf ? 4 : 0) | (encoded ? 8 : 0) | (len > 255 ? 0x10 : 0) | (salt << 5);
        o.write(op);
        o.write(id);
        o.write(offset >>> 8);
        o.write(offset);
        if (len > 255) {
            o.write(len >>> 8);
        }
        o.write(len);
    }

    /** Writes the seed corpus (run once with {@code -Dfuzz.writeSeeds=true}; commit the files). */
    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path dir = Path.of("src/test/resources/org/lightwayj/core/frag/FragmentMapFuzzTestInputs/reassembly");
        Files.createDirectories(dir);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        // Two packets interleaved and out of order, one whole packet, roomy bounds.
        o.write(7 | (2 << 3) | (1 << 5));
        frag(o, 1, 1200, 300, false, false, 1);
        frag(o, 2, 0, 1200, true, true, 2);
        frag(o, 1, 0, 1200, true, false, 1);
        frag(o, 3, 0, 40, false, false, 0);
        frag(o, 2, 1200, 100, false, true, 2);
        Files.write(dir.resolve("interleaved"), o.toByteArray());
        o.reset();
        // Overlap, after-last, a last fragment before the tail, empty and too large.
        o.write(3 | (2 << 3));
        frag(o, 1, 0, 100, true, false, 0);
        frag(o, 1, 50, 100, true, false, 0);
        frag(o, 2, 100, 100, false, false, 0);
        frag(o, 2, 200, 10, true, false, 0);
        frag(o, 4, 300, 100, true, false, 0);
        frag(o, 4, 200, 100, false, false, 0);
        frag(o, 5, 10, 0, true, false, 0);
        frag(o, 6, 2990, 20, false, false, 0);
        Files.write(dir.resolve("errors"), o.toByteArray());
        o.reset();
        // Small budget and two entries: LRU and budget evictions, then expiry.
        o.write(1);
        frag(o, 1, 0, 600, true, false, 3);
        frag(o, 2, 0, 600, true, false, 3);
        frag(o, 3, 600, 500, false, false, 3);
        frag(o, 0x10 | 2, 0, 255, true, false, 3);
        o.write(3 | (40 << 2));
        o.write(3 | (20 << 2));
        frag(o, 1, 600, 10, false, false, 3);
        Files.write(dir.resolve("evictions-expiry"), o.toByteArray());
        o.reset();
        // A lone tail far out (the buffer's capacity counts), then the head completing it.
        o.write(7 | (3 << 3) | (1 << 5));
        frag(o, 9, 60000, 1000, false, false, 5);
        frag(o, 9, 0, 60000, true, false, 5);
        Files.write(dir.resolve("far-tail"), o.toByteArray());
    }
}
