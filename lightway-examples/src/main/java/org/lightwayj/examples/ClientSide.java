package org.lightwayj.examples;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.lightwayj.codec.fec.FecCodecFactory;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.connection.ClientContext;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionEvent;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.ConnectionState;
import org.lightwayj.core.connection.DfBitControl;
import org.lightwayj.core.connection.InsideIpConfig;
import org.lightwayj.core.connection.Transport;
import org.lightwayj.core.tls.TlsClientConfig;

/**
 * The client half: one connection, one socket, one selector loop on one thread.
 *
 * <p>Once Online it sends its synthetic stream for {@code --duration}, pings once a second for the
 * RTT, and (unless told otherwise) switches encoding on at one third of the run and off at two thirds.
 * Then it stops sending, waits for the last packets, and disconnects.
 *
 * <p>With {@code --tun} it is a real client instead: it applies the IP configuration the server sent to
 * the TUN device ({@link IpCommands}), then carries the packets the kernel routes to the device to the
 * server and writes the server's packets to the device, until stopped or {@code --duration} ends.
 */
final class ClientSide extends SelectorLoop {
    /** After the traffic stops: time for the last packets and FEC repairs to arrive. */
    private static final long DRAIN = 500 * MS;
    /** After the drain, disconnect only once nothing arrived for this long (a loaded host runs late)... */
    private static final long QUIET = 250 * MS;
    /** ...or at the latest this long after the traffic stopped. */
    private static final long MAX_DRAIN = 5 * SEC;
    /** Longest wait before disconnecting for the answer to a pending ToggleEncoding request. */
    private static final long TOGGLE_WAIT = 3 * SEC;
    /** Host time of the last inside packet delivered (drives the quiet check before disconnecting). */
    private long lastInsideAt;
    private boolean anyInside;

    final FecCodecFactory fec;
    private final ClientContext context;
    private final InetSocketAddress server;
    private DatagramChannel udp;
    private TcpPipe tcp;
    Connection conn;
    Flow flow;
    private final Queue<Boolean> commands = new ConcurrentLinkedQueue<>();
    private final Runnable onTrafficEnd;
    /**
     * Whether the peer has stopped sending its own traffic (the in-process demo's server tells); the
     * drain waits for it, then for a quiet spell, so a late peer's last packets are not cut off.
     */
    volatile BooleanSupplier peerStopped = () -> true;
    /** Host time the client first saw {@link #peerStopped} (MAX_VALUE = not yet). */
    private long peerStoppedAt = Long.MAX_VALUE;

    /** Host-side schedule (host nanos; MAX_VALUE = not scheduled). */
    volatile long trafficStart = Long.MAX_VALUE;
    private boolean trafficEnded;
    /** The state of the last ToggleEncoding request, or null before the first. */
    private Boolean requested;
    private boolean disconnecting;
    private long trafficEnd = Long.MAX_VALUE;
    private long nextPing = Long.MAX_VALUE;
    private long pingSentAt;
    private final List<long[]> toggles = new ArrayList<>(); // {at, enable 0/1}

    /** Deferred from event callbacks (callbacks must not call back into the connection). */
    private boolean wentOnline;
    volatile boolean online;
    volatile boolean finished;
    volatile InsideIpConfig ipConfig;
    volatile String closeReason;
    /**
     * Why the server ended the session, when it did (a Goodbye, keepalive silence, the TCP stream
     * closed…), or null while it did not: the client then exits with {@link Main#SERVER_GONE}.
     */
    volatile String serverGone;
    /** The last PLPMTU estimate reported (--pmtud), or -1 before the first. */
    volatile int pathMtu = -1;
    /** With {@code --tun}: the device; null otherwise. */
    final TunBridge tun;
    /** With {@code --tun}: set once the IP configuration is applied; packets flow from then on. */
    private boolean tunUp;
    /** Packets from the TUN device are still queued: do not sleep. */
    private boolean tunBacklog;

