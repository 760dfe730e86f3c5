package org.lightwayj.core.connection;

import java.time.Duration;
import java.util.Objects;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.Version;

/**
 * Immutable client configuration, shared by any number of client connections (thread-safe). Make
 * one with {@link #builder()}, then a connection per server with {@link #newConnection}.
 *
 * <pre>{@code
 * ClientContext ctx = ClientContext.builder().tlsEngineFactory(factory).build();
 * Connection c = ctx.newConnection(Transport.UDP, new AuthMethod.UserPass("me", "secret"))
 *         .outsideSender((conn, datagram) -> socket.send(datagram))
 *         .insideSender((conn, packet) -> tun.write(packet))
 *         .connect(System.nanoTime());
 * }</pre>
 */
public final class ClientContext {

    private final Settings settings;
    private final long authResendNanos;
    private final boolean pmtudEnabled;
    private final PathConfig path;

    private ClientContext(Settings settings, long authResendNanos, boolean pmtudEnabled, PathConfig path) {
        this.settings = settings;
        this.authResendNanos = authResendNanos;
        this.pmtudEnabled = pmtudEnabled;
        this.path = path;
    }

    PathConfig path() {
        return path;
    }

    /** {@return a builder with the defaults of spec §0.1 and §8 (UDP header version 1.2, inside MTU 1350)} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts building a client connection.
     *
     * @param transport UDP or TCP
     * @param auth the credentials sent once the (D)TLS link is up
     * @return a connection builder
     */
    public ClientConnectionBuilder newConnection(Transport transport, AuthMethod auth) {
        return new ClientConnectionBuilder(this, Objects.requireNonNull(transport, "transport"),
                Objects.requireNonNull(auth, "auth"));
    }

    Settings settings() {
        return settings;
    }

    long authResendNanos() {
        return authResendNanos;
    }

    boolean pmtudEnabled() {
        return pmtudEnabled;
    }

    /** {@return the inside MTU} */
    public int insideMtu() {
        return settings.insideMtu();
    }

    /** {@return the outside MTU} */
    public int outsideMtu() {
        return settings.outsideMtu();
    }


    /** Builds a {@link ClientContext}; see {@link ContextBuilder} for the shared settings. */
    public static final class Builder extends ContextBuilder<Builder> {
        private Duration authResendInterval = Duration.ofMillis(500);
        private boolean pmtudEnabled;
        private org.lightwayj.core.PmtudConfig pmtudConfig;

        private Builder() {
            // §0.1: a UDP client defaults to 1.2 in its header (C servers drop 1.3).
            super(Version.V1_2);
        }

        /**
         * Uses the Bouncy Castle engines: DTLS 1.2 on UDP, TLS 1.3 on TCP, verifying the server against
         * the configuration's trust anchors and (optionally) server name, with its cipher preference.
         *
         * @param config trust anchors, server name, ciphers, handshake timing
         * @param handshakeExecutor runs each DTLS handshake's task on a thread other than the caller's
         *     (for example a cached pool or virtual threads); unused on TCP
         * @return this builder
         */
        public Builder tls(org.lightwayj.core.tls.TlsClientConfig config, java.util.concurrent.Executor handshakeExecutor) {
            return tlsEngineFactory(BcTlsEngineFactory.client(config, handshakeExecutor));
        }

        /**
         * First interval between AuthRequest resends while Authenticating on UDP; doubles after each
         * resend up to 8×.
         *
         * @param interval positive (default 500 ms)
         * @return this builder
         */
        public Builder authResendInterval(Duration interval) {
            this.authResendInterval = interval;
            return this;
        }

        /**
         * Runs DPLPMTUD on UDP connections (spec §4.6): probes start when the connection comes Online,
         * inside packets longer than the estimated Data MPS go out as DataFrag, and inner TCP SYNs are
         * MSS-clamped. Without it, a UDP client whose outside MTU is below inside MTU + 81 fails with
         * {@link ConnectionError#PATH_MTU_DISCOVERY_REQUIRED} when it comes Online (spec §4.2).
         *
         * @param enabled default off
         * @return this builder
         */
        public Builder pmtudEnabled(boolean enabled) {
            this.pmtudEnabled = enabled;
            return this;
        }

        /**
         * DPLPMTUD base PLPMTU and timers (used when {@link #pmtudEnabled} is on). Its outside MTU is
         * replaced by this context's {@link #outsideMtu}.
         *
         * @param config the configuration (default {@link org.lightwayj.core.PmtudConfig#defaults()})
         * @return this builder
         */
        public Builder pmtudConfig(org.lightwayj.core.PmtudConfig config) {
            this.pmtudConfig = config;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the context
         * @throws IllegalArgumentException naming the bad field
         * @throws NullPointerException naming the missing field
         */
        public ClientContext build() {
            Settings s = settings();
            long resend = positive(authResendInterval, "authResendInterval");
            org.lightwayj.core.PmtudConfig pm = null;
            if (pmtudEnabled) {
                org.lightwayj.core.PmtudConfig base = pmtudConfig != null ? pmtudConfig
                        : org.lightwayj.core.PmtudConfig.defaults();
                try {
                    pm = org.lightwayj.core.PmtudConfig.builder().basePlpmtu(base.basePlpmtu())
                            .outsideMtu(s.outsideMtu()).probeTimerNanos(base.probeTimerNanos())
                            .raiseTimerNanos(base.raiseTimerNanos()).build();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("pmtudConfig: " + e.getMessage(), e);
                }
            }
            return new ClientContext(s, resend, pmtudEnabled, pathConfig(pm));
        }
    }
}
