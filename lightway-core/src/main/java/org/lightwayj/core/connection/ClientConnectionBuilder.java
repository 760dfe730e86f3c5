package org.lightwayj.core.connection;

import java.util.Objects;
import org.lightwayj.core.AuthMethod;

/** Builds one client {@link Connection}; obtained from {@link ClientContext#newConnection}. */
public final class ClientConnectionBuilder {
    private final ClientContext context;
    private final Transport transport;
    private final AuthMethod auth;
    private OutsideSender outside;
    private InsideSender inside;
    private EventListener events = EventListener.NONE;
    private ClientIpConfigHandler ipConfig = ClientIpConfigHandler.NONE;
    private Object attachment;
    private DfBitControl dfBit = DfBitControl.NONE;

    ClientConnectionBuilder(ClientContext context, Transport transport, AuthMethod auth) {
        this.context = context;
        this.transport = transport;
        this.auth = auth;
    }

    /**
     * Sets the sender.
     *
     * @param sender writes datagrams / stream bytes to the server (required)
     * @return this builder
     */
    public ClientConnectionBuilder outsideSender(OutsideSender sender) {
        this.outside = sender;
        return this;
    }

    /**
     * Sets the sender.
     *
     * @param sender writes received inside packets to the TUN device (required)
     * @return this builder
     */
    public ClientConnectionBuilder insideSender(InsideSender sender) {
        this.inside = sender;
        return this;
    }

    /**
     * Sets the listener.
     *
     * @param listener receives events (default none)
     * @return this builder
     */
    public ClientConnectionBuilder eventListener(EventListener listener) {
        this.events = listener;
        return this;
    }

    /**
     * Sets the handler.
     *
     * @param handler receives the tunnel configuration (default none)
     * @return this builder
     */
    public ClientConnectionBuilder ipConfigHandler(ClientIpConfigHandler handler) {
        this.ipConfig = handler;
        return this;
    }

    /**
     * Sets the attachment.
     *
     * @param attachment host state reachable through {@link Connection#attachment()}
     * @return this builder
     */
    public ClientConnectionBuilder attachment(Object attachment) {
        this.attachment = attachment;
        return this;
    }

    /**
     * Sets the DF-bit hook used around DPLPMTUD probes (spec §4.6).
     *
     * @param control the host's hook (default {@link DfBitControl#NONE})
     * @return this builder
     */
    public ClientConnectionBuilder dfBitControl(DfBitControl control) {
        this.dfBit = control;
        return this;
    }

    /**
     * Creates the connection in {@link ConnectionState#CONNECTING} and sends the first handshake
     * flight through the outside sender.
     *
     * @param nowNanos host time
     * @return the connection
     * @throws ConnectionException {@link ConnectionError#TLS_FAILURE} if the engine cannot be made,
     *     {@link ConnectionError#PLUGIN_ERROR} if a plugin factory fails
     * @throws NullPointerException naming a missing callback
     */
    public Connection connect(long nowNanos) throws ConnectionException {
        Objects.requireNonNull(outside, "outsideSender");
        Objects.requireNonNull(inside, "insideSender");
        Objects.requireNonNull(events, "eventListener");
        Objects.requireNonNull(ipConfig, "ipConfigHandler");
        Objects.requireNonNull(dfBit, "dfBitControl");
        Connection c = Connection.client(context, transport, auth, outside, inside, events, ipConfig, attachment,
                nowNanos);
        c.dfBitControl(dfBit);
        c.start(nowNanos);
        return c;
    }
}