    ClientSide(Options o, String caPem, InetSocketAddress server, ExecutorService handshakes, PrintStream out,
            Runnable onTrafficEnd) throws IOException {
        super("client", o, out, o.seed);
        this.server = server;
        this.onTrafficEnd = onTrafficEnd;
        this.fec = new FecCodecFactory(Encoding.fecConfig(o));
        ClientContext.Builder b = ClientContext.builder()
                .tls(TlsClientConfig.builder()
                        .trustAnchorsPem(caPem)                    // the server's chain must end here
                        .serverName(Main.SERVER_NAME)      // and name this server
                        // UDP: offer exactly one DTLS version (no fallback). The executor is for the
                        // DTLS 1.2 engine's handshake; the DTLS 1.3 engine never uses it.
                        .dtlsVersions(o.clientDtls())
                        .build(), handshakes)
                .pmtudEnabled(o.pmtud);
        if (!o.keepaliveTimeout.isZero()) {
            // The core pings after a quarter of the timeout of silence and gives up (TIMED_OUT) after
            // all of it: a server that vanished without a Goodbye is noticed.
            b.keepaliveInterval(o.keepaliveTimeout.dividedBy(4)).keepaliveTimeout(o.keepaliveTimeout);
        }
        Encoding.configure(b, fec, o);
        this.context = b.build();
        // Opened before connecting, so that a missing permission fails at once, not once Online.
        this.tun = o.tun != null ? TunBridge.open(o.tun, alloc, selector, 2048) : null;
    }

    /** Queues an encoding switch (from stdin or a test); runs on the loop thread. */
    void requestEncoding(boolean enable) {
        commands.add(enable);
        selector.wakeup();
    }

    @Override
    void loop() throws IOException, ConnectionException {
        open(now());
        while (running && !(conn != null && conn.state() == ConnectionState.DISCONNECTED)) {
            long now = now();
            long deadline = conn != null ? conn.nextTimeout() : Long.MAX_VALUE;
            if (flow != null && now < trafficEnd) {
                deadline = Math.min(deadline, Math.min(flow.nextSendAt, trafficEnd));
            }
            deadline = Math.min(deadline, nextPing);
            if (tunBacklog) {
                deadline = now;
            }
            for (long[] t : toggles) {
                deadline = Math.min(deadline, t[0]);
            }
            if (trafficEnd != Long.MAX_VALUE && !disconnecting) {
                deadline = Math.min(deadline, Math.max(trafficEnd + DRAIN, Math.min(now + 50 * MS,
                        trafficEnd + Math.max(MAX_DRAIN, DRAIN + TOGGLE_WAIT))));
            }
            selectUntil(deadline);
            now = now();
            for (SelectionKey k : selector.selectedKeys()) {
                if (!k.isValid()) {
                    continue;
                }
                if (udp != null) {
                    readUdp(now);
                } else {
                    handleTcp(k, now);
                }
            }
            selector.selectedKeys().clear();
            if (tun != null) {
                tunBacklog = tun.drain(this::fromTun);
            }
            if (conn == null) {
                continue; // TCP connect still in progress
            }
            now = now();
            if (conn.nextTimeout() <= now) {
                conn.tick(now); // every timer of the core: (D)TLS resends, auth resends, codec deadlines…
            }
            afterEvents(now);
            runSchedule(now);
            stats.encoding = Encoding.isOn(conn);
            if (flow != null && now < trafficEnd && conn.state() == ConnectionState.ONLINE) {
                sendDue(conn, flow, stats.encoding, now);
            }
        }
        finished = true;
    }

    private void open(long now) throws IOException, ConnectionException {
        if (options.tcp) {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            tcp = new TcpPipe(ch, key);
            if (ch.connect(server)) {
                connected(now);
            }
            return;
        }
        udp = DatagramChannel.open();
        udp.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        udp.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        udp.connect(server); // only the server's datagrams reach us
        udp.configureBlocking(false);
        udp.register(selector, SelectionKey.OP_READ);
        log("connecting to " + server + " over UDP (" + Options.label(options.clientDtls()) + ") as user '"
                + options.user + "'");
        DontFragment df = options.pmtud ? DontFragment.of(udp) : null;
        if (options.pmtud) {
            log("path-MTU discovery on; DF bit for probes: " + (df != null ? "set per probe"
                    : "socket default (this JDK has no IP_DONTFRAGMENT option)"));
        }
        conn = newConnection(Transport.UDP)
                .outsideSender((c, datagram) -> sendDatagram(udp, datagram, null))
                // DPLPMTUD probes must leave with DF set: the core brackets each probe with on/off.
                .dfBitControl(df == null ? DfBitControl.NONE : (c, on) -> df.set(on))
                .connect(now); // sends the first handshake flight at once
    }

