package org.lightwayj.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Objects;
import org.lightwayj.core.FragmentError;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionError;
import org.lightwayj.core.connection.HandshakeRefusal;
import org.lightwayj.core.connection.MetricsListener;
import org.lightwayj.core.connection.PluginPoint;

/**
 * A {@link MetricsListener} that counts into a Micrometer {@link MeterRegistry}: one counter per
 * callback (names start {@code lightway.}), with a tag for the reason where the callback has one
 * ({@code reason}, {@code error}, {@code point}, {@code answered}) and {@code direction}
 * ({@code received}/{@code sent}) for traffic. Counters are totals over every connection that shares the
 * listener (no per-connection tags: their number would be unbounded).
 *
 * <p>Register it on a context: {@code ClientContext.builder().metrics(new MicrometerMetricsListener(registry))}
 * (or {@code ServerContext.builder()}). Thread-safe; the data-path callbacks cost a counter increment
 * (the meters are resolved once, not looked up per packet).
 */
public class MicrometerMetricsListener implements MetricsListener {
    private static final String BYTES = "bytes";

    private final Counter outsideBytesReceived;
    private final Counter outsideBytesSent;
    private final Counter outsideReceived;
    private final Counter outsideSent;
    private final Counter insidePacketsReceived;
    private final Counter insidePacketsSent;
    private final Counter insideBytesReceived;
    private final Counter insideBytesSent;
    private final EnumCounters<ConnectionError> badPackets;
    private final Counter rejectedPackets;
    private final Counter sessionIdMismatches;
    private final EnumCounters<ConnectionError> badFrames;
    private final Counter invalidStateFrames;
    private final EnumCounters<ConnectionError> insideDropped;
    private final Counter expressLaneIgnored;
    private final Counter outsideSendDropped;
    private final Counter tlsRecordsDropped;
    private final EnumCounters<ConnectionError> fatalErrors;
    private final Counter connectionsCreated;
    private final EnumCounters<FragmentError> fragmentErrors;
    private final Counter fragmentsEvicted;
    private final Counter insideFragmented;
    private final Counter insideFragments;
    private final Counter pmtudProbesSent;
    private final Counter pmtudProbesLost;
    private final EnumCounters<PluginPoint> pluginDropped;
    private final EnumCounters<PluginPoint> pluginErrors;
    private final Counter encodedPacketsSent;
    private final Counter encodedPacketsReceived;
    private final Counter encodedBytesSent;
    private final Counter encodedBytesReceived;
    private final Counter insideDroppedOnFatal;
    private final EnumCounters<ConnectionError> toggleRefused;
    private final Counter encodingUnauthorized;
    private final Counter encodingStale;
    private final Counter encodingRetransmitted;
    private final Counter encodingGaveUp;
    private final Counter encodingStalled;
    private final Counter encodedFramesUnauthorized;
    private final EnumCounters<HandshakeRefusal> handshakesRefused;
    private final Counter notAdmittedAnswered;
    private final Counter notAdmittedSilent;

