package org.lightwayj.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.plugin.TestPlugins.Fixed;
import org.lightwayj.core.plugin.TestPlugins.Pad;

/** The {@code plugin.rs} tests of spec §7 and the result semantics of §6. */
class PluginChainTest {
    private final List<String> log = new ArrayList<>();
    private ByteBuf buf;

    @BeforeEach
    void alloc() {
        buf = Unpooled.buffer(16);
        buf.writeCharSequence("hello", StandardCharsets.US_ASCII);
    }

    @AfterEach
    void release() {
        assertTrue(buf.release(), "the test owns the buffer and releases it last");
    }

    private String text() {
        return buf.toString(StandardCharsets.US_ASCII);
    }

    private PluginFactory pad(String name) {
        return () -> new Pad(name, log);
    }

    @Test
    void pluginListCreate() {
        PluginFactoryList empty = PluginFactoryList.empty();
        assertEquals(0, empty.size());
        assertTrue(empty.isEmpty());
        PluginFactoryList one = empty.with(pad("plugin1"));
        assertEquals(0, empty.size(), "with() leaves the original unchanged");
        assertEquals(1, one.size());
        PluginFactoryList three = PluginFactoryList.of(pad("plugin1"), pad("plugin2"), pad("plugin3"));
        assertEquals(3, three.size());
        assertTrue(!three.isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> three.factories().add(pad("x")));
        assertThrows(NullPointerException.class, () -> PluginFactoryList.of(pad("a"), null));
        assertThrows(NullPointerException.class, () -> one.with(null));
        assertSame(PluginFactoryList.empty(), PluginFactoryList.of());
    }

    @Test
    void pluginFromFactoryIsFreshPerConnection() throws PluginBuildException {
        AtomicInteger built = new AtomicInteger();
        List<Plugin> made = new ArrayList<>();
        PluginFactoryList list = PluginFactoryList.of(() -> {
            built.incrementAndGet();
            Plugin p = new Pad("p", log);
            made.add(p);
            return p;
        });
        PluginChain a = PluginChain.create(list);
        PluginChain b = PluginChain.create(list);
        assertEquals(1, a.size());
        assertEquals(1, b.size());
        assertEquals(2, built.get());
        assertNotSame(made.get(0), made.get(1));
    }

    @Test
    void pluginIngress() throws PluginBuildException {
        PluginChain chain = PluginChain.create(PluginFactoryList.of(pad("plugin1")));
        buf.writeCharSequence("plugin1", StandardCharsets.US_ASCII);
        assertTrue(chain.ingress(buf).isAccept());
        assertEquals("hello", text());
        assertEquals(List.of("plugin1.ingress"), log);
    }

    @Test
    void pluginEgress() throws PluginBuildException {
        PluginChain chain = PluginChain.create(PluginFactoryList.of(pad("plugin1")));
        assertTrue(chain.egress(buf).isAccept());
        assertEquals("helloplugin1", text());
        assertEquals(List.of("plugin1.egress"), log);
    }

    @Test
    void pluginEgressAndIngress() throws PluginBuildException {
        PluginChain chain = PluginChain.create(PluginFactoryList.of(pad("plugin1")));
        assertTrue(chain.egress(buf).isAccept());
        assertTrue(chain.ingress(buf).isAccept());
        assertEquals("hello", text());
    }

    @Test
    void pluginChainingIsAnOnion() throws PluginBuildException {
        PluginChain chain = PluginChain.create(
                PluginFactoryList.of(pad("plugin1"), pad("plugin2"), pad("plugin3")));
        assertTrue(chain.egress(buf).isAccept());
        assertEquals("helloplugin3plugin2plugin1", text(), "egress runs in reverse order");
        assertTrue(chain.ingress(buf).isAccept());
        assertEquals("hello", text(), "ingress strips in list order");
        assertEquals(List.of("plugin3.egress", "plugin2.egress", "plugin1.egress",
                "plugin1.ingress", "plugin2.ingress", "plugin3.ingress"), log);
    }

    @Test
    void ingressInWrongOrderFails() throws PluginBuildException {
        PluginChain chain = PluginChain.create(PluginFactoryList.of(pad("plugin1"), pad("plugin2")));
        buf.writeCharSequence("plugin1plugin2", StandardCharsets.US_ASCII);
        PluginResult r = chain.ingress(buf);
        assertInstanceOf(PluginResult.Error.class, r, "plugin1 expects its pad outermost");
        assertEquals(List.of("plugin1.ingress"), log);
    }

    @Test
    void pluginChainingEgressDrop() throws PluginBuildException {
        PluginChain chain = PluginChain.create(PluginFactoryList.of(
                pad("plugin1"), () -> new Fixed("drop", PluginResult.drop(), log), pad("plugin3")));
        assertSame(PluginResult.drop(), chain.egress(buf));
        assertEquals(List.of("plugin3.egress", "drop.egress"), log, "plugin1 never runs");
        assertEquals(1, chain.egressDrops());
        assertEquals(0, chain.ingressDrops());
    }

