package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-process demo end to end over loopback UDP (the server binds an ephemeral port), with loss
 * injected in both send paths: the client comes Online, traffic flows both ways, FEC switched on
 * mid-run rebuilds lost packets, and the summary adds up exactly.
 */
class DemoEndToEndTest {

    static Main.DemoResult demo(StringBuilder log, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Main.DemoResult r;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            r = Main.runDemo(Options.parse(args), out, new ByteArrayInputStream(new byte[0]));
        }
        log.append(bytes.toString(StandardCharsets.UTF_8));
        return r;
    }

    /**
     * Traffic flowed, in numbers that do not depend on how fast the machine is: the demo paces its
     * packets by the clock and skips (rather than bursts) when its thread ran late, so a starved run
     * sends fewer than rate × duration. At least {@link #MIN_SENT} went each way, and at least half of
     * them arrived (5 % loss is injected at most).
     */
    static void assertFlowed(Report.Totals t, String out) {
        assertTrue(t.sent() >= MIN_SENT, "traffic flowed: " + t + "\n" + out);
        assertTrue(t.delivered() >= t.sent() / 2, "traffic arrived: " + t + "\n" + out);
    }

    /** A floor far below every nominal count here (≥ 300 packets each way), which a starved run still reaches. */
    static final int MIN_SENT = 30;

    /**
     * Whether enough packets went for 5 % random loss to have hit at least once with near certainty
     * (below one in 20,000 for 200 packets); fewer only on a starved run, where that check says nothing.
     */
    static boolean enoughForLoss(Report.Totals t) {
        return t.sent() >= 200;
    }

    /**
     * The summary adds up: sent − lost − refused + rebuilt = delivered in each direction, exactly, or
     * off by no more than the datagrams the kernel itself dropped from full socket receive buffers
     * during the run (a selector thread starved on a loaded machine loses them there, outside every
     * count the demo keeps; the kernel's counter is host-wide, so it bounds this run's share).
     */
    static void assertAccountedFor(Main.DemoResult r, String out) {
        assertTrue(r.accountedFor(), "up short by " + r.up().shortfall() + ", down short by "
                + r.down().shortfall() + ", kernel receive-buffer drops " + r.kernelDrops() + "\n" + out);
    }

    @Test
    @Timeout(60)
    void udpWithLossAndAnFecToggle() throws Exception {
        StringBuilder log = new StringBuilder();
        // 2.4 s of traffic: FEC off, switched on at 0.8 s, off again at 1.6 s (later if a ToggleEncoding
        // frame is lost and must be resent). 5 % loss each way, on every datagram.
        Main.DemoResult r = demo(log, "--duration", "2400ms", "--loss", "0.05", "--rate", "400", "--size", "300",
                "--fec", "8,4", "--seed", "7");
        String out = log.toString();
        assertEquals(Main.OK, r.exitCode(), out);
        assertTrue(r.online(), out);
        assertTrue(out.contains("IP configuration: tunnel address 10.125.0.2"), out);
        assertNotNull(r.up(), out);
        // Counts, not rates: a starved 2-core box sends fewer packets in the same wall time, so the floors only
        // say that traffic flowed (enough for the injected loss to hit); the accounting is checked below.
        for (Report.Totals t : new Report.Totals[] {r.up(), r.down()}) {
            assertFlowed(t, out);
            assertTrue(t.lost() > 0 || !enoughForLoss(t), "loss was injected: " + t + "\n" + out);
            assertEquals(0, t.duplicates(), out);
            assertEquals(0, t.invalid(), out);
            assertTrue(t.recovered() <= t.lost() + Math.max(0, r.kernelDrops()), t.toString());
            // FEC is on for the middle third only: 600 sent puts about 200 in it.
            assertTrue(t.recovered() > 0 || t.sent() < 600, "FEC rebuilt packets: " + t + "\n" + out);
        }
        assertEquals(2, r.encodingChanges(), "switched on and back off without a reconnect\n" + out);
        assertTrue(out.contains("encoding ON (the server agreed)"), out);
        assertTrue(out.contains("encoding OFF (the server agreed)"), out);
        assertTrue(out.contains("FEC ON"), out);
        assertAccountedFor(r, out);
        assertTrue(out.contains("check: sent-lost-refused+rebuilt = delivered") && !out.contains("off by"), out);
        assertTrue(out.contains("RTT (keepalive Ping/Pong): min"), out);
    }

    /** {@code e} / {@code d} + Enter on the client's standard input switch encoding live. */
    @Test
    @Timeout(60)
    void stdinCommandsSwitchEncoding() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PipedOutputStream keyboard = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(keyboard);
        Thread typist = new Thread(() -> {
            try {
                while (!bytes.toString(StandardCharsets.UTF_8).contains("Online: sending")) {
                    Thread.sleep(20);
                }
                Thread.sleep(300);
                keyboard.write("e\n".getBytes(StandardCharsets.US_ASCII));
                keyboard.flush();
                while (!bytes.toString(StandardCharsets.UTF_8).contains("encoding ON (the server agreed)")) {
                    Thread.sleep(20);
                }
                Thread.sleep(300);
                keyboard.write("what\nd\n".getBytes(StandardCharsets.US_ASCII));
                keyboard.close();
            } catch (InterruptedException | java.io.IOException e) {
                // the run ended first; the assertions below report it
            }
        }, "typist");
        typist.setDaemon(true);
        typist.start();
        Main.DemoResult r;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            r = Main.runDemo(Options.parse("--no-toggle", "--duration", "2500ms", "--loss", "0", "--rate", "200",
                    "--size", "200", "--quiet"), out, stdin);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Main.OK, r.exitCode(), out);
        assertTrue(out.contains("switch encoding on (typed)"), out);
        assertTrue(out.contains("switch encoding off (typed)"), out);
        assertTrue(out.contains("(type e + Enter to switch encoding on"), out);
        assertEquals(2, r.encodingChanges(), out);
        // No loss injected: every packet arrives, toggles and all (bar the kernel's own drops, see below).
        assertEquals(0, r.up().lost() + r.down().lost() + r.up().refused() + r.down().refused(), out);
        assertAccountedFor(r, out);
    }

    /** --pmtud: the estimate starts at the base (1250), so 1350-byte packets go as DataFrag fragments. */
    @Test
    @Timeout(60)
    void pmtudWithFragmentedPackets() throws Exception {
        StringBuilder log = new StringBuilder();
        Main.DemoResult r = demo(log, "--pmtud", "--size", "1350", "--loss", "0.05", "--no-toggle", "--duration",
                "1500ms", "--rate", "300", "--quiet");
        String out = log.toString();
        assertEquals(Main.OK, r.exitCode(), out);
        assertTrue(out.contains("path MTU estimate 1250 bytes"), out);
        for (Report.Totals t : new Report.Totals[] {r.up(), r.down()}) {
            assertFlowed(t, out);
            // Every fragment of a packet is counted: a packet is lost when any of them is.
        }
        assertAccountedFor(r, out);
        assertTrue(out.contains("Path MTU (DPLPMTUD): PLPMTU"), out);
    }

    /**
     * {@code --dtls 1.3} and {@code --dtls 1.2}: both sides use exactly that version (the DTLS 1.3 engine
     * without the handshake executor, the DTLS 1.2 one on it), the client says which, and the summary's
     * accounting is exact with loss and FEC on.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1.3", "1.2"})
    @Timeout(60)
    void udpWithEachDtlsVersion(String version) throws Exception {
        StringBuilder log = new StringBuilder();
        Main.DemoResult r = demo(log, "--dtls", version, "--duration", "1200ms", "--loss", "0.05", "--rate", "300",
                "--size", "300", "--fec", "8,4", "--encode-at-connect", "--seed", "3", "--quiet");
        String out = log.toString();
        assertEquals(Main.OK, r.exitCode(), out);
        assertTrue(r.online(), out);
        assertTrue(out.contains("UDP (DTLS " + version + ")"), out);
        assertTrue(out.contains("over UDP (DTLS " + version + ") as user"), out);
        assertTrue(out.contains("[client] Online over DTLS " + version + " (configured"), out);
        for (Report.Totals t : new Report.Totals[] {r.up(), r.down()}) {
            assertFlowed(t, out);
            assertTrue(t.lost() > 0 || !enoughForLoss(t), "loss was injected: " + t + "\n" + out);
            assertEquals(0, t.duplicates(), out);
            assertEquals(0, t.invalid(), out);
        }
        assertAccountedFor(r, out);
        assertTrue(out.contains("check: sent-lost-refused+rebuilt = delivered") && !out.contains("off by"), out);
    }

    @Test
    @Timeout(60)
    void tcp() throws Exception {
        StringBuilder log = new StringBuilder();
        Main.DemoResult r = demo(log, "--tcp", "--duration", "1s", "--rate", "300", "--size", "500", "--quiet");
        String out = log.toString();
        assertEquals(Main.OK, r.exitCode(), out);
        assertEquals(0, r.up().residual(), out);
        assertEquals(0, r.down().residual(), out);
        assertFlowed(r.up(), out);
        assertFlowed(r.down(), out);
    }
}
