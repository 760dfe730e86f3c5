package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BufferSlotTest {
    private static final PooledByteBufAllocator POOLED = PooledByteBufAllocator.DEFAULT;

    @Test
    void releasedBufferComesBackWithOrdinaryOwnership() {
        BufferSlot slot = new BufferSlot(POOLED, 100);
        ByteBuf a = slot.take(100);
        assertEquals(1, a.refCnt());
        assertEquals(0, a.readerIndex());
        assertEquals(0, a.writerIndex());
        assertTrue(a.capacity() >= 100);
        a.writeBytes(new byte[60]).readerIndex(10);
        assertTrue(a.release(), "the caller's reference is the only one");
        ByteBuf b = slot.take(80);
        assertSame(a, b, "reused after release");
        assertEquals(1, b.refCnt());
        assertEquals(0, b.readerIndex());
        assertEquals(0, b.writerIndex());
        assertTrue(b.release());
        slot.close();
    }

    @Test
    void heldBufferIsNeverReused() {
        BufferSlot slot = new BufferSlot(POOLED, 100);
        ByteBuf a = slot.take(100);
        ByteBuf b = slot.take(100); // a still held: comes from the allocator
        assertNotSame(a, b);
        a.retain();
        a.release(); // still referenced once
        ByteBuf c = slot.take(100);
        assertNotSame(a, c);
        assertTrue(b.release());
        assertTrue(c.release());
        ByteBuf d = slot.take(100);
        assertNotSame(a, d, "pool buffers are not adopted by the slot");
        assertTrue(d.release());
        assertTrue(a.release());
        slot.close();
    }

    @Test
    void releaseOnAnotherThreadReturnsTheBuffer() throws Exception {
        BufferSlot slot = new BufferSlot(POOLED, 100);
        ByteBuf a = slot.take(10);
        CompletableFuture.runAsync(a::release).get();
        assertSame(a, slot.take(10));
        assertTrue(a.release());
        slot.close();
    }

    @Test
    void largerRequestsClosedSlotsAndNonPoolingAllocatorsUseTheAllocator() {
        BufferSlot slot = new BufferSlot(POOLED, 100);
        ByteBuf big = slot.take(101);
        assertTrue(big.capacity() >= 101);
        ByteBuf a = slot.take(100);
        slot.close();
        assertTrue(a.release());
        ByteBuf b = slot.take(100);
        assertNotSame(a, b, "nothing recycled after close");
        assertTrue(b.release());
        assertTrue(big.release());

        BufferSlot unpooled = new BufferSlot(new UnpooledByteBufAllocator(false), 100);
        ByteBuf u = unpooled.take(100);
        assertTrue(u.release());
        ByteBuf u2 = unpooled.take(100);
        assertNotSame(u, u2, "a non-pooling allocator sees every buffer");
        assertTrue(u2.release());
    }
}
