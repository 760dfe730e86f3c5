package org.lightwayj.core.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.core.frag.Frags.add;
import static org.lightwayj.core.frag.Frags.repeat;
import static org.lightwayj.core.frag.Frags.string;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.FragmentError;
import org.lightwayj.testkit.TrackingAllocator;

/** The bounds of §0.4 (entries, age, bytes per packet), counters, lifecycle and the encoded flag. */
class FragmentMapBoundsTest {
    private static final long SECOND = 1_000_000_000L;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private FragmentMap map;

    @AfterEach
    void noLeaks() {
        if (map != null) {
            map.close();
        }
        alloc.assertAllReleased();
    }

    private FragmentMap map(FragmentMapConfig config) {
        map = new FragmentMap(config, alloc);
        return map;
    }

    @Test
    void leastRecentlyUsedEntryIsEvictedAndCounted() throws FragmentException {
        map(FragmentMapConfig.builder().maxEntries(3).build());
        assertNull(add(map, 1, 0, true, false, "11111111", 0));
        assertNull(add(map, 2, 0, true, false, "22222222", 1));
        assertNull(add(map, 3, 0, true, false, "33333333", 2));
        assertNull(add(map, 1, 16, true, false, "11111111", 3)); // 1 is now the most recently used
        assertNull(add(map, 4, 0, true, false, "44444444", 4));
        assertEquals(3, map.size());
        assertFalse(map.contains(2), "id 2 was the least recently used");
        assertTrue(map.contains(1));
        assertTrue(map.contains(3));
        assertTrue(map.contains(4));
        assertEquals(1, map.stats().evictedLru());
        assertNull(add(map, 5, 0, true, false, "55555555", 5));
        assertFalse(map.contains(3));
        assertEquals(2, map.stats().evictedLru());
        assertEquals(2, alloc.allocations() - alloc.live(), "evicted buffers are released");
    }

    @Test
    void entriesOlderThanTheTtlExpireAndAreCounted() throws FragmentException {
        map(FragmentMapConfig.builder().maxAgeNanos(64 * SECOND).build());
        assertEquals(Long.MAX_VALUE, map.nextExpiry());
        long t0 = 1_000 * SECOND;
        assertNull(add(map, 1, 0, true, false, "aaaaaaaa", t0));
        assertEquals(t0 + 64 * SECOND, map.nextExpiry());
        assertNull(add(map, 2, 0, true, false, "bbbbbbbb", t0 + 10 * SECOND));
        // A later fragment does not extend the age of an entry: age counts from its first fragment.
        assertNull(add(map, 1, 16, true, false, "aaaaaaaa", t0 + 20 * SECOND));
        assertEquals(t0 + 64 * SECOND, map.nextExpiry());

        assertEquals(0, map.expire(t0 + 64 * SECOND - 1));
        assertEquals(2, map.size());
        assertEquals(1, map.expire(t0 + 64 * SECOND));
        assertFalse(map.contains(1));
        assertTrue(map.contains(2));
        assertEquals(1, map.stats().expiredTtl());
        assertEquals(t0 + 74 * SECOND, map.nextExpiry());
        assertEquals(0, map.expire(t0 + 64 * SECOND), "expire is safe to call twice");

        assertEquals(1, map.expire(t0 + 1000 * SECOND));
        assertEquals(Long.MAX_VALUE, map.nextExpiry());
        assertEquals(2, map.stats().expiredTtl());
        assertEquals(0, map.stats().evictedLru());
    }

    @Test
    void addExpiresLazilyAndAnExpiredIdStartsAfresh() throws FragmentException {
        map(FragmentMapConfig.builder().maxAgeNanos(5 * SECOND).build());
        assertNull(add(map, 9, 0, true, false, "aaaaaaaa", 0));
        assertNull(add(map, 8, 0, true, false, "xxxxxxxx", 1));
        // Without the TTL this would complete 0..16; the old half is gone, so it is a fresh entry.
        assertNull(add(map, 9, 8, false, false, "bbbbbbbb", 5 * SECOND));
        assertEquals("8..16+last", map.describeRuns(9));
        assertEquals(1, map.stats().expiredTtl());
        assertTrue(map.contains(8), "8 expires one nanosecond later");
        assertEquals(5 * SECOND + 1, map.nextExpiry());
    }

    @Test
    void nextExpiryNeverOverflows() throws FragmentException {
        map(FragmentMapConfig.defaults());
        assertNull(add(map, 1, 0, true, false, "aaaaaaaa", Long.MAX_VALUE - 5));
        assertEquals(Long.MAX_VALUE, map.nextExpiry());
        assertEquals(0, map.expire(Long.MAX_VALUE - 1));
    }

    @Test
    void fragmentEndingBeyond65535IsTooLarge() {
        map(FragmentMapConfig.defaults());
        FragmentException e = assertThrows(FragmentException.class,
                () -> add(map, 1, 0xFFF8, true, false, repeat('x', 16), 0));
        assertEquals(FragmentError.TOO_LARGE, e.error());
        assertEquals(1, map.stats().errors(FragmentError.TOO_LARGE));
        assertEquals(0, map.size());
    }

    @Test
    void fragmentEndingExactlyAt65535IsAccepted() throws FragmentException {
        map(FragmentMapConfig.defaults());
        assertNull(add(map, 1, 0xFFF8, false, false, repeat('x', 7), 0));
        assertEquals("65528..65535+last", map.describeRuns(1));
    }

    @Test
    void configuredPacketLimitRemovesTheEntry() throws FragmentException {
        map(FragmentMapConfig.builder().maxPacketBytes(1000).build());
        assertNull(add(map, 1, 0, true, false, repeat('a', 992), 0));
        FragmentException e = assertThrows(FragmentException.class,
                () -> add(map, 1, 992, false, false, repeat('b', 16), 0));
        assertEquals(FragmentError.TOO_LARGE, e.error());
        assertEquals(1, e.fragmentId());
        assertFalse(map.contains(1), "any error removes the whole entry");
    }

