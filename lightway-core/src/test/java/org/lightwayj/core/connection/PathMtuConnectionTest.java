package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.PmtudSnapshot;
import org.lightwayj.core.PmtudState;
import org.lightwayj.core.pmtud.Dplpmtud;

/**
 * DPLPMTUD driven by the connection (spec §4.6) over the harness, whose client→server link drops
 * datagrams above a size: probes, the estimate event, the DF-bit hook, and the §4.6 send-path rules.
 * The state machine's own transitions are unit-tested in {@code org.lightwayj.core.pmtud}.
 */
class PathMtuConnectionTest {

    static final long SEC = 1_000_000_000L;
    /** Datagram bytes around one inner frame with the test engine: Lightway header 16 + type 1 + seq 8 + check 1. */
    static final int OVERHEAD = 26;

    /** A UDP harness with PMTUD on, the inside MTU at 1500 and the path carrying frames up to {@code plpmtu}. */
    static Harness pmtudHarness(long seed, int plpmtu, Consumer<ClientContext.Builder> more) throws Exception {
        return pmtudHarness(seed, plpmtu, more, b -> { });
    }

    static Harness pmtudHarness(long seed, int plpmtu, Consumer<ClientContext.Builder> more,
            Consumer<ServerContext.Builder> server) throws Exception {
        Harness h = new Harness(Transport.UDP, seed);
        h.c2s.maxDatagram(plpmtu + OVERHEAD);
        h.start(ConnectionExamplesTest.GOOD, b -> {
            b.pmtudEnabled(true).insideMtu(1500);
            more.accept(b);
        }, b -> {
            b.insideMtu(1500);
            server.accept(b);
        }, null);
        return h.online();
    }

    static boolean settled(Harness h) {
        PmtudSnapshot d = h.client.pathMtuDiscovery();
        return d.state() == PmtudState.SEARCH_COMPLETE;
    }

    static List<Integer> estimates(Harness h) {
        List<Integer> l = new ArrayList<>();
        for (ConnectionEvent e : h.clientSide.events) {
            if (e instanceof ConnectionEvent.PathMtuChanged p) {
                l.add(p.plpmtu());
            }
        }
        return l;
    }

    @ParameterizedTest
    @CsvSource({"1250,1250", "1282,1282", "1284,1282", "1419,1419", "1500,1419"})
    void convergesToThePathMtu(int path, int expected) throws Exception {
        try (Harness h = pmtudHarness(600 + path, path, b -> { })) {
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC), () -> "not settled: " + h.client.pathMtuDiscovery());
            assertEquals(expected, h.client.pathMtuEstimate());
            List<Integer> ev = estimates(h);
            assertEquals(expected, ev.get(ev.size() - 1));
            assertEquals(1250, ev.get(0), "the first estimate is the base");
            assertTrue(h.clientMetrics.probesSent >= 1);
            assertEquals(h.client.pathMtuDiscovery().probesSent(), h.clientMetrics.probesSent);
            assertEquals(h.client.pathMtuDiscovery().probesLost(), h.clientMetrics.probesLost);
            if (path < 1419) {
                assertTrue(h.clientMetrics.probesLost > 0 && h.c2s.tooBig > 0);
            }
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @Test
    void probesArePaddedPingsWithTheDfBitOnAroundEach() throws Exception {
        List<String> df = new ArrayList<>();
        Harness h = new Harness(Transport.UDP, 610);
        h.capture = true;
        h.start(ConnectionExamplesTest.GOOD, b -> b.pmtudEnabled(true), b -> { }, null);
        // The harness builds the client itself; rebuild one with a DF hook on the same link.
        h.client.close();
        h.client = h.clientContext.newConnection(Transport.UDP, ConnectionExamplesTest.GOOD)
                .outsideSender((c, d) -> {
                    df.add("send");
                    return h.send(true, d);
                })
                .insideSender((c, p) -> h.clientSide.onInside(c, p))
                .eventListener((c, e) -> h.clientSide.onEvent(e))
                .dfBitControl((c, on) -> df.add(on ? "on" : "off"))
                .connect(h.now);
        try (h) {
            h.online();
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            long probes = h.client.pathMtuDiscovery().probesSent();
            assertEquals(probes, df.stream().filter("on"::equals).count());
            for (int i = 0; i < df.size(); i++) {
                if (df.get(i).equals("on")) {
                    assertEquals("send", df.get(i + 1));
                    assertEquals("off", df.get(i + 2));
                }
            }
            // Each probe datagram: a Ping (kind 2) frame of exactly the probed size, nonzero id.
            int pings = 0;
            for (byte[] d : h.capturedC2s) {
                if (d.length > 30 && d[16] == PlainTestEngine.RECORD && d[25] == 2 && d.length - OVERHEAD > 5) {
                    int id = ((d[26] & 0xFF) << 8) | (d[27] & 0xFF);
                    assertTrue(id != 0);
                    int size = d.length - OVERHEAD;
                    assertTrue(size >= 1250 && size <= 1419, "probe size " + size);
                    pings++;
                }
            }
            assertEquals(probes, pings);
        }
    }

