package org.lightwayj.core.connection;

/** Client host callback: receives the tunnel configuration when authentication succeeds. */
@FunctionalInterface
public interface ClientIpConfigHandler {

    /** A handler that ignores the configuration. */
    ClientIpConfigHandler NONE = (c, cfg) -> { };

    /**
     * Called once, just before the connection goes {@link ConnectionState#ONLINE}.
     *
     * @param connection the client connection
     * @param config the configuration the server sent
     */
    void onIpConfig(Connection connection, InsideIpConfig config);
}
