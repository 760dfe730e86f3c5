package org.lightwayj.core.connection;

import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.lightwayj.core.SessionId;

/**
 * Server-side session-id rotation state (spec §1.4): at most one pending id. While one is pending it
 * goes in every outgoing header; the first authenticated client datagram that carries it finalises
 * the rotation. Datagrams with the old id (reordered, or sent before the client saw the new one) do
 * not finalise it.
 */
final class SessionRotation {
    private SessionId pending;

    /** {@return the pending id, or {@code null}} */
    SessionId pending() {
        return pending;
    }

    /** {@return the id for outgoing headers: the pending one while a rotation runs} */
    long headerId(SessionId current) {
        return pending != null ? pending.value() : current.value();
    }

    /** Draws a fresh id (never EMPTY/REJECTED, never one {@code taken} reports) and records it as pending. */
    SessionId start(LongSupplier random, LongPredicate taken) {
        SessionId id;
        do {
            id = SessionId.random(random);
        } while (taken.test(id.value()));
        pending = id;
        return id;
    }

    /** Whether {@code sid} is the pending id. */
    boolean isPending(long sid) {
        return pending != null && pending.value() == sid;
    }

    /** Ends the rotation; returns the id that became current. */
    SessionId finish() {
        SessionId p = pending;
        pending = null;
        return p;
    }
}
