package org.lightwayj.core.connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A {@link UdpServerEndpoint}'s admission caps: connections in total, handshakes in
 * progress, and handshakes in progress per source IP address. A connection holds a handshake slot from
 * creation until its (D)TLS handshake completes (LinkUp) or it closes, whichever comes first; the
 * server's TLS handshake timeout bounds how long that can be. Confined to the endpoint's thread.
 */
final class HandshakeLimiter {

    private final int maxConnections;
    private final int maxHandshakes;
    private final int maxPerAddress;
    /** Handshaking connections → the address key they count against. */
    private final Map<Connection, Object> handshaking = new IdentityHashMap<>();
    /** Address key → handshakes in progress from it (entries removed at zero, so this stays bounded). */
    private final Map<Object, Integer> perAddress = new HashMap<>();
    private final long[] refused = new long[HandshakeRefusal.VALUES.length];

    HandshakeLimiter(int maxConnections, int maxHandshakes, int maxPerAddress) {
        this.maxConnections = maxConnections;
        this.maxHandshakes = maxHandshakes;
        this.maxPerAddress = maxPerAddress;
    }

    /** The key a peer's per-address cap counts against: its IP address, whatever the port. */
    static Object addressKey(SocketAddress from) {
        if (from instanceof InetSocketAddress isa) {
            return isa.getAddress() != null ? isa.getAddress() : isa.getHostString();
        }
        return from;
    }

    /**
     * Whether a new peer may get a connection now.
     *
     * @param connections the endpoint's live connections
     * @return {@code null} to admit, otherwise the cap that was hit (already counted)
     */
    HandshakeRefusal check(SocketAddress from, int connections) {
        HandshakeRefusal r = null;
        if (connections >= maxConnections) {
            r = HandshakeRefusal.TOO_MANY_CONNECTIONS;
        } else if (handshaking.size() >= maxHandshakes) {
            r = HandshakeRefusal.TOO_MANY_HANDSHAKES;
        } else if (perAddress.getOrDefault(addressKey(from), 0) >= maxPerAddress) {
            r = HandshakeRefusal.TOO_MANY_HANDSHAKES_FROM_ADDRESS;
        }
        if (r != null) {
            refused[r.ordinal()]++;
        }
        return r;
    }

    /** A connection for {@code from} was created: it holds a handshake slot. */
    void started(Connection c, SocketAddress from) {
        Object key = addressKey(from);
        if (handshaking.putIfAbsent(c, key) == null) {
            perAddress.merge(key, 1, Integer::sum);
        }
    }

    /** The connection's handshake completed or it closed: frees its slot (idempotent). */
    void finished(Connection c) {
        Object key = handshaking.remove(c);
        if (key != null) {
            perAddress.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    int inProgress() {
        return handshaking.size();
    }

    long refused(HandshakeRefusal reason) {
        return refused[reason.ordinal()];
    }
}
