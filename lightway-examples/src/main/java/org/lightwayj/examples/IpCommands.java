package org.lightwayj.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lightwayj.core.connection.InsideIpConfig;

/**
 * The iproute2 commands that bring a TUN interface up, run with {@link ProcessBuilder}. These are exactly
 * what a person would type, and the example prints each one before running it:
 *
 * <pre>
 * client:  ip addr add LOCAL/32 dev TUN          (the tunnel address the server assigned)
 *          ip link set dev TUN up mtu MTU        (the inside MTU the server sent)
 *          ip route add PREFIX dev TUN           (--route; default: the server's tunnel address /32)
 * server:  ip addr add 10.125.0.1/16 dev TUN     (its own tunnel address; the pool's prefix routes to TUN)
 *          ip link set dev TUN up mtu 1350
 * </pre>
 */
final class IpCommands {
    /** The prefix the example's address pool hands out (see {@link ServerSide.Pool}). */
    static final String POOL_PREFIX_LENGTH = "16";

    private IpCommands() {
    }

    /** {@return the client's commands for the configuration the server sent} */
    static List<List<String>> client(String dev, InsideIpConfig cfg, String route) {
        String prefix = route != null ? route : cfg.peerIp() + "/32";
        return List.of(
                List.of("ip", "addr", "add", cfg.localIp() + "/32", "dev", dev),
                List.of("ip", "link", "set", "dev", dev, "up", "mtu", Integer.toString(cfg.mtu())),
                List.of("ip", "route", "add", prefix, "dev", dev));
    }

    /** {@return the server's commands: its tunnel address with the pool's prefix, so clients route to TUN} */
    static List<List<String>> server(String dev, int mtu) {
        return List.of(
                List.of("ip", "addr", "add", ServerSide.TUNNEL_PEER + "/" + POOL_PREFIX_LENGTH, "dev", dev),
                List.of("ip", "link", "set", "dev", dev, "up", "mtu", Integer.toString(mtu)));
    }

    /**
     * Runs the commands in order, logging each.
     *
     * @throws IOException when one cannot start or exits non-zero (its output is in the message)
     */
    static void run(List<List<String>> commands, SelectorLoop log) throws IOException {
        for (List<String> cmd : commands) {
            log.log("$ " + String.join(" ", cmd));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output;
            try {
                output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", cmd) + ": did not finish within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": interrupted", e);
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")"
                        + (output.isEmpty() ? "" : ": " + output));
            }
        }
    }
}
