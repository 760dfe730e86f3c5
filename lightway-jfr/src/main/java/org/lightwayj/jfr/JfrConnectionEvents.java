package org.lightwayj.jfr;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionError;
import org.lightwayj.core.connection.ConnectionEvent;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.ConnectionState;
import org.lightwayj.core.connection.EventListener;
import org.lightwayj.core.connection.ForwardingMetricsListener;
import org.lightwayj.core.connection.MetricsListener;

/**
 * JFR events for connections: {@code org.lightwayj.Handshake} (a duration event from the handshake's
 * first outside datagram or chunk to LINK_UP, or to a close before it) and
 * {@code org.lightwayj.ConnectionClosed} (with the closing {@link ConnectionError}). Opt-in: register one
 * instance as the context's metrics listener and as each connection's (or the UDP endpoint's) event
 * listener; it forwards every callback to the listeners it wraps, so it sits in front of the host's own:
 *
 * <pre>{@code
 * JfrConnectionEvents jfr = new JfrConnectionEvents(myMetrics, myEvents);
 * ClientContext ctx = ClientContext.builder().metrics(jfr) ... .build();
 * Connection c = ctx.newConnection(Transport.UDP, auth).eventListener(jfr) ... .connect(now);
 * }</pre>
 *
 * <p>Why both interfaces: the core has no "handshake started" callback (a connection is born
 * CONNECTING, with no state change to report), so the start is the first outside traffic the metrics
 * listener sees while the connection is CONNECTING, or {@link MetricsListener#connectionCreated} for a
 * UDP endpoint's connection; the end is an {@link ConnectionEvent.StateChanged}. Once a connection has
 * left CONNECTING the data-path callbacks cost one {@link Connection#state()} read on top of the wrapped
 * listener's. Thread-safe; connections may run on different threads. JVM only (Android has no
 * {@code jdk.jfr}).
 */
public final class JfrConnectionEvents extends ForwardingMetricsListener implements EventListener {
    private final EventListener events;
    /** Handshakes in progress; an entry leaves when its connection leaves CONNECTING. */
    private final ConcurrentHashMap<Connection, HandshakeEvent> handshakes = new ConcurrentHashMap<>();

    /** Records events and forwards nothing. */
    public JfrConnectionEvents() {
        this(MetricsListener.NONE, EventListener.NONE);
    }

    /**
     * @param metrics the host's metrics listener, called after this one ({@link MetricsListener#NONE} for none)
     * @param events the host's event listener, called after this one ({@link EventListener#NONE} for none)
     */
    public JfrConnectionEvents(MetricsListener metrics, EventListener events) {
        super(metrics);
        this.events = Objects.requireNonNull(events, "events");
    }

    /** {@return how many handshakes are being timed (for tests and leak checks)} */
    int handshakesInProgress() {
        return handshakes.size();
    }

    private void handshakeSeen(Connection c) {
        if (c == null || c.state() != ConnectionState.CONNECTING || handshakes.containsKey(c)) {
            return;
        }
        HandshakeEvent e = new HandshakeEvent();
        if (e.isEnabled()) {
            e.begin();
            handshakes.putIfAbsent(c, e);
        }
    }

    private void handshakeEnded(Connection c, String outcome) {
        HandshakeEvent e = c == null ? null : handshakes.remove(c);
        if (e != null) {
            e.end();
            if (e.shouldCommit()) {
                e.client = c.isClient();
                e.transport = c.transport().name();
                e.outcome = outcome;
                e.commit();
            }
        }
    }

    private static String reason(Connection c, String otherwise) {
        ConnectionException cause = c.closeReason();
        return cause == null ? otherwise : cause.error().name();
    }

    @Override
    public void onEvent(Connection c, ConnectionEvent event) {
        if (event instanceof ConnectionEvent.StateChanged s) {
            switch (s.state()) {
                case LINK_UP, AUTHENTICATING, ONLINE -> handshakeEnded(c, "ESTABLISHED");
                case DISCONNECTING -> handshakeEnded(c, reason(c, "CLOSED"));
                case DISCONNECTED -> {
                    handshakeEnded(c, reason(c, "CLOSED"));
                    closed(c);
                }
                default -> { }
            }
        }
        events.onEvent(c, event);
    }

    private static void closed(Connection c) {
        ConnectionClosedEvent e = new ConnectionClosedEvent();
        if (e.shouldCommit()) {
            ConnectionException cause = c.closeReason();
            e.client = c.isClient();
            e.transport = c.transport().name();
            e.reason = cause == null ? "HOST" : cause.error().name();
            e.message = cause == null ? null : cause.getMessage();
            e.commit();
        }
    }

    // ---- MetricsListener: everything is forwarded (ForwardingMetricsListener); the first outside
    // traffic of a CONNECTING connection, or its creation by an endpoint, starts its handshake event.

    @Override
    public void outsideBytesReceived(Connection c, int bytes) {
        handshakeSeen(c);
        super.outsideBytesReceived(c, bytes);
    }

    @Override
    public void outsideBytesSent(Connection c, int bytes) {
        handshakeSeen(c);
        super.outsideBytesSent(c, bytes);
    }

    @Override
    public void connectionCreated(Connection c) {
        handshakeSeen(c);
        super.connectionCreated(c);
    }
}
