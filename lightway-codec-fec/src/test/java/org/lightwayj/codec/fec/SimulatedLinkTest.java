package org.lightwayj.codec.fec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encoder → lossy link (5 % i.i.d. loss, seeded) → decoder, K=10 R=3, 20,000 inside packets of
 * 40..1400 bytes, one packet every 100 µs, host ticks driven by the codec's own deadlines.
 */
class SimulatedLinkTest {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedLinkTest.class);
    private static final int PACKETS = 20_000;
    private static final double LOSS = 0.05;

    @Test
    void residualLossWithFecIsBelowPointTwoPercent() throws Exception {
        FecCodecFactory f = new FecCodecFactory();
        double[] r = run(f, PACKETS);
        double residual = r[0];
        double raw = r[1];
        assertTrue(residual <= 0.002, "residual loss " + residual);
        assertTrue(raw > 0.04 && raw < 0.06, "raw loss " + raw);
        assertTrue(f.counters().get("recovered") > 500);
    }

    /**
     * Adaptive mode on the same link: the decoders see ≈5 % loss, so blocks move from the starting
     * R=3 to R=4 (P[Bin(14, 0.05) &gt; 4] ≈ 4·10⁻⁴ ≤ 10⁻³ while R=3 gives ≈ 3·10⁻³).
     */
    @Test
    void adaptiveModeRaisesRToTheObservedLoss() throws Exception {
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().adaptive(true).build());
        double[] r = run(f, 10_000);
        long ppm = f.counters().get("observedLossPpm");
        assertTrue(ppm > 30_000 && ppm < 80_000, "observed loss " + ppm + " ppm");
        assertEquals(4L, f.counters().get("adaptiveR"));
        assertTrue(r[0] <= 0.002, "residual loss " + r[0]);
    }

    /** Returns {residual loss with FEC, loss of the same link without FEC}. */
    private static double[] run(FecCodecFactory f, int packets) throws Exception {
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        Random link = new Random(20_000);
        Random data = new Random(1);
        long[] delivered = new long[1];
        long[] wrong = new long[1];
        long sentOnWire = 0;
        long rawDelivered = 0;
        byte[][] sent = new byte[packets][];
        boolean[] seen = new boolean[packets];
        try (PacketEncoder enc = f.newEncoder(alloc); PacketDecoder dec = f.newDecoder(alloc)) {
            enc.setEncodingEnabled(true);
            long now = 0;
            for (int i = 0; i < packets; i++) {
                now += 100_000;
                tick(enc, dec, now, link, delivered, wrong, sent, seen);
                byte[] p = new byte[40 + data.nextInt(1361)];
                data.nextBytes(p);
                p[0] = (byte) (i >>> 24); // a sequence number makes every packet unique
                p[1] = (byte) (i >>> 16);
                p[2] = (byte) (i >>> 8);
                p[3] = (byte) i;
                sent[i] = p;
                // FEC off: the same link would drop each packet with the same probability.
                if (data.nextDouble() >= LOSS) {
                    rawDelivered++;
                }
                assertEquals(CodecStatus.READY_TO_FLUSH, enc.store(Unpooled.wrappedBuffer(p), now));
                sentOnWire += send(enc, dec, now, link, delivered, wrong, sent, seen);
            }
            for (int t = 0; t < 100; t++) {
                now += 1_000_000;
                tick(enc, dec, now, link, delivered, wrong, sent, seen);
            }
            assertEquals(PacketEncoder.NO_DEADLINE, enc.nextFlushDeadline());
            assertEquals(PacketDecoder.NO_DEADLINE, dec.nextCleanupDeadline());
        }
        double residual = 1.0 - (double) delivered[0] / packets;
        double raw = 1.0 - (double) rawDelivered / packets;
        LOG.info("5% loss, {}, {} packets ({} on the wire): residual loss with FEC {}%, without FEC {}%;"
                + " counters {}", f.config(), packets, sentOnWire, String.format("%.3f", residual * 100),
                String.format("%.3f", raw * 100), f.counters());
        assertEquals(0, wrong[0], "no packet delivered twice or corrupted");
        return new double[] {residual, raw};
    }

    private static void tick(PacketEncoder enc, PacketDecoder dec, long now, Random link, long[] delivered,
            long[] wrong, byte[][] sent, boolean[] seen) throws Exception {
        if (enc.nextFlushDeadline() <= now && enc.flush(now)) {
            send(enc, dec, now, link, delivered, wrong, sent, seen);
        }
        if (dec.nextCleanupDeadline() <= now && dec.cleanup(now)) {
            receive(dec, delivered, wrong, sent, seen);
        }
    }

    private static int send(PacketEncoder enc, PacketDecoder dec, long now, Random link, long[] delivered,
            long[] wrong, byte[][] sent, boolean[] seen) throws Exception {
        int n = 0;
        ByteBuf w;
        while ((w = enc.poll()) != null) {
            n++;
            try {
                if (link.nextDouble() >= LOSS && dec.store(w, now) == CodecStatus.READY_TO_FLUSH) {
                    receive(dec, delivered, wrong, sent, seen);
                }
            } finally {
                w.release();
            }
        }
        return n;
    }

    private static void receive(PacketDecoder dec, long[] delivered, long[] wrong, byte[][] sent, boolean[] seen) {
        ByteBuf p;
        while ((p = dec.poll()) != null) {
            try {
                int seq = p.getInt(p.readerIndex());
                byte[] got = io.netty.buffer.ByteBufUtil.getBytes(p);
                if (seq < 0 || seq >= sent.length || seen[seq] || !java.util.Arrays.equals(got, sent[seq])) {
                    wrong[0]++;
                } else {
                    seen[seq] = true;
                    delivered[0]++;
                }
            } finally {
                p.release();
            }
        }
    }
}
