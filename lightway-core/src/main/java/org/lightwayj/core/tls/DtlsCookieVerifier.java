package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;

/**
 * The server's stateless DTLS 1.2 cookie check (HelloVerifyRequest, RFC 6347 §4.2.1), run before any
 * per-peer state exists. The cookie is an HMAC (random per-verifier key) over the peer's address and
 * port plus the ClientHello, so a cookie obtained from one address is useless from another.
 *
 * <p>Use: for a datagram from an unknown peer call {@link #verify}. {@code null} means "no connection
 * yet" (a HelloVerifyRequest may have been handed to {@code sendHelloVerify}, or the datagram was not a
 * ClientHello). A non-null {@link Request} is passed to
 * {@link TlsEngines#dtlsServer(TlsServerConfig, Request, java.util.concurrent.Executor, long)}, and
 * every later datagram from that peer — including retransmitted ClientHellos — goes to that engine.
 *
 * <p>Keeps no per-peer state, reads no clock, never blocks; thread-safe. Cookies do not expire: rotate
 * by replacing the verifier.
 */
public final class DtlsCookieVerifier {
    private final DTLSVerifier verifier = new DTLSVerifier(LightwayTlsCrypto.shared());
    private final int headroom;
    private final int mtu;
    private final ByteBufAllocator alloc;

    /**
     * @param outboundHeadroom writable bytes left in front of each HelloVerifyRequest datagram (16 for Lightway UDP)
     * @param datagramMtu largest datagram accepted; HelloVerifyRequests come from
     *     {@link PooledByteBufAllocator#DEFAULT}
     */
    public DtlsCookieVerifier(int outboundHeadroom, int datagramMtu) {
        this(outboundHeadroom, datagramMtu, PooledByteBufAllocator.DEFAULT);
    }

    private DtlsCookieVerifier(int outboundHeadroom, int datagramMtu, ByteBufAllocator alloc) {
        if (outboundHeadroom < 0 || outboundHeadroom > 256) {
            throw new IllegalArgumentException("outboundHeadroom: must be in 0..256");
        }
        if (datagramMtu < 256) {
            throw new IllegalArgumentException("datagramMtu: must be at least 256");
        }
        this.headroom = outboundHeadroom;
        this.mtu = datagramMtu;
        this.alloc = alloc;
    }

    /** A verifier with the settings of a server config. */
    public DtlsCookieVerifier(TlsServerConfig config) {
        this(config.outboundHeadroom(), config.datagramMtu(), config.allocator());
    }

    /** An accepted ClientHello with a valid cookie; opaque, for {@link TlsEngines#dtlsServer}. */
    public static final class Request {
        private final SocketAddress peer;
        final DTLSRequest request;

        private Request(SocketAddress peer, DTLSRequest request) {
            this.peer = peer;
            this.request = request;
        }

        /** The peer address the cookie was bound to. */
        public SocketAddress peer() {
            return peer;
        }
    }

    /**
     * Checks one datagram from a peer that has no connection yet.
     *
     * @param peer the datagram's source address and port
     * @param datagram the DTLS bytes (after the Lightway header); still owned by the caller, not retained
     * @param sendHelloVerify receives a HelloVerifyRequest datagram to send back to {@code peer}; it owns
     *        (releases) the buffer, which has {@code outboundHeadroom} writable bytes in front
     * @return the request to create a server engine from, or {@code null} (nothing to create)
     */
    public Request verify(SocketAddress peer, ByteBuf datagram, Consumer<ByteBuf> sendHelloVerify) {
        int n = datagram.readableBytes();
        if (peer == null || n < 13 || n > mtu) {
            return null;
        }
        byte[] data = new byte[n];
        datagram.getBytes(datagram.readerIndex(), data);
        DatagramSender sender = new DatagramSender() {
            @Override
            public int getSendLimit() {
                return mtu;
            }

            @Override
            public void send(byte[] buf, int off, int len) {
                ByteBuf b = alloc.heapBuffer(headroom + len);
                b.writerIndex(headroom).readerIndex(headroom);
                b.writeBytes(buf, off, len);
                sendHelloVerify.accept(b);
            }
        };
        try {
            DTLSRequest r = verifier.verifyRequest(clientId(peer), data, 0, n, sender);
            return r == null ? null : new Request(peer, r);
        } catch (RuntimeException e) {
            return null; // malformed input never escapes
        }
    }

    static byte[] clientId(SocketAddress peer) {
        if (peer instanceof InetSocketAddress) {
            InetSocketAddress a = (InetSocketAddress) peer;
            byte[] ip = a.getAddress() == null ? a.getHostString().getBytes(StandardCharsets.UTF_8)
                    : a.getAddress().getAddress();
            byte[] id = new byte[ip.length + 2];
            System.arraycopy(ip, 0, id, 0, ip.length);
            id[ip.length] = (byte) (a.getPort() >>> 8);
            id[ip.length + 1] = (byte) a.getPort();
            return id;
        }
        return peer.toString().getBytes(StandardCharsets.UTF_8);
    }
}
