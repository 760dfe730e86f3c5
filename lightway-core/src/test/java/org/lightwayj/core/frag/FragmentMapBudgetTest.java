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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.FragmentError;
import org.lightwayj.testkit.TrackingAllocator;

/** The total-bytes budget: LRU eviction to make room, refusal of a packet alone over it, accounting. */
class FragmentMapBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private FragmentMap map;

    @AfterEach
    void noLeaks() {
        if (map != null) {
            map.close();
            assertEquals(0, map.heldBytes(), "close releases every held byte");
        }
        alloc.assertAllReleased();
    }

    private FragmentMap map(long budget) {
        map = new FragmentMap(FragmentMapConfig.builder().maxTotalBytes(budget).build(), alloc);
        return map;
    }

    @Test
    void configDefaultsAndValidation() {
        assertEquals(4L * 1024 * 1024, FragmentMapConfig.defaults().maxTotalBytes());
        assertEquals(FragmentMapConfig.DEFAULT_MAX_TOTAL_BYTES, FragmentMapConfig.defaults().maxTotalBytes());
        assertEquals(7, FragmentMapConfig.builder().maxTotalBytes(7).build().maxTotalBytes());
        for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FragmentMapConfig.builder().maxTotalBytes(bad).build());
            assertTrue(e.getMessage().contains("maxTotalBytes"), e.getMessage());
        }
    }

    @Test
    void newEntriesEvictLeastRecentlyUsedUntilTheyFit() throws FragmentException {
        map(3000);
        // Each first fragment ends at 1000, so each entry's buffer holds 1000 bytes.
        assertNull(add(map, 1, 500, true, false, repeat('a', 500), 0));
        assertNull(add(map, 2, 500, true, false, repeat('b', 500), 1));
        assertNull(add(map, 3, 500, true, false, repeat('c', 500), 2));
        assertEquals(3000, map.heldBytes());
        assertNull(add(map, 1, 0, true, false, repeat('a', 500), 3)); // fits its buffer; 1 is now MRU
        assertEquals(3000, map.heldBytes());
        assertEquals(0, map.stats().evictedBudget());

        assertNull(add(map, 4, 500, true, false, repeat('d', 500), 4));
        assertFalse(map.contains(2), "id 2 was the least recently used");
        assertTrue(map.contains(1) && map.contains(3) && map.contains(4));
        assertEquals(1, map.stats().evictedBudget());
        assertEquals(0, map.stats().evictedLru(), "the entry count was never the limit");
        assertEquals(3000, map.heldBytes());

        // 2000 bytes need two victims, taken in LRU order: 3, then 1.
        assertNull(add(map, 5, 1000, true, false, repeat('e', 1000), 5));
        assertFalse(map.contains(3));
        assertFalse(map.contains(1));
        assertTrue(map.contains(4) && map.contains(5));
        assertEquals(3, map.stats().evictedBudget());
        assertEquals(3000, map.heldBytes());
        assertEquals(0, map.stats().errorsTotal());
    }

    @Test
    void growingAnEntryEvictsOthersButNeverItself() throws FragmentException {
        map(3000);
        assertNull(add(map, 1, 0, true, false, repeat('a', 1000), 0));
        assertNull(add(map, 2, 0, true, false, repeat('b', 1000), 1));
        assertEquals(2000, map.heldBytes());
        assertNull(add(map, 1, 1000, true, false, repeat('a', 500), 2));
        assertTrue(map.contains(1));
        assertFalse(map.contains(2), "the other entry made room");
        assertEquals(1, map.stats().evictedBudget());
        assertTrue(map.heldBytes() >= 1500 && map.heldBytes() <= 3000, "held " + map.heldBytes());
        ByteBuf packet = add(map, 1, 1500, false, false, repeat('a', 100), 3);
        assertNotNull(packet);
        try {
            assertEquals(repeat('a', 1600), string(packet));
        } finally {
            packet.release();
        }
        assertEquals(0, map.heldBytes());
    }

    @Test
    void growthFallsBackToTheExactSizeWhenTheUsualStepWouldNotFit() throws FragmentException {
        map(1800);
        assertNull(add(map, 1, 0, true, false, repeat('a', 1000), 0));
        // The allocator's growth step for 1500 bytes (2048) is over the budget; 1500 itself is not.
        assertNull(add(map, 1, 1000, true, false, repeat('a', 500), 1));
        assertEquals(1500, map.heldBytes());
        assertEquals(0, map.stats().errorsTotal());
    }

    @Test
    void aPacketAloneOverTheBudgetIsRefusedAndCounted() throws FragmentException {
        map(1000);
        assertNull(add(map, 3, 0, true, false, repeat('c', 100), 0));
        int allocations = alloc.allocations();
        // A lone tail fragment would need a 1010-byte buffer.
        FragmentException e = assertThrows(FragmentException.class,
                () -> add(map, 1, 1000, false, false, repeat('x', 10), 1));
        assertEquals(FragmentError.BUDGET_EXCEEDED, e.error());
        assertEquals(1, e.fragmentId());
        assertFalse(map.contains(1));
        assertEquals(allocations, alloc.allocations(), "nothing is allocated for a refused packet");

        // An existing entry that would grow past the budget is dropped.
        assertNull(add(map, 2, 0, true, false, repeat('b', 600), 2));
        e = assertThrows(FragmentException.class, () -> add(map, 2, 600, true, false, repeat('b', 500), 3));
        assertEquals(FragmentError.BUDGET_EXCEEDED, e.error());
        assertFalse(map.contains(2));

        assertEquals(2, map.stats().errors(FragmentError.BUDGET_EXCEEDED));
        assertEquals(0, map.stats().evictedBudget(), "a refused packet evicts nothing");
        assertTrue(map.contains(3));
        assertEquals(100, map.heldBytes());

        // A whole packet in one fragment is never held, so the budget does not apply to it.
        ByteBuf whole = add(map, 4, 0, false, false, repeat('w', 2000), 4);
        assertNotNull(whole);
        whole.release();
        assertEquals(100, map.heldBytes());
    }

    @Test
    void heldBytesReturnsToZeroAfterCompletionExpiryErrorAndEviction() throws FragmentException {
        map(FragmentMapConfig.DEFAULT_MAX_TOTAL_BYTES);
        assertEquals(0, map.heldBytes());

        assertNull(add(map, 1, 0, true, false, repeat('a', 500), 0));
        assertEquals(500, map.heldBytes());
        ByteBuf packet = add(map, 1, 500, false, false, repeat('a', 500), 0);
        assertNotNull(packet);
        packet.release();
        assertEquals(0, map.heldBytes(), "completion");

        assertNull(add(map, 2, 100, true, false, repeat('b', 100), 0));
        assertEquals(200, map.heldBytes());
        assertEquals(1, map.expire(FragmentMapConfig.DEFAULT_MAX_AGE_NANOS));
        assertEquals(0, map.heldBytes(), "expiry");

        assertNull(add(map, 3, 0, true, false, repeat('c', 300), 100 * SECOND));
        assertThrows(FragmentException.class, () -> add(map, 3, 100, true, false, repeat('c', 50), 100 * SECOND));
        assertEquals(0, map.heldBytes(), "error");

        assertNull(add(map, 4, 0, true, false, repeat('d', 300), 100 * SECOND));
        assertNull(add(map, 5, 0, true, false, repeat('e', 400), 100 * SECOND));
        assertEquals(700, map.heldBytes());
        map.close();
        assertEquals(0, map.heldBytes(), "close");
    }

    @Test
    void entryCountEvictionReleasesItsBytes() throws FragmentException {
        map = new FragmentMap(FragmentMapConfig.builder().maxEntries(1).build(), alloc);
        assertNull(add(map, 1, 0, true, false, repeat('a', 700), 0));
        assertNull(add(map, 2, 0, true, false, repeat('b', 300), 0));
        assertEquals(1, map.stats().evictedLru());
        assertEquals(300, map.heldBytes());
    }
}
