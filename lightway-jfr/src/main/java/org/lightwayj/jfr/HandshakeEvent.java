package org.lightwayj.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A (D)TLS handshake, from the connection's first outside datagram or chunk (sent by a client, received
 * by a server) to its end: LINK_UP (the handshake completed) or a close before that. The event's duration
 * is the handshake's.
 */
@Name("org.lightwayj.Handshake")
@Label("Lightway Handshake")
@Category({"Lightway-J", "Connection"})
@Description("A (D)TLS handshake, first outside datagram to LINK_UP or close")
final class HandshakeEvent extends Event {
    @Label("Client")
    boolean client;

    @Label("Transport")
    String transport;

    @Label("Outcome")
    @Description("ESTABLISHED, or the error that ended the connection first (or CLOSED for a host disconnect)")
    String outcome;
}
