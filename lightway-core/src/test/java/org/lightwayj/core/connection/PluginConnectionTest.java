package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.plugin.Plugin;
import org.lightwayj.core.plugin.PluginBuildException;
import org.lightwayj.core.plugin.PluginFactory;
import org.lightwayj.core.plugin.PluginFactoryList;
import org.lightwayj.core.plugin.PluginResult;

/** Spec §6 on the connection: where each chain runs, the onion order, and Drop / DropWithReply / Error. */
class PluginConnectionTest {

    static final long SEC = 1_000_000_000L;

    /** What a {@link Pad} returns instead of Accept, per hook. */
    enum Mode { ACCEPT, DROP, REPLY, ERROR, THROW }

    /** Egress appends its name; ingress strips it (Error if it is missing). Modes override the result. */
    static final class Pad implements Plugin {
        final byte[] name;
        Mode ingressMode = Mode.ACCEPT;
        Mode egressMode = Mode.ACCEPT;
        int ingressCalls;
        int egressCalls;

        /** Stream-safe mode for TCP (chunks are split anywhere): XOR every byte with the name's first byte. */
        final boolean xor;

        Pad(String name) {
            this(name, false);
        }

        Pad(String name, boolean xor) {
            this.name = name.getBytes(StandardCharsets.US_ASCII);
            this.xor = xor;
        }

        private PluginResult xorAll(ByteBuf data) {
            for (int i = data.readerIndex(); i < data.writerIndex(); i++) {
                data.setByte(i, data.getByte(i) ^ name[0]);
            }
            return PluginResult.accept();
        }

        static PluginResult forced(Mode m) {
            return switch (m) {
                case DROP -> PluginResult.drop();
                case REPLY -> PluginResult.dropWithReply(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {0x45, 1}));
                case ERROR -> PluginResult.error(new IllegalStateException("plugin says no"));
                case THROW -> throw new IllegalStateException("plugin threw");
                default -> null;
            };
        }

        @Override
        public PluginResult ingress(ByteBuf data) {
            ingressCalls++;
            if (ingressMode != Mode.ACCEPT) {
                return forced(ingressMode);
            }
            if (xor) {
                return xorAll(data);
            }
            int n = data.readableBytes();
            if (n < name.length) {
                return PluginResult.error(new IllegalArgumentException("short"));
            }
            for (int i = 0; i < name.length; i++) {
                if (data.getByte(data.writerIndex() - name.length + i) != name[i]) {
                    return PluginResult.error(new IllegalArgumentException("missing pad " + new String(name)));
                }
            }
            data.writerIndex(data.writerIndex() - name.length);
            return PluginResult.accept();
        }

