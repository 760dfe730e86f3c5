package org.lightwayj.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.FragmentError;
import org.lightwayj.core.connection.ConnectionError;
import org.lightwayj.core.connection.HandshakeRefusal;
import org.lightwayj.core.connection.MetricsListener;
import org.lightwayj.core.connection.PluginPoint;

class MicrometerMetricsListenerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetricsListener m = new MicrometerMetricsListener(registry, Tags.of("role", "test"));

    private double count(String name, String... tags) {
        return registry.get(name).tags("role", "test").tags(tags).counter().count();
    }

    @Test
    void everyCallbackIsOverridden() {
        // A counter the core adds later must not be silently dropped by this adapter's defaults.
        for (Method i : MetricsListener.class.getDeclaredMethods()) {
            if (Modifier.isStatic(i.getModifiers())) {
                continue;
            }
            try {
                MicrometerMetricsListener.class.getDeclaredMethod(i.getName(), i.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw new AssertionError("MicrometerMetricsListener does not count " + i.getName(), e);
            }
        }
    }

    @Test
    void trafficCountsCallsAndBytes() {
        m.outsideBytesReceived(null, 100);
        m.outsideBytesReceived(null, 50);
        m.outsideBytesSent(null, 70);
        m.insidePacketReceived(null, 40);
        m.insidePacketSent(null, 30);
        m.insidePacketSent(null, 30);
        assertEquals(150, count("lightway.outside.bytes", "direction", "received"));
        assertEquals(2, count("lightway.outside.datagrams", "direction", "received"));
        assertEquals(70, count("lightway.outside.bytes", "direction", "sent"));
        assertEquals(1, count("lightway.inside.packets", "direction", "received"));
        assertEquals(2, count("lightway.inside.packets", "direction", "sent"));
        assertEquals(60, count("lightway.inside.bytes", "direction", "sent"));
        assertEquals("bytes", registry.get("lightway.outside.bytes").counter().getId().getBaseUnit());
    }

    @Test
    void reasonsBecomeTagsRegisteredOnFirstUse() {
        assertNull(registry.find("lightway.outside.bad").counter());
        m.badPacket(null, ConnectionError.INVALID_PROTOCOL_VERSION);
        m.badPacket(null, ConnectionError.INVALID_PROTOCOL_VERSION);
        m.badPacket(null, ConnectionError.UNKNOWN_SESSION_ID);
        m.badPacket(null, null);
        assertEquals(2, count("lightway.outside.bad", "reason", "INVALID_PROTOCOL_VERSION"));
        assertEquals(1, count("lightway.outside.bad", "reason", "UNKNOWN_SESSION_ID"));
        assertEquals(1, count("lightway.outside.bad", "reason", "none"));
        assertNull(registry.find("lightway.outside.bad").tag("reason", "TIMED_OUT").counter());

        m.fatalError(null, ConnectionError.TIMED_OUT);
        m.dataFragmentError(null, FragmentError.OVERLAPPING);
        m.pluginDropped(null, PluginPoint.values()[0]);
        m.handshakeRefused(HandshakeRefusal.values()[0]);
        m.encodingToggleRefused(null, ConnectionError.INVALID_STATE);
        assertEquals(1, count("lightway.connections.fatal", "error", "TIMED_OUT"));
        assertEquals(1, count("lightway.fragments.refused", "error", "OVERLAPPING"));
        assertEquals(1, count("lightway.plugin.dropped", "point", PluginPoint.values()[0].name()));
        assertEquals(1, count("lightway.handshakes.refused", "reason", HandshakeRefusal.values()[0].name()));
        assertEquals(1, count("lightway.codec.toggle.refused", "reason", "INVALID_STATE"));
    }

    @Test
    void sizedCallbacksAddTheirAmount() {
        m.fragmentsEvicted(null, 3);
        m.insidePacketFragmented(null, 4);
        m.insidePacketFragmented(null, 2);
        m.insidePacketsDroppedOnFatalError(null, 5);
        m.encodedPacketSent(null, 1200);
        m.notAdmitted(true);
        m.notAdmitted(false);
        m.notAdmitted(false);
        assertEquals(3, count("lightway.fragments.evicted"));
        assertEquals(2, count("lightway.inside.fragmented"));
        assertEquals(6, count("lightway.inside.fragments"));
        assertEquals(5, count("lightway.codec.dropped.on.fatal"));
        assertEquals(1200, count("lightway.codec.bytes", "direction", "sent"));
        assertEquals(1, count("lightway.handshakes.not.admitted", "answered", "true"));
        assertEquals(2, count("lightway.handshakes.not.admitted", "answered", "false"));
        assertNotNull(registry.get("lightway.pmtud.probes").tags("outcome", "lost").counter());
    }
}
