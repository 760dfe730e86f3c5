package org.lightwayj.core.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lightwayj.core.frag.Frags.add;
import static org.lightwayj.core.frag.Frags.repeat;
import static org.lightwayj.core.frag.Frags.string;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.FragmentError;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * The fragment-map cases of spec §3 ({@code fragment_map.rs}): each starts from runs 16..24
 * "cccccccc" and 32..40 "eeeeeeee" of fragment id {@value #ID}.
 */
class FragmentMapRulesTest {
    private static final int ID = 7;
    private static final String FULL = "aaaaaaaabbbbbbbbccccccccddddddddeeeeeeeeffffffff";

    private TrackingAllocator alloc;
    private FragmentMap map;

    @BeforeEach
    void base() throws FragmentException {
        alloc = new TrackingAllocator();
        map = new FragmentMap(FragmentMapConfig.defaults(), alloc);
        assertNull(add(map, ID, 16, true, repeat('c', 8)));
        assertNull(add(map, ID, 32, true, repeat('e', 8)));
        assertEquals("16..24 32..40", map.describeRuns(ID));
    }

    @AfterEach
    void noLeaks() {
        map.close();
        alloc.assertAllReleased();
    }

    private void assertError(FragmentError expected, FragmentException e) {
        assertEquals(expected, e.error());
        assertEquals(ID, e.fragmentId());
        assertFalse(map.contains(ID), "any error removes the whole entry");
        assertEquals(0, map.size());
        assertEquals(1, map.stats().errors(expected));
        assertEquals(1, map.stats().errorsTotal());
        alloc.assertAllReleased();
    }

    @Test
    void newPrefixRun() throws FragmentException {
        assertNull(add(map, ID, 0, true, repeat('a', 8)));
        assertEquals("0..8 16..24 32..40", map.describeRuns(ID));
    }

    @Test
    void newTailRun() throws FragmentException {
        assertNull(add(map, ID, 48, true, repeat('g', 8)));
        assertEquals("16..24 32..40 48..56", map.describeRuns(ID));
    }

    @Test
    void lastFragmentExtendsRunAndMarksItLast() throws FragmentException {
        assertNull(add(map, ID, 40, false, repeat('f', 8)));
        assertEquals("16..24 32..48+last", map.describeRuns(ID));
    }

    @Test
    void fragmentFillingTheGapMergesRuns() throws FragmentException {
        assertNull(add(map, ID, 24, true, repeat('d', 8)));
        assertEquals("16..40", map.describeRuns(ID));
    }

    @Test
    void completesInOrder() throws FragmentException {
        assertNull(add(map, ID, 0, true, repeat('a', 8)));
        assertNull(add(map, ID, 8, true, repeat('b', 8)));
        assertNull(add(map, ID, 24, true, repeat('d', 8)));
        ByteBuf packet = add(map, ID, 40, false, repeat('f', 8));
        assertNotNull(packet);
        try {
            assertEquals(FULL, string(packet));
            assertEquals(0, packet.readerIndex());
            assertFalse(map.contains(ID), "a completed entry is removed");
            assertEquals(1, map.stats().completed());
        } finally {
            packet.release();
        }
    }

    @Test
    void completesInEveryOrder() throws FragmentException {
        int[] offsets = {0, 8, 24, 40};
        List<int[]> perms = new ArrayList<>();
        permute(offsets, 0, perms);
        assertEquals(24, perms.size());
        for (int[] order : perms) {
            map.close();
            map = new FragmentMap(FragmentMapConfig.defaults(), alloc);
            base();
            ByteBuf packet = null;
            for (int i = 0; i < order.length; i++) {
                int off = order[i];
                ByteBuf r = add(map, ID, off, off != 40, repeat(FULL.charAt(off), 8));
                if (i < order.length - 1) {
                    assertNull(r, "completed early");
                } else {
                    packet = r;
                }
            }
            assertNotNull(packet);
            try {
                assertEquals(FULL, string(packet));
                assertEquals(0, map.size());
            } finally {
                packet.release();
            }
        }
    }

    private static void permute(int[] a, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k]; a[k] = a[i]; a[i] = t;
            permute(a, k + 1, out);
            t = a[k]; a[k] = a[i]; a[i] = t;
        }
    }

    @Test
    void overlapping8To20() {
        assertError(FragmentError.OVERLAPPING,
                assertThrows(FragmentException.class, () -> add(map, ID, 8, true, repeat('x', 12))));
    }

    @Test
    void overlapping8To32() {
        assertError(FragmentError.OVERLAPPING,
                assertThrows(FragmentException.class, () -> add(map, ID, 8, true, repeat('x', 24))));
    }

    @Test
    void overlapping24To32Then24To28() throws FragmentException {
        assertNull(add(map, ID, 24, true, repeat('d', 8)));
        assertError(FragmentError.OVERLAPPING,
                assertThrows(FragmentException.class, () -> add(map, ID, 24, true, repeat('x', 4))));
    }

    @Test
    void overlapping24To32Then24To44() throws FragmentException {
        assertNull(add(map, ID, 24, true, repeat('d', 8)));
        assertError(FragmentError.OVERLAPPING,
                assertThrows(FragmentException.class, () -> add(map, ID, 24, true, repeat('x', 20))));
    }

    @Test
    void twoLastFragments40Then48() throws FragmentException {
        assertNull(add(map, ID, 40, false, repeat('f', 8)));
        assertError(FragmentError.AFTER_LAST,
                assertThrows(FragmentException.class, () -> add(map, ID, 48, false, repeat('g', 8))));
    }

    @Test
    void twoLastFragments48Then40() throws FragmentException {
        assertNull(add(map, ID, 48, false, repeat('g', 8)));
        assertEquals("16..24 32..40 48..56+last", map.describeRuns(ID));
        assertError(FragmentError.AFTER_LAST,
                assertThrows(FragmentException.class, () -> add(map, ID, 40, false, repeat('f', 8))));
    }

    @Test
    void lastFragmentBeforeNonLastRun() {
        assertError(FragmentError.LAST_FRAGMENT_BEFORE_CURRENT_TAIL,
                assertThrows(FragmentException.class, () -> add(map, ID, 8, false, repeat('b', 8))));
    }

    @Test
    void emptyFragment() {
        assertError(FragmentError.EMPTY,
                assertThrows(FragmentException.class, () -> add(map, ID, 24, true, "")));
    }

    /** The case §3 leaves open: appended to 16..24 but reaching into 32..40. */
    @Test
    void appendReachingIntoNextRunIsOverlapping() {
        assertError(FragmentError.OVERLAPPING,
                assertThrows(FragmentException.class, () -> add(map, ID, 24, true, repeat('x', 12))));
    }

    /** Rust accepts a non-touching last run before other runs; the packet then never completes. */
    @Test
    void lastRunInsertedBeforeOtherRunsIsKept() throws FragmentException {
        assertNull(add(map, ID, 0, false, repeat('a', 8)));
        assertEquals("0..8+last 16..24 32..40", map.describeRuns(ID));
    }

    @Test
    void otherIdsAreUntouchedByAnError() throws FragmentException {
        assertNull(add(map, ID + 1, 8, true, repeat('b', 8)));
        assertThrows(FragmentException.class, () -> add(map, ID, 8, true, repeat('x', 12)));
        assertEquals("8..16", map.describeRuns(ID + 1));
    }

    @Test
    void fragmentMapReconstructPacket() throws FragmentException {
        map.close();
        map = new FragmentMap(FragmentMapConfig.builder().maxEntries(1).build(), alloc);
        assertNull(add(map, 1, 0, true, "abcdefgh"));
        assertEquals(1, map.size());
        ByteBuf packet = add(map, 1, 8, false, "ijklmnop");
        try {
            assertEquals("abcdefghijklmnop", string(packet));
            assertEquals(0, map.size());
            assertFalse(map.contains(1));
        } finally {
            packet.release();
        }
    }

    @Test
    void fragmentMapDiscardOnError() throws FragmentException {
        map.close();
        map = new FragmentMap(FragmentMapConfig.defaults(), alloc);
        assertNull(add(map, 1, 0, true, "abcdefgh"));
        FragmentException e = assertThrows(FragmentException.class, () -> add(map, 1, 0, true, "abcd"));
        assertEquals(FragmentError.OVERLAPPING, e.error());
        assertEquals(0, map.size());
        assertFalse(map.contains(1));
        // The id starts afresh afterwards.
        assertNull(add(map, 1, 8, true, "ijklmnop"));
        assertEquals("8..16", map.describeRuns(1));
    }

    @Test
    void inputBufferIsCopiedNotRetainedOrMoved() throws FragmentException {
        ByteBuf data = Unpooled.copiedBuffer(new byte[] {'x', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a'});
        try {
            data.readerIndex(1);
            assertNull(map.add(ID, 0, true, false, data, 0));
            assertEquals(1, data.refCnt());
            assertEquals(1, data.readerIndex());
            assertEquals(9, data.writerIndex());
            data.setByte(1, 'z'); // later changes by the caller do not reach the map
        } finally {
            data.release();
        }
        assertNull(add(map, ID, 8, true, repeat('b', 8)));
        assertNull(add(map, ID, 24, true, repeat('d', 8)));
        ByteBuf packet = add(map, ID, 40, false, repeat('f', 8));
        try {
            assertEquals(FULL, string(packet));
        } finally {
            packet.release();
        }
    }
}
