package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.wire.DataFrag;

/** Spec §3 on the connection: DataFrag sending with the wrapping id, bounded reassembly, expiry. */
class FragmentationConnectionTest {

    static final long SEC = 1_000_000_000L;

    static byte[] bytes(Harness h, long id, int len) {
        return PathMtuConnectionTest.toArray(h.packet(id, len));
    }

    @Test
    void largePacketsArriveWholeOverALossyReorderingLink() throws Exception {
        try (Harness h = PathMtuConnectionTest.pmtudHarness(701, 1282, b -> { },
                b -> b.fragmentMaxAge(Duration.ofSeconds(3)))) {
            assertTrue(h.runUntil(() -> PathMtuConnectionTest.settled(h), 300 * Harness.MS * 1000));
            int dataMps = h.client.pathMtuDiscovery().dataMps();
            assertEquals(1279, dataMps);
            h.c2s.loss(0.1).reorder(0.6).duplicate(0.1);
            h.capture = true;
            h.capturedC2s.clear();
            Map<Long, byte[]> sent = new HashMap<>();
            for (long id = 1; id <= 200; id++) {
                int len = id % 4 == 0 ? 200 : 1280 + (int) (id * 7 % 220); // 3 of 4 need DataFrag
                sent.put(id, bytes(h, id, len));
                h.client.insidePacketReceived(h.packet(id, len), h.now);
                h.runFor(2 * Harness.MS);
            }
            h.runFor(5 * SEC); // delivery, then expiry of every partial packet
            assertTrue(h.serverSide.inside.size() > 100, "most packets arrive: " + h.serverSide.inside.size());
            for (byte[] got : h.serverSide.inside) {
                assertArrayEquals(sent.get(Harness.packetId(got)), got, "byte-exact");
            }
            long distinct = h.serverSide.inside.stream().mapToLong(Harness::packetId).distinct().count();
            assertEquals(h.serverSide.inside.size(), distinct, "a duplicated fragment never yields a second copy");
            assertEquals(150, h.clientMetrics.fragmentedPackets);
            assertEquals(300, h.clientMetrics.fragmentsSent);
            // Fragments went as DataFrag (15), the rest as Data (5).
            List<Integer> kinds = ConnectionBehaviourTest.recordKinds(h.capturedC2s);
            assertEquals(300, kinds.stream().filter(k -> k == 15).count());
            assertEquals(50, kinds.stream().filter(k -> k == 5).count());
            // Lost fragments left partial packets; they were reclaimed and counted.
            assertEquals(0, h.server().pendingFragments());
            assertTrue(h.serverMetrics.fragEvicted > 0);
            assertEquals(ConnectionState.ONLINE, h.server().state());
        }
    }

    @Test
    void fragmentIdsStartAtOneAndWrap() throws Exception {
        try (Harness h = PathMtuConnectionTest.pmtudHarness(702, 1282, b -> { })) {
            assertTrue(h.runUntil(() -> PathMtuConnectionTest.settled(h), 300 * SEC));
            h.capture = true;
            h.capturedC2s.clear();
            h.client.insidePacketReceived(h.packet(1, 1400), h.now);
            byte[] first = h.capturedC2s.get(0);
            assertEquals(15, first[25]);
            assertEquals(1, ((first[28] & 0xFF) << 8) | (first[29] & 0xFF), "the first fragment id is 1");
            for (int i = 2; i <= 65537; i++) {
                h.client.insidePacketReceived(h.packet(i, 1300), h.now);
                if (i % 4096 == 0) {
                    h.runFor(100 * Harness.MS);
                }
            }
            byte[] last = h.capturedC2s.get(h.capturedC2s.size() - 1);
            assertEquals(1, ((last[28] & 0xFF) << 8) | (last[29] & 0xFF), "65537 wraps past 0 to 1");
            h.capturedC2s.clear();
            h.runFor(SEC);
        }
    }

