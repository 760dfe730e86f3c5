package org.lightwayj.core.connection;

import java.util.EnumMap;
import java.util.Map;

/** A {@link MetricsListener} that counts everything, for assertions. */
final class CountingMetrics implements MetricsListener {
    long bytesIn;
    long bytesOut;
    long insideIn;
    long insideOut;
    long rejected;
    long mismatches;
    long invalidState;
    long expressLane;
    long sendDropped;
    long created;
    long tlsDropped;
    final Map<ConnectionError, Long> badPackets = new EnumMap<>(ConnectionError.class);
    final Map<ConnectionError, Long> badFrames = new EnumMap<>(ConnectionError.class);
    final Map<ConnectionError, Long> insideDropped = new EnumMap<>(ConnectionError.class);
    final Map<ConnectionError, Long> fatal = new EnumMap<>(ConnectionError.class);

    @Override
    public void outsideBytesReceived(Connection c, int bytes) {
        bytesIn += bytes;
    }

    @Override
    public void outsideBytesSent(Connection c, int bytes) {
        bytesOut += bytes;
    }

    @Override
    public void insidePacketReceived(Connection c, int bytes) {
        insideIn++;
    }

    @Override
    public void insidePacketSent(Connection c, int bytes) {
        insideOut++;
    }

    @Override
    public void badPacket(Connection c, ConnectionError reason) {
        badPackets.merge(reason, 1L, Long::sum);
    }

    @Override
    public void rejectedPacket(Connection c) {
        rejected++;
    }

    @Override
    public void sessionIdMismatch(Connection c) {
        mismatches++;
    }

    @Override
    public void badFrame(Connection c, ConnectionError reason) {
        badFrames.merge(reason, 1L, Long::sum);
    }

    @Override
    public void invalidStateFrame(Connection c) {
        invalidState++;
    }

    @Override
    public void insidePacketDropped(Connection c, ConnectionError reason) {
        insideDropped.merge(reason, 1L, Long::sum);
    }

    @Override
    public void expressLaneIgnored(Connection c) {
        expressLane++;
    }

    @Override
    public void outsideSendDropped(Connection c) {
        sendDropped++;
    }

    @Override
    public void fatalError(Connection c, ConnectionError error) {
        fatal.merge(error, 1L, Long::sum);
    }

    @Override
    public void tlsRecordDropped(Connection c) {
        tlsDropped++;
    }

    @Override
    public void connectionCreated(Connection c) {
        created++;
    }

    long badFrameTotal() {
        return badFrames.values().stream().mapToLong(Long::longValue).sum();
    }

    long badPacketTotal() {
        return badPackets.values().stream().mapToLong(Long::longValue).sum();
    }

    // path features (issue 5)
    long fragErrors;
    long fragEvicted;
    long fragmentedPackets;
    long fragmentsSent;
    long probesSent;
    long probesLost;
    final Map<PluginPoint, Long> pluginDrops = new EnumMap<>(PluginPoint.class);
    final Map<PluginPoint, Long> pluginErrors = new EnumMap<>(PluginPoint.class);

    @Override
    public void dataFragmentError(Connection c, org.lightwayj.core.FragmentError error) {
        fragErrors++;
    }

    @Override
    public void fragmentsEvicted(Connection c, int count) {
        fragEvicted += count;
    }

    @Override
    public void insidePacketFragmented(Connection c, int fragments) {
        fragmentedPackets++;
        fragmentsSent += fragments;
    }

    @Override
    public void pmtudProbeSent(Connection c, int size) {
        probesSent++;
    }

    @Override
    public void pmtudProbeLost(Connection c) {
        probesLost++;
    }

    @Override
    public void pluginDropped(Connection c, PluginPoint point) {
        pluginDrops.merge(point, 1L, Long::sum);
    }

    @Override
    public void pluginError(Connection c, PluginPoint point) {
        pluginErrors.merge(point, 1L, Long::sum);
    }

    long pluginDrops(PluginPoint p) {
        return pluginDrops.getOrDefault(p, 0L);
    }

    long pluginErrors(PluginPoint p) {
        return pluginErrors.getOrDefault(p, 0L);
    }

    long encodedSent;
    long encodedReceived;
    long droppedOnFatal;
    long encodingUnauthorized;
    long staleIds;
    long retransmitted;
    long gaveUp;
    long stalled;
    long encodedUnauthorized;
    final Map<ConnectionError, Long> toggleRefused = new EnumMap<>(ConnectionError.class);

    @Override
    public void encodedPacketSent(Connection c, int bytes) {
        encodedSent++;
    }

    @Override
    public void encodedPacketReceived(Connection c, int bytes) {
        encodedReceived++;
    }

    @Override
    public void insidePacketsDroppedOnFatalError(Connection c, int packets) {
        droppedOnFatal += packets;
    }

    @Override
    public void encodingToggleRefused(Connection c, ConnectionError reason) {
        toggleRefused.merge(reason, 1L, Long::sum);
    }

    @Override
    public void encodingRequestUnauthorized(Connection c) {
        encodingUnauthorized++;
    }

    @Override
    public void encodingStaleId(Connection c) {
        staleIds++;
    }

    @Override
    public void encodingRequestRetransmitted(Connection c) {
        retransmitted++;
    }

    @Override
    public void encodingRequestGaveUp(Connection c) {
        gaveUp++;
    }

    @Override
    public void encodingStalled(Connection c) {
        stalled++;
    }

    @Override
    public void encodedFrameUnauthorized(Connection c) {
        encodedUnauthorized++;
    }

    long notAdmittedAnswered;
    long notAdmittedSilent;

    @Override
    public void notAdmitted(boolean answered) {
        if (answered) {
            notAdmittedAnswered++;
        } else {
            notAdmittedSilent++;
        }
    }
}
