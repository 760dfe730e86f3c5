package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.util.function.Consumer;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;

/**
 * Makes the (D)TLS engine of each connection. A context holds one; {@code ClientContext.Builder.tls}
 * and {@code ServerContext.Builder.tls} install the Bouncy Castle engines, and tests plug in their own.
 *
 * <p>A UDP server admits a new peer in two steps, so that a stateless check (the DTLS 1.2 cookie
 * exchange, RFC 6347 §4.2.1) can run before any per-peer state exists: {@link #admit} vets the first
 * datagram, then {@link #newServerEngine} makes the engine for an admitted peer.
 *
 * <p>Shared by every connection of a context, possibly from several threads: implementations are
 * thread-safe.
 */
public interface TlsEngineFactory {

    /**
     * Makes a client engine (UDP or TCP) or a TCP server engine.
     *
     * @param transport UDP (a DTLS engine whose outbound datagrams leave at least 16 bytes of headroom)
     *     or TCP (a stream engine)
     * @param alloc the connection's allocator
     * @param nowNanos host time
     * @return a new engine in {@link org.lightwayj.core.tls.TlsState#HANDSHAKING}
     * @throws TlsException if the engine cannot be made
     */
    TlsEngine newEngine(Transport transport, ByteBufAllocator alloc, long nowNanos) throws TlsException;

    /**
     * UDP server: vets the first datagram of a peer that has no connection yet. The default admits
     * everyone.
     *
     * @param peer the sender
     * @param dtls the datagram's bytes after the Lightway header; still owned by the caller
     * @param reply sends a datagram back to {@code peer} (the endpoint adds the Lightway header into the
     *     16 bytes of headroom the buffer must leave); the callee hands over ownership
     * @return an admission token for {@link #newServerEngine}, or {@code null} to create nothing yet
     */
    default Object admit(SocketAddress peer, ByteBuf dtls, Consumer<ByteBuf> reply) {
        return Boolean.TRUE;
    }

    /**
     * As {@link #admit(SocketAddress, ByteBuf, Consumer)}, with the host time (stateless cookies expire
     * in host time). The endpoint calls this one; the default delegates to the three-argument form.
     *
     * @param nowNanos host time
     */
    default Object admit(SocketAddress peer, ByteBuf dtls, Consumer<ByteBuf> reply, long nowNanos) {
        return admit(peer, dtls, reply);
    }

    /**
     * UDP server: whether the engine from {@link #newServerEngine} has already consumed the admitted
     * datagram (true for a cookie-checked DTLS 1.2 ClientHello). When {@code false} the endpoint feeds
     * the datagram to the new connection.
     *
     * @return the default, {@code false}
     */
    default boolean admissionConsumesDatagram() {
        return false;
    }

    /**
     * UDP server: makes the engine of an admitted peer.
     *
     * @param admission what {@link #admit} returned
     * @param alloc the connection's allocator
     * @param nowNanos host time
     * @return a new server engine
     * @throws TlsException if the engine cannot be made
     */
    default TlsEngine newServerEngine(Object admission, ByteBufAllocator alloc, long nowNanos) throws TlsException {
        return newEngine(Transport.UDP, alloc, nowNanos);
    }
}
