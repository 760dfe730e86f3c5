package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.lightwayj.core.tls.DtlsAdmission;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsEngines;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsServerConfig;

/**
 * The default engines from {@link TlsEngines}: on UDP, DTLS 1.3 (Lightway-J's engine) and/or DTLS 1.2
 * (Bouncy Castle) as the config's {@code dtlsVersions} say; on TCP, TLS 1.3 over Bouncy Castle. A UDP
 * server admits new peers through the stateless cookie check of their version ({@link DtlsAdmission}),
 * so an unauthenticated ClientHello creates no connection (spec §1.4, RFC 9147 §5.1, RFC 6347 §4.2.1).
 */
final class BcTlsEngineFactory implements TlsEngineFactory {
    private final TlsClientConfig client;
    private final TlsServerConfig server;
    private final DtlsAdmission admission;
    private final Executor executor;

    private BcTlsEngineFactory(TlsClientConfig client, TlsServerConfig server, Executor executor) {
        this.client = client;
        this.server = server;
        this.admission = server != null ? new DtlsAdmission(server) : null;
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
    public Object admit(SocketAddress peer, ByteBuf dtls, Consumer<ByteBuf> reply, long nowNanos) {
        return admission == null ? null : admission.admit(peer, dtls, reply, nowNanos);
    }

    @Override
    public boolean admissionConsumesDatagram() {
        return true;
    }

    @Override
    public TlsEngine newServerEngine(Object admission, ByteBufAllocator alloc, long nowNanos) throws TlsException {
        if (!(admission instanceof DtlsAdmission.Ticket t)) {
            throw new TlsException(TlsException.Reason.INVALID_STATE, "not a DTLS admission: " + admission);
        }
        return this.admission.newEngine(t, executor, nowNanos);
    }
}