    /** A DataFrag frame: kind 15, length, id, offset word, data. */
    static byte[] frag(int id, int offset, boolean more, byte[] packet, int from, int len) {
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
        DataFrag.encodeHeader(b, len, id, offset, more);
        b.writeBytes(packet, from, len);
        return PathMtuConnectionTest.toArray(b);
    }

    @Test
    void aLostFragmentNeverYieldsAPacketAndItsEntryIsReclaimed() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 703)
                .start(ConnectionExamplesTest.GOOD, b -> { }, b -> b.fragmentMaxAge(Duration.ofSeconds(2)), null)
                .online()) {
            Connection s = h.server();
            byte[] p = bytes(h, 77, 40);
            h.inject(s, frag(9, 0, true, p, 0, 16));
            h.inject(s, frag(9, 32, false, p, 32, 8)); // 16..32 is lost
            assertEquals(1, s.pendingFragments());
            assertTrue(s.nextTimeout() <= h.now + 2 * SEC, "fragment expiry is in the timer table");
            h.runFor(3 * SEC);
            assertEquals(0, s.pendingFragments());
            assertEquals(1, h.serverMetrics.fragEvicted);
            assertTrue(h.serverSide.inside.isEmpty());
            // The late fragment starts a new entry; it cannot complete the dropped packet.
            h.inject(s, frag(9, 16, true, p, 16, 16));
            assertTrue(h.serverSide.inside.isEmpty());
            // A complete packet, out of order, is delivered byte-exact.
            h.inject(s, frag(10, 32, false, p, 32, 8));
            h.inject(s, frag(10, 0, true, p, 0, 16));
            h.inject(s, frag(10, 16, true, p, 16, 16));
            assertEquals(1, h.serverSide.inside.size());
            assertArrayEquals(p, h.serverSide.inside.get(0));
        }
    }

    @Test
    void fragmentErrorsAreNonFatalAndCounted() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 704).start(ConnectionExamplesTest.GOOD).online()) {
            Connection c = h.client;
            byte[] p = bytes(h, 5, 48);
            h.inject(c, frag(3, 0, true, p, 0, 16));
            h.inject(c, frag(3, 8, true, p, 8, 16)); // overlaps → the entry is dropped
            assertEquals(1, h.clientMetrics.fragErrors);
            assertEquals(1L, h.clientMetrics.badFrames.get(ConnectionError.DATA_FRAGMENT_ERROR));
            assertEquals(0, c.pendingFragments());
            assertEquals(ConnectionState.ONLINE, c.state());
            // The server fragments nothing but reassembles too (both directions, §3).
            h.inject(c, frag(4, 0, true, p, 0, 24));
            h.inject(c, frag(4, 24, false, p, 24, 24));
            assertArrayEquals(p, h.clientSide.inside.get(0));
        }
    }

    @Test
    void fragmentsAreAcceptedOnlyWhileOnline() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 705).start(ConnectionExamplesTest.GOOD)) {
            assertTrue(h.runUntil(() -> h.client.state() == ConnectionState.AUTHENTICATING, 5 * SEC));
            byte[] p = bytes(h, 5, 16);
            h.inject(h.client, frag(1, 0, false, p, 0, 16));
            assertEquals(1, h.clientMetrics.invalidState);
            assertEquals(0, h.client.pendingFragments());
            assertTrue(h.clientSide.inside.isEmpty());
        }
    }

    @Test
    void theReassemblyMapIsBounded() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 706)
                .start(ConnectionExamplesTest.GOOD, b -> b.fragmentMapEntries(8), b -> { }, null).online()) {
            byte[] p = bytes(h, 5, 16);
            for (int id = 0; id < 100; id++) {
                h.inject(h.client, frag(id, 0, true, p, 0, 8));
            }
            assertEquals(8, h.client.pendingFragments());
            assertEquals(92, h.clientMetrics.fragEvicted);
        }
    }
}
