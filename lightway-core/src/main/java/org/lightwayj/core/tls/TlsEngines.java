package org.lightwayj.core.tls;

import java.util.Objects;
import java.util.concurrent.Executor;
import org.lightwayj.core.tls.crypto.LightwayTlsCrypto;
import org.lightwayj.core.tls.dtls13.Dtls13Engines;

/**
 * Creates {@link TlsEngine}s: DTLS 1.2 (UDP) and TLS 1.3 (TCP), clients and servers, over Bouncy
 * Castle with {@link LightwayTlsCrypto} ({@code JcaTlsCrypto} on the JDK's providers). Output buffers
 * come from the config's allocator.
 */
public final class TlsEngines {
    private TlsEngines() {
    }

    /**
     * A DTLS client following {@link TlsClientConfig#dtlsVersions()}: DTLS 1.3 when listed (falling back
     * to a fresh DTLS 1.2 handshake if DTLS 1.2 is listed too and the server speaks only DTLS 1.2),
     * otherwise DTLS 1.2. Its ClientHello is on {@link TlsEngine#pollOutbound()} when this returns.
     *
     * @param config client configuration
     * @param executor used by the DTLS 1.2 engine only: it runs one task per in-progress handshake (it
     *        ends with the handshake); must run tasks on a thread other than the caller's (a cached pool
     *        or virtual threads, not a direct executor) and must not queue them behind other blocked
     *        handshakes. The DTLS 1.3 engine never uses it.
     * @param nowNanos host time; the handshake deadline counts from here
     */
    public static TlsEngine dtlsClient(TlsClientConfig config, Executor executor, long nowNanos) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(executor, "executor");
        boolean v13 = config.dtlsVersions().contains(DtlsVersion.DTLS_1_3);
        boolean v12 = config.dtlsVersions().contains(DtlsVersion.DTLS_1_2);
        if (v13 && v12) {
            return new FallbackDtlsClient(config, executor, nowNanos);
        }
        return v13 ? dtls13Client(config, nowNanos) : dtls12Client(config, executor, nowNanos);
    }

    /** A DTLS 1.2 client over Bouncy Castle, whatever {@link TlsClientConfig#dtlsVersions()} says. */
    public static TlsEngine dtls12Client(TlsClientConfig config, Executor executor, long nowNanos) {
        return DtlsEngine.client(Objects.requireNonNull(config, "config"), Objects.requireNonNull(executor,
                "executor"), config.allocator(), nowNanos);
    }

    /**
     * A DTLS 1.3 client (Lightway-J's own engine, RFC 9147), whatever {@link TlsClientConfig#dtlsVersions()}
     * says; no executor, no thread, retransmissions on the host clock only.
     */
    public static TlsEngine dtls13Client(TlsClientConfig config, long nowNanos) {
        Objects.requireNonNull(config, "config");
        String name = config.serverName();
        return Dtls13Engines.client(config, chain -> CertificateChecker.check(chain, config.trustAnchors(),
                name, config.certificateClock()), name == null || CertificateChecker.isIpLiteral(name) ? null : name,
                nowNanos);
    }

    /**
     * A DTLS 1.2 server for a ClientHello whose cookie {@link DtlsCookieVerifier#verify} accepted. Its
     * first flight is on {@link TlsEngine#pollOutbound()} when this returns.
     *
     * @param config server configuration
     * @param request from {@link DtlsCookieVerifier#verify}
     * @param executor as for {@link #dtlsClient}
     * @param nowNanos host time
     */
    public static TlsEngine dtlsServer(TlsServerConfig config, DtlsCookieVerifier.Request request,
            Executor executor, long nowNanos) {
        return DtlsEngine.server(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(request, "request").request, Objects.requireNonNull(executor, "executor"),
                config.allocator(), nowNanos);
    }

    /** A TLS 1.3 client for TCP; runs entirely on the caller's thread. Its ClientHello is queued on return. */
    public static TlsEngine tlsClient(TlsClientConfig config, long nowNanos) {
        return TlsStreamEngine.client(Objects.requireNonNull(config, "config"), config.allocator(), nowNanos);
    }

    /** A TLS 1.3 server for TCP; runs entirely on the caller's thread. */
    public static TlsEngine tlsServer(TlsServerConfig config, long nowNanos) {
        return TlsStreamEngine.server(Objects.requireNonNull(config, "config"), config.allocator(), nowNanos);
    }

    /**
     * A DTLS 1.2 client on the JDK's {@code SSLEngine} instead of Bouncy Castle: no executor and no
     * handshake task; retransmissions follow the host clock exactly. Same config, checks and guard.
     */
    public static TlsEngine jdkDtlsClient(TlsClientConfig config, long nowNanos) {
        return JdkDtlsEngine.client(Objects.requireNonNull(config, "config"), nowNanos);
    }

    /**
     * A DTLS 1.2 server on the JDK's {@code SSLEngine}. It performs its own (per-engine, stateful)
     * HelloVerifyRequest; keep {@link DtlsCookieVerifier} in front of it so that no engine exists
     * before a peer has proven its address (the client then answers a second cookie round).
     */
    public static TlsEngine jdkDtlsServer(TlsServerConfig config, long nowNanos) {
        return JdkDtlsEngine.server(Objects.requireNonNull(config, "config"), nowNanos);
    }
}