    @Test
    void confirmsThenRaisesWhenThePathGrows() throws Exception {
        try (Harness h = pmtudHarness(620, 1282, b -> { })) {
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            assertEquals(1282, h.client.pathMtuEstimate());
            h.c2s.maxDatagram(1324 + OVERHEAD);
            // 10 min later the confirmation probe succeeds and the search raises the estimate.
            h.runFor(601 * SEC);
            assertTrue(h.runUntil(() -> settled(h) && h.client.pathMtuEstimate() > 1282, 300 * SEC));
            assertEquals(1322, h.client.pathMtuEstimate());
            assertEquals(0, h.client.pathMtuDiscovery().blackHolesDetected());
        }
    }

    @Test
    void blackHoleFallsBackToBaseThenSearchesAgain() throws Exception {
        try (Harness h = pmtudHarness(630, 1500, b -> { })) {
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            assertEquals(1419, h.client.pathMtuEstimate());
            h.c2s.maxDatagram(1300 + OVERHEAD);
            h.clientSide.events.clear();
            assertTrue(h.runUntil(() -> h.client.pathMtuDiscovery().blackHolesDetected() == 1, 700 * SEC));
            assertEquals(-1, estimates(h).get(0), "the estimate is dropped on a black hole");
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            assertEquals(1298, h.client.pathMtuEstimate()); // 1250 + 32 + 8 + 8
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @Test
    void aPathBelowTheBaseEndsInErrorAndRecoversWhenItGrows() throws Exception {
        try (Harness h = pmtudHarness(640, 1200, b -> { })) {
            assertTrue(h.runUntil(() -> h.client.pathMtuDiscovery().state() == PmtudState.ERROR, 60 * SEC));
            assertEquals(-1, h.client.pathMtuEstimate());
            assertEquals(3, h.clientMetrics.probesLost);
            h.c2s.maxDatagram(1250 + OVERHEAD);
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            assertEquals(1250, h.client.pathMtuEstimate());
        }
    }

    @Test
    void withoutAnEstimateUdpRefusesWhatNoDatagramCarries() throws Exception {
        try (Harness h = pmtudHarness(650, 1200, b -> { })) {
            assertTrue(h.runUntil(() -> h.client.pathMtuDiscovery().state() == PmtudState.ERROR, 60 * SEC));
            // outside MTU 1500 − 3 = 1497 is the limit while there is no estimate (§4.6).
            ConnectionException e = assertThrows(ConnectionException.class,
                    () -> h.client.insidePacketReceived(h.packet(1, 1498), h.now));
            assertEquals(ConnectionError.INVALID_PACKET_SIZE, e.error());
            h.client.insidePacketReceived(h.packet(2, 1497), h.now); // sent as one Data frame (and lost)
            assertEquals(0, h.clientMetrics.fragmentedPackets);
        }
    }

    @Test
    void pmtudIsOffByDefaultAndStopsOnDisconnect() throws Exception {
        try (Harness h = new Harness(Transport.UDP, 660).start(ConnectionExamplesTest.GOOD).online()) {
            assertNull(h.client.pathMtuDiscovery());
            assertEquals(-1, h.client.pathMtuEstimate());
        }
        try (Harness h = pmtudHarness(661, 1500, b -> { })) {
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            h.client.disconnect(h.now);
            assertEquals(PmtudState.DISABLED, h.client.pathMtuDiscovery().state());
            assertEquals(Long.MAX_VALUE, h.client.nextTimeout());
        }
    }

    @Test
    void pmtudBaseComesFromTheContext() throws Exception {
        PmtudConfig cfg = PmtudConfig.builder().basePlpmtu(600).build();
        try (Harness h = pmtudHarness(670, 700, b -> b.pmtudConfig(cfg))) {
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            assertEquals(696, h.client.pathMtuEstimate()); // 600 + 32·3 = 696; +8 = 704 > 700
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientContext.builder().tlsEngineFactory(PlainTestEngine.factory(true)).outsideMtu(1000)
                        .pmtudEnabled(true).build());
        assertTrue(e.getMessage().startsWith("pmtudConfig"), e.getMessage());
    }

    @Test
    void innerTcpSynsAreClampedToDataMpsMinus40() throws Exception {
        try (Harness h = pmtudHarness(680, 1282, b -> { })) {
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            h.client.insidePacketReceived(syn(1460), h.now);
            assertTrue(h.runUntil(() -> !h.serverSide.inside.isEmpty(), 2 * SEC));
            byte[] got = h.serverSide.inside.get(0);
            int mss = ((got[20 + 22] & 0xFF) << 8) | (got[20 + 23] & 0xFF);
            assertEquals(1282 - 3 - 40, mss);
            assertFalse(java.util.Arrays.equals(got, toArray(syn(1460))));
        }
    }

    @Test
    void theMssClampLeavesRoomForTheCodecOverhead() throws Exception {
        org.lightwayj.codec.fec.FecCodecFactory fec = new org.lightwayj.codec.fec.FecCodecFactory();
        try (Harness h = pmtudHarness(681, 1282, b -> b.codec(CodecConfig.of(fec)))) {
            assertTrue(h.runUntil(() -> settled(h), 300 * SEC));
            h.client.insidePacketReceived(syn(1460), h.now);
            assertTrue(h.runUntil(() -> !h.serverSide.inside.isEmpty(), 2 * SEC));
            byte[] got = h.serverSide.inside.get(0);
            int mss = ((got[20 + 22] & 0xFF) << 8) | (got[20 + 23] & 0xFF);
            // FEC adds 8 bytes per packet: a full-size segment must still fit one EncodedData frame.
            assertEquals(1282 - 3 - 40 - 8, mss);
        }
    }

    /** An IPv4 TCP SYN with one MSS option (checksums are not checked by the connection). */
    static ByteBuf syn(int mss) {
        ByteBuf b = io.netty.buffer.Unpooled.buffer(44);
        b.writeByte(0x45).writeByte(0).writeShort(44).writeInt(0).writeByte(64).writeByte(6).writeShort(0)
                .writeInt(0x0A000001).writeInt(0x0A000002);
        b.writeShort(1234).writeShort(80).writeInt(1).writeInt(0).writeByte(6 << 4).writeByte(0x02)
                .writeShort(65535).writeShort(0).writeShort(0);
        b.writeByte(2).writeByte(4).writeShort(mss);
        return b;
    }

    static byte[] toArray(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        b.release();
        return a;
    }

    static void assertSame(byte[] a, byte[] b) {
        assertArrayEquals(a, b);
    }
}