    /** A packet the kernel routed to the TUN device: into the tunnel once it is up. */
    private void fromTun(ByteBuf packet) {
        if (!tunUp || conn == null || conn.state() != ConnectionState.ONLINE) {
            tun.dropped.increment(); // e.g. IPv6 router solicitations while the link comes up
            packet.release();
            return;
        }
        try {
            conn.insidePacketReceived(packet, now()); // the connection releases the packet
        } catch (ConnectionException e) {
            tun.dropped.increment(); // not IPv4, or longer than the inside MTU
        }
    }

    private void connected(long now) throws IOException, ConnectionException {
        tcp.key.interestOps(SelectionKey.OP_READ);
        log("connecting to " + server + " over TCP (TLS 1.3) as user '" + options.user + "'");
        conn = newConnection(Transport.TCP)
                .outsideSender((c, bytes) -> tcp.send(bytes))
                .connect(now);
        tcp.connection = conn;
    }

    private org.lightwayj.core.connection.ClientConnectionBuilder newConnection(Transport t) {
        return context.newConnection(t, new AuthMethod.UserPass(options.user, options.password))
                .insideSender(this::insidePacket)
                .ipConfigHandler((c, cfg) -> {
                    ipConfig = cfg; // a real client configures its TUN device here
                    log("IP configuration: tunnel address " + cfg.localIp() + ", server " + cfg.peerIp()
                            + ", DNS " + cfg.dnsIp() + ", MTU " + cfg.mtu());
                })
                .eventListener(this::onEvent);
    }

    /** The client's "TUN write": check the packet against the server's stream, then drop it. */
    private void insidePacket(Connection c, ByteBuf packet) {
        lastInsideAt = now();
        anyInside = true;
        if (tun != null) {
            tun.write(packet); // releases it
            return;
        }
        try {
            if (flow != null) {
                flow.received(packet, stats);
            }
        } finally {
            packet.release();
        }
    }

    private void onEvent(Connection c, ConnectionEvent e) {
        // Runs inside a call into the connection: record, print, act later (afterEvents).
        long now = now();
        if (e instanceof ConnectionEvent.StateChanged sc) {
            if (sc.state() == ConnectionState.ONLINE) {
                wentOnline = true;
            }
            log("state " + sc.state());
        } else if (e instanceof ConnectionEvent.KeepaliveReply) {
            if (pingSentAt != 0) {
                stats.rtt(now - pingSentAt);
                pingSentAt = 0;
            }
        } else if (e instanceof ConnectionEvent.Closed cl) {
            closeReason = cl.cause().getMessage();
            log("closed: " + closeReason);
            if (online) {
                serverGone = switch (cl.cause().error()) {
                    case GOODBYE -> "the server said goodbye (it is shutting down)";
                    case TIMED_OUT -> "the server stopped answering: nothing arrived for "
                            + fmtSec(options.keepaliveTimeout.toNanos());
                    default -> "the connection failed: " + closeReason;
                };
            }
        } else if (Encoding.isStateChange(e)) {
            stats.encodingChanges.increment();
            log("encoding " + (Encoding.isOn(c) ? "ON" : "OFF") + " (the server agreed)");
        } else if (e instanceof ConnectionEvent.PathMtuChanged pm) {
            if (pm.plpmtu() >= 0) {
                pathMtu = pm.plpmtu(); // keep the last estimate for the summary (it is cleared offline)
            }
            log(pm.plpmtu() < 0 ? "path MTU: no estimate" : "path MTU estimate " + pm.plpmtu()
                    + " bytes: inside packets up to " + pm.dataMps() + " bytes go as one Data frame, longer"
                    + " ones as fragments");
        } else if (e instanceof ConnectionEvent.SessionRejected) {
            log("the server does not know our session");
        } else if (!(e instanceof ConnectionEvent.FirstPacketReceived)) {
            log("event " + e); // e.g. SessionIdAdopted, and the path-MTU estimate with --pmtud
        }
    }

