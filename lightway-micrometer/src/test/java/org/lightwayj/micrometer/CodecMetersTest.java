package org.lightwayj.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;
import org.lightwayj.codec.fec.FecCodecFactory;

/** A real FEC encoder and decoder with a lost packet; the registry sees the codec's counters. */
class CodecMetersTest {
    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

    @Test
    void dotted() {
        assertEquals("repair.sent", CodecMeters.dotted("repairSent"));
        assertEquals("observed.loss.ppm", CodecMeters.dotted("observedLossPpm"));
        assertEquals("recovered", CodecMeters.dotted("recovered"));
    }

    @Test
    void fecRecoveryShowsInTheRegistry() throws Exception {
        FecCodecFactory fec = new FecCodecFactory(); // 10 source + 3 repair per block
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CodecMeters(fec).bindTo(registry);

        Random rnd = new Random(15);
        List<ByteBuf> wire = new ArrayList<>();
        try (PacketEncoder enc = fec.newEncoder(ALLOC)) {
            enc.setEncodingEnabled(true);
            for (int i = 0; i < 10; i++) {
                byte[] p = new byte[200 + rnd.nextInt(800)];
                rnd.nextBytes(p);
                enc.store(Unpooled.wrappedBuffer(p), 0);
                for (ByteBuf b; (b = enc.poll()) != null; ) {
                    wire.add(b);
                }
            }
            assertEquals(13, wire.size(), "a full block: 10 sources, 3 repairs");
        }
        int delivered = 0;
        try (PacketDecoder dec = fec.newDecoder(ALLOC)) {
            for (int i = 0; i < wire.size(); i++) {
                ByteBuf w = wire.get(i);
                if (i == 2 || i == 7) { // two source packets lost on the link
                    w.release();
                    continue;
                }
                dec.store(w, 0);
                for (ByteBuf b; (b = dec.poll()) != null; ) {
                    delivered++;
                    b.release();
                }
            }
        }
        assertEquals(10, delivered, "the two lost sources were rebuilt");

        assertEquals(2.0, registry.get("lightway.codec.recovered").tag("codec", FecCodecFactory.NAME)
                .functionCounter().count());
        assertEquals(10.0, registry.get("lightway.codec.source.sent").functionCounter().count());
        assertEquals(3.0, registry.get("lightway.codec.repair.sent").functionCounter().count());
        assertEquals(8.0, registry.get("lightway.codec.source.received").functionCounter().count());
        assertTrue(registry.get("lightway.codec.observed.loss.ppm").gauge().value() >= 0);
        assertEquals(3.0, registry.get("lightway.codec.adaptive.r").gauge().value());
    }
}
