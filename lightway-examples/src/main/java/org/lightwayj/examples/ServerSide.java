package org.lightwayj.examples;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.lightwayj.codec.fec.FecCodecFactory;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.connection.AuthResult;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionEvent;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.ConnectionState;
import org.lightwayj.core.connection.Feature;
import org.lightwayj.core.connection.InsideIpConfig;
import org.lightwayj.core.connection.ServerContext;
import org.lightwayj.core.connection.ServerIpPool;
import org.lightwayj.core.connection.UdpServerEndpoint;
import org.lightwayj.core.tls.Certificates;

/**
 * The server half: one selector loop on one thread for every client. On UDP one socket and a
 * {@link UdpServerEndpoint} demultiplex all clients; on TCP each accepted socket gets its own
 * connection. Every Online client gets a synthetic inside stream; what clients send is checked and
 * counted. With {@code --tun} it is a real server instead: packets from clients go to the TUN device,
 * and packets the kernel routes to the TUN device go to the client whose tunnel address they are for.
 */
final class ServerSide extends SelectorLoop {
    /** The server's tunnel address; clients get the following ones. */
    static final String TUNNEL_PEER = "10.125.0.1";
    /** The inside MTU the pool hands out, and the server's TUN MTU. */
    static final int TUNNEL_MTU = 1350;

    final FecCodecFactory fec;
    private final ServerContext context;
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final UdpServerEndpoint endpoint;
    private final List<TcpPipe> tcpPipes = new ArrayList<>();
    private final InetSocketAddress bound;
    /** Cleared to stop the synthetic streams (the demo does this when the client's run ends). */
    volatile boolean sendTraffic = true;
    /**
     * Set by the loop once it has seen {@link #sendTraffic} cleared and sends nothing more: a client
     * in the same process waits for it, so packets a starved server thread sends late still count.
     */
    volatile boolean trafficStopped;
    /** Connections Online right now (for the reporter thread). */
    volatile int online;
    /** Clients that came Online so far (written by the loop, read by the reporter). */
    private volatile int everOnline;
    /** The flow of every connection that came Online (read by others only after the loop ended). */
    final List<Flow> flows = new ArrayList<>();
    /** With {@code --tun}: the device; null otherwise. */
    final TunBridge tun;
    /** With {@code --tun}: each Online client by its tunnel address (IPv4, big-endian int). Loop thread only. */
    private final Map<Integer, Connection> byTunnelIp = new HashMap<>();
    /** Packets from the TUN device are still queued: do not sleep. */
    private boolean tunBacklog;

    ServerSide(Options o, Certificates.SelfSigned pki, ExecutorService handshakes, PrintStream out) throws IOException {
        super("server", o, out, o.seed + 1);
        this.fec = new FecCodecFactory(Encoding.fecConfig(o));
        ServerContext.Builder b = ServerContext.builder()
                .tls(pki.serverConfig() // the generated chain (leaf, CA) and the leaf's key
                        // UDP: the DTLS versions accepted (the executor serves DTLS 1.2 handshakes only).
                        .dtlsVersions(o.serverDtls())
                        .build(), handshakes)
                .auth((c, method) -> method instanceof AuthMethod.UserPass up
                        && up.user().equals(o.user) && up.password().equals(o.password)
                        // INSIDE_PACKET_CODEC: this client may switch encoding on (ToggleEncoding).
                        ? AuthResult.granted(Set.of(Feature.INSIDE_PACKET_CODEC), null)
                        : AuthResult.denied())
                .ipPool(new Pool());
        Encoding.configure(b, fec, o);
        this.context = b.build();
        if (o.tcp) {
            udp = null;
            endpoint = null;
            tcp = ServerSocketChannel.open();
            tcp.bind(o.listen);
            tcp.configureBlocking(false);
            tcp.register(selector, SelectionKey.OP_ACCEPT);
            bound = (InetSocketAddress) tcp.getLocalAddress();
        } else {
            tcp = null;
            udp = DatagramChannel.open();
            udp.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            udp.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            udp.bind(o.listen);
            udp.configureBlocking(false);
            udp.register(selector, SelectionKey.OP_READ);
            bound = (InetSocketAddress) udp.getLocalAddress();
            endpoint = UdpServerEndpoint.builder(context)
                    .datagramSender((datagram, to) -> sendDatagram(udp, datagram, to))
                    .insideSender(this::insidePacket)
                    .eventListener(this::onEvent)
                    .build();
        }
        // After the socket is bound: a port in use leaves no TUN interface behind.
        this.tun = o.tun != null ? openTun(o.tun) : null;
        if (tun != null) {
            sendTraffic = false; // real traffic only
        }
    }

    private TunBridge openTun(String name) throws IOException {
        TunBridge t = TunBridge.open(name, alloc, selector, TUNNEL_MTU + 64);
        try {
            IpCommands.run(IpCommands.server(t.name(), TUNNEL_MTU), this);
        } catch (IOException e) {
            t.close();
            throw e;
        }
        log("TUN device " + t.name() + " is up: " + TUNNEL_PEER + "/" + IpCommands.POOL_PREFIX_LENGTH
                + ", MTU " + TUNNEL_MTU + "; packets for a client's tunnel address go to that client");
        return t;
    }

