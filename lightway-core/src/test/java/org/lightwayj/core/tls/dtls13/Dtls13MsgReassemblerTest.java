package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.tls.dtls13.HandshakeReassembler.Offer;
import org.lightwayj.core.testing.AllocationCounter;
import org.lightwayj.core.tls.dtls13.Messages.FragmentHeader;

/** HandshakeReassembler: in-order delivery under any fragmentation and order, and its DoS bounds. */
class Dtls13MsgReassemblerTest {
    private record Frag(FragmentHeader header, byte[] src, int off) {}

    /** A fragment of framed message {@code m} (seq {@code seq}) covering body bytes [a, b), placed at a random offset. */
    private static Frag frag(Random r, int seq, byte[] m, int a, int b) {
        int pad = r.nextInt(4);
        byte[] src = new byte[pad + (b - a) + r.nextInt(3)];
        System.arraycopy(m, 4 + a, src, pad, b - a);
        return new Frag(new FragmentHeader(m[0] & 0xFF, m.length - 4, seq, a, b - a), src, pad);
    }

    private static Offer offer(HandshakeReassembler h, Frag f) {
        return h.offer(f.header(), f.src(), f.off());
    }

    @Test
    void anyFragmentationInAnyOrderDeliversTheMessagesInOrder() {
        qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int first = r.nextInt(3);
            int count = 1 + r.nextInt(5);
            List<byte[]> messages = new ArrayList<>();
            List<Frag> frags = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] m = Messages.frame(r.nextInt(256), Dtls13MsgSamples.bytes(r, 0, r.nextBoolean() ? 40 : 3000));
                messages.add(m);
                int len = m.length - 4;
                // Random split points tile the body; then duplicates and random overlapping ranges.
                TreeSet<Integer> cuts = new TreeSet<>(List.of(0, len));
                int nCuts = len == 0 ? 0 : r.nextInt(Math.min(len, 30) + 1);
                for (int c = 0; c < nCuts; c++) {
                    cuts.add(r.nextInt(len + 1));
                }
                List<Integer> pts = new ArrayList<>(cuts);
                if (len == 0) {
                    frags.add(frag(r, first + i, m, 0, 0));
                }
                for (int c = 0; c + 1 < pts.size(); c++) {
                    Frag f = frag(r, first + i, m, pts.get(c), pts.get(c + 1));
                    frags.add(f);
                    if (r.nextInt(4) == 0) {
                        frags.add(f); // duplicate
                    }
                }
                int overlaps = r.nextInt(4);
                for (int o = 0; o < overlaps && len > 0; o++) {
                    int a = r.nextInt(len);
                    frags.add(frag(r, first + i, m, a, a + 1 + r.nextInt(len - a)));
                }
            }
            // Stale retransmissions of already-delivered messages, and an empty fragment, are harmless.
            if (first > 0) {
                frags.add(frag(r, first - 1, Messages.frame(1, new byte[5]), 1, 4));
            }
            byte[] m0 = messages.get(0);
            int at = r.nextInt(m0.length - 3);
            frags.add(frag(r, first, m0, at, at));
            Collections.shuffle(frags, r);

            HandshakeReassembler h = new HandshakeReassembler(4000, 200, 8);
            h.reset(first);
            List<byte[]> out = new ArrayList<>();
            for (Frag f : frags) {
                Offer o = offer(h, f);
                assertTrue(o == Offer.ACCEPTED || o == Offer.DUPLICATE, "seed " + seed + ": " + o);
                for (byte[] m; (m = h.poll()) != null; ) {
                    out.add(m);
                }
            }
            assertEquals(messages.size(), out.size(), "seed " + seed);
            for (int i = 0; i < messages.size(); i++) {
                assertArrayEquals(messages.get(i), out.get(i), "seed " + seed + " message " + i);
            }
            assertEquals(first + count, h.nextMessageSeq());
            assertFalse(h.hasPartial());
            assertEquals(0, h.bufferedBytes());
        });
    }

    @Test
    void completedMessagesWaitForPollAndOldOnesAreDuplicates() {
        Random r = new Random(1);
        HandshakeReassembler h = new HandshakeReassembler(100, 10, 4);
        byte[] m0 = Messages.frame(1, new byte[] {1, 2, 3});
        byte[] m1 = Messages.frame(2, new byte[] {4, 5});
        assertEquals(Offer.ACCEPTED, offer(h, frag(r, 1, m1, 0, 2)));
        assertNull(h.poll(), "message 1 waits for message 0");
        assertFalse(h.hasPartial(), "message 1 is complete, not partial");
        assertEquals(Offer.ACCEPTED, offer(h, frag(r, 0, m0, 1, 3)));
        assertTrue(h.hasPartial());
        assertEquals(Offer.DUPLICATE, offer(h, frag(r, 0, m0, 1, 2)), "bytes already held");
        assertEquals(Offer.ACCEPTED, offer(h, frag(r, 0, m0, 0, 2)), "overlap that adds a byte");
        assertFalse(h.hasPartial());
        assertEquals(Offer.DUPLICATE, offer(h, frag(r, 0, m0, 0, 3)), "complete but not yet polled");
        assertEquals(2 * 4 + 3 + 2, h.bufferedBytes());
        assertArrayEquals(m0, h.poll());
        assertArrayEquals(m1, h.poll());
        assertNull(h.poll());
        assertEquals(2, h.nextMessageSeq());
        assertEquals(Offer.DUPLICATE, offer(h, frag(r, 0, m0, 0, 3)));
        assertEquals(Offer.DUPLICATE, offer(h, frag(r, 1, m1, 0, 1)));
        assertEquals(0, h.bufferedBytes());
    }

    @Test
    void windowTypeAndLengthChecksAndReset() {
        Random r = new Random(2);
        HandshakeReassembler h = new HandshakeReassembler(100, 10, 2);
        byte[] m = Messages.frame(11, new byte[10]);
        assertEquals(Offer.FUTURE_DROPPED, offer(h, frag(r, 2, m, 0, 10)));
        assertEquals(Offer.ACCEPTED, offer(h, frag(r, 1, m, 0, 4)));
        assertEquals(Offer.REJECTED, h.offer(new FragmentHeader(12, 10, 1, 4, 1), new byte[1], 0), "type differs");
        assertEquals(Offer.REJECTED, h.offer(new FragmentHeader(11, 11, 1, 4, 1), new byte[1], 0), "length differs");
        assertEquals(Offer.REJECTED, h.offer(new FragmentHeader(11, 101, 0, 0, 1), new byte[1], 0), "over the bound");
        assertEquals(14, h.bufferedBytes());
        assertTrue(h.hasPartial());
        // An empty fragment of a message not yet started allocates nothing.
        assertEquals(Offer.DUPLICATE, h.offer(new FragmentHeader(11, 50, 0, 7, 0), new byte[0], 0));
        assertEquals(14, h.bufferedBytes());
        // A zero-length message completes on its only fragment.
        assertEquals(Offer.ACCEPTED, h.offer(new FragmentHeader(5, 0, 0, 0, 0), new byte[0], 0));
        assertArrayEquals(new byte[] {5, 0, 0, 0}, h.poll());
        assertEquals(1, h.nextMessageSeq());

        h.reset(5);
        assertEquals(0, h.bufferedBytes());
        assertFalse(h.hasPartial());
        assertEquals(5, h.nextMessageSeq());
        assertEquals(Offer.DUPLICATE, offer(h, frag(r, 1, m, 4, 10)));
        assertEquals(Offer.ACCEPTED, offer(h, frag(r, 5, m, 0, 10)));
        assertArrayEquals(m, h.poll());
    }

    @Test
    void maximalDeclaredLengthIsRejectedWithoutAllocating() throws AlertException {
        assumeTrue(AllocationCounter.setUp(), "needs the HotSpot per-thread allocation counter");
        HandshakeReassembler h = new HandshakeReassembler(16 * 1024, 64, 4);
        byte[] wire = {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 42};
        FragmentHeader hdr = Messages.parseFragmentHeader(wire, 0, wire.length);
        assertEquals(Offer.REJECTED, h.offer(hdr, wire, Messages.FRAGMENT_HEADER_LENGTH)); // warm up
        long before = AllocationCounter.allocatedBytes();
        for (int i = 0; i < 1000; i++) {
            assertEquals(Offer.REJECTED, h.offer(hdr, wire, Messages.FRAGMENT_HEADER_LENGTH));
        }
        long allocated = AllocationCounter.allocatedBytes() - before;
        assertEquals(0, h.bufferedBytes());
        assertFalse(h.hasPartial());
        assertTrue(allocated < 64 * 1024, "1000 offers allocated " + allocated + " bytes");

        // Even at the largest configurable bound, nothing is allocated before a fragment arrives, and
        // the buffer is sized by the (bounded) declared length, once.
        HandshakeReassembler big = new HandshakeReassembler(0xFFFFFF, 64, 4);
        assertEquals(0, big.bufferedBytes());
        assertEquals(Offer.ACCEPTED, big.offer(hdr, wire, Messages.FRAGMENT_HEADER_LENGTH));
        assertEquals(0xFFFFFF + 4, big.bufferedBytes());
        assertEquals(Offer.DUPLICATE, big.offer(hdr, wire, Messages.FRAGMENT_HEADER_LENGTH));
        assertEquals(0xFFFFFF + 4, big.bufferedBytes());
    }

    /** Offers 1-byte fragments of a 32 KiB message in {@code order}; returns the reassembler. */
    private static HandshakeReassembler oneByteFragments(byte[] m, int[] order) {
        HandshakeReassembler h = new HandshakeReassembler(32 * 1024, 32 * 1024, 2);
        byte[] one = new byte[1];
        for (int i = 0; i < order.length; i++) {
            int at = order[i];
            one[0] = m[4 + at];
            Offer o = h.offer(new FragmentHeader(m[0], m.length - 4, 0, at, 1), one, 0);
            assertEquals(Offer.ACCEPTED, o, "fragment " + i);
            if (i < order.length - 1) {
                assertNull(h.poll());
            }
        }
        return h;
    }

    @Test
    void oneByteInterleavedFragmentsStayLinear() {
        int len = 32 * 1024;
        byte[] m = Messages.frame(HandshakeType.CERTIFICATE, Dtls13MsgSamples.bytes(new Random(3), len, len));
        int[] evensThenOdds = new int[len];
        for (int i = 0; i < len / 2; i++) {
            evensThenOdds[i] = 2 * i;
            evensThenOdds[len / 2 + i] = 2 * i + 1;
        }
        int[] shuffled = evensThenOdds.clone();
        Random r = new Random(4);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        int[] descending = new int[len];
        for (int i = 0; i < len; i++) {
            descending[i] = len - 1 - i;
        }
        for (int[] order : List.of(evensThenOdds, shuffled, descending)) {
            long t0 = System.nanoTime();
            HandshakeReassembler h = oneByteFragments(m, order);
            long nanos = System.nanoTime() - t0;
            assertArrayEquals(m, h.poll());
            // Each insert: a binary search (<= 16 steps for 2^15 ranges) plus at most 2 merged neighbours.
            long bound = (long) len * (16 + 3);
            assertTrue(h.mergeSteps <= bound, "merge steps " + h.mergeSteps + " > " + bound);
            assertTrue(nanos < 2_000_000_000L, "took " + nanos / 1_000_000 + " ms");
        }
    }

    @Test
    void fragmentBoundIsEnforced() {
        Random r = new Random(5);
        HandshakeReassembler h = new HandshakeReassembler(100, 4, 2);
        byte[] m = Messages.frame(11, Dtls13MsgSamples.bytes(r, 10, 10));
        for (int i = 0; i < 4; i++) {
            assertEquals(Offer.ACCEPTED, offer(h, frag(r, 0, m, 2 * i, 2 * i + 1)));
        }
        assertEquals(Offer.REJECTED, offer(h, frag(r, 0, m, 9, 10)), "a fifth fragment that adds bytes");
        assertEquals(Offer.REJECTED, offer(h, frag(r, 0, m, 1, 2)), "also when it merges ranges");
        assertEquals(Offer.DUPLICATE, offer(h, frag(r, 0, m, 2, 3)), "held bytes are still duplicates");
        assertTrue(h.hasPartial());
        assertNull(h.poll());
        // A whole-message retransmission completes it even past the bound.
        assertEquals(Offer.ACCEPTED, offer(h, frag(r, 0, m, 0, 10)));
        assertArrayEquals(m, h.poll());
    }
}
