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

    long encodedSent;
    long encodedReceived;
    long droppedOnFatal;
    long encodingUnauthorized;
    long staleIds;
    long retransmitted;
    long gaveUp;
    long stalled;
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
}