        @Override
        public PluginResult egress(ByteBuf data) {
            egressCalls++;
            if (egressMode != Mode.ACCEPT) {
                return forced(egressMode);
            }
            if (xor) {
                return xorAll(data);
            }
            data.writeBytes(name);
            return PluginResult.accept();
        }
    }

    /** A factory recording every plugin it builds. */
    static final class PadFactory implements PluginFactory {
        final String name;
        final boolean xor;
        final List<Pad> built = new ArrayList<>();

        PadFactory(String name) {
            this(name, false);
        }

        PadFactory(String name, boolean xor) {
            this.name = name;
            this.xor = xor;
        }

        @Override
        public Plugin build() {
            Pad p = new Pad(name, xor);
            built.add(p);
            return p;
        }

        Pad last() {
            return built.get(built.size() - 1);
        }
    }

    static PluginFactoryList three(List<PadFactory> into, String prefix) {
        return three(into, prefix, false);
    }

    static PluginFactoryList three(List<PadFactory> into, String prefix, boolean xor) {
        for (int i = 1; i <= 3; i++) {
            into.add(new PadFactory(xor ? (char) ('a' + i) + prefix : prefix + i, xor));
        }
        return PluginFactoryList.of(into.get(0), into.get(1), into.get(2));
    }

    static String tail(byte[] d, int n) {
        return new String(d, d.length - n, n, StandardCharsets.US_ASCII);
    }

    @Test
    void outsideChainsOnTcpTransformTheStream() throws Exception {
        List<PadFactory> cf = new ArrayList<>();
        List<PadFactory> sf = new ArrayList<>();
        PluginFactoryList clientList = three(cf, "x", true);
        PluginFactoryList serverList = three(sf, "x", true);
        try (Harness h = new Harness(Transport.TCP, 809)) {
            h.start(ConnectionExamplesTest.GOOD, b -> b.outsidePlugins(clientList), b -> b.outsidePlugins(serverList),
                    null).online();
            h.client.insidePacketReceived(h.packet(1, 300), h.now);
            h.server().insidePacketReceived(h.packet(2, 400), h.now);
            assertTrue(h.runUntil(() -> h.serverSide.inside.size() == 1 && h.clientSide.inside.size() == 1, 2 * SEC));
            assertArrayEquals(PathMtuConnectionTest.toArray(h.packet(1, 300)), h.serverSide.inside.get(0));
            assertTrue(cf.get(0).last().egressCalls > 0 && sf.get(2).last().ingressCalls > 0);
        }
    }

    @Test
    void outsideChainsStackInOnionOrder() throws Exception {
        List<PadFactory> cf = new ArrayList<>();
        List<PadFactory> sf = new ArrayList<>();
        PluginFactoryList clientList = three(cf, "plugin");
        PluginFactoryList serverList = three(sf, "plugin");
        try (Harness h = new Harness(Transport.UDP, 801)) {
            h.capture = true;
            h.start(ConnectionExamplesTest.GOOD, b -> b.outsidePlugins(clientList), b -> b.outsidePlugins(serverList),
                    null).online();
            // Every datagram / chunk on the wire carries the pads stacked by egress in reverse order.
            for (byte[] d : h.capturedC2s) {
                assertEquals("plugin3plugin2plugin1", tail(d, 21));
            }
            h.client.insidePacketReceived(h.packet(1, 300), h.now);
            h.server().insidePacketReceived(h.packet(2, 400), h.now);
            assertTrue(h.runUntil(() -> h.serverSide.inside.size() == 1 && h.clientSide.inside.size() == 1, 2 * SEC));
            assertArrayEquals(PathMtuConnectionTest.toArray(h.packet(1, 300)), h.serverSide.inside.get(0));
            assertEquals(1, cf.get(0).built.size(), "one instance per connection");
            assertTrue(cf.get(0).last().ingressCalls > 0 && cf.get(2).last().egressCalls > 0);
            assertEquals(0, h.clientMetrics.pluginErrors.size() + h.serverMetrics.pluginErrors.size());
        }
    }

    @Test
    void insideChainsStackInOnionOrderAcrossTheTunnel() throws Exception {
        List<PadFactory> cf = new ArrayList<>();
        List<PadFactory> sf = new ArrayList<>();
        PluginFactoryList clientList = three(cf, "in");
        PluginFactoryList serverList = three(sf, "in");
        try (Harness h = new Harness(Transport.UDP, 802)
                .start(ConnectionExamplesTest.GOOD, b -> b.insidePlugins(clientList), b -> b.insidePlugins(serverList),
                        null).online()) {
            // Client ingress (from its TUN) — the Pad's ingress strips, so feed it a padded packet.
            ByteBuf p = h.packet(7, 100);
            p.writeBytes("in3in2in1".getBytes(StandardCharsets.US_ASCII));
            h.client.insidePacketReceived(p, h.now);
            // Server egress (to its TUN) appends in reverse: in3, in2, in1.
            assertTrue(h.runUntil(() -> h.serverSide.inside.size() == 1, 2 * SEC));
            byte[] got = h.serverSide.inside.get(0);
            assertEquals(109, got.length);
            assertEquals("in3in2in1", tail(got, 9));
            assertEquals(1, cf.get(0).last().ingressCalls);
            assertEquals(1, sf.get(2).last().egressCalls);
        }
    }

    @Test
    void insideIngressDropReplyAndError() throws Exception {
        PadFactory f = new PadFactory("x");
        try (Harness h = new Harness(Transport.UDP, 803)
                .start(ConnectionExamplesTest.GOOD, b -> b.insidePlugins(PluginFactoryList.of(f)), b -> { }, null)
                .online()) {
            Pad pad = f.last();
            long out = h.clientMetrics.bytesOut;
            pad.ingressMode = Mode.DROP;
            h.client.insidePacketReceived(h.packet(1, 100), h.now); // silently Ok
            assertEquals(out, h.clientMetrics.bytesOut);
            assertEquals(1, h.clientMetrics.pluginDrops(PluginPoint.INSIDE_INGRESS));

            pad.ingressMode = Mode.REPLY;
            ConnectionException e = assertThrows(ConnectionException.class,
                    () -> h.client.insidePacketReceived(h.packet(2, 100), h.now));
            assertEquals(ConnectionError.PLUGIN_DROP_WITH_REPLY, e.error());
            assertNotNull(e.reply());
            assertArrayEquals(new byte[] {0x45, 1}, PathMtuConnectionTest.toArray(e.reply()));

            pad.ingressMode = Mode.ERROR;
            e = assertThrows(ConnectionException.class, () -> h.client.insidePacketReceived(h.packet(3, 100), h.now));
            assertEquals(ConnectionError.PLUGIN_ERROR, e.error());
            assertNull(e.reply());
            pad.ingressMode = Mode.THROW;
            e = assertThrows(ConnectionException.class, () -> h.client.insidePacketReceived(h.packet(4, 100), h.now));
            assertEquals(ConnectionError.PLUGIN_ERROR, e.error());
            assertEquals(2, h.clientMetrics.pluginErrors(PluginPoint.INSIDE_INGRESS));
            assertEquals(out, h.clientMetrics.bytesOut, "nothing was sent");
            assertEquals(ConnectionState.ONLINE, h.client.state());
            h.runFor(SEC);
            assertTrue(h.serverSide.inside.isEmpty());
        }
    }

    @Test
    void insideEgressDropReplyAndErrorNeverReachTheTun() throws Exception {
        PadFactory f = new PadFactory("x");
        try (Harness h = new Harness(Transport.UDP, 804)
                .start(ConnectionExamplesTest.GOOD, b -> { }, b -> b.insidePlugins(PluginFactoryList.of(f)), null)
                .online()) {
            Pad pad = f.last();
            int id = 0;
            for (Mode m : new Mode[] {Mode.DROP, Mode.REPLY, Mode.ERROR, Mode.THROW}) {
                pad.egressMode = m;
                h.client.insidePacketReceived(h.packet(++id, 100), h.now);
                h.runFor(SEC);
            }
            assertTrue(h.serverSide.inside.isEmpty());
            assertEquals(2, h.serverMetrics.pluginDrops(PluginPoint.INSIDE_EGRESS));
            assertEquals(2, h.serverMetrics.pluginErrors(PluginPoint.INSIDE_EGRESS));
            pad.egressMode = Mode.ACCEPT;
            h.client.insidePacketReceived(h.packet(9, 100), h.now);
            assertTrue(h.runUntil(() -> h.serverSide.inside.size() == 1, SEC));
            assertEquals(ConnectionState.ONLINE, h.server().state());
        }
    }

    @Test
    void outsideIngressDropAndErrorArePacketErrors() throws Exception {
        PadFactory cf = new PadFactory("o");
        PadFactory sf = new PadFactory("o");
        try (Harness h = new Harness(Transport.UDP, 805)
                .start(ConnectionExamplesTest.GOOD, b -> b.outsidePlugins(PluginFactoryList.of(cf)),
                        b -> b.outsidePlugins(PluginFactoryList.of(sf)), null)
                .online()) {
            // Client: the raw datagram is refused before the header parse.
            for (Mode m : new Mode[] {Mode.DROP, Mode.REPLY, Mode.ERROR}) {
                cf.last().ingressMode = m;
                h.server().insidePacketReceived(h.packet(1, 100), h.now);
                h.runFor(SEC);
            }
            assertTrue(h.clientSide.inside.isEmpty());
            assertEquals(2, h.clientMetrics.pluginDrops(PluginPoint.OUTSIDE_INGRESS));
            assertEquals(1, h.clientMetrics.pluginErrors(PluginPoint.OUTSIDE_INGRESS));
            assertEquals(3L, h.clientMetrics.badPackets.get(ConnectionError.PACKET_ERROR));
            cf.last().ingressMode = Mode.ACCEPT;
            // Server: the endpoint runs the outside ingress chain before the connection lookup.
            Pad endpointPad = sf.built.get(0);
            endpointPad.ingressMode = Mode.DROP;
            h.client.insidePacketReceived(h.packet(2, 100), h.now);
            h.runFor(SEC);
            endpointPad.ingressMode = Mode.ERROR;
            h.client.insidePacketReceived(h.packet(3, 100), h.now);
            h.runFor(SEC);
            assertTrue(h.serverSide.inside.isEmpty());
            assertEquals(1, h.serverMetrics.pluginDrops(PluginPoint.OUTSIDE_INGRESS));
            assertEquals(1, h.serverMetrics.pluginErrors(PluginPoint.OUTSIDE_INGRESS));
            endpointPad.ingressMode = Mode.ACCEPT;
            h.client.insidePacketReceived(h.packet(4, 100), h.now);
            assertTrue(h.runUntil(() -> h.serverSide.inside.size() == 1, SEC));
            assertEquals(ConnectionState.ONLINE, h.client.state());
        }
    }

    @Test
    void outsideEgressDropIsReportedAsSentAndErrorAsAnIoError() throws Exception {
        PadFactory cf = new PadFactory("o");
        PadFactory sf = new PadFactory("o");
        try (Harness h = new Harness(Transport.UDP, 806)
                .start(ConnectionExamplesTest.GOOD, b -> b.outsidePlugins(PluginFactoryList.of(cf)),
                        b -> b.outsidePlugins(PluginFactoryList.of(sf)), null)
                .online()) {
            long datagrams = h.datagramsC2s;
            cf.last().egressMode = Mode.DROP;
            h.client.insidePacketReceived(h.packet(1, 100), h.now);
            cf.last().egressMode = Mode.REPLY;
            h.client.insidePacketReceived(h.packet(2, 100), h.now);
            assertEquals(0, h.clientMetrics.sendDropped, "Drop counts as sent");
            cf.last().egressMode = Mode.ERROR;
            h.client.insidePacketReceived(h.packet(3, 100), h.now);
            assertEquals(1, h.clientMetrics.sendDropped);
            assertEquals(datagrams, h.datagramsC2s, "nothing reached the socket");
            assertEquals(2, h.clientMetrics.pluginDrops(PluginPoint.OUTSIDE_EGRESS));
            assertEquals(1, h.clientMetrics.pluginErrors(PluginPoint.OUTSIDE_EGRESS));
            assertEquals(ConnectionState.ONLINE, h.client.state(), "non-fatal on UDP");
            h.runFor(SEC);
            assertTrue(h.serverSide.inside.isEmpty());
        }
    }

    @Test
    void outsideEgressErrorIsFatalOnTcp() throws Exception {
        PadFactory cf = new PadFactory("o", true);
        PadFactory sf = new PadFactory("o", true);
        try (Harness h = new Harness(Transport.TCP, 807)
                .start(ConnectionExamplesTest.GOOD, b -> b.outsidePlugins(PluginFactoryList.of(cf)),
                        b -> b.outsidePlugins(PluginFactoryList.of(sf)), null)
                .online()) {
            cf.last().egressMode = Mode.ERROR;
            h.client.insidePacketReceived(h.packet(1, 100), h.now);
            assertEquals(ConnectionState.DISCONNECTED, h.client.state());
            assertEquals(ConnectionError.OUTSIDE_IO_WRITE_ERROR, h.client.closeReason().error());
        }
    }

    @Test
    void nullFactoryListsAreNamed() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> ClientContext.builder()
                .tlsEngineFactory(PlainTestEngine.factory(true)).insidePlugins(null).build());
        assertEquals("insidePlugins", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> ServerContext.builder()
                .tlsEngineFactory(PlainTestEngine.factory(false)).auth(Harness::testAuth).ipPool(new TestIpPool())
                .outsidePlugins(null).build());
        assertEquals("outsidePlugins", e.getMessage());
    }

    @Test
    void aFailingFactoryFailsTheConnection() throws Exception {
        PluginFactory bad = () -> {
            throw new PluginBuildException("no");
        };
        try (Harness h = new Harness(Transport.UDP, 808)) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> h.start(ConnectionExamplesTest.GOOD,
                    b -> b.insidePlugins(PluginFactoryList.of(bad)), b -> { }, null));
            assertEquals(ConnectionError.PLUGIN_ERROR, e.error());
        }
    }
}
