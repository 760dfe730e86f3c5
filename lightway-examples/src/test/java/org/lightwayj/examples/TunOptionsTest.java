package org.lightwayj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lightwayj.core.connection.InsideIpConfig;

/** {@code --tun}, {@code --route} and the {@code relay} sub-command; and the ip commands they lead to. */
class TunOptionsTest {
    @Test
    void tunClientRunsUntilStoppedWithoutToggleOrInjectedLoss() throws Exception {
        Options o = Options.parse("client", "--ca", "ca.pem", "--tun", "lwj0");
        assertEquals("lwj0", o.tun);
        assertEquals(Options.UNTIL_STOPPED, o.duration);
        assertFalse(o.autoToggle);
        assertEquals(0, o.loss);
        assertNull(o.route);
        Options timed = Options.parse("client", "--ca", "ca.pem", "--tun", "lwj0", "--duration", "5s",
                "--route", "10.125.0.0/16", "--loss", "2%");
        assertEquals(Duration.ofSeconds(5), timed.duration);
        assertEquals("10.125.0.0/16", timed.route);
        assertEquals(0.02, timed.loss, 1e-9);
        assertEquals("lwjs0", Options.parse("server", "--tun", "lwjs0").tun);
    }

    @ParameterizedTest
    @ValueSource(strings = {"much-too-long-name", "a/b", "a b", "a:b", "..", ""})
    void badInterfaceNamesAreUsageErrors(String name) {
        assertThrows(UsageException.class, () -> Options.parse("server", "--tun", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.125.0.0", "10.125.0.0/33", "300.1.1.1/8", "a.b.c.d/8", "10.125/16"})
    void badRoutesAreUsageErrors(String route) {
        assertThrows(UsageException.class,
                () -> Options.parse("client", "--ca", "x", "--tun", "t0", "--route", route));
    }

    @Test
    void tunAndRouteBelongWhereTheyMakeSense() {
        assertTrue(assertThrows(UsageException.class, () -> Options.parse("--tun", "t0")).getMessage()
                .contains("two processes"));
        assertThrows(UsageException.class, () -> Options.parse("client", "--ca", "x", "--route", "10.0.0.0/8"));
        assertThrows(UsageException.class, () -> Options.parse("server", "--tun", "t0", "--route", "10.0.0.0/8"));
        assertThrows(UsageException.class, () -> Options.parse("server", "--to", "127.0.0.1:1"));
    }

    @Test
    void relay() throws Exception {
        Options o = Options.parse("relay", "--listen", "127.0.0.1:5000", "--to", "127.0.0.1:27690", "--loss", "10%");
        assertEquals(Options.Mode.RELAY, o.mode());
        assertEquals(5000, o.listen.getPort());
        assertEquals(27690, o.relayTo.getPort());
        assertEquals(0.10, o.loss, 1e-9);
        assertEquals(Duration.ZERO, o.duration, "until stopped");
        assertThrows(UsageException.class, () -> Options.parse("relay"));
        assertThrows(UsageException.class, () -> Options.parse("relay", "--to", "127.0.0.1:1", "--tcp"));
        assertTrue(Options.usage().contains("relay --listen HOST:PORT --to HOST:PORT"));
    }

    @Test
    void ipCommandsAreTheDocumentedOnes() {
        InsideIpConfig cfg = new InsideIpConfig("10.125.0.2", "10.125.0.1", "10.125.0.1", 1350);
        assertEquals(List.of(
                List.of("ip", "addr", "add", "10.125.0.2/32", "dev", "lwjc0"),
                List.of("ip", "link", "set", "dev", "lwjc0", "up", "mtu", "1350"),
                List.of("ip", "route", "add", "10.125.0.1/32", "dev", "lwjc0")),
                IpCommands.client("lwjc0", cfg, null));
        assertEquals(List.of("ip", "route", "add", "10.125.0.0/16", "dev", "lwjc0"),
                IpCommands.client("lwjc0", cfg, "10.125.0.0/16").get(2));
        assertEquals(List.of(
                List.of("ip", "addr", "add", "10.125.0.1/16", "dev", "lwjs0"),
                List.of("ip", "link", "set", "dev", "lwjs0", "up", "mtu", "1350")),
                IpCommands.server("lwjs0", 1350));
    }
}
