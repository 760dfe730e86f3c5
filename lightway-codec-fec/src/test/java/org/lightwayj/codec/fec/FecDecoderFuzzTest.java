package org.lightwayj.codec.fec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * Jazzer fuzz target for the {@code fec-rs} {@link org.lightwayj.codec.PacketDecoder}: genuine encoder
 * output delivered with drops, duplicates and reordering, mixed with mutated and raw packets and
 * cleanup ticks.
 *
 * <p>In a normal build this runs in regression mode (an empty input plus the seeds under
 * {@code src/test/resources/org/lightwayj/codec/fec/FecDecoderFuzzTestInputs/decode/}). To fuzz for
 * real:
 * <pre>
 * mvn -B -ntp -Pfuzz -pl lightway-codec-fec -am test -Dtest=FecDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The seeds are written by {@link #writeSeeds()} ({@code -Dfuzz.writeSeeds=true}).
 */
class FecDecoderFuzzTest {
    private static final long MS = 1_000_000L;
    private static final int MAX_SYMBOL = 600;

    /**
     * Byte 0: bits 0-2 K - 1, bits 3-4 R (at most K), bits 5-6 maxOpenBlocks - 1, bit 7 a first block
     * id of 0xFFFE (ids wrap). Byte 1: bits 0-5 the number of source packets - 1, bits 6-7 the
     * encoder's clock step per packet (0, 2, 4 or 6 ms; the flush delay is 5 ms, so blocks close
     * early). Then one byte per source packet, its length - 1 (a short input gives 20-byte packets).
     * Every source packet is distinct. Then operations, by {@code op & 3}: 0 delivers genuine packet
     * {@code next % n} (bit 2 set: the next one in order instead, no operand); 1 delivers genuine
     * packet {@code next} with byte {@code pos} xor {@code mask} (operands {@code next, pos, mask};
     * bit 2: also cut it to {@code pos} bytes); 2 delivers {@code len} raw bytes; 3 advances the
     * clock by {@code op >>> 2} ms and ticks {@link PacketDecoder#cleanup}. Finally every genuine
     * packet not yet offered is delivered in order.
     *
     * <p>Checked: nothing throws; {@code store} answers PENDING or READY_TO_FLUSH, and READY_TO_FLUSH
     * exactly when there is output; the offered buffer is neither consumed nor released; every
     * packet out is at most maxSymbolSize bytes and counted once in {@code sourceReceived} or
     * {@code recovered}; at most maxOpenBlocks blocks are open and {@code nextCleanupDeadline()} is
     * within blockMaxAge of now; while only genuine packets were offered, every packet out equals a
     * source packet that was encoded, and none comes out twice; and then, if no block was evicted,
     * expired or late, every block of which K symbols arrived had all its sources delivered. Closing
     * releases every buffer.
     */
    @FuzzTest(maxDuration = "30s")
    void decode(byte[] input) throws Exception {
        if (input.length < 2) {
            return;
        }
        int b0 = input[0] & 0xFF;
        int b1 = input[1] & 0xFF;
        int k = 1 + (b0 & 7);
        int r = Math.min(k, (b0 >>> 3) & 3);
        FecConfig cfg = FecConfig.builder().k(k).r(r).flushDelay(Duration.ofMillis(5))
                .blockMaxAge(Duration.ofMillis(100)).maxOpenBlocks(1 + ((b0 >>> 5) & 3))
                .maxSymbolSize(MAX_SYMBOL).build();
        int firstId = (b0 & 0x80) != 0 ? 0xFFFE : 7;
        int n = 1 + (b1 & 0x3F);
        long step = ((b1 >>> 6) & 3) * 2 * MS;
        int i = 2;

        // The source packets: byte 0 and 1 the packet number, then a pattern.
        List<byte[]> sources = new ArrayList<>();
        Set<ByteBuffer> genuine = new HashSet<>();
        for (int j = 0; j < n; j++) {
            int len = i < input.length ? 1 + (input[i++] & 0xFF) : 20;
            byte[] p = new byte[Math.max(2, len)];
            p[0] = (byte) (j >>> 8);
            p[1] = (byte) j;
            for (int q = 2; q < p.length; q++) {
                p[q] = (byte) (j * 37 + q);
            }
            sources.add(p);
            genuine.add(ByteBuffer.wrap(p));
        }

        FecCodecFactory factory = new FecCodecFactory(cfg);
        TrackingAllocator alloc = new TrackingAllocator();
        List<byte[]> wire = encode(cfg, factory, alloc, firstId, sources, step);
        FecDecoder dec = (FecDecoder) factory.newDecoder(alloc);
        boolean tainted = false;
        Map<ByteBuffer, Integer> delivered = new HashMap<>();
        boolean[] offered = new boolean[wire.size()];
        long now = 1_000 * MS;
        int cursor = 0;
        long outs = 0;
        try {
            while (i < input.length) {
                int op = input[i++] & 0xFF;
                byte[] d;
                switch (op & 3) {
                    case 0 -> {
                        int at;
                        if ((op & 4) != 0) {
                            at = cursor++ % wire.size();
                        } else {
                            if (i >= input.length) {
                                continue;
                            }
                            at = (input[i++] & 0xFF) % wire.size();
                        }
                        offered[at] = true;
                        d = wire.get(at);
                    }
                    case 1 -> {
                        if (i + 3 > input.length) {
                            continue;
                        }
                        byte[] w = wire.get((input[i] & 0xFF) % wire.size());
                        int pos = (input[i + 1] & 0xFF) % w.length;
                        int mask = input[i + 2] & 0xFF;
                        i += 3;
                        d = (op & 4) != 0 ? Arrays.copyOf(w, pos) : w.clone();
                        if (pos < d.length) {
                            d[pos] ^= (byte) mask;
                        }
                        tainted |= !Arrays.equals(d, w);
                    }
                    case 2 -> {
                        int len = i < input.length ? input[i++] & 0xFF : 0;
                        len = Math.min(len, input.length - i);
                        d = Arrays.copyOfRange(input, i, i + len);
                        i += len;
                        tainted = true;
                    }
                    default -> {
                        now += (op >>> 2) * MS;
                        boolean has = dec.cleanup(now);
                        long got = drain(dec, delivered, genuine, tainted);
                        assertEquals(has, got > 0, "cleanup's answer vs output");
                        outs += got;
                        checkState(dec, cfg, factory, now, outs);
                        continue;
                    }
                }
                outs += offer(dec, d, now, delivered, genuine, tainted);
                checkState(dec, cfg, factory, now, outs);
            }
            for (int at = 0; at < wire.size(); at++) {
                if (!offered[at]) {
                    offered[at] = true;
                    outs += offer(dec, wire.get(at), now, delivered, genuine, tainted);
                    checkState(dec, cfg, factory, now, outs);
                }
            }
            Map<String, Long> c = factory.counters();
            if (!tainted && c.get("evictions") == 0 && c.get("blocksExpired") == 0 && c.get("lateDropped") == 0) {
                // Every block got all its symbols (each wire packet was offered at least once).
                for (byte[] s : sources) {
                    assertEquals(1, delivered.getOrDefault(ByteBuffer.wrap(s), 0),
                            () -> "source packet " + ((s[0] & 0xFF) << 8 | (s[1] & 0xFF)) + " of " + n
                                    + " not delivered, K=" + k + " R=" + r + " " + c);
                }
            }
        } finally {
            dec.close();
        }
        assertEquals(0, alloc.live(), "buffers left after close");
    }

    private static long offer(FecDecoder dec, byte[] d, long now, Map<ByteBuffer, Integer> delivered,
            Set<ByteBuffer> genuine, boolean tainted) throws Exception {
        ByteBuf in = Unpooled.wrappedBuffer(d.clone());
        CodecStatus s;
        try {
            s = dec.store(in, now);
            assertEquals(1, in.refCnt(), "store released the packet");
            assertEquals(0, in.readerIndex(), "store consumed the packet");
            assertTrue(Arrays.equals(d, ByteBufUtil.getBytes(in)), "store modified the packet");
        } finally {
            in.release();
        }
        assertNotNull(s);
        if (s == CodecStatus.SKIP_PACKET) {
            fail("the decoder skipped a packet");
        }
        long got = drain(dec, delivered, genuine, tainted);
        assertEquals(s == CodecStatus.READY_TO_FLUSH, got > 0, () -> s + " with " + got + " packets out");
        return got;
    }

    private static long drain(FecDecoder dec, Map<ByteBuffer, Integer> delivered, Set<ByteBuffer> genuine,
            boolean tainted) {
        long n = 0;
        for (ByteBuf b; (b = dec.poll()) != null; n++) {
            byte[] p;
            try {
                p = ByteBufUtil.getBytes(b);
            } finally {
                b.release();
            }
            assertTrue(p.length <= MAX_SYMBOL, "packet out of " + p.length + " bytes");
            ByteBuffer key = ByteBuffer.wrap(p);
            int times = delivered.merge(key, 1, Integer::sum);
            if (!tainted) {
                assertTrue(genuine.contains(key), "a packet that was never encoded came out");
                assertEquals(1, times, "a packet came out twice");
            }
        }
        return n;
    }

    private static void checkState(FecDecoder dec, FecConfig cfg, FecCodecFactory factory, long now, long outs) {
        assertTrue(dec.openBlocks() <= cfg.maxOpenBlocks(), "open blocks " + dec.openBlocks());
        long deadline = dec.nextCleanupDeadline();
        assertTrue(dec.openBlocks() == 0 ? deadline == PacketDecoder.NO_DEADLINE
                : deadline <= now + cfg.blockMaxAgeNanos(), "deadline " + deadline);
        Map<String, Long> c = factory.counters();
        assertEquals(outs, c.get("sourceReceived") + c.get("recovered"), () -> "packets out vs " + c);
    }

    /** Encodes every source packet (the clock moving by {@code step} each), flushing at the deadlines. */
    static List<byte[]> encode(FecConfig cfg, FecCodecFactory factory, io.netty.buffer.ByteBufAllocator alloc,
            int firstId, List<byte[]> sources, long step) throws Exception {
        List<byte[]> wire = new ArrayList<>();
        try (FecEncoder enc = new FecEncoder(cfg, alloc, factory.rawCounters(), firstId)) {
            enc.setEncodingEnabled(true);
            long t = 0;
            for (byte[] p : sources) {
                if (enc.nextFlushDeadline() <= t) {
                    enc.flush(t);
                    FecTestSupport.drain(enc, wire);
                }
                ByteBuf in = Unpooled.wrappedBuffer(p);
                assertEquals(CodecStatus.READY_TO_FLUSH, enc.store(in, t));
                in.release();
                FecTestSupport.drain(enc, wire);
                t += step;
            }
            long d = enc.nextFlushDeadline();
            if (d != FecEncoder.NO_DEADLINE) {
                enc.flush(d);
                FecTestSupport.drain(enc, wire);
            }
        }
        return wire;
    }

    // --- seeds ---------------------------------------------------------------------------------

    /** Writes the seed corpus (run once with {@code -Dfuzz.writeSeeds=true}; commit the files). */
    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path dir = Path.of("src/test/resources/org/lightwayj/codec/fec/FecDecoderFuzzTestInputs/decode");
        Files.createDirectories(dir);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        // K=4 R=2, 8 packets: in order with two sources of each block dropped (recovered from repairs).
        o.write(3 | (2 << 3) | (3 << 5));
        o.write(7);
        o.write(new byte[] {99, 10, 0, 50, (byte) 200, 1, 30, 30});
        // wire: block A = s0 s1 s2 s3 r0 r1 (0..5), block B = s4..s7 r0 r1 (6..11)
        for (int at : new int[] {0, 3, 4, 5, 6, 7, 10, 11}) {
            o.write(0);
            o.write(at);
        }
        Files.write(dir.resolve("recover-two-of-four"), o.toByteArray());
        o.reset();
        // Duplicates, reordering, a mutated repair, a truncated source, then ticks past the block age.
        o.write(3 | (2 << 3) | (1 << 5) | 0x80);
        o.write(5);
        o.write(new byte[] {40, 40, 40, 40, 40, 40});
        for (int at : new int[] {5, 1, 1, 0, 5}) {
            o.write(0);
            o.write(at);
        }
        o.write(new byte[] {1, 4, 20, (byte) 0x80});
        o.write(new byte[] {1 | 4, 6, 3, 0});
        o.write(3 | (60 << 2));
        o.write(3 | (60 << 2));
        Files.write(dir.resolve("dup-reorder-mutate-expire"), o.toByteArray());
        o.reset();
        // Blocks closed early by the flush delay (6 ms per packet), ids wrapping past 0xFFFF.
        o.write(7 | (3 << 3) | 0x80);
        o.write(11 | (3 << 6));
        for (int j = 0; j < 12; j++) {
            o.write(4 * j + 3);
        }
        for (int j = 0; j < 30; j++) {
            o.write(4);
        }
        Files.write(dir.resolve("early-flush-wrap"), o.toByteArray());
        o.reset();
        // Raw headers: a source and a repair with out-of-range fields, then genuine traffic.
        o.write(1 | (1 << 3));
        o.write(3);
        o.write(new byte[] {10, 10, 10, 10});
        o.write(2);
        o.write(8);
        o.write(new byte[] {0x10, 0, 7, 5, 2, 3, 1, 2});
        o.write(2);
        o.write(9);
        o.write(new byte[] {0x11, 0, 7, 0, 2, 1, 0, 0, 0});
        o.write(4);
        o.write(4);
        Files.write(dir.resolve("raw-headers"), o.toByteArray());
    }
}
