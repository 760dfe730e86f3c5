package org.lightwayj.core.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Onion round trip: egress then ingress through a random chain of transforms is the identity. */
class PluginChainPropertiesTest {
    @Test
    void egressThenIngressRestoresTheBytes() {
        qt().withExamples(500)
                .forAll(integers().between(0, 8), integers().between(0, 1500), longs().all())
                .checkAssert((count, size, seed) -> {
                    Random rnd = new Random(seed);
                    List<PluginFactory> factories = new ArrayList<>();
                    List<String> log = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        byte[] bytes = new byte[1 + rnd.nextInt(40)];
                        rnd.nextBytes(bytes);
                        int kind = rnd.nextInt(3);
                        int xorSeed = rnd.nextInt();
                        String name = "p" + i;
                        factories.add(switch (kind) {
                            case 0 -> () -> new TestPlugins.Pad(name, bytes, log);
                            case 1 -> () -> new TestPlugins.Prefix(bytes);
                            default -> () -> new TestPlugins.Xor(xorSeed);
                        });
                    }
                    byte[] original = new byte[size];
                    rnd.nextBytes(original);
                    int headroom = rnd.nextInt(64);
                    ByteBuf buf = rnd.nextBoolean()
                            ? PooledByteBufAllocator.DEFAULT.directBuffer(headroom + size + 8)
                            : PooledByteBufAllocator.DEFAULT.heapBuffer(headroom + size + 8);
                    try {
                        buf.writerIndex(headroom).readerIndex(headroom);
                        buf.writeBytes(original);
                        PluginChain chain = PluginChain.create(PluginFactoryList.of(factories));
                        assertTrue(chain.egress(buf).isAccept());
                        assertTrue(chain.ingress(buf).isAccept());
                        assertArrayEquals(original, ByteBufUtil.getBytes(buf));
                        assertEquals(0, chain.ingressErrors() + chain.egressErrors());
                    } catch (PluginBuildException e) {
                        throw new AssertionError(e);
                    } finally {
                        buf.release();
                    }
                });
    }
}
