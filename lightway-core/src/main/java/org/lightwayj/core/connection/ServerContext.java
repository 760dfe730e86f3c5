package org.lightwayj.core.connection;

import java.util.Objects;
import org.lightwayj.core.wire.Version;

/**
 * Immutable server configuration, shared by every server connection (thread-safe). UDP servers route
 * datagrams through a {@link UdpServerEndpoint}; TCP servers make one connection per accepted socket
 * with {@link #newTcpConnection()}.
 */
public final class ServerContext {

    private final Settings settings;
    private final ServerAuth auth;
    private final ServerIpPool ipPool;
    private final PathConfig path;

    private ServerContext(Settings settings, ServerAuth auth, ServerIpPool ipPool, PathConfig path) {
        this.settings = settings;
        this.auth = auth;
        this.ipPool = ipPool;
        this.path = path;
    }

    PathConfig path() {
        return path;
    }

    /** {@return a builder; {@link Builder#auth} and {@link Builder#ipPool} are required} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts building the server side of one accepted TCP connection.
     *
     * @return a connection builder
     */
    public ServerConnectionBuilder newTcpConnection() {
        return new ServerConnectionBuilder(this);
    }

    Settings settings() {
        return settings;
    }

    ServerAuth auth() {
        return auth;
    }

    ServerIpPool ipPool() {
        return ipPool;
    }

    /** Builds a {@link ServerContext}; see {@link ContextBuilder} for the shared settings. */
    public static final class Builder extends ContextBuilder<Builder> {
        private ServerAuth auth;
        private ServerIpPool ipPool;

        private Builder() {
            super(Version.MAXIMUM);
        }

        /**
         * Uses the Bouncy Castle engines: DTLS 1.2 on UDP (new peers admitted through the stateless
         * cookie check), TLS 1.3 on TCP, with the configuration's certificate chain, key and ciphers.
         *
         * @param config certificate chain, private key, ciphers, handshake timing
         * @param handshakeExecutor runs each DTLS handshake's task on a thread other than the caller's;
         *     unused on TCP
         * @return this builder
         */
        public Builder tls(org.lightwayj.core.tls.TlsServerConfig config, java.util.concurrent.Executor handshakeExecutor) {
            return tlsEngineFactory(BcTlsEngineFactory.server(config, handshakeExecutor));
        }

        /**
         * @param auth decides on each client's credentials (required)
         * @return this builder
         */
        public Builder auth(ServerAuth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * @param pool hands out tunnel addresses (required)
         * @return this builder
         */
        public Builder ipPool(ServerIpPool pool) {
            this.ipPool = pool;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the context
         * @throws IllegalArgumentException naming the bad field
         * @throws NullPointerException naming the missing field
         */
        public ServerContext build() {
            Settings s = settings();
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(ipPool, "ipPool");
            return new ServerContext(s, auth, ipPool, pathConfig(null));
        }
    }
}