    private void afterEvents(long now) throws IOException {
        if (!wentOnline) {
            return;
        }
        wentOnline = false;
        InsideIpConfig cfg = conn.insideIpConfig();
        if (tun != null) {
            tunnelUp(cfg, now);
            return;
        }
        flow = new Flow(SyntheticTraffic.ipv4(cfg.localIp()), SyntheticTraffic.ipv4(cfg.peerIp()), options.rate, now);
        trafficStart = now;
        trafficEnd = now + options.duration.toNanos();
        nextPing = now;
        boolean canToggle = !options.tcp;
        if (options.autoToggle && canToggle && !options.encodeAtConnect) {
            long third = options.duration.toNanos() / 3;
            toggles.add(new long[] {now + third, 1});
            toggles.add(new long[] {now + 2 * third, 0});
        }
        // The core does not expose the connection's engine, so the version printed is the configured
        // one; it is also the negotiated one: the client offers no other (a server without it fails the
        // handshake instead of downgrading).
        log("Online over " + (options.tcp ? "TLS 1.3 (TCP)" : Options.label(options.clientDtls())
                + " (configured: the only version this client offers)"));
        log("Online: sending " + options.rate + " packets/s of " + options.packetSize + " bytes for "
                + options.duration.toMillis() / 1000.0 + " s"
                + (toggles.isEmpty() ? "" : "; FEC on at " + fmtSec(toggles.get(0)[0] - now) + ", off at "
                + fmtSec(toggles.get(1)[0] - now)));
        online = true; // after the log line: the reporter starts printing once this is set
    }

    /** {@code --tun}: applies the server's IP configuration to the device; packets flow from now on. */
    private void tunnelUp(InsideIpConfig cfg, long now) throws IOException {
        tun.mtuChanged(cfg.mtu());
        IpCommands.run(IpCommands.client(tun.name(), cfg, options.route), this);
        tunUp = true;
        trafficStart = now;
        trafficEnd = now + options.duration.toNanos();
        nextPing = now;
        log("Online over " + (options.tcp ? "TLS 1.3 (TCP)" : Options.label(options.clientDtls()))
                + "; tunnel up on " + tun.name() + ": " + cfg.localIp() + " -> " + cfg.peerIp() + ", MTU "
                + cfg.mtu() + ", route " + (options.route != null ? options.route : cfg.peerIp() + "/32")
                + (options.duration.equals(Options.UNTIL_STOPPED) ? "" : ", for " + fmtSec(options.duration.toNanos())));
        online = true;
    }

