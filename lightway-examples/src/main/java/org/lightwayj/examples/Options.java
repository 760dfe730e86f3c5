package org.lightwayj.examples;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.lightwayj.core.tls.Certificates;
import org.lightwayj.core.tls.DtlsVersion;

/**
 * The example's command line, parsed and validated. Every problem is a {@link UsageException} with a
 * message meant for a person; nothing here throws anything else.
 *
 * <pre>
 * lightway-example [demo] [flags]        client + server in one process (default)
 * lightway-example server --listen H:P …  the server half
 * lightway-example client --connect H:P --ca FILE …  the client half
 * lightway-example relay --listen H:P --to H:P --loss P   a lossy UDP relay
 * </pre>
 */
public final class Options {

    /** What to run. */
    public enum Mode {
        /** Server and client in one process. */
        DEMO,
        /** The server half only. */
        SERVER,
        /** The client half only. */
        CLIENT,
        /** A lossy UDP relay between a client and a server (for the network-namespace demo). */
        RELAY
    }

    /** The default UDP/TCP port of the two-process mode. */
    public static final int DEFAULT_PORT = 27690;
    /** A client's run time with {@code --tun} and no {@code --duration}: until stopped, in effect. */
    static final Duration UNTIL_STOPPED = Duration.ofDays(3650);

    Mode mode = Mode.DEMO;
    double loss = 0.05;
    /** Demo and client: how long traffic runs once Online; server: 0 = until killed. */
    Duration duration = Duration.ofSeconds(9);
    boolean durationSet;
    int fecK = 10;
    int fecR = 3;
    boolean tcp;
    /** {@code --dtls}, or {@code null} when not given (see {@link #clientDtls()} and {@link #serverDtls()}). */
    DtlsVersion dtls;
    boolean pmtud;
    int rate = 1000;
    int packetSize = 1000;
    boolean encodeAtConnect;
    Duration flushInterval = Duration.ofMillis(5);
    Duration cleanupInterval = Duration.ofMillis(200);
    long seed = 1;
    boolean autoToggle = true;
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
    InetSocketAddress connect = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
    Path caOut;
    /**
     * Server and demo: the key type of the generated CA and server certificate. ECDSA by default; RSA
     * for a DTLS 1.2 peer that offers only ECDHE-RSA suites (the C Lightway client).
     */
    Certificates.KeyType certType = Certificates.KeyType.ECDSA_P256;
    Path ca;
    String user = "demo";
    String password = "lightway";
    boolean quiet;
    boolean help;
    /**
     * Demo and client: the server counts as gone when nothing arrived for this long while Online (the
     * core pings after a quarter of it of silence); 0 = never.
     */
    Duration keepaliveTimeout = Duration.ofSeconds(10);
    /** Server and client: carry the packets of this TUN interface instead of synthetic traffic. */
    String tun;
    /** Client with {@code --tun}: the prefix routed into the tunnel, or null for the server's /32. */
    String route;
    /** Relay: where datagrams from clients go. */
    InetSocketAddress relayTo;

    Options() {
    }

