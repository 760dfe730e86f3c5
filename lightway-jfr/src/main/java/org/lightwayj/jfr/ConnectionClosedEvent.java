package org.lightwayj.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A connection reached DISCONNECTED, with the reason. */
@Name("org.lightwayj.ConnectionClosed")
@Label("Lightway Connection Closed")
@Category({"Lightway-J", "Connection"})
@Description("A connection reached DISCONNECTED")
final class ConnectionClosedEvent extends Event {
    @Label("Client")
    boolean client;

    @Label("Transport")
    String transport;

    @Label("Reason")
    @Description("The ConnectionError that closed it (GOODBYE when the peer said goodbye), or HOST when the host disconnected")
    String reason;

    @Label("Message")
    String message;
}
