package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.testing.AllocationCounter;
import org.lightwayj.core.tls.TlsState;
import org.lightwayj.testkit.BufferRing;
import org.lightwayj.testkit.PassThroughCodecFactory;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * Steady-state data path, both directions, allocates nothing in Lightway-J's own code. The engine
 * here is a pass-through that recycles a fixed ring of buffers, so whatever is allocated is ours.
 * Measured with the HotSpot per-thread allocation counter (plain heap buffers: a leak-aware wrapper
 * would allocate trace records itself).
 */
class DataPathAllocationTest {

    /** An engine established from the start that copies plaintext into recycled records. */
    static final class PassThroughEngine extends TestEngines.Null {
        private final BufferRing ring = new BufferRing();
        private final ArrayDeque<ByteBuf> out = new ArrayDeque<>();
        private final ArrayDeque<ByteBuf> in = new ArrayDeque<>();

        @Override
        public TlsState state() {
            return TlsState.ESTABLISHED;
        }

        @Override
        public void receive(ByteBuf b, long now) {
            in.add(ring.take(0).writeBytes(b, b.readerIndex(), b.readableBytes()));
        }

        @Override
        public ByteBuf pollPlaintext() {
            return in.poll();
        }

        @Override
        public ByteBuf pollOutbound() {
            return out.poll();
        }

        @Override
        public void seal(ByteBuf p, long now) {
            out.add(ring.take(16).writeBytes(p, p.readerIndex(), p.readableBytes()));
        }
    }

    @Test
    void steadyStateDataPathAllocatesNothing() throws Exception {
        assumeTrue(AllocationCounter.setUp(), "needs HotSpot per-thread allocation counters");
        // Leak tracking would allocate trace records on every buffer access; restored below.
        io.netty.util.ResourceLeakDetector.Level level = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        try {
            measure(false);
        } finally {
            io.netty.util.ResourceLeakDetector.setLevel(level);
        }
    }

    /** Issue 6: the codec path (encoder → EncodedData → decoder, both ways) adds no allocation either. */
    @Test
    void steadyStateCodecPathAllocatesNothing() throws Exception {
        assumeTrue(AllocationCounter.setUp(), "needs HotSpot per-thread allocation counters");
        io.netty.util.ResourceLeakDetector.Level level = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        try {
            measure(true);
        } finally {
            io.netty.util.ResourceLeakDetector.setLevel(level);
        }
    }

    private void measure(boolean withCodec) throws Exception {
        // Copies into a recycled ring, so whatever is allocated is the core's.
        PassThroughCodecFactory codec = new PassThroughCodecFactory(PassThroughCodecFactory.Mode.RING);
        CodecConfig codecConfig = withCodec ? CodecConfig.of(codec) : null;
        // Not leak-aware: at PARANOID every access to a wrapped buffer records a stack trace.
        ByteBufAllocator alloc = new TrackingAllocator();
        TlsEngineFactory engines = (t, a, now) -> new PassThroughEngine();
        ArrayDeque<ByteBuf> toServer = new ArrayDeque<>();
        ArrayDeque<ByteBuf> toClient = new ArrayDeque<>();
        int[] delivered = new int[2];
        ServerContext sctx = ServerContext.builder().tlsEngineFactory(engines).allocator(alloc).codec(codecConfig)
                .auth((c, m) -> AuthResult.granted(java.util.Set.of(Feature.INSIDE_PACKET_CODEC), null))
                .ipPool(new TestIpPool()).build();
        UdpServerEndpoint endpoint = UdpServerEndpoint.builder(sctx)
                .datagramSender((d, to) -> toClient.add(d))
                .insideSender((c, p) -> {
                    delivered[0]++;
                    p.release();
                })
                .build();
        ClientContext cctx = ClientContext.builder().tlsEngineFactory(engines).allocator(alloc).codec(codecConfig)
                .build();
        Connection client = cctx.newConnection(Transport.UDP, new AuthMethod.Token("t"))
                .outsideSender((c, d) -> toServer.add(d))
                .insideSender((c, p) -> {
                    delivered[1]++;
                    p.release();
                })
                .connect(0);
        // The engine is established at once: the AuthRequest is already queued.
        for (int i = 0; i < 10 && (client.state() != ConnectionState.ONLINE || !toServer.isEmpty()
                || !toClient.isEmpty()); i++) {
            drain(toServer, toClient, endpoint, client);
        }
        assertEquals(ConnectionState.ONLINE, client.state());
        Connection server = endpoint.connections().iterator().next();
        if (withCodec) {
            client.setEncoding(true, 1);
            drain(toServer, toClient, endpoint, client);
            assertTrue(client.isEncodingEnabled() && server.isEncodingEnabled());
        }

        ByteBuf packet = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 1350, 1350);
        packet.writeByte(0x45).writeZero(1349);
        Runnable round = () -> {
            try {
                client.insidePacketReceived(packet.retain(), 1);
                server.insidePacketReceived(packet.retain(), 1);
            } catch (ConnectionException e) {
                throw new AssertionError(e);
            }
            drain(toServer, toClient, endpoint, client);
        };
        for (int i = 0; i < 30_000; i++) {
            round.run();
        }
        long before = AllocationCounter.allocatedBytes();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            round.run();
        }
        long after = AllocationCounter.allocatedBytes();
        // Reading the counter itself boxes one Long (reflection); a round robin of 40 000 packets
        // leaves far less than one byte per packet for anything else.
        long perPacket = (after - before - 64) / (2L * n);
        assertEquals(50_000, delivered[0]);
        assertEquals(50_000, delivered[1]);
        assertTrue(perPacket == 0, "allocated " + perPacket + " bytes per packet");
        if (withCodec) {
            assertEquals(100_000, codec.encoded(), "every packet went through an encoder");
            assertEquals(100_000, codec.decoded(), "and through a decoder");
        }
        client.close();
        server.close();
        packet.release();
    }

    private static void drain(ArrayDeque<ByteBuf> toServer, ArrayDeque<ByteBuf> toClient, UdpServerEndpoint endpoint,
            Connection client) {
        ByteBuf d;
        while ((d = toServer.poll()) != null) {
            endpoint.datagramReceived(d, Harness.CLIENT_ADDR, 1);
        }
        while ((d = toClient.poll()) != null) {
            client.outsideDataReceived(d, 1);
        }
    }
}