    @Test
    void theCompletingFragmentDecidesWhetherThePacketIsEncoded() throws FragmentException {
        map(FragmentMapConfig.defaults());
        assertFalse(map.lastCompletedEncoded());
        assertNull(add(map, 1, 0, true, false, "aaaaaaaa", 0));
        ByteBuf p = add(map, 1, 8, false, true, "bbbbbbbb", 0);
        assertTrue(map.lastCompletedEncoded());
        p.release();
        assertNull(add(map, 2, 8, false, true, "bbbbbbbb", 0));
        p = add(map, 2, 0, true, false, "aaaaaaaa", 0);
        assertEquals("aaaaaaaabbbbbbbb", string(p));
        assertFalse(map.lastCompletedEncoded());
        p.release();
    }

    @Test
    void singleFragmentPacketCompletesWithoutAnEntry() throws FragmentException {
        map(FragmentMapConfig.defaults());
        ByteBuf p = add(map, 0, 0, false, true, "whole", 0);
        assertNotNull(p);
        assertEquals("whole", string(p));
        assertTrue(map.lastCompletedEncoded());
        assertEquals(0, map.size());
        assertEquals(0, map.stats().entriesCreated());
        assertEquals(1, map.stats().completed());
        assertEquals(Long.MAX_VALUE, map.nextExpiry());
        p.release();
    }

    @Test
    void storageIsAllocatedLazily() throws FragmentException {
        map(FragmentMapConfig.defaults());
        assertEquals(0, map.stats().storageAllocations());
        assertEquals(0, alloc.allocations());
        assertNull(add(map, 1, 0, true, false, "aaaaaaaa", 0));
        assertEquals(1, map.stats().storageAllocations());
        assertNull(add(map, 2, 0, true, false, "aaaaaaaa", 0));
        assertEquals(1, map.stats().storageAllocations());
    }

    @Test
    void closeReleasesEverythingAndRefusesMore() throws FragmentException {
        map(FragmentMapConfig.defaults());
        for (int id = 0; id < 100; id++) {
            assertNull(add(map, id, 8, true, false, "aaaaaaaa", 0));
        }
        assertEquals(100, alloc.live());
        map.close();
        alloc.assertAllReleased();
        assertEquals(0, map.size());
        assertEquals(Long.MAX_VALUE, map.nextExpiry());
        map.close();
        ByteBuf data = Unpooled.copiedBuffer(new byte[8]);
        try {
            assertThrows(IllegalStateException.class, () -> map.add(1, 0, true, false, data, 0));
        } finally {
            data.release();
        }
    }

    @Test
    void programmingErrorsAreIllegalArguments() {
        map(FragmentMapConfig.defaults());
        ByteBuf data = Unpooled.copiedBuffer(new byte[8]);
        try {
            assertThrows(IllegalArgumentException.class, () -> map.add(-1, 0, true, false, data, 0));
            assertThrows(IllegalArgumentException.class, () -> map.add(0x10000, 0, true, false, data, 0));
            assertThrows(IllegalArgumentException.class, () -> map.add(1, -8, true, false, data, 0));
            assertThrows(IllegalArgumentException.class, () -> map.add(1, 0x10000, true, false, data, 0));
            assertThrows(NullPointerException.class, () -> map.add(1, 0, true, false, null, 0));
        } finally {
            data.release();
        }
    }

    @Test
    void worksWithThePooledAllocator() throws FragmentException {
        try (FragmentMap pooled = new FragmentMap(FragmentMapConfig.defaults(), PooledByteBufAllocator.DEFAULT)) {
            byte[] packet = new byte[3000];
            for (int i = 0; i < packet.length; i++) {
                packet[i] = (byte) (i * 31);
            }
            assertNull(Frags.add(pooled, 5, 1488, true, packet, 1488, 2976, 0));
            assertNull(Frags.add(pooled, 5, 2976, false, packet, 2976, 3000, 0));
            ByteBuf p = Frags.add(pooled, 5, 0, true, packet, 0, 1488, 0);
            try {
                assertEquals(Unpooled.wrappedBuffer(packet), p);
            } finally {
                assertTrue(p.release());
            }
            assertNull(Frags.add(pooled, 6, 0, true, packet, 0, 8, 0)); // released by close()
        }
    }

    @Test
    void configBuilderNamesTheBadField() {
        assertEquals(4096, FragmentMapConfig.defaults().maxEntries());
        assertEquals(64 * SECOND, FragmentMapConfig.defaults().maxAgeNanos());
        assertEquals(65535, FragmentMapConfig.defaults().maxPacketBytes());
        assertMessage("maxEntries", () -> FragmentMapConfig.builder().maxEntries(0).build());
        assertMessage("maxEntries", () -> FragmentMapConfig.builder().maxEntries(65537).build());
        assertMessage("maxAgeNanos", () -> FragmentMapConfig.builder().maxAgeNanos(0).build());
        assertMessage("maxPacketBytes", () -> FragmentMapConfig.builder().maxPacketBytes(0).build());
        assertMessage("maxPacketBytes", () -> FragmentMapConfig.builder().maxPacketBytes(65536).build());
        FragmentMapConfig c = FragmentMapConfig.builder().maxEntries(65536).maxAgeNanos(1).maxPacketBytes(1).build();
        assertEquals(65536, c.maxEntries());
        assertEquals(1, c.maxAgeNanos());
        assertEquals(1, c.maxPacketBytes());
    }

    private static void assertMessage(String field, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
