package org.lightwayj.codec.fec.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/** Keeps the example in docs/codec-authors.md honest: it compiles and follows the contract. */
class RotateCodecTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    @Test
    void batchesThenFlushesOnTheDeadline() throws Exception {
        RotateCodecFactory f = new RotateCodecFactory(3, 1_000);
        try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
            ByteBuf p = Unpooled.wrappedBuffer(new byte[] {1, 2, (byte) 0xF0});
            assertEquals(CodecStatus.SKIP_PACKET, enc.store(p, 0), "starts disabled");
            enc.setEncodingEnabled(true);
            assertEquals(CodecStatus.PENDING, enc.store(p, 10));
            assertEquals(1_010, enc.nextFlushDeadline());
            assertEquals(CodecStatus.PENDING, enc.store(p, 20));
            assertEquals(CodecStatus.READY_TO_FLUSH, enc.store(p, 30));
            assertEquals(PacketEncoder.NO_DEADLINE, enc.nextFlushDeadline());
            List<ByteBuf> out = new ArrayList<>();
            for (ByteBuf b; (b = enc.poll()) != null; ) {
                out.add(b);
            }
            assertEquals(3, out.size());
            assertEquals("52081087", ByteBufUtil.hexDump(out.get(0)));
            for (ByteBuf b : out) {
                assertEquals(CodecStatus.READY_TO_FLUSH, dec.store(b, 40));
                ByteBuf d = dec.poll();
                assertEquals(p, d);
                d.release();
                b.release();
            }
            assertEquals(CodecStatus.PENDING, enc.store(p, 50));
            assertFalse(enc.flush(1_049));
            assertTrue(enc.flush(1_050));
            enc.poll().release();
            assertNull(enc.poll());
            assertEquals(CodecStatus.PENDING, dec.store(Unpooled.wrappedBuffer(new byte[] {9}), 60));
            assertEquals(1L, f.counters().get("malformedDropped"));
        }
    }

    @Test
    void roundTrip() {
        RotateCodecFactory f = new RotateCodecFactory();
        qt().withExamples(200).forAll(integers().between(0, 1500), longs().all()).check((len, seed) -> {
            byte[] p = new byte[len];
            new Random(seed).nextBytes(p);
            try (PacketEncoder enc = f.newEncoder(ALLOC); PacketDecoder dec = f.newDecoder(ALLOC)) {
                enc.setEncodingEnabled(true);
                enc.store(Unpooled.wrappedBuffer(p), 0);
                enc.flush(enc.nextFlushDeadline());
                ByteBuf e = enc.poll();
                dec.store(e, 0);
                e.release();
                ByteBuf d = dec.poll();
                boolean ok = Arrays.equals(p, ByteBufUtil.getBytes(d));
                d.release();
                return ok;
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        });
    }
}
