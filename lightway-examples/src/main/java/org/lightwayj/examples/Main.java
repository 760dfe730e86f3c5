package org.lightwayj.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.lightwayj.core.tls.Certificates;

/**
 * The Lightway-J example: a client and a server over real sockets. See {@link Options#usage()}.
 *
 * <p>Read this file top-down for the orchestration; {@link ClientSide} and {@link ServerSide} are the
 * two host loops that embed the library (they follow {@code docs/embedding.md}).
 */
public final class Main {
    /** The name in the generated server certificate; the client checks it. */
    static final String SERVER_NAME = "server.lightway-example.test";

    /** Exit code: the run worked. */
    public static final int OK = 0;
    /** Exit code: the run failed (no connection, no traffic, an exception). */
    public static final int FAILED = 1;
    /** Exit code: bad command line. */
    public static final int USAGE = 2;
    /** Exit code (client): the server ended the session (Goodbye, keepalive timeout, stream closed). */
    public static final int SERVER_GONE = 3;

    private Main() {
    }

    /**
     * Entry point.
     *
     * @param args see {@link Options#usage()}
     */
    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.in);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the example in this JVM (the tests call this).
     *
     * @param args the command line
     * @param out where output goes
     * @param err where errors go
     * @param in the client's commands ({@code e} / {@code d} + Enter); read by a daemon thread
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (UsageException e) {
            err.println("lightway-example: " + e.getMessage());
            err.println("Try --help.");
            return USAGE;
        }
        if (o.help()) {
            out.print(Options.usage());
            return OK;
        }
        try {
            return switch (o.mode()) {
                case DEMO -> runDemo(o, out, in).exitCode();
                case SERVER -> runServer(o, out);
                case CLIENT -> runClient(o, out, in);
                case RELAY -> UdpRelay.run(o, out);
            };
        } catch (UsageException e) {
            err.println("lightway-example: " + e.getMessage());
            return USAGE;
        } catch (IOException | GeneralSecurityException e) {
            err.println("lightway-example: " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("lightway-example: interrupted");
            return FAILED;
        }
    }

    /**
     * What a one-process run measured (for the tests).
     *
     * @param exitCode what {@link #run} returns
     * @param online whether the client came Online
     * @param up client → server
     * @param down server → client
     * @param encodingChanges EncodingStateChanged events the client saw
     * @param kernelDrops UDP datagrams the kernel dropped from full receive buffers during the run
     *     (namespace-wide, so an upper bound on this run's share; -1 where unknown)
     */
    public record DemoResult(int exitCode, boolean online, Report.Totals up, Report.Totals down,
            long encodingChanges, long kernelDrops) {
        /**
         * Whether both directions add up: exactly, or short by no more than the datagrams the kernel
         * dropped from full receive buffers meanwhile (a thread that fell behind on a loaded host).
         */
        public boolean accountedFor() {
            long allowance = Math.max(0, kernelDrops);
            // A dropped datagram FEC rebuilt anyway shows as one too many rebuilt: either sign.
            return Math.abs(up.shortfall()) + Math.abs(down.shortfall()) <= allowance;
        }
    }

    /** Server and client in this process, over 127.0.0.1 (server on an ephemeral port). */
    static DemoResult runDemo(Options o, PrintStream out, InputStream in)
            throws IOException, GeneralSecurityException, InterruptedException {
        out.println("Lightway-J example: client and server in one process over 127.0.0.1, "
                + o.transportLabel() + describe(o));
        Certificates.SelfSigned pki = throwawayPki(o);
        out.println("Generated a throw-away " + Options.label(o.certType) + " CA and a server certificate for "
                + SERVER_NAME);
        ExecutorService handshakes = handshakeExecutor();
        o.listen = new InetSocketAddress("127.0.0.1", 0);
        ServerSide server = new ServerSide(o, pki, handshakes, out);
        ClientSide client = null;
        long kernelBefore = -1;
        try {
            server.start();
            kernelBefore = KernelUdpDrops.read();
            out.println("[server] listening on " + server.address());
            client = new ClientSide(o, pki.caPem(), server.address(), handshakes, out,
                    () -> server.sendTraffic = false);
            client.peerStopped = () -> server.trafficStopped;
            client.start();
            readCommands(in, client, out);
            Report report = new Report(List.of(
                    new Report.Way("c->s", client.stats, server.stats, server.fec),
                    new Report.Way("s->c", server.stats, client.stats, client.fec)),
                    client.stats, client.stats, out);
            live(o, client, report);
            client.join(30_000);
            server.sendTraffic = false;
            // The client's last packets and its Goodbye sit in the server's socket: let a starved
            // server thread read them before it stops, or they would be counted as never delivered.
            for (long waitUntil = System.nanoTime() + 5 * SelectorLoop.SEC;
                    server.online > 0 && System.nanoTime() < waitUntil;) {
                Thread.sleep(10);
            }
            server.stop(5_000);
            long kernelDrops = o.tcp ? 0 : KernelUdpDrops.since(kernelBefore);
            Report.Totals up = null;
            Report.Totals down = null;
            if (client.online) {
                up = Report.totals(new Report.Way("c->s", client.stats, server.stats, server.fec));
                down = Report.totals(new Report.Way("s->c", server.stats, client.stats, client.fec));
                printDemoSummary(o, out, client, server, up, down, kernelDrops);
            } else {
                out.println("The client never came Online"
                        + (client.closeReason != null ? ": " + client.closeReason : "."));
            }
            boolean ok = client.online && client.failure() == null && server.failure() == null
                    && (o.rate == 0 || (up.delivered() > 0 && down.delivered() > 0));
            return new DemoResult(ok ? OK : FAILED, client.online, up, down, client.stats.encodingChanges.sum(),
                    kernelDrops);
        } finally {
            if (client != null) {
                client.stop(5_000);
            }
            server.stop(5_000);
            handshakes.shutdownNow();
        }
    }

    /** The server half: runs until killed, or for {@code --duration} when given. */
    static int runServer(Options o, PrintStream out)
            throws IOException, GeneralSecurityException, InterruptedException {
        Certificates.SelfSigned pki = throwawayPki(o);
        ExecutorService handshakes = handshakeExecutor();
        ServerSide server = new ServerSide(o, pki, handshakes, out);
        try {
            if (o.caOut != null) {
                Files.writeString(o.caOut, pki.caPem(), StandardCharsets.US_ASCII);
                out.println("[server] wrote the CA certificate to " + o.caOut);
            } else {
                out.println("[server] CA certificate (give it to the client with --ca FILE):");
                out.print(pki.caPem());
            }
            server.start();
            out.println("[server] listening on " + server.address() + " over "
                    + o.transportLabel() + describe(o));
            Report report = new Report(List.of(
                    new Report.Way("c->s", null, server.stats, server.fec),
                    new Report.Way("s->c", server.stats, null, null)), null, server.stats, out);
            // Ctrl-C / SIGTERM: the endpoint belongs to the loop's thread, so the hook only asks the loop
            // to stop and waits (bounded) while the loop says Goodbye to every client on its way out
            // (ServerSide.cleanup); then it prints the totals.
            Thread summary = new Thread(() -> {
                try {
                    if (!server.stop(5_000)) {
                        synchronized (out) {
                            out.println("[server] the loop did not stop within 5 s; exiting anyway");
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                serverTotals(out, server);
            }, "lightway-server-shutdown");
            Runtime.getRuntime().addShutdownHook(summary);
            long start = System.nanoTime();
            long end = o.duration.isZero() ? Long.MAX_VALUE : start + o.duration.toNanos();
            boolean headed = false;
            long next = start + SelectorLoop.SEC;
            while (System.nanoTime() < end && server.failure() == null) {
                long sleep = Math.min(next, end) - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
                if (System.nanoTime() >= next) {
                    if (server.online > 0 && !o.quiet && server.tun == null) {
                        if (!headed) {
                            report.header();
                            headed = true;
                        }
                        report.line((next - start) / 1e9);
                    }
                    next += SelectorLoop.SEC;
                }
            }
            server.stop(5_000);
            try {
                Runtime.getRuntime().removeShutdownHook(summary);
            } catch (IllegalStateException e) {
                // already shutting down: the hook prints
            }
            serverTotals(out, server);
            return server.failure() == null ? OK : FAILED;
        } finally {
            server.stop(5_000);
            handshakes.shutdownNow();
        }
    }

    private static void serverTotals(PrintStream out, ServerSide server) {
        synchronized (out) {
            if (server.tun != null) {
                out.printf(Locale.ROOT, "[server] totals: %d client(s) came Online; TUN %s: %d packets read, %d"
                        + " written, %d dropped%n", server.clientsOnline(), server.tun.name(),
                        server.tun.fromTun.sum(), server.tun.toTun.sum(), server.tun.dropped.sum());
                out.flush();
                return;
            }
            out.printf(Locale.ROOT, "[server] totals: %d client(s) came Online; received %d packets (%d rebuilt by"
                    + " FEC), sent %d (%d lost on the link)%n", server.clientsOnline(), server.stats.delivered.sum(),
                    new Report.Way("", null, null, server.fec).recovered(), server.stats.sent.sum(),
                    server.stats.lost.sum());
            out.flush();
        }
    }

    /** The client half. */
    static int runClient(Options o, PrintStream out, InputStream in)
            throws IOException, InterruptedException, UsageException {
        String caPem;
        try {
            caPem = Files.readString(o.ca, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UsageException("--ca: no such file: " + o.ca);
        }
        ExecutorService handshakes = handshakeExecutor();
        ClientSide client;
        try {
            client = new ClientSide(o, caPem, o.connect, handshakes, out, null);
        } catch (IllegalArgumentException e) {
            handshakes.shutdownNow();
            throw new UsageException("--ca: " + e.getMessage());
        }
        Thread stopOnSignal = null;
        try {
            out.println("Lightway-J example client: " + o.transportLabel() + describe(o));
            if (client.tun != null) {
                // A tunnel runs until stopped: Ctrl-C / SIGTERM ends the loop, which says Goodbye.
                stopOnSignal = new Thread(() -> {
                    try {
                        client.stop(3_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    printTunSummary(out, client);
                }, "lightway-client-shutdown");
                Runtime.getRuntime().addShutdownHook(stopOnSignal);
            }
            client.start();
            readCommands(in, client, out);
            Report report = new Report(List.of(
                    new Report.Way("c->s", client.stats, null, null),
                    new Report.Way("s->c", null, client.stats, client.fec)), client.stats, client.stats, out);
            live(o, client, report);
            client.join(30_000);
            SideStats s = client.stats;
            if (stopOnSignal != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnSignal);
                } catch (IllegalStateException e) {
                    return FAILED; // stopped by a signal: the hook prints the summary
                }
                printTunSummary(out, client);
            }
            if (client.online && client.tun == null) {
                long recovered = new Report.Way("", null, null, client.fec).recovered();
                long missing = s.expected.sum() - s.delivered.sum();
                out.println();
                out.println("Summary (client view)");
                out.printf(Locale.ROOT, "  sent to the server          %9d packets, %d lost on the link (injected), "
                        + "%d refused by the socket%n", s.sent.sum(), s.lost.sum(), s.socketDropped.sum());
                out.printf(Locale.ROOT, "  received from the server    %9d packets, %d rebuilt by FEC, %d missing "
                        + "(%s, by sequence number)%n", s.delivered.sum(), recovered, missing,
                        Report.pct(missing, s.expected.sum()));
                printRtt(out, s);
                printPathMtu(out, o, client);
            } else if (!client.online) {
                out.println("The client never came Online"
                        + (client.closeReason != null ? ": " + client.closeReason : "."));
            }
            String gone = client.serverGone;
            if (gone != null) {
                out.println("The session ended early: " + gone + " (exit status " + SERVER_GONE + ")");
                return SERVER_GONE;
            }
            boolean ok = client.online && client.failure() == null
                    && (o.rate == 0 || client.tun != null || s.delivered.sum() > 0);
            return ok ? OK : FAILED;
        } finally {
            client.stop(5_000);
            handshakes.shutdownNow();
        }
    }

    private static void printTunSummary(PrintStream out, ClientSide client) {
        synchronized (out) {
            out.printf(Locale.ROOT, "[client] TUN %s: %d packets read, %d written, %d dropped%n", client.tun.name(),
                    client.tun.fromTun.sum(), client.tun.toTun.sum(), client.tun.dropped.sum());
            if (client.online) {
                printRtt(out, client.stats);
            }
            out.flush();
        }
    }

    /** Prints a live line once a second while the client runs. */
    private static void live(Options o, ClientSide client, Report report) throws InterruptedException {
        while (!client.online && !client.finished && client.isAlive()) {
            Thread.sleep(20);
        }
        if (!client.online) {
            return;
        }
        boolean lines = !o.quiet && client.tun == null; // with --tun there is no synthetic stream to report
        if (lines) {
            report.header();
        }
        long start = client.trafficStart;
        long next = start + SelectorLoop.SEC;
        while (!client.finished && client.isAlive()) {
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                client.join(Math.max(1, sleep / 1_000_000));
                continue;
            }
            if (lines && next <= start + o.duration.toNanos() + SelectorLoop.SEC / 2) {
                report.line((next - start) / 1e9);
            }
            next += SelectorLoop.SEC;
        }
    }

    /** stdin: {@code e} + Enter switches encoding on, {@code d} off. A closed stdin ends the reader. */
    private static void readCommands(InputStream in, ClientSide client, PrintStream out) {
        if (in == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null && !client.finished) {
                    switch (line.trim().toLowerCase(Locale.ROOT)) {
                        case "e" -> client.requestEncoding(true);
                        case "d" -> client.requestEncoding(false);
                        case "" -> { }
                        default -> {
                            synchronized (out) {
                                out.println("(type e + Enter to switch encoding on, d + Enter to switch it off)");
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // stdin is gone: no live commands
            }
        }, "lightway-stdin");
        t.setDaemon(true);
        t.start();
    }

    private static void printDemoSummary(Options o, PrintStream out, ClientSide client, ServerSide server,
            Report.Totals up, Report.Totals down, long kernelDrops) {
        out.println();
        out.println("Summary (" + (o.tcp ? "TCP" : "UDP") + describe(o) + ")");
        String f = "  %-40s %14s %14s%n";
        out.printf(Locale.ROOT, f, "", "client->server", "server->client");
        out.printf(Locale.ROOT, f, "inside packets sent", up.sent(), down.sent());
        out.printf(Locale.ROOT, f, "  lost on the link (injected)", up.lost(), down.lost());
        out.printf(Locale.ROOT, f, "  refused by the sender's socket", up.refused(), down.refused());
        out.printf(Locale.ROOT, f, "  rebuilt by FEC at the receiver", up.recovered(), down.recovered());
        out.printf(Locale.ROOT, f, "delivered (distinct, intact)", up.delivered(), down.delivered());
        out.printf(Locale.ROOT, f, "residual loss (sent - delivered)",
                up.residual() + " " + Report.pct(up.residual(), up.sent()),
                down.residual() + " " + Report.pct(down.residual(), down.sent()));
        out.printf(Locale.ROOT, f, "duplicates / invalid", up.duplicates() + " / " + up.invalid(),
                down.duplicates() + " / " + down.invalid());
        out.printf(Locale.ROOT, f, "check: sent-lost-refused+rebuilt = delivered",
                check(up, kernelDrops), check(down, kernelDrops));
        if (!o.tcp) {
            out.printf(Locale.ROOT, "  %-40s %29s%n", "UDP receive-buffer overflows (kernel)",
                    kernelDrops < 0 ? "unknown" : kernelDrops + " (whole host)");
        }
        if (!o.tcp) {
            out.printf(Locale.ROOT, f, "outside datagrams sent / dropped (all kinds)",
                    client.stats.datagramsSent.sum() + " / " + client.stats.datagramsDropped.sum(),
                    server.stats.datagramsSent.sum() + " / " + server.stats.datagramsDropped.sum());
            out.printf(Locale.ROOT, f, "FEC repair packets sent",
                    client.fec.counters().get("repairSent"), server.fec.counters().get("repairSent"));
        }
        out.println();
        out.println("  By encoding state at the sender (residual loss = sent - delivered):");
        if (!server.flows.isEmpty()) {
            phases(out, "client->server", client.flow, server.flows.get(0), client.trafficStart);
            phases(out, "server->client", server.flows.get(0), client.flow, client.trafficStart);
        }
        out.println();
        printRtt(out, client.stats);
        printPathMtu(out, o, client);
    }

    private static void printPathMtu(PrintStream out, Options o, ClientSide client) {
        if (o.pmtud) {
            out.println("  Path MTU (DPLPMTUD): " + (client.pathMtu < 0 ? "no estimate yet"
                    : "PLPMTU " + client.pathMtu + " bytes"));
        }
    }

    /**
     * "OK"; "OK, N in the kernel" when the miss is within what the kernel dropped from full receive
     * buffers (counted host-wide, so only an upper bound; negative when FEC rebuilt such a packet,
     * which then counts as rebuilt without having been injected as lost); otherwise by how much the
     * identity misses.
     */
    private static String check(Report.Totals t, long kernelDrops) {
        long shortfall = t.shortfall();
        if (shortfall == 0) {
            return "OK";
        }
        return Math.abs(shortfall) <= kernelDrops ? "OK, " + shortfall + " in the kernel" : "off by " + -shortfall;
    }

    /** One line per stretch of constant encoding state: how much was sent in it, how much never arrived. */
    private static void phases(PrintStream out, String name, Flow sender, Flow receiver, long t0) {
        List<Flow.Phase> ps = sender.phases;
        for (int i = 0; i < ps.size(); i++) {
            Flow.Phase p = ps.get(i);
            long to = i + 1 < ps.size() ? ps.get(i + 1).firstSeq() : sender.nextSeq;
            long sent = to - p.firstSeq();
            if (sent == 0) {
                continue;
            }
            long lost = sent - receiver.deliveredBetween(p.firstSeq(), to);
            out.printf(Locale.ROOT, "    %-15s from %5.1f s  FEC %-3s  %7d sent  %6d never arrived (%s)%n", name,
                    Math.max(0, p.atNanos() - t0) / 1e9, p.encoding() ? "ON" : "off", sent, lost,
                    Report.pct(lost, sent));
        }
    }

    private static void printRtt(PrintStream out, SideStats s) {
        long n = s.rttSamples.sum();
        if (n == 0) {
            out.println("  RTT (keepalive Ping/Pong): no replies");
            return;
        }
        out.printf(Locale.ROOT, "  RTT (keepalive Ping/Pong): min %.2f ms, avg %.2f ms, max %.2f ms (%d samples)%n",
                s.minRttNanos / 1e6, s.rttSumNanos.sum() / 1e6 / n, s.maxRttNanos / 1e6, n);
    }

    private static String describe(Options o) {
        StringBuilder b = new StringBuilder();
        if (!o.tcp) {
            b.append(String.format(Locale.ROOT, ", loss %.1f%% each way, FEC %d+%d", o.loss * 100, o.fecK, o.fecR));
        }
        if (o.tun != null) {
            b.append(", TUN ").append(o.tun);
            if (o.mode == Options.Mode.CLIENT && o.duration.equals(Options.UNTIL_STOPPED)) {
                return b.toString();
            }
        } else {
            b.append(String.format(Locale.ROOT, ", %d pkt/s of %d B each way", o.rate, o.packetSize));
        }
        if (o.mode != Options.Mode.SERVER || !o.duration.isZero()) {
            b.append(String.format(Locale.ROOT, ", %.1f s", o.duration.toMillis() / 1000.0));
        }
        return b.toString();
    }

    /**
     * A throw-away CA and server certificate for {@link #SERVER_NAME}, valid one day; only the CA
     * certificate leaves the server (the client trusts it), the keys live in memory.
     */
    static Certificates.SelfSigned throwawayPki(Options o) {
        return Certificates.selfSigned(o.certType, SERVER_NAME, Duration.ofDays(1));
    }

    private static ExecutorService handshakeExecutor() {
        AtomicInteger n = new AtomicInteger();
        // DTLS handshakes park on these threads (never a direct executor: see docs/embedding.md).
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dtls-handshake-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
