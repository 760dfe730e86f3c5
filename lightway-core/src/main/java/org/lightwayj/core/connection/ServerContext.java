package org.lightwayj.core.connection;

import java.util.Objects;
import org.lightwayj.core.Version;

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
    private final long tlsHandshakeTimeoutNanos;

    /** Default {@link Builder#tlsHandshakeTimeout}: 10 s for (D)TLS to complete. */
    public static final java.time.Duration DEFAULT_TLS_HANDSHAKE_TIMEOUT = java.time.Duration.ofSeconds(10);

    private ServerContext(Settings settings, ServerAuth auth, ServerIpPool ipPool, PathConfig path,
            long tlsHandshakeTimeoutNanos) {
        this.settings = settings;
        this.auth = auth;
        this.ipPool = ipPool;
        this.path = path;
        this.tlsHandshakeTimeoutNanos = tlsHandshakeTimeoutNanos;
    }

    /** The server's (D)TLS handshake timeout, creation → ESTABLISHED (LinkUp), in nanoseconds. */
    long tlsHandshakeTimeoutNanos() {
        return tlsHandshakeTimeoutNanos;
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
        private java.time.Duration tlsHandshakeTimeout = DEFAULT_TLS_HANDSHAKE_TIMEOUT;

        private Builder() {
            super(Version.MAXIMUM);
        }

        /**
         * How long a server connection may take from creation until its (D)TLS handshake completes
         * (state LinkUp); then it is closed with {@link ConnectionError#TIMED_OUT}, its engine released
         * (a DTLS 1.2 engine's handshake thread returns to the executor) and, behind a
         * {@link UdpServerEndpoint}, its handshake slot freed. Separate from and normally shorter than
         * {@link #handshakeTimeout} (creation until Online, default 30 s), which still bounds
         * authentication: a peer that answers the cookie and then goes silent holds a half-open
         * handshake (an engine, and with DTLS 1.2 a parked thread) only this long. A real handshake
         * needs a few round trips, so 10 s leaves room for several retransmissions. When it is longer
         * than {@code handshakeTimeout}, the earlier deadline wins.
         *
         * @param timeout positive (default {@link #DEFAULT_TLS_HANDSHAKE_TIMEOUT}, 10 s)
         * @return this builder
         */
        public Builder tlsHandshakeTimeout(java.time.Duration timeout) {
            this.tlsHandshakeTimeout = timeout;
            return this;
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
            long tlsHs = positive(tlsHandshakeTimeout, "tlsHandshakeTimeout");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(ipPool, "ipPool");
            return new ServerContext(s, auth, ipPool, pathConfig(null), tlsHs);
        }
    }
}