    /** {@return the usage text printed by {@code --help}} */
    public static String usage() {
        return String.join("\n",
                "Lightway-J example: a Lightway client and server over real sockets, with loss injection,",
                "an FEC toggle and live statistics.",
                "",
                "Usage:",
                "  lightway-example [flags]                              client + server in one process (demo)",
                "  lightway-example server [--listen HOST:PORT] [--ca-out FILE] [flags]",
                "  lightway-example client [--connect HOST:PORT] --ca FILE [flags]",
                "  lightway-example relay --listen HOST:PORT --to HOST:PORT [--loss P]",
                "                         a UDP relay that drops P of the datagrams each way",
                "",
                "Flags:",
                "  --loss P               outside loss injected in each side's send path, 0..0.9 or 0%..90%",
                "                         (default 0.05 = 5%; UDP only)",
                "  --duration D           traffic time once Online, e.g. 9s, 2500ms (default 9s;",
                "                         server: runs until stopped unless given)",
                "  --fec K,R              FEC block: K source + R repair packets (default 10,3)",
                "  --rate N               inside packets per second in each direction (default 1000)",
                "  --size N               inside packet size in bytes, 64..1350 (default 1000)",
                "  --dtls 1.3|1.2         DTLS version on UDP (default 1.3; the server sub-command",
                "                         accepts both unless given)",
                "  --tcp                  TLS 1.3 over TCP instead of DTLS over UDP (no loss, no FEC)",
                "  --pmtud                client runs path-MTU discovery",
                "  --encode-at-connect    encoding on from the start (no automatic toggles)",
                "  --flush-interval D     FEC flush delay of a partial block (default 5ms)",
                "  --cleanup-interval D   FEC decoder lifetime of an incomplete block (default 200ms)",
                "  --no-toggle            demo/client: do not switch FEC on and off automatically",
                "  --seed N               seed of the loss injection (default 1)",
                "  --listen HOST:PORT     server: address to bind (default 127.0.0.1:27690; port 0 = any)",
                "  --ca-out FILE          server: write the generated CA certificate (PEM) here",
                "  --cert-type ecdsa|rsa  server and demo: key type of the generated certificates",
                "                         (default ecdsa = P-256; rsa = RSA-2048, for DTLS 1.2 peers that",
                "                         offer only ECDHE-RSA suites, such as the C Lightway client)",
                "  --connect HOST:PORT    client: server address (default 127.0.0.1:27690)",
                "  --ca FILE              client: CA certificate (PEM) to trust (required for client)",
                "  --user NAME, --password PW   credentials (default demo / lightway)",
                "  --keepalive-timeout D  client: give up when the server has not answered for D while",
                "                         Online (exit status 3; default 10s, 0 = never)",
                "  --tun NAME             server and client: a real tunnel (Linux, root): carry the IP",
                "                         packets of TUN interface NAME (no synthetic traffic); the",
                "                         client runs until stopped unless --duration is given",
                "  --route CIDR           client with --tun: prefix routed into the tunnel (default: the",
                "                         server's tunnel address /32)",
                "  --to HOST:PORT         relay: the server's address",
                "  --quiet                no live lines, only the summary",
                "  --help                 this text",
                "",
                "While the client runs, type e + Enter to switch encoding (FEC) on, d + Enter to switch it off.",
                "");
    }

