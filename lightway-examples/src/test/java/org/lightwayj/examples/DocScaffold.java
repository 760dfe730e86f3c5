package org.lightwayj.examples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.SocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ExecutorService;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionEvent;
import org.lightwayj.core.connection.EventListener;
import org.lightwayj.core.connection.MetricsListener;
import org.lightwayj.core.connection.ServerContext;
import org.lightwayj.core.connection.ServerIpPool;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsServerConfig;
import org.slf4j.Logger;

/**
 * The host-side names the snippets in docs/embedding.md use without declaring them (a socket, a TUN
 * device, a selector, the host's own maps), so that {@link DocSnippetsCompileTest} can compile every
 * snippet as the body of a method of a subclass. Nothing here runs; it only has to type-check.
 */
public abstract class DocScaffold {
    /** What the host's selector reports. */
    public interface Ready {
        boolean outsideReadable();

        boolean tunReadable();

        boolean socketReadable();
    }

    /** The host's readiness wait. */
    public interface HostSelector {
        Ready await(long nanos);
    }

    /** The host's TUN device. */
    public interface Tun {
        void write(ByteBuf packet);

        void configure(String localIp, String peerIp, String dnsIp, int mtu);
    }

    /** The host's non-blocking TCP socket wrapper. */
    public interface HostSocket {
        boolean tryWrite(ByteBuf bytes);
    }

    /** The host's user database. */
    public interface Users {
        boolean check(AuthMethod method);
    }

    protected static final long FOREVER = Long.MAX_VALUE;
    protected DatagramChannel channel;
    protected Tun tun;
    protected HostSelector selector;
    protected HostSocket socket;
    protected Users users;
    protected ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    protected MetricsListener myMetrics;
    protected ServerIpPool myPool;
    protected ServerIpPool pool;
    protected EventListener listener;
    protected Logger log;
    protected String caPem;
    protected String chainPem;
    protected String keyPem;
    protected ExecutorService handshakes;
    protected ExecutorService executor;
    protected TlsClientConfig cfg;
    protected TlsServerConfig scfg;
    protected ServerContext ctx;
    protected Connection conn;
    protected Connection client;
    protected boolean running;
    protected long now;

    protected abstract void snippet() throws Exception;

    protected void readInto(ByteBuf datagram) {
    }

    protected SocketAddress receiveInto(ByteBuf datagram) {
        return null;
    }

    protected ByteBuf readPacket() {
        return null;
    }

    protected Connection routeByDestination(ByteBuf packet) {
        return null;
    }

    protected long until(long deadline, long now) {
        return deadline - now;
    }

    protected void onEvent(Connection c, ConnectionEvent e) {
    }
}