    /** A packet the kernel routed to the TUN device: to the Online client it is addressed to. */
    private void fromTun(ByteBuf packet) {
        Connection c = null;
        if (packet.readableBytes() >= 20 && (packet.getByte(packet.readerIndex()) & 0xF0) == 0x40) {
            c = byTunnelIp.get(packet.getInt(packet.readerIndex() + 16)); // IPv4 destination
        }
        if (c == null || c.state() != ConnectionState.ONLINE) {
            tun.dropped.increment(); // not IPv4, or no client has that address
            packet.release();
            return;
        }
        try {
            c.insidePacketReceived(packet, now()); // the connection releases the packet
        } catch (ConnectionException e) {
            tun.dropped.increment(); // e.g. longer than the inside MTU
        }
    }

    /** {@return the address the socket is bound to (the port is real even when 0 was asked for)} */
    InetSocketAddress address() {
        return bound;
    }

    /** The server's "TUN write": check the packet against the client's stream, then drop it. */
    private void insidePacket(Connection c, ByteBuf packet) {
        if (tun != null) {
            // Only packets from the address the client was given: a client cannot spoof another's.
            Connection owner = packet.readableBytes() >= 20
                    ? byTunnelIp.get(packet.getInt(packet.readerIndex() + 12)) : null;
            if (owner == c) {
                tun.write(packet); // releases it
            } else {
                tun.dropped.increment();
                packet.release();
            }
            return;
        }
        try {
            Flow f = (Flow) c.attachment();
            if (f != null) {
                f.received(packet, stats);
                // The server's stream starts with the client's first packet: proof that the client is
                // Online too (the server goes Online when it sends AuthSuccess, and data that overtakes
                // a lost AuthSuccess would be dropped by the client as arriving in the wrong state).
                f.start(now());
            }
        } finally {
            packet.release();
        }
    }

    private void onEvent(Connection c, ConnectionEvent e) {
        // Runs inside a call into the connection: only record and print, never call back into it.
        if (e instanceof ConnectionEvent.StateChanged sc) {
            String who = c.peerAddress() != null ? c.peerAddress().toString() : "tcp client";
            if (sc.state() == ConnectionState.ONLINE) {
                InsideIpConfig cfg = c.insideIpConfig();
                Flow f = new Flow(SyntheticTraffic.ipv4(cfg.peerIp()), SyntheticTraffic.ipv4(cfg.localIp()),
                        options.rate, Long.MAX_VALUE); // starts with the client's first packet
                c.attach(f);
                flows.add(f);
                byTunnelIp.put(SyntheticTraffic.ipv4(cfg.localIp()), c);
                everOnline++; // only the loop thread writes it
                log(who + " is Online, tunnel address " + cfg.localIp());
            } else if (sc.state() == ConnectionState.DISCONNECTED) {
                byTunnelIp.values().remove(c);
                log(who + " disconnected" + (c.closeReason() != null ? " (" + c.closeReason().error() + ")" : ""));
            }
        } else if (e instanceof ConnectionEvent.Closed cl) {
            // followed by StateChanged(DISCONNECTED), which prints the reason
        } else if (Encoding.isStateChange(e)) {
            stats.encodingChanges.increment();
            log("encoding " + (Encoding.isOn(c) ? "ON" : "OFF") + " for " + c.peerAddress());
        }
    }

    @Override
    void loop() throws IOException {
        while (running) {
            long now = now();
            long deadline = endpoint != null ? endpoint.nextTimeout() : Long.MAX_VALUE;
            if (tunBacklog) {
                deadline = now;
            }
            for (Connection c : connections()) {
                deadline = Math.min(deadline, c.nextTimeout());
                Flow f = (Flow) c.attachment();
                if (f != null && sendTraffic && c.state() == ConnectionState.ONLINE) {
                    deadline = Math.min(deadline, f.nextSendAt);
                }
            }
            selectUntil(deadline);
            now = now();
            for (SelectionKey k : selector.selectedKeys()) {
                if (!k.isValid()) {
                    continue;
                }
                if (k.channel() == udp) {
                    readUdp(now);
                } else if (k.channel() == tcp) {
                    accept(now);
                } else {
                    TcpPipe p = (TcpPipe) k.attachment();
                    handleTcp(p, k, now);
                }
            }
            selector.selectedKeys().clear();
            if (tun != null) {
                tunBacklog = tun.drain(this::fromTun);
            }
            now = now();
            if (endpoint != null) {
                endpoint.tick(now); // ticks only the connections that are due
            } else {
                for (TcpPipe p : List.copyOf(tcpPipes)) {
                    if (p.connection.nextTimeout() <= now) {
                        p.connection.tick(now);
                    }
                }
            }
            boolean stream = sendTraffic;
            for (Connection c : connections()) {
                Flow f = (Flow) c.attachment();
                if (f != null && stream && c.state() == ConnectionState.ONLINE) {
                    sendDue(c, f, Encoding.isOn(c), now);
                }
            }
            if (!stream && !trafficStopped) {
                trafficStopped = true;
            }
            stats.encoding = anyEncoding();
            int n = 0;
            for (Connection c : connections()) {
                n += c.state() == ConnectionState.ONLINE ? 1 : 0;
            }
            online = n;
            reapTcp();
        }
    }

