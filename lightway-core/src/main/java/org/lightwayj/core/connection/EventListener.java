package org.lightwayj.core.connection;

/** Host callback for {@link ConnectionEvent}s. Called on the connection's thread, synchronously. */
@FunctionalInterface
public interface EventListener {

    /** A listener that ignores everything. */
    EventListener NONE = (c, e) -> { };

    /**
     * Called for each event, in order. Must not re-enter the connection except through
     * {@link Connection#disconnect(long)} being deferred by the host (re-entrant calls are unsupported).
     *
     * @param connection the connection the event belongs to
     * @param event the event
     */
    void onEvent(Connection connection, ConnectionEvent event);
}