    private void runSchedule(long now) throws ConnectionException {
        Boolean cmd;
        while ((cmd = commands.poll()) != null) {
            setEncoding(cmd, now, "typed");
        }
        if (!toggles.isEmpty() && toggles.get(0)[0] <= now) {
            long[] t = toggles.get(0);
            if (requested != null && requested != Encoding.isOn(conn)) {
                // The previous switch is not answered yet (a ToggleEncoding frame was lost; the core
                // resends it). Switching back now would cancel it: wait for the answer.
                t[0] = now + 50 * MS;
            } else {
                toggles.remove(0);
                setEncoding(t[1] == 1, now, "scheduled");
            }
        }
        if (nextPing <= now) {
            if (now < trafficEnd && conn.state() == ConnectionState.ONLINE) {
                pingSentAt = now;
                conn.keepalive(now); // Ping(0); the Pong comes back as KeepaliveReply
                nextPing = now + SEC;
            } else {
                nextPing = Long.MAX_VALUE;
            }
        }
        if (now >= trafficEnd && !trafficEnded) {
            trafficEnded = true;
            toggles.clear();
            if (onTrafficEnd != null) {
                onTrafficEnd.run();
            }
            log("traffic stopped; waiting " + DRAIN / MS + " ms (then until " + QUIET / MS
                    + " ms pass without a packet, at most " + MAX_DRAIN / MS + " ms) for the last packets");
        }
        boolean answerPending = requested != null && requested != Encoding.isOn(conn)
                && now < trafficEnd + DRAIN + TOGGLE_WAIT;
        if (trafficEnded && peerStoppedAt == Long.MAX_VALUE && peerStopped.getAsBoolean()) {
            peerStoppedAt = now;
        }
        long lastActivity = Math.max(anyInside ? lastInsideAt : Long.MIN_VALUE,
                peerStoppedAt == Long.MAX_VALUE ? Long.MIN_VALUE : peerStoppedAt);
        boolean stillArriving = now - trafficEnd < MAX_DRAIN
                && (peerStoppedAt == Long.MAX_VALUE || (lastActivity != Long.MIN_VALUE && now - lastActivity < QUIET));
        if (trafficEnd != Long.MAX_VALUE && now >= trafficEnd + DRAIN && !answerPending && !stillArriving
                && conn.state() == ConnectionState.ONLINE) {
            log("disconnecting");
            disconnecting = true;
            conn.disconnect(now); // Goodbye + close_notify, then DISCONNECTED
        }
    }

    private void setEncoding(boolean enable, long now, String why) {
        if (options.tcp) {
            log("encoding switch ignored: ToggleEncoding is UDP only");
            return;
        }
        if (conn.state() != ConnectionState.ONLINE) {
            log("encoding switch ignored: not Online");
            return;
        }
        try {
            Encoding.set(conn, enable, now);
            requested = enable;
            log("asking the server to switch encoding " + (enable ? "on" : "off") + " (" + why + ")");
        } catch (ConnectionException e) {
            log("encoding switch refused: " + e.getMessage());
        }
    }

    private void readUdp(long now) {
        for (int i = 0; i < 256; i++) {
            ByteBuf d = alloc.directBuffer(2048);
            ByteBuffer nio = d.nioBuffer(0, d.capacity());
            int n;
            try {
                n = udp.read(nio);
            } catch (java.net.PortUnreachableException e) {
                // An ICMP error from an earlier send (the server is not up yet, or gone). The failed
                // read cleared it; keep draining, or a queued Goodbye could wait behind a fresh error
                // on every pass while we keep sending.
                d.release();
                continue;
            } catch (IOException e) {
                d.release();
                return;
            }
            if (n <= 0) {
                d.release();
                return;
            }
            d.writerIndex(n);
            conn.outsideDataReceived(d, now); // the connection releases d
        }
    }

    private void handleTcp(SelectionKey k, long now) throws IOException, ConnectionException {
        try {
            if (k.isConnectable()) {
                tcp.channel.finishConnect();
                connected(now);
                return;
            }
            if (k.isWritable()) {
                tcp.writable(now);
            }
            if (k.isValid() && k.isReadable() && !tcp.readable(alloc, now)) {
                log("the server closed the TCP connection");
                if (online && !disconnecting) {
                    serverGone = "the server closed the TCP connection";
                }
                conn.close();
            }
        } catch (IOException e) {
            log("TCP: " + e.getMessage());
            if (online && !disconnecting) {
                serverGone = "the TCP connection to the server failed: " + e.getMessage();
            }
            if (conn != null) {
                conn.close();
            } else {
                throw e;
            }
        }
    }

    @Override
    void cleanup() {
        if (tun != null && conn != null && conn.state() == ConnectionState.ONLINE) {
            try {
                conn.disconnect(now()); // stopped (Ctrl-C, SIGTERM): Goodbye, so the server frees our address
            } catch (ConnectionException e) {
                // closed below anyway
            }
        }
        if (conn != null) {
            conn.close(); // releases whatever the connection still holds
        }
        if (tcp != null) {
            tcp.close();
        }
        if (udp != null) {
            try {
                udp.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        fec.close(); // the host owns the codec factory
        if (tun != null) {
            tun.close(); // the interface, its address and route go away with it
        }
        finished = true;
    }

    static String fmtSec(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
