package org.lightwayj.core.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.FragmentError;

/** Splitting (§3) and the fragment id counter. */
class FragmentSplitterTest {

    private static ByteBuf packet(int len) {
        ByteBuf b = Unpooled.buffer(len);
        for (int i = 0; i < len; i++) {
            b.writeByte(i);
        }
        return b;
    }

    @Test
    void splitsIntoChunksWithMfOnAllButTheLast() throws FragmentException {
        ByteBuf p = packet(100);
        try {
            FragmentSplitter s = new FragmentSplitter();
            assertEquals(7, s.reset(p, 16));
            List<String> seen = new ArrayList<>();
            while (s.next()) {
                seen.add(s.offset() + ":" + s.chunkLength() + ":" + s.moreFragments());
                assertEquals(p.slice(s.offset(), s.chunkLength()), s.chunk());
                assertEquals(s.offset(), s.chunkIndex());
            }
            assertEquals(List.of("0:16:true", "16:16:true", "32:16:true", "48:16:true", "64:16:true",
                    "80:16:true", "96:4:false"), seen);
            assertFalse(s.next(), "stays exhausted");
            assertEquals(0, p.readerIndex(), "the packet's indices are not moved");
            assertEquals(1, p.refCnt(), "the packet is neither retained nor released");
        } finally {
            p.release();
        }
    }

    @Test
    void exactMultipleHasAFullLastChunk() throws FragmentException {
        ByteBuf p = packet(64);
        try {
            List<String> seen = new ArrayList<>();
            assertEquals(4, FragmentSplitter.split(p, 16,
                    (chunk, off, mf) -> seen.add(off + ":" + chunk.readableBytes() + ":" + mf)));
            assertEquals(List.of("0:16:true", "16:16:true", "32:16:true", "48:16:false"), seen);
        } finally {
            p.release();
        }
    }

    @Test
    void packetNoLongerThanAChunkIsOneLastChunk() throws FragmentException {
        ByteBuf p = packet(1192);
        try {
            FragmentSplitter s = new FragmentSplitter();
            assertEquals(1, s.reset(p, 1192));
            assertTrue(s.next());
            assertEquals(0, s.offset());
            assertFalse(s.moreFragments());
            assertEquals(1192, s.chunkLength());
            assertFalse(s.next());
        } finally {
            p.release();
        }
    }

    @Test
    void honoursTheReaderIndex() throws FragmentException {
        ByteBuf p = packet(40);
        try {
            p.readerIndex(4);
            FragmentSplitter s = new FragmentSplitter();
            assertEquals(3, s.reset(p, 16));
            assertTrue(s.next());
            assertEquals(4, s.chunkIndex());
            assertEquals(4, s.chunk().getByte(0));
            assertTrue(s.next());
            assertTrue(s.next());
            assertEquals(32, s.offset());
            assertEquals(4, s.chunkLength());
            assertEquals(4, p.readerIndex());
        } finally {
            p.release();
        }
    }

    @Test
    void largestPacketSplitsAndOffsetsStayEncodable() throws FragmentException {
        ByteBuf p = packet(65535);
        try {
            FragmentSplitter s = new FragmentSplitter();
            assertEquals(8192, s.reset(p, 8));
            int last = -1;
            while (s.next()) {
                last = s.offset();
            }
            assertEquals(0xFFF8, last);
        } finally {
            p.release();
        }
    }

    @Test
    void packetOver65535IsTooLarge() {
        ByteBuf p = Unpooled.buffer(65536).writerIndex(65536);
        try {
            FragmentException e = assertThrows(FragmentException.class, () -> new FragmentSplitter().reset(p, 1488));
            assertEquals(FragmentError.TOO_LARGE, e.error());
            assertEquals(-1, e.fragmentId());
            assertThrows(FragmentException.class, () -> FragmentSplitter.split(p, 1488, (c, o, m) -> { }));
        } finally {
            p.release();
        }
    }

    @Test
    void emptyPacketIsRefused() {
        ByteBuf p = Unpooled.buffer(0);
        FragmentException e = assertThrows(FragmentException.class, () -> new FragmentSplitter().reset(p, 8));
        assertEquals(FragmentError.EMPTY, e.error());
    }

    @Test
    void chunkSizeMustBeAPositiveMultipleOf8() {
        ByteBuf p = packet(10);
        try {
            FragmentSplitter s = new FragmentSplitter();
            for (int bad : new int[] {-8, 0, 4, 7, 12, 1193}) {
                assertThrows(IllegalArgumentException.class, () -> s.reset(p, bad), "chunk " + bad);
            }
            assertThrows(IllegalArgumentException.class, () -> FragmentSplitter.chunkCount(10, 9));
            assertThrows(IllegalArgumentException.class, () -> FragmentSplitter.chunkCount(0, 8));
            assertThrows(IllegalArgumentException.class, () -> FragmentSplitter.chunkCount(65536, 8));
            assertEquals(2, FragmentSplitter.chunkCount(10, 8));
            assertEquals(45, FragmentSplitter.chunkCount(65535, 1488));
        } finally {
            p.release();
        }
    }

    @Test
    void accessorsNeedACurrentChunk() throws FragmentException {
        FragmentSplitter s = new FragmentSplitter();
        assertFalse(s.next());
        assertThrows(IllegalStateException.class, s::offset);
        ByteBuf p = packet(8);
        try {
            s.reset(p, 8);
            assertThrows(IllegalStateException.class, s::chunk);
            assertTrue(s.next());
            s.clear();
            assertFalse(s.next());
        } finally {
            p.release();
        }
    }

    @Test
    void fragmentIdsStartAt1AndWrapThrough0() {
        FragmentIdCounter c = new FragmentIdCounter();
        assertEquals(0, c.current());
        assertEquals(1, c.next());
        assertEquals(2, c.next());
        FragmentIdCounter w = new FragmentIdCounter(65534);
        assertEquals(65535, w.next());
        assertEquals(0, w.next());
        assertEquals(1, w.next());
        assertEquals(1, w.current());
        assertThrows(IllegalArgumentException.class, () -> new FragmentIdCounter(65536));
        assertThrows(IllegalArgumentException.class, () -> new FragmentIdCounter(-1));
    }

    @Test
    void fragmentIdCounterCyclesThroughEveryU16() {
        FragmentIdCounter c = new FragmentIdCounter();
        boolean[] seen = new boolean[65536];
        for (int i = 0; i < 65536; i++) {
            int id = c.next();
            assertFalse(seen[id]);
            seen[id] = true;
        }
        assertEquals(1, c.next());
    }
}
