package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;
import org.lightwayj.core.testing.AllocationCounter;

/**
 * The encode paths write into the caller's buffer and allocate nothing else. Measured with the
 * HotSpot per-thread allocation counter on a plain heap buffer (a leak-aware wrapper would allocate
 * trace records itself).
 */
class EncodeAllocationTest {

    @Test
    void hotPathEncodersDoNotAllocate() {
        assumeTrue(AllocationCounter.setUp(), "needs HotSpot per-thread allocation counters");

        ByteBuf out = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 4096, 4096);
        ByteBuf packet = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 1400, 1400).writeZero(1400);
        Data data = new Data(packet.retain());
        DataFrag frag = new DataFrag(9, 1392, true, packet.retain());
        Ping ping = new Ping(0, new byte[16]);
        AuthRequest token = new AuthRequest(new AuthMethod.Token("header.payload.signature-\u00e9\ud83d\ude00"));
        ToggleEncodingRequest toggle = new ToggleEncodingRequest(42, true);
        SessionId id = new SessionId(0x1234);
        try {
            Runnable round = () -> {
                out.clear();
                Header.encode(out, Version.V1_2, false, id);
                Data.encodeHeader(out, 1400);
                EncodedDataFrag.encodeHeader(out, 1392, 7, 0, true);
                data.encode(out);
                out.clear();
                frag.encode(out);
                ping.encode(out);
                token.encode(out);
                toggle.encode(out);
                NoOp.INSTANCE.encode(out);
            };
            for (int i = 0; i < 20_000; i++) {
                round.run(); // warm up so JIT work and lambda linkage are done
            }
            long before = AllocationCounter.allocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                round.run();
            }
            long allocated = AllocationCounter.allocatedBytes() - before;
            // 10 000 rounds of 10 encodes: any per-call allocation would be hundreds of KB.
            assertTrue(allocated < 16 * 1024, "encoders allocated " + allocated + " bytes");
        } finally {
            data.release();
            frag.release();
            packet.release();
            out.release();
        }
    }
}
