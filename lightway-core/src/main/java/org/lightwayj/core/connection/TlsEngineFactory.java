package org.lightwayj.core.connection;

import io.netty.buffer.ByteBufAllocator;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;

/**
 * Makes the (D)TLS engine of each connection. A context holds one; the default one is built from
 * the context's TLS configuration, and tests plug in their own.
 */
@FunctionalInterface
public interface TlsEngineFactory {

    /**
     * @param transport UDP (a DTLS engine, datagrams with at least 16 bytes of outbound headroom) or
     *     TCP (a stream engine)
     * @param alloc the allocator the connection uses
     * @param nowNanos host time
     * @return a new engine in {@link org.lightwayj.core.tls.TlsState#HANDSHAKING}
     * @throws TlsException if the engine cannot be made
     */
    TlsEngine newEngine(Transport transport, ByteBufAllocator alloc, long nowNanos) throws TlsException;
}