    @Test
    void pluginChainingIngressDrop() throws PluginBuildException {
        PluginChain chain = PluginChain.create(PluginFactoryList.of(
                pad("plugin1"), () -> new Fixed("drop", PluginResult.drop(), log), pad("plugin3")));
        buf.writeCharSequence("plugin1", StandardCharsets.US_ASCII);
        assertSame(PluginResult.drop(), chain.ingress(buf));
        assertEquals(List.of("plugin1.ingress", "drop.ingress"), log, "plugin3 never runs");
        assertEquals(1, chain.ingressDrops());
        assertEquals(0, chain.egressDrops());
    }

    @Test
    void dropWithReplyPropagatesItsBufferToTheCaller() throws PluginBuildException {
        PluginFactory replier = () -> new Plugin() {
            @Override
            public PluginResult ingress(ByteBuf data) {
                log.add("replier.ingress");
                return PluginResult.dropWithReply(Unpooled.copiedBuffer("icmp", StandardCharsets.US_ASCII));
            }

            @Override
            public PluginResult egress(ByteBuf data) {
                return PluginResult.accept();
            }
        };
        PluginChain chain = PluginChain.create(PluginFactoryList.of(replier, pad("plugin2")));
        PluginResult r = chain.ingress(buf);
        PluginResult.DropWithReply reply = assertInstanceOf(PluginResult.DropWithReply.class, r);
        try {
            assertEquals("icmp", reply.reply().toString(StandardCharsets.US_ASCII));
            assertEquals(List.of("replier.ingress"), log);
            assertEquals(1, chain.ingressDrops());
        } finally {
            reply.release();
        }
        assertEquals(0, reply.reply().refCnt());
    }

    @Test
    void errorPropagatesWithItsCause() throws PluginBuildException {
        IllegalStateException cause = new IllegalStateException("bad key");
        PluginChain chain = PluginChain.create(PluginFactoryList.of(
                pad("plugin1"), () -> new Fixed("err", PluginResult.error(cause), log)));
        PluginResult r = chain.egress(buf);
        assertSame(cause, assertInstanceOf(PluginResult.Error.class, r).cause());
        assertEquals(List.of("err.egress"), log, "egress stops at the first plugin from the end");
        assertEquals(1, chain.egressErrors());
        assertEquals(0, chain.egressDrops());
    }

    @Test
    void thrownExceptionOrNullBecomesError() throws PluginBuildException {
        RuntimeException boom = new RuntimeException("boom");
        PluginChain chain = PluginChain.create(PluginFactoryList.of(() -> new Plugin() {
            @Override
            public PluginResult ingress(ByteBuf data) {
                throw boom;
            }

            @Override
            public PluginResult egress(ByteBuf data) {
                return null;
            }
        }));
        assertSame(boom, assertInstanceOf(PluginResult.Error.class, chain.ingress(buf)).cause());
        assertInstanceOf(IllegalStateException.class,
                assertInstanceOf(PluginResult.Error.class, chain.egress(buf)).cause());
        assertEquals(1, chain.ingressErrors());
        assertEquals(1, chain.egressErrors());
    }

    @Test
    void factoryFailureNamesTheFactory() {
        PluginBuildException typed = assertThrows(PluginBuildException.class, () -> PluginChain.create(
                PluginFactoryList.of(pad("a"), () -> {
                    throw new PluginBuildException("no key");
                })));
        assertEquals(1, typed.factoryIndex());
        assertTrue(typed.getMessage().contains("no key"));

        PluginBuildException thrown = assertThrows(PluginBuildException.class, () -> PluginChain.create(
                PluginFactoryList.of(() -> {
                    throw new IllegalArgumentException("x");
                })));
        assertEquals(0, thrown.factoryIndex());
        assertInstanceOf(IllegalArgumentException.class, thrown.getCause());

        PluginBuildException nul = assertThrows(PluginBuildException.class,
                () -> PluginChain.create(PluginFactoryList.of(pad("a"), pad("b"), () -> null)));
        assertEquals(2, nul.factoryIndex());
    }

    @Test
    void emptyChainAcceptsUnchanged() throws PluginBuildException {
        for (PluginChain chain : new PluginChain[] {PluginChain.empty(), PluginChain.create(PluginFactoryList.empty())}) {
            assertTrue(chain.isEmpty());
            assertSame(PluginResult.accept(), chain.ingress(buf));
            assertSame(PluginResult.accept(), chain.egress(buf));
            assertEquals("hello", text());
        }
    }

    @Test
    void resultValuesAreValidated() {
        assertThrows(NullPointerException.class, () -> PluginResult.dropWithReply(null));
        assertThrows(NullPointerException.class, () -> PluginResult.error(null));
        assertTrue(PluginResult.accept().isAccept());
        assertTrue(!PluginResult.drop().isAccept());
    }
}