    private boolean anyEncoding() {
        for (Connection c : connections()) {
            if (Encoding.isOn(c)) {
                return true;
            }
        }
        return false;
    }

    /** A copy: sending may close a connection, which removes it from the endpoint. */
    private List<Connection> connections() {
        if (endpoint != null) {
            return List.copyOf(endpoint.connections());
        }
        List<Connection> l = new ArrayList<>(tcpPipes.size());
        for (TcpPipe p : tcpPipes) {
            l.add(p.connection);
        }
        return l;
    }

    private void readUdp(long now) throws IOException {
        for (int i = 0; i < 256; i++) {
            ByteBuf d = alloc.directBuffer(2048);
            SocketAddress from;
            ByteBuffer nio = d.nioBuffer(0, d.capacity()); // a view of d's memory
            try {
                from = udp.receive(nio);
            } catch (IOException e) {
                d.release();
                return;
            }
            if (from == null) {
                d.release();
                return;
            }
            d.writerIndex(nio.position()); // the datagram's length
            endpoint.datagramReceived(d, from, now); // the endpoint releases d
        }
    }

    private void accept(long now) throws IOException {
        SocketChannel ch;
        while ((ch = tcp.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            TcpPipe p = new TcpPipe(ch, key);
            key.attach(p);
            try {
                p.connection = context.newTcpConnection()
                        .outsideSender((c, bytes) -> p.send(bytes))
                        .insideSender(this::insidePacket)
                        .eventListener(this::onEvent)
                        .accept(now);
                tcpPipes.add(p);
            } catch (ConnectionException e) {
                log("cannot accept " + ch.getRemoteAddress() + ": " + e.getMessage());
                p.close();
            }
        }
    }

    private void handleTcp(TcpPipe p, SelectionKey k, long now) {
        try {
            if (k.isWritable()) {
                p.writable(now);
            }
            if (k.isValid() && k.isReadable() && !p.readable(alloc, now)) {
                p.connection.close(); // end of stream
            }
        } catch (IOException e) {
            p.connection.close();
        }
    }

    private void reapTcp() {
        tcpPipes.removeIf(p -> {
            if (p.connection.state() == ConnectionState.DISCONNECTED) {
                p.close();
                return true;
            }
            return false;
        });
    }

    @Override
    void cleanup() {
        // On the loop's thread (the endpoint is single-threaded): tell every client we are going, so
        // it ends at once (GOODBYE) instead of waiting for its keepalive timeout. Before the sockets close.
        long now = now();
        int told = 0;
        for (Connection c : connections()) {
            ConnectionState s = c.state();
            told += s == ConnectionState.LINK_UP || s == ConnectionState.ONLINE ? 1 : 0;
        }
        if (endpoint != null) {
            endpoint.close(now); // Goodbye to each, then refuses anything that still arrives
        } else {
            for (TcpPipe p : tcpPipes) {
                try {
                    p.connection.disconnect(now); // Goodbye + close_notify, best effort
                } catch (ConnectionException e) {
                    // not past its handshake, or already closed: closed below
                }
            }
        }
        if (told > 0) {
            log("shutting down: said goodbye to " + told + " client(s)");
        }
        for (Connection c : connections()) {
            c.close();
        }
        for (TcpPipe p : tcpPipes) {
            p.close();
        }
        tcpPipes.clear();
        try {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        fec.close(); // the host owns the codec factory
        if (tun != null) {
            tun.close(); // the interface goes away with it
        }
    }

    /** {@return how many clients ever came Online} */
    int clientsOnline() {
        return everOnline;
    }

    /**
     * Tunnel addresses 10.125.0.2 … 10.125.255.254 (the server is 10.125.0.1). Shared by every
     * connection of the context, so synchronized.
     */
    static final class Pool implements ServerIpPool {
        private final Deque<Integer> free = new ArrayDeque<>();
        private int next = 2;

        @Override
        public synchronized InsideIpConfig allocate(Connection connection) {
            Integer host = free.poll();
            if (host == null) {
                if (next > 0xFFFE) {
                    return null; // exhausted: the client gets NO_AVAILABLE_CLIENT_IP
                }
                host = next++;
            }
            return new InsideIpConfig("10.125." + (host >> 8) + "." + (host & 0xFF), TUNNEL_PEER, TUNNEL_PEER,
                    TUNNEL_MTU);
        }

        @Override
        public synchronized void free(Connection connection, InsideIpConfig config) {
            String[] p = config.localIp().split("\\.");
            free.add((Integer.parseInt(p[2]) << 8) | Integer.parseInt(p[3]));
        }
    }
}