    /**
     * Counters without extra tags.
     *
     * @param registry where the counters are registered
     */
    public MicrometerMetricsListener(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Counters carrying {@code tags} as well (for example {@code role=server}, to tell two contexts in one
     * process apart).
     *
     * @param registry where the counters are registered
     * @param tags tags added to every counter
     */
    public MicrometerMetricsListener(MeterRegistry registry, Iterable<Tag> tags) {
        Objects.requireNonNull(registry, "registry");
        Tags t = Tags.of(Objects.requireNonNull(tags, "tags"));
        Meters m = new Meters(registry, t);
        outsideBytesReceived = m.counter("lightway.outside.bytes", "Outside bytes (datagrams or TCP chunks)",
                BYTES, "direction", "received");
        outsideBytesSent = m.counter("lightway.outside.bytes", "Outside bytes (datagrams or TCP chunks)",
                BYTES, "direction", "sent");
        outsideReceived = m.counter("lightway.outside.datagrams", "Outside datagrams or TCP chunks",
                null, "direction", "received");
        outsideSent = m.counter("lightway.outside.datagrams", "Outside datagrams or TCP chunks",
                null, "direction", "sent");
        insidePacketsReceived = m.counter("lightway.inside.packets",
                "Inside packets: received = delivered to the InsideSender, sent = from the host to the peer",
                null, "direction", "received");
        insidePacketsSent = m.counter("lightway.inside.packets",
                "Inside packets: received = delivered to the InsideSender, sent = from the host to the peer",
                null, "direction", "sent");
        insideBytesReceived = m.counter("lightway.inside.bytes", "Inside packet bytes", BYTES,
                "direction", "received");
        insideBytesSent = m.counter("lightway.inside.bytes", "Inside packet bytes", BYTES, "direction", "sent");
        badPackets = m.byEnum("lightway.outside.bad", "Outside datagrams dropped before (D)TLS", "reason",
                ConnectionError.class);
        rejectedPackets = m.counter("lightway.outside.rejected", "Datagrams answered with, or carrying, REJECTED");
        sessionIdMismatches = m.counter("lightway.session.id.mismatches",
                "Authenticated datagrams with another session id");
        badFrames = m.byEnum("lightway.frames.bad", "Frames that could not be parsed or accepted", "reason",
                ConnectionError.class);
        invalidStateFrames = m.counter("lightway.frames.invalid.state", "Frames in a state that does not accept them");
        insideDropped = m.byEnum("lightway.inside.dropped", "Received inside packets dropped", "reason",
                ConnectionError.class);
        expressLaneIgnored = m.counter("lightway.expresslane.ignored", "ExpressLane datagrams or frames ignored");
        outsideSendDropped = m.counter("lightway.outside.send.dropped",
                "Datagrams or frames the outside sender refused (or a full TCP queue)");
        tlsRecordsDropped = m.counter("lightway.tls.records.dropped", "(D)TLS records dropped by the engine");
        fatalErrors = m.byEnum("lightway.connections.fatal", "Connections ended by a fatal error", "error",
                ConnectionError.class);
        connectionsCreated = m.counter("lightway.connections.created", "Server connections a UDP endpoint created");
        fragmentErrors = m.byEnum("lightway.fragments.refused", "Fragments refused by reassembly", "error",
                FragmentError.class);
        fragmentsEvicted = m.counter("lightway.fragments.evicted", "Partial packets evicted unfinished");
        insideFragmented = m.counter("lightway.inside.fragmented", "Inside packets sent as fragments");
        insideFragments = m.counter("lightway.inside.fragments", "Fragments those packets took");
        pmtudProbesSent = m.counter("lightway.pmtud.probes", "DPLPMTUD probes", null, "outcome", "sent");
        pmtudProbesLost = m.counter("lightway.pmtud.probes", "DPLPMTUD probes", null, "outcome", "lost");
        pluginDropped = m.byEnum("lightway.plugin.dropped", "Packets a plugin dropped", "point", PluginPoint.class);
        pluginErrors = m.byEnum("lightway.plugin.errors", "Packets dropped because a plugin failed", "point",
                PluginPoint.class);
        encodedPacketsSent = m.counter("lightway.codec.packets", "Encoded packets (EncodedData)", null,
                "direction", "sent");
        encodedPacketsReceived = m.counter("lightway.codec.packets", "Encoded packets (EncodedData)", null,
                "direction", "received");
        encodedBytesSent = m.counter("lightway.codec.bytes", "Encoded packet bytes", BYTES, "direction", "sent");
        encodedBytesReceived = m.counter("lightway.codec.bytes", "Encoded packet bytes", BYTES,
                "direction", "received");
        insideDroppedOnFatal = m.counter("lightway.codec.dropped.on.fatal",
                "Encoded packets left unsent by a fatal error during a flush");
        toggleRefused = m.byEnum("lightway.codec.toggle.refused", "ToggleEncoding requests or answers refused",
                "reason", ConnectionError.class);
        encodingUnauthorized = m.counter("lightway.codec.toggle.unauthorized",
                "ToggleEncoding requests from connections not authorised for the codec");
        encodingStale = m.counter("lightway.codec.toggle.stale", "ToggleEncoding messages with a stale id");
        encodingRetransmitted = m.counter("lightway.codec.toggle.retransmitted",
                "ToggleEncoding requests sent again");
        encodingGaveUp = m.counter("lightway.codec.toggle.abandoned",
                "ToggleEncoding requests abandoned after every retransmission");
        encodingStalled = m.counter("lightway.codec.stalled", "Times the stall guard asked for encoding off");
        encodedFramesUnauthorized = m.counter("lightway.codec.frames.unauthorized",
                "Encoded frames from a peer not allowed to encode");
        handshakesRefused = m.byEnum("lightway.handshakes.refused", "New peers refused by an admission cap",
                "reason", HandshakeRefusal.class);
        notAdmittedAnswered = m.counter("lightway.handshakes.not.admitted",
                "New-peer datagrams the stateless admission made no connection of", null, "answered", "true");
        notAdmittedSilent = m.counter("lightway.handshakes.not.admitted",
                "New-peer datagrams the stateless admission made no connection of", null, "answered", "false");
    }

    /** Builds this listener's meters, all with the same common tags. */
    private record Meters(MeterRegistry registry, Tags tags) {
        Counter counter(String name, String description) {
            return counter(name, description, null, null, null);
        }

        Counter counter(String name, String description, String unit, String tagKey, String tagValue) {
            Counter.Builder b = Counter.builder(name).description(description).tags(tags);
            if (unit != null) {
                b.baseUnit(unit);
            }
            if (tagKey != null) {
                b.tag(tagKey, tagValue);
            }
            return b.register(registry);
        }

        <E extends Enum<E>> EnumCounters<E> byEnum(String name, String description, String tagKey, Class<E> type) {
            return new EnumCounters<>(registry, name, description, tagKey, type, tags);
        }
    }

    @Override
    public void outsideBytesReceived(Connection c, int bytes) {
        outsideReceived.increment();
        outsideBytesReceived.increment(bytes);
    }

    @Override
    public void outsideBytesSent(Connection c, int bytes) {
        outsideSent.increment();
        outsideBytesSent.increment(bytes);
    }

    @Override
    public void insidePacketReceived(Connection c, int bytes) {
        insidePacketsReceived.increment();
        insideBytesReceived.increment(bytes);
    }

    @Override
    public void insidePacketSent(Connection c, int bytes) {
        insidePacketsSent.increment();
        insideBytesSent.increment(bytes);
    }

    @Override
    public void badPacket(Connection c, ConnectionError reason) {
        badPackets.increment(reason);
    }

    @Override
    public void rejectedPacket(Connection c) {
        rejectedPackets.increment();
    }

    @Override
    public void sessionIdMismatch(Connection c) {
        sessionIdMismatches.increment();
    }

    @Override
    public void badFrame(Connection c, ConnectionError reason) {
        badFrames.increment(reason);
    }

    @Override
    public void invalidStateFrame(Connection c) {
        invalidStateFrames.increment();
    }

    @Override
    public void insidePacketDropped(Connection c, ConnectionError reason) {
        insideDropped.increment(reason);
    }

    @Override
    public void expressLaneIgnored(Connection c) {
        expressLaneIgnored.increment();
    }

    @Override
    public void outsideSendDropped(Connection c) {
        outsideSendDropped.increment();
    }

    @Override
    public void tlsRecordDropped(Connection c) {
        tlsRecordsDropped.increment();
    }

    @Override
    public void fatalError(Connection c, ConnectionError error) {
        fatalErrors.increment(error);
    }

    @Override
    public void connectionCreated(Connection c) {
        connectionsCreated.increment();
    }

    @Override
    public void dataFragmentError(Connection c, FragmentError error) {
        fragmentErrors.increment(error);
    }

    @Override
    public void fragmentsEvicted(Connection c, int count) {
        fragmentsEvicted.increment(count);
    }

    @Override
    public void insidePacketFragmented(Connection c, int fragments) {
        insideFragmented.increment();
        insideFragments.increment(fragments);
    }

    @Override
    public void pmtudProbeSent(Connection c, int size) {
        pmtudProbesSent.increment();
    }

    @Override
    public void pmtudProbeLost(Connection c) {
        pmtudProbesLost.increment();
    }

    @Override
    public void pluginDropped(Connection c, PluginPoint point) {
        pluginDropped.increment(point);
    }

    @Override
    public void pluginError(Connection c, PluginPoint point) {
        pluginErrors.increment(point);
    }

    @Override
    public void encodedPacketSent(Connection c, int bytes) {
        encodedPacketsSent.increment();
        encodedBytesSent.increment(bytes);
    }

    @Override
    public void encodedPacketReceived(Connection c, int bytes) {
        encodedPacketsReceived.increment();
        encodedBytesReceived.increment(bytes);
    }

    @Override
    public void insidePacketsDroppedOnFatalError(Connection c, int packets) {
        insideDroppedOnFatal.increment(packets);
    }

    @Override
    public void encodingToggleRefused(Connection c, ConnectionError reason) {
        toggleRefused.increment(reason);
    }

    @Override
    public void encodingRequestUnauthorized(Connection c) {
        encodingUnauthorized.increment();
    }

    @Override
    public void encodingStaleId(Connection c) {
        encodingStale.increment();
    }

    @Override
    public void encodingRequestRetransmitted(Connection c) {
        encodingRetransmitted.increment();
    }

    @Override
    public void encodingRequestGaveUp(Connection c) {
        encodingGaveUp.increment();
    }

    @Override
    public void encodingStalled(Connection c) {
        encodingStalled.increment();
    }

    @Override
    public void encodedFrameUnauthorized(Connection c) {
        encodedFramesUnauthorized.increment();
    }

    @Override
    public void handshakeRefused(HandshakeRefusal reason) {
        handshakesRefused.increment(reason);
    }

    @Override
    public void notAdmitted(boolean answered) {
        (answered ? notAdmittedAnswered : notAdmittedSilent).increment();
    }
}