    /**
     * Parses a command line.
     *
     * @param args the arguments
     * @return the options
     * @throws UsageException describing the first problem
     */
    public static Options parse(String... args) throws UsageException {
        Options o = new Options();
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            switch (args[0]) {
                case "demo" -> o.mode = Mode.DEMO;
                case "server" -> o.mode = Mode.SERVER;
                case "client" -> o.mode = Mode.CLIENT;
                case "relay" -> o.mode = Mode.RELAY;
                default -> throw new UsageException("unknown command '" + args[0]
                        + "' (expected demo, server, client or relay)");
            }
            i = 1;
        }
        boolean lossSet = false;
        boolean fecSet = false;
        boolean listenSet = false;
        boolean connectSet = false;
        boolean certTypeSet = false;
        for (; i < args.length; i++) {
            String a = args[i];
            String name = a;
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                inline = a.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> o.help = true;
                case "--tcp" -> o.tcp = flag(name, inline);
                case "--pmtud" -> o.pmtud = flag(name, inline);
                case "--encode-at-connect" -> o.encodeAtConnect = flag(name, inline);
                case "--no-toggle" -> o.autoToggle = !flag(name, inline);
                case "--quiet" -> o.quiet = flag(name, inline);
                default -> {
                    String v = inline;
                    if (v == null) {
                        if (i + 1 >= args.length) {
                            if (isKnownValued(name)) {
                                throw new UsageException(name + " needs a value");
                            }
                            throw new UsageException("unknown flag '" + a + "'");
                        }
                        if (!isKnownValued(name)) {
                            throw new UsageException("unknown flag '" + a + "'");
                        }
                        v = args[++i];
                    }
                    switch (name) {
                        case "--loss" -> {
                            o.loss = parseLoss(v);
                            lossSet = true;
                        }
                        case "--duration" -> {
                            o.duration = parseDuration(name, v, Duration.ZERO);
                            o.durationSet = true;
                        }
                        case "--fec" -> {
                            parseFec(o, v);
                            fecSet = true;
                        }
                        case "--rate" -> o.rate = parseInt(name, v, 0, 100_000);
                        case "--size" -> o.packetSize = parseInt(name, v, SyntheticTraffic.MIN_SIZE,
                                SyntheticTraffic.MAX_SIZE);
                        case "--flush-interval" -> o.flushInterval = parseDuration(name, v, Duration.ofNanos(1));
                        case "--cleanup-interval" -> o.cleanupInterval = parseDuration(name, v, Duration.ofNanos(1));
                        case "--keepalive-timeout" -> o.keepaliveTimeout = parseDuration(name, v, Duration.ZERO);
                        case "--seed" -> o.seed = parseLong(name, v);
                        case "--dtls" -> o.dtls = parseDtls(v);
                        case "--listen" -> {
                            o.listen = parseAddress(name, v);
                            listenSet = true;
                        }
                        case "--connect" -> {
                            o.connect = parseAddress(name, v);
                            connectSet = true;
                        }
                        case "--ca-out" -> o.caOut = Path.of(v);
                        case "--cert-type" -> {
                            o.certType = parseCertType(v);
                            certTypeSet = true;
                        }
                        case "--ca" -> o.ca = Path.of(v);
                        case "--user" -> o.user = nonEmpty(name, v);
                        case "--password" -> o.password = nonEmpty(name, v);
                        case "--tun" -> o.tun = parseInterfaceName(v);
                        case "--route" -> o.route = parseCidr(v);
                        case "--to" -> o.relayTo = parseAddress(name, v);
                        default -> throw new UsageException("unknown flag '" + a + "'");
                    }
                }
            }
        }
        if (o.help) {
            return o;
        }
        if (o.mode == Mode.RELAY) {
            checkRelay(o, fecSet, connectSet);
            if (!listenSet) {
                o.listen = new InetSocketAddress("127.0.0.1", DEFAULT_PORT + 1);
            }
            if (!o.durationSet) {
                o.duration = Duration.ZERO;
            }
            return o;
        }
        if (o.relayTo != null) {
            throw new UsageException("--to is a relay flag");
        }
        if (o.tun != null && o.mode == Mode.DEMO) {
            throw new UsageException("--tun needs two processes: use it with server and client");
        }
        if (o.route != null && (o.mode != Mode.CLIENT || o.tun == null)) {
            throw new UsageException("--route is a client flag and needs --tun");
        }
        if (o.tun != null && !lossSet) {
            o.loss = 0; // a real tunnel: no injected loss unless asked for (see the relay)
        }
        if (o.tun != null && o.mode == Mode.CLIENT) {
            o.autoToggle = false; // real traffic: encoding switches only when asked (e, d, --encode-at-connect)
            if (!o.durationSet) {
                o.duration = UNTIL_STOPPED;
            }
        }
        if (o.mode == Mode.CLIENT && o.ca == null) {
            throw new UsageException("client needs --ca FILE (the server writes it with --ca-out FILE)");
        }
        if (o.mode != Mode.SERVER && o.caOut != null) {
            throw new UsageException("--ca-out is a server flag");
        }
        if (o.mode != Mode.SERVER && listenSet) {
            throw new UsageException("--listen is a server flag (the demo listens on 127.0.0.1, any free port)");
        }
        if (o.mode == Mode.CLIENT && certTypeSet) {
            throw new UsageException("--cert-type is a server flag (the client accepts either key type)");
        }
        if (o.mode != Mode.CLIENT && connectSet) {
            throw new UsageException("--connect is a client flag");
        }
        if (o.mode != Mode.CLIENT && o.ca != null) {
            throw new UsageException("--ca is a client flag");
        }
        if (o.mode != Mode.SERVER && o.duration.isZero()) {
            throw new UsageException("--duration must be positive");
        }
        if (o.mode == Mode.SERVER && !o.durationSet) {
            o.duration = Duration.ZERO;
        }
        if (o.tcp && lossSet && o.loss > 0) {
            throw new UsageException("--loss applies to UDP only: TCP retransmits, so bytes cannot be dropped"
                    + " on a TCP link");
        }
        if (o.tcp && fecSet) {
            throw new UsageException("--fec applies to UDP only (ToggleEncoding is a UDP feature)");
        }
        if (o.tcp) {
            o.loss = 0;
        }
        if (o.tcp && o.pmtud) {
            throw new UsageException("--pmtud applies to UDP only");
        }
        if (o.tcp && o.dtls != null) {
            throw new UsageException("--dtls applies to UDP only (TCP uses TLS 1.3)");
        }
        return o;
    }

    private static void checkRelay(Options o, boolean fecSet, boolean connectSet) throws UsageException {
        if (o.relayTo == null) {
            throw new UsageException("relay needs --to HOST:PORT (the server)");
        }
        if (o.tcp || fecSet || connectSet || o.tun != null || o.ca != null || o.caOut != null || o.route != null) {
            throw new UsageException("relay takes only --listen, --to, --loss, --seed, --duration and --quiet");
        }
    }

    /** Interface names as the kernel takes them: 1..15 printable ASCII characters without '/', ':'. */
    static String parseInterfaceName(String v) throws UsageException {
        if (!v.matches("[\\x21-\\x7E&&[^/:]]{1,15}") || v.equals(".") || v.equals("..")) {
            throw new UsageException("--tun wants an interface name of 1..15 characters without '/', ':' or"
                    + " spaces: '" + v + "'");
        }
        return v;
    }

    /** An IPv4 prefix in CIDR notation, e.g. 10.125.0.0/16. */
    static String parseCidr(String v) throws UsageException {
        String[] parts = v.split("/", -1);
        if (parts.length != 2 || !parts[0].matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new UsageException("--route wants an IPv4 prefix such as 10.125.0.0/16: '" + v + "'");
        }
        for (String octet : parts[0].split("\\.")) {
            parseInt("--route", octet, 0, 255);
        }
        parseInt("--route prefix length", parts[1], 0, 32);
        return v;
    }

    private static boolean isKnownValued(String name) {
        return switch (name) {
            case "--loss", "--duration", "--fec", "--rate", "--size", "--flush-interval", "--cleanup-interval",
                    "--keepalive-timeout", "--seed", "--dtls", "--listen", "--connect", "--ca-out", "--ca", "--user",
                    "--password", "--cert-type", "--tun", "--route", "--to" -> true;
            default -> false;
        };
    }

    private static boolean flag(String name, String inline) throws UsageException {
        if (inline != null) {
            throw new UsageException(name + " takes no value");
        }
        return true;
    }

    private static String nonEmpty(String name, String v) throws UsageException {
        if (v.isEmpty()) {
            throw new UsageException(name + " must not be empty");
        }
        if (v.length() > 50) { // the UserPass auth method carries at most 50 bytes per field
            throw new UsageException(name + " must be at most 50 characters");
        }
        return v;
    }

    static double parseLoss(String v) throws UsageException {
        String s = v.trim();
        boolean percent = s.endsWith("%");
        if (percent) {
            s = s.substring(0, s.length() - 1);
        }
        double d;
        try {
            d = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageException("--loss: not a number: '" + v + "' (examples: 0.05, 5%)");
        }
        if (percent) {
            d /= 100;
        }
        if (!(d >= 0 && d <= 0.9)) {
            throw new UsageException("--loss must be between 0 and 0.9 (0% and 90%): '" + v + "'");
        }
        return d;
    }

    static Duration parseDuration(String name, String v, Duration min) throws UsageException {
        String s = v.trim().toLowerCase(Locale.ROOT);
        long mult;
        String num;
        if (s.endsWith("ms")) {
            mult = 1_000_000L;
            num = s.substring(0, s.length() - 2);
        } else if (s.endsWith("us")) {
            mult = 1_000L;
            num = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            mult = 1_000_000_000L;
            num = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            mult = 60_000_000_000L;
            num = s.substring(0, s.length() - 1);
        } else {
            mult = 1_000_000_000L; // a bare number is seconds
            num = s;
        }
        double d;
        try {
            d = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": not a duration: '" + v + "' (examples: 9s, 2500ms, 1.5)");
        }
        if (!(d >= 0) || d * mult > 3600e9) {
            throw new UsageException(name + " must be between 0 and 1 hour: '" + v + "'");
        }
        Duration out = Duration.ofNanos(Math.round(d * mult));
        if (out.compareTo(min) < 0) {
            throw new UsageException(name + " must be positive: '" + v + "'");
        }
        return out;
    }

    private static void parseFec(Options o, String v) throws UsageException {
        String[] parts = v.split(",", -1);
        if (parts.length != 2) {
            throw new UsageException("--fec wants K,R (for example 10,3): '" + v + "'");
        }
        int k = parseInt("--fec K", parts[0].trim(), 1, 64);
        int r = parseInt("--fec R", parts[1].trim(), 0, k);
        o.fecK = k;
        o.fecR = r;
    }

    static int parseInt(String name, String v, int min, int max) throws UsageException {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": not a whole number: '" + v + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(name + " must be between " + min + " and " + max + ": '" + v + "'");
        }
        return (int) n;
    }

    static DtlsVersion parseDtls(String v) throws UsageException {
        return switch (v.trim()) {
            case "1.3" -> DtlsVersion.DTLS_1_3;
            case "1.2" -> DtlsVersion.DTLS_1_2;
            default -> throw new UsageException("--dtls must be 1.3 or 1.2: '" + v + "'");
        };
    }

    static Certificates.KeyType parseCertType(String v) throws UsageException {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "ecdsa" -> Certificates.KeyType.ECDSA_P256;
            case "rsa" -> Certificates.KeyType.RSA_2048;
            default -> throw new UsageException("--cert-type must be ecdsa or rsa: '" + v + "'");
        };
    }

    /** {@return "ECDSA P-256" or "RSA-2048", for the start-up line} */
    static String label(Certificates.KeyType t) {
        return t == Certificates.KeyType.RSA_2048 ? "RSA-2048" : "ECDSA P-256";
    }

    /** {@return the one DTLS version the client offers: {@code --dtls}, default DTLS 1.3} */
    DtlsVersion clientDtls() {
        return dtls != null ? dtls : DtlsVersion.DTLS_1_3;
    }

    /**
     * {@return the DTLS versions the server accepts: exactly the client's in one process; in the
     * {@code server} sub-command both (1.3 preferred) unless {@code --dtls} names one}
     */
    DtlsVersion[] serverDtls() {
        if (mode == Mode.SERVER && dtls == null) {
            return new DtlsVersion[] {DtlsVersion.DTLS_1_3, DtlsVersion.DTLS_1_2};
        }
        return new DtlsVersion[] {clientDtls()};
    }

    /** {@return "DTLS 1.3" or "DTLS 1.2"} */
    static String label(DtlsVersion v) {
        return v == DtlsVersion.DTLS_1_3 ? "DTLS 1.3" : "DTLS 1.2";
    }

    /** {@return what the transport line says: "TCP (TLS 1.3)", "UDP (DTLS 1.3)", "UDP (DTLS 1.3 or 1.2)"} */
    String transportLabel() {
        if (tcp) {
            return "TCP (TLS 1.3)";
        }
        DtlsVersion[] vs = mode == Mode.SERVER ? serverDtls() : new DtlsVersion[] {clientDtls()};
        return vs.length == 1 ? "UDP (" + label(vs[0]) + ")" : "UDP (DTLS 1.3 or 1.2)";
    }

    private static long parseLong(String name, String v) throws UsageException {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + ": not a whole number: '" + v + "'");
        }
    }

    static InetSocketAddress parseAddress(String name, String v) throws UsageException {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new UsageException(name + " wants HOST:PORT (for example 127.0.0.1:" + DEFAULT_PORT + "): '"
                    + v + "'");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = parseInt(name + " port", v.substring(colon + 1), 0, 65535);
        InetSocketAddress a = new InetSocketAddress(host, port);
        if (a.isUnresolved()) {
            throw new UsageException(name + ": cannot resolve host '" + host + "'");
        }
        return a;
    }

    /** {@return what to run} */
    public Mode mode() {
        return mode;
    }

    /** {@return whether {@code --help} was given} */
    public boolean help() {
        return help;
    }
}
