package org.lightwayj.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PacketCodecsTest {

    @Test
    void findsRegisteredFactoryByName() {
        PacketCodecFactory f = PacketCodecs.find(IdentityCodecFactory.NAME).orElseThrow();
        assertEquals(IdentityCodecFactory.NAME, f.name());
        assertTrue(PacketCodecs.names().contains(IdentityCodecFactory.NAME));
    }

    @Test
    void unknownNameIsEmpty() {
        assertTrue(PacketCodecs.find("no-such-codec").isEmpty());
    }

    @Test
    void discoveredCodecFollowsTheContract() throws Exception {
        PacketCodecFactory f = PacketCodecs.find(IdentityCodecFactory.NAME).orElseThrow();
        try (PacketEncoder enc = f.newEncoder(ByteBufAllocator.DEFAULT);
             PacketDecoder dec = f.newDecoder(ByteBufAllocator.DEFAULT)) {
            ByteBuf packet = Unpooled.copiedBuffer("\u0040hello", StandardCharsets.US_ASCII);
            assertEquals(CodecStatus.SKIP_PACKET, enc.store(packet, 0), "encoders start disabled");
            enc.setEncodingEnabled(true);
            assertEquals(CodecStatus.READY_TO_FLUSH, enc.store(packet, 1));
            assertEquals(0, packet.readerIndex(), "store must not move the caller's indices");
            ByteBuf encoded = enc.poll();
            assertEquals(CodecStatus.READY_TO_FLUSH, dec.store(encoded, 2));
            ByteBuf decoded = dec.poll();
            assertEquals(packet, decoded);
            encoded.release();
            decoded.release();
            packet.release();
        }
    }
}
