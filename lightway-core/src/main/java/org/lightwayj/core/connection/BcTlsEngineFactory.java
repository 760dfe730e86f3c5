package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.lightwayj.core.tls.DtlsCookieVerifier;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsEngines;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsServerConfig;

/**
 * The default engines: Bouncy Castle DTLS 1.2 (UDP) and TLS 1.3 (TCP) from {@link TlsEngines}. A UDP
 * server admits new peers through the stateless DTLS cookie check, so an unauthenticated ClientHello
 * creates no connection (spec §1.4, RFC 6347 §4.2.1).
 */
final class BcTlsEngineFactory implements TlsEngineFactory {
    private final TlsClientConfig client;
    private final TlsServerConfig server;
    private final DtlsCookieVerifier verifier;
    private final Executor executor;

    private BcTlsEngineFactory(TlsClientConfig client, TlsServerConfig server, Executor executor) {
        this.client = client;
        this.server = server;
        this.verifier = server != null ? new DtlsCookieVerifier(server) : null;
        this.executor = executor;
    }

    static TlsEngineFactory client(TlsClientConfig config, Executor executor) {
        return new BcTlsEngineFactory(Objects.requireNonNull(config, "tlsConfig"), null,
                Objects.requireNonNull(executor, "handshakeExecutor"));
    }

    static TlsEngineFactory server(TlsServerConfig config, Executor executor) {
        return new BcTlsEngineFactory(null, Objects.requireNonNull(config, "tlsConfig"),
                Objects.requireNonNull(executor, "handshakeExecutor"));
    }

    @Override
    public TlsEngine newEngine(Transport transport, ByteBufAllocator alloc, long nowNanos) throws TlsException {
        if (client != null) {
            return transport.isDatagram() ? TlsEngines.dtlsClient(client, executor, nowNanos)
                    : TlsEngines.tlsClient(client, nowNanos);
        }
        if (transport.isDatagram()) {
            throw new TlsException(TlsException.Reason.INVALID_STATE,
                    "a DTLS server engine needs an admitted ClientHello (use UdpServerEndpoint)");
        }
        return TlsEngines.tlsServer(server, nowNanos);
    }

    @Override
    public Object admit(SocketAddress peer, ByteBuf dtls, Consumer<ByteBuf> reply) {
        return verifier == null ? null : verifier.verify(peer, dtls, reply);
    }

    @Override
    public boolean admissionConsumesDatagram() {
        return true;
    }

    @Override
    public TlsEngine newServerEngine(Object admission, ByteBufAllocator alloc, long nowNanos) throws TlsException {
        if (!(admission instanceof DtlsCookieVerifier.Request r)) {
            throw new TlsException(TlsException.Reason.INVALID_STATE, "not a DTLS admission: " + admission);
        }
        return TlsEngines.dtlsServer(server, r, executor, nowNanos);
    }
}
