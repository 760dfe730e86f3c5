package org.lightwayj.core.connection;

import java.util.Objects;
import org.lightwayj.core.FragmentError;

/**
 * A {@link MetricsListener} that hands every callback to another one: the base for a listener that adds
 * to a few callbacks and passes all of them on (override those few and call {@code super}). Every
 * callback is forwarded here, in one place, so a wrapper cannot silently swallow a counter the core
 * adds later.
 */
public class ForwardingMetricsListener implements MetricsListener {
    private final MetricsListener delegate;

    /** @param delegate where every callback goes ({@link MetricsListener#NONE} for nowhere) */
    public ForwardingMetricsListener(MetricsListener delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void outsideBytesReceived(Connection c, int bytes) {
        delegate.outsideBytesReceived(c, bytes);
    }

    @Override
    public void outsideBytesSent(Connection c, int bytes) {
        delegate.outsideBytesSent(c, bytes);
    }

    @Override
    public void insidePacketReceived(Connection c, int bytes) {
        delegate.insidePacketReceived(c, bytes);
    }

    @Override
    public void insidePacketSent(Connection c, int bytes) {
        delegate.insidePacketSent(c, bytes);
    }

    @Override
    public void badPacket(Connection c, ConnectionError reason) {
        delegate.badPacket(c, reason);
    }

    @Override
    public void rejectedPacket(Connection c) {
        delegate.rejectedPacket(c);
    }

    @Override
    public void sessionIdMismatch(Connection c) {
        delegate.sessionIdMismatch(c);
    }

    @Override
    public void badFrame(Connection c, ConnectionError reason) {
        delegate.badFrame(c, reason);
    }

    @Override
    public void invalidStateFrame(Connection c) {
        delegate.invalidStateFrame(c);
    }

    @Override
    public void insidePacketDropped(Connection c, ConnectionError reason) {
        delegate.insidePacketDropped(c, reason);
    }

    @Override
    public void expressLaneIgnored(Connection c) {
        delegate.expressLaneIgnored(c);
    }

    @Override
    public void outsideSendDropped(Connection c) {
        delegate.outsideSendDropped(c);
    }

    @Override
    public void tlsRecordDropped(Connection c) {
        delegate.tlsRecordDropped(c);
    }

    @Override
    public void fatalError(Connection c, ConnectionError error) {
        delegate.fatalError(c, error);
    }

    @Override
    public void connectionCreated(Connection c) {
        delegate.connectionCreated(c);
    }

    @Override
    public void dataFragmentError(Connection c, FragmentError error) {
        delegate.dataFragmentError(c, error);
    }

    @Override
    public void fragmentsEvicted(Connection c, int count) {
        delegate.fragmentsEvicted(c, count);
    }

    @Override
    public void insidePacketFragmented(Connection c, int fragments) {
        delegate.insidePacketFragmented(c, fragments);
    }

    @Override
    public void pmtudProbeSent(Connection c, int size) {
        delegate.pmtudProbeSent(c, size);
    }

    @Override
    public void pmtudProbeLost(Connection c) {
        delegate.pmtudProbeLost(c);
    }

    @Override
    public void pluginDropped(Connection c, PluginPoint point) {
        delegate.pluginDropped(c, point);
    }

    @Override
    public void pluginError(Connection c, PluginPoint point) {
        delegate.pluginError(c, point);
    }

    @Override
    public void encodedPacketSent(Connection c, int bytes) {
        delegate.encodedPacketSent(c, bytes);
    }

    @Override
    public void encodedPacketReceived(Connection c, int bytes) {
        delegate.encodedPacketReceived(c, bytes);
    }

    @Override
    public void insidePacketsDroppedOnFatalError(Connection c, int packets) {
        delegate.insidePacketsDroppedOnFatalError(c, packets);
    }

    @Override
    public void encodingToggleRefused(Connection c, ConnectionError reason) {
        delegate.encodingToggleRefused(c, reason);
    }

    @Override
    public void encodingRequestUnauthorized(Connection c) {
        delegate.encodingRequestUnauthorized(c);
    }

    @Override
    public void encodingStaleId(Connection c) {
        delegate.encodingStaleId(c);
    }

    @Override
    public void encodingRequestRetransmitted(Connection c) {
        delegate.encodingRequestRetransmitted(c);
    }

    @Override
    public void encodingRequestGaveUp(Connection c) {
        delegate.encodingRequestGaveUp(c);
    }

    @Override
    public void encodingStalled(Connection c) {
        delegate.encodingStalled(c);
    }

    @Override
    public void encodedFrameUnauthorized(Connection c) {
        delegate.encodedFrameUnauthorized(c);
    }

    @Override
    public void handshakeRefused(HandshakeRefusal reason) {
        delegate.handshakeRefused(reason);
    }

    @Override
    public void notAdmitted(boolean answered) {
        delegate.notAdmitted(answered);
    }
}
