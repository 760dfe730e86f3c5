package org.lightwayj.core.connection;

import java.util.Objects;
import org.lightwayj.core.SessionId;

/** Builds the server side of one accepted TCP connection; from {@link ServerContext#newTcpConnection()}. */
public final class ServerConnectionBuilder {
    private final ServerContext context;
    private OutsideSender outside;
    private InsideSender inside;
    private EventListener events = EventListener.NONE;
    private Object attachment;

    ServerConnectionBuilder(ServerContext context) {
        this.context = context;
    }

    /**
     * Sets the outside sender.
     *
     * @param sender writes stream bytes to the client's socket (required)
     * @return this builder
     */
    public ServerConnectionBuilder outsideSender(OutsideSender sender) {
        this.outside = sender;
        return this;
    }

    /**
     * Sets the inside sender.
     *
     * @param sender writes received inside packets to the TUN device (required)
     * @return this builder
     */
    public ServerConnectionBuilder insideSender(InsideSender sender) {
        this.inside = sender;
        return this;
    }

    /**
     * Sets the event listener.
     *
     * @param listener receives events (default none)
     * @return this builder
     */
    public ServerConnectionBuilder eventListener(EventListener listener) {
        this.events = listener;
        return this;
    }

    /**
     * Sets the attachment.
     *
     * @param attachment host state reachable through {@link Connection#attachment()}
     * @return this builder
     */
    public ServerConnectionBuilder attachment(Object attachment) {
        this.attachment = attachment;
        return this;
    }

    /**
     * Creates the connection in {@link ConnectionState#CONNECTING}, waiting for the client's hello.
     *
     * @param nowNanos host time
     * @return the connection
     * @throws ConnectionException {@link ConnectionError#TLS_FAILURE} if the engine cannot be made
     */
    public Connection accept(long nowNanos) throws ConnectionException {
        Objects.requireNonNull(outside, "outsideSender");
        Objects.requireNonNull(inside, "insideSender");
        Objects.requireNonNull(events, "eventListener");
        // TCP has no header, but the config frame carries the server's session id (as C and Rust servers
        // send it), so a TCP connection gets a real one too.
        Connection c = Connection.server(context, Transport.TCP, null, SessionId.random(context.settings().random()),
                outside, inside, events, attachment, null, nowNanos);
        c.start(nowNanos);
        return c;
    }
}
