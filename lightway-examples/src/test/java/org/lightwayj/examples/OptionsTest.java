package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lightwayj.core.tls.Certificates;
import org.lightwayj.core.tls.DtlsVersion;

/** The command line: good flags parse, bad flags give a message and exit code 2, never a stack trace. */
class OptionsTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void defaultsAreTheDemo() throws Exception {
        Options o = Options.parse();
        assertEquals(Options.Mode.DEMO, o.mode());
        assertEquals(0.05, o.loss);
        assertEquals(10, o.fecK);
        assertEquals(3, o.fecR);
        assertEquals(Duration.ofSeconds(9), o.duration);
        assertFalse(o.tcp);
        assertEquals(DtlsVersion.DTLS_1_3, o.clientDtls(), "DTLS 1.3 by default");
        assertArrayEquals(new DtlsVersion[] {DtlsVersion.DTLS_1_3}, o.serverDtls(),
                "in one process the server accepts exactly the client's version");
        assertEquals("UDP (DTLS 1.3)", o.transportLabel());
    }

    @Test
    void dtlsVersion() throws Exception {
        Options o12 = Options.parse("--dtls", "1.2");
        assertEquals(DtlsVersion.DTLS_1_2, o12.clientDtls());
        assertArrayEquals(new DtlsVersion[] {DtlsVersion.DTLS_1_2}, o12.serverDtls());
        assertEquals("UDP (DTLS 1.2)", o12.transportLabel());
        Options o13 = Options.parse("--dtls=1.3");
        assertEquals(DtlsVersion.DTLS_1_3, o13.clientDtls());
        assertArrayEquals(new DtlsVersion[] {DtlsVersion.DTLS_1_3}, o13.serverDtls());
        // Two processes: the server accepts both unless told; the client offers one, 1.3 by default.
        Options server = Options.parse("server");
        assertArrayEquals(new DtlsVersion[] {DtlsVersion.DTLS_1_3, DtlsVersion.DTLS_1_2}, server.serverDtls());
        assertEquals("UDP (DTLS 1.3 or 1.2)", server.transportLabel());
        assertArrayEquals(new DtlsVersion[] {DtlsVersion.DTLS_1_2},
                Options.parse("server", "--dtls", "1.2").serverDtls());
        assertEquals(DtlsVersion.DTLS_1_3, Options.parse("client", "--ca", "ca.pem").clientDtls());
        assertEquals(DtlsVersion.DTLS_1_2, Options.parse("client", "--ca", "ca.pem", "--dtls", "1.2").clientDtls());
    }

    @Test
    void everyFlagParses() throws Exception {
        Options o = Options.parse("--loss", "7.5%", "--duration", "2500ms", "--fec", "20,5", "--rate", "300",
                "--size", "200", "--encode-at-connect", "--flush-interval", "2ms", "--cleanup-interval=150ms",
                "--pmtud", "--seed", "42", "--quiet", "--no-toggle");
        assertEquals(0.075, o.loss, 1e-12);
        assertEquals(Duration.ofMillis(2500), o.duration);
        assertEquals(20, o.fecK);
        assertEquals(5, o.fecR);
        assertEquals(300, o.rate);
        assertEquals(200, o.packetSize);
        assertTrue(o.encodeAtConnect);
        assertEquals(Duration.ofMillis(2), o.flushInterval);
        assertEquals(Duration.ofMillis(150), o.cleanupInterval);
        assertTrue(o.pmtud);
        assertEquals(42, o.seed);
        assertTrue(o.quiet);
        assertFalse(o.autoToggle);
    }

    /** --cert-type picks the generated key type for the server and the demo; ECDSA stays the default. */
    @Test
    void certType() throws Exception {
        assertEquals(Certificates.KeyType.ECDSA_P256, Options.parse().certType);
        assertEquals(Certificates.KeyType.ECDSA_P256, Options.parse("server").certType);
        assertEquals(Certificates.KeyType.RSA_2048, Options.parse("--cert-type", "rsa").certType);
        assertEquals(Certificates.KeyType.RSA_2048, Options.parse("server", "--cert-type=RSA").certType);
        assertEquals(Certificates.KeyType.ECDSA_P256, Options.parse("demo", "--cert-type", "ecdsa").certType);
        assertTrue(Options.usage().contains("--cert-type ecdsa|rsa"));
        UsageException e = assertThrows(UsageException.class,
                () -> Options.parse("client", "--ca", "ca.pem", "--cert-type", "rsa"));
        assertTrue(e.getMessage().contains("--cert-type is a server flag"), e.getMessage());
    }

    @Test
    void keepaliveTimeout() throws Exception {
        assertEquals(Duration.ofSeconds(10), Options.parse().keepaliveTimeout);
        assertEquals(Duration.ofSeconds(3), Options.parse("client", "--ca", "ca.pem", "--keepalive-timeout", "3s")
                .keepaliveTimeout);
        assertEquals(Duration.ZERO, Options.parse("--keepalive-timeout=0").keepaliveTimeout);
    }

    @Test
    void subCommands() throws Exception {
        Options s = Options.parse("server", "--listen", "127.0.0.1:0", "--ca-out", "ca.pem", "--tcp");
        assertEquals(Options.Mode.SERVER, s.mode());
        assertEquals(0, s.listen.getPort());
        assertEquals(Duration.ZERO, s.duration, "a server runs until stopped unless --duration is given");
        assertTrue(s.tcp);
        assertEquals(0, s.loss);
        Options c = Options.parse("client", "--connect", "127.0.0.1:27690", "--ca", "ca.pem", "--user", "u",
                "--password", "p");
        assertEquals(Options.Mode.CLIENT, c.mode());
        assertEquals(27690, c.connect.getPort());
        assertEquals("u", c.user);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Run r = run("--help");
        assertEquals(Main.OK, r.code());
        assertTrue(r.out().contains("--loss"), r.out());
        assertTrue(r.out().contains("--dtls 1.3|1.2"), r.out());
        assertTrue(r.out().contains("e + Enter"), r.out());
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--loss|abc|--loss: not a number",
        "--loss|0.95|--loss must be between 0 and 0.9",
        "--loss|-1|--loss must be between",
        "--duration|soon|--duration: not a duration",
        "--duration|0|--duration must be positive",
        "--fec|10|--fec wants K,R",
        "--fec|10,11|--fec R must be between 0 and 10",
        "--fec|0,0|--fec K must be between 1 and 64",
        "--rate|-5|--rate must be between 0 and 100000",
        "--rate|fast|--rate: not a whole number",
        "--size|20|--size must be between 64 and 1350",
        "--flush-interval|0|--flush-interval must be positive",
        "--bogus|x|unknown flag '--bogus'",
        "frobnicate|x|unknown command 'frobnicate'",
        "--tcp|--loss=0.1|--loss applies to UDP only",
        "--tcp|--fec=4,2|--fec applies to UDP only",
        "--tcp|--dtls=1.3|--dtls applies to UDP only",
        "--dtls|1.1|--dtls must be 1.3 or 1.2: '1.1'",
        "--dtls|tls|--dtls must be 1.3 or 1.2",
        "--dtls|1.0|--dtls must be 1.3 or 1.2",
        "--cert-type|dsa|--cert-type must be ecdsa or rsa: 'dsa'",
        "--cert-type||--cert-type must be ecdsa or rsa",
        "client|--rate=5|client needs --ca",
        "client|--ca=/nonexistent/ca.pem|--ca: no such file",
        "server|--ca=x.pem|--ca is a client flag",
        "--ca-out|x.pem|--ca-out is a server flag",
        "--listen|127.0.0.1:1|--listen is a server flag",
        "server|--connect=127.0.0.1:1|--connect is a client flag",
        "server|--listen=127.0.0.1|--listen wants HOST:PORT",
        "server|--listen=127.0.0.1:99999|--listen port must be between 0 and 65535",
        "--user|0123456789012345678901234567890123456789012345678901|--user must be at most 50 characters",
    })
    void badFlagsGiveAMessageAndExitCodeTwo(String spec) {
        String[] p = spec.split("\\|");
        String[] args = {p[0], p[1]};
        Run r = run(args);
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains(p[2]), "expected '" + p[2] + "' in: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aServerThatIsNotThereExitsOneWithoutAStackTrace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path ca = dir.resolve("ca.pem");
        java.nio.file.Files.writeString(ca, Main.throwawayPki(Options.parse()).caPem());
        Run r;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int closedPort = s.getLocalPort();
            s.close(); // nothing listens there any more: connection refused
            r = run("client", "--tcp", "--connect", "127.0.0.1:" + closedPort, "--ca", ca.toString());
        }
        assertEquals(Main.FAILED, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("never came Online"), r.out());
        assertFalse(r.out().contains("\tat "), r.out());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void dtlsNeedsAValue() {
        Run r = run("--dtls");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("--dtls needs a value"), r.err());
        assertEquals(Main.USAGE, run("--dtls=").code());
    }

    @Test
    void missingValue() {
        Run r = run("--rate");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("--rate needs a value"), r.err());
    }

    @Test
    void valueForAFlagWithout() {
        UsageException e = assertThrows(UsageException.class, () -> Options.parse("--tcp=yes"));
        assertEquals("--tcp takes no value", e.getMessage());
    }
}
