package org.lightwayj.core.connection;

/**
 * Why a {@link UdpServerEndpoint} refused a new peer whose ClientHello passed the stateless cookie
 * check: one of the endpoint's admission caps was reached. A refused peer gets no connection and no
 * engine; nothing is sent back, so its retransmitted ClientHello is simply checked again (and admitted
 * once a slot is free). Counted through {@link MetricsListener#handshakeRefused} and
 * {@link UdpServerEndpoint#handshakesRefused}.
 */
public enum HandshakeRefusal {
    /** The endpoint already holds {@link UdpServerEndpoint.Builder#maxConnections} connections. */
    TOO_MANY_CONNECTIONS,
    /** {@link UdpServerEndpoint.Builder#maxHandshakes} handshakes are already in progress. */
    TOO_MANY_HANDSHAKES,
    /** {@link UdpServerEndpoint.Builder#maxHandshakesPerAddress} handshakes from this IP address are in progress. */
    TOO_MANY_HANDSHAKES_FROM_ADDRESS;

    static final HandshakeRefusal[] VALUES = values();
}
