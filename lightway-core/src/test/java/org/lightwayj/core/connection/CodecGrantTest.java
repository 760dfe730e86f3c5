package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the inside-packet codec is used only when it is authorised (docs/embedding.md §11). A
 * server decodes only for a connection granted {@link Feature#INSIDE_PACKET_CODEC}; a client only once
 * it asked for encoding. Unauthorised EncodedData / EncodedDataFrag is dropped and counted, and no
 * decoder is ever made for it.
 */
class CodecGrantTest {

    static final long MS = Harness.MS;
    static final long SEC = 1000 * MS;
    static final int FRAMES = 200;

    /** What the test encoder would produce for {@code packet}: the same bytes rotated left by 2. */
    static ByteBuf encoded(Harness h, ByteBuf packet) {
        ByteBuf e = h.alloc.buffer(packet.readableBytes());
        TestCodecs.RotateFactory.rotateLeft(packet, e);
        packet.release();
        return e;
    }

    /**
     * The client, its ToggleEncoding refused, pushes {@link #FRAMES} EncodedData frames anyway through its
     * own framing and engine (the same call its encoder's output takes).
     */
    private static void clientForcesEncodedData(Harness h) {
        for (int i = 0; i < FRAMES; i++) {
            ByteBuf e = encoded(h, h.packet(i, 100 + i));
            try {
                assertTrue(h.client.insidePath().sendEncoded(e, h.now), "frame " + i + " left the client");
            } finally {
                e.release();
            }
            h.runFor(MS);
        }
        h.runFor(100 * MS);
    }

    @Test
    void ungrantedServerNeverDecodesForcedEncodedData() throws Exception {
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(1, MS);
        TestCodecs.RotateFactory sf = TestCodecs.RotateFactory.accumulating(1, MS);
        try (Harness h = CodecConnectionTest.codecHarness(161, cf, sf, false, b -> { })) {
            h.online();
            h.client.setEncoding(true, h.now);
            h.runFor(SEC);
            assertEquals(1, h.serverMetrics.encodingUnauthorized, "the toggle was refused");
            assertFalse(h.client.isEncodingEnabled());

            clientForcesEncodedData(h);

            Connection s = h.server();
            assertEquals(ConnectionState.ONLINE, s.state(), "dropping is not fatal");
            assertEquals(0, h.serverSide.inside.size(), "nothing reached the server's InsideSender");
            assertEquals(FRAMES, h.serverMetrics.encodedUnauthorized, "every frame counted as dropped");
            assertEquals(0, h.serverMetrics.encodedReceived, "no frame was offered to a decoder");
            assertEquals(0, sf.decodersMade, "the server never made a decoder");
            assertEquals(0, sf.decoded);
            assertFalse(s.hasDecoder());
            // Plain data still flows.
            h.client.insidePacketReceived(h.packet(9999, 80), h.now);
            h.runFor(100 * MS);
            assertEquals(1, h.serverSide.inside.size());
        }
    }

    @Test
    void grantedServerDecodesTheSameFrames() throws Exception {
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(1, MS);
        TestCodecs.RotateFactory sf = TestCodecs.RotateFactory.accumulating(1, MS);
        try (Harness h = CodecConnectionTest.codecHarness(162, cf, sf, true, b -> { })) {
            h.online();
            assertEquals(0, sf.decodersMade, "made on first use only");
            clientForcesEncodedData(h);
            assertEquals(FRAMES, h.serverSide.inside.size(), "positive control: all decoded and delivered");
            assertEquals(FRAMES, sf.decoded);
            assertEquals(1, sf.decodersMade, "one decoder for the connection");
            assertEquals(0, h.serverMetrics.encodedUnauthorized);
            CodecConnectionTest.exactlyOnce(h.serverSide.inside, 0, FRAMES, "decoded");
        }
    }

    /** One EncodedDataFrag frame with 8 data bytes. */
    static byte[] frag(int id, int offset, boolean more) {
        ByteBuf b = io.netty.buffer.Unpooled.buffer();
        org.lightwayj.core.wire.EncodedDataFrag.encodeHeader(b, 8, id, offset, more);
        b.writeLong(0x0102030405060708L + offset);
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        return a;
    }

    @Test
    void ungrantedServerDropsEncodedDataFragBeforeReassembly() throws Exception {
        TestCodecs.RotateFactory sf = TestCodecs.RotateFactory.accumulating(1, MS);
        try (Harness h = CodecConnectionTest.codecHarness(163, TestCodecs.RotateFactory.accumulating(1, MS), sf,
                false, b -> { })) {
            h.online();
            Connection s = h.server();
            // Two EncodedDataFrag halves (kind 17) of one 16-byte encoded packet.
            h.inject(s, frag(7, 0, true));
            assertEquals(1, h.serverMetrics.encodedUnauthorized, "first fragment counted");
            assertEquals(0, s.pendingFragments(), "it did not enter the reassembly map");
            h.inject(s, frag(7, 8, false));
            assertEquals(2, h.serverMetrics.encodedUnauthorized);
            assertEquals(0, h.serverSide.inside.size());
            assertEquals(0, sf.decodersMade);
            assertEquals(ConnectionState.ONLINE, s.state());
        }
    }

    @Test
    void clientThatNeverAskedForEncodingDoesNotDecode() throws Exception {
        TestCodecs.RotateFactory cf = TestCodecs.RotateFactory.accumulating(1, MS);
        TestCodecs.RotateFactory sf = TestCodecs.RotateFactory.accumulating(1, MS);
        try (Harness h = CodecConnectionTest.codecHarness(164, cf, sf, true, b -> { })) {
            h.online();
            Connection s = h.server();
            BiFunction<Harness, Integer, Void> serverForces = (hh, n) -> {
                for (int i = 0; i < n; i++) {
                    ByteBuf e = encoded(hh, hh.packet(1000 + i, 120));
                    try {
                        assertTrue(s.insidePath().sendEncoded(e, hh.now));
                    } finally {
                        e.release();
                    }
                    hh.runFor(MS);
                }
                hh.runFor(100 * MS);
                return null;
            };
            serverForces.apply(h, 50);
            assertEquals(0, h.clientSide.inside.size(), "the client never asked: nothing decoded");
            assertEquals(50, h.clientMetrics.encodedUnauthorized);
            assertEquals(0, cf.decodersMade);
            assertFalse(h.client.hasDecoder());
            assertEquals(ConnectionState.ONLINE, h.client.state());

            // Once it asks (and the grant lets the server agree), the server's EncodedData is decoded.
            h.client.setEncoding(true, h.now);
            h.runFor(SEC);
            assertTrue(h.client.isEncodingEnabled());
            serverForces.apply(h, 10);
            assertEquals(10, h.clientSide.inside.size());
            assertEquals(1, cf.decodersMade);
            assertEquals(50, h.clientMetrics.encodedUnauthorized, "no more drops");
        }
    }
}
