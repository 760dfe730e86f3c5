package org.lightwayj.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's count of UDP datagrams it dropped because a socket's receive buffer was full
 * ({@code RcvbufErrors} in Linux's {@code /proc/net/snmp}, for this network namespace). A host
 * thread that falls behind on a loaded machine loses datagrams there, before the protocol core sees
 * them; the demo's accounting reports them instead of calling them a mystery.
 */
final class KernelUdpDrops {
    private static final Path SNMP = Path.of("/proc/net/snmp");

    private KernelUdpDrops() {}

    /** {@return the namespace-wide counter, or -1 where the platform does not expose it} */
    static long read() {
        try {
            List<String> lines = Files.readAllLines(SNMP);
            for (int i = 0; i + 1 < lines.size(); i++) {
                String[] names = lines.get(i).split("\\s+");
                String[] values = lines.get(i + 1).split("\\s+");
                if (!names[0].equals("Udp:") || !values[0].equals("Udp:") || names.length != values.length) {
                    continue;
                }
                for (int k = 1; k < names.length; k++) {
                    if (names[k].equals("RcvbufErrors")) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: unknown
        }
        return -1;
    }

    /** {@return how many the counter grew since {@code before}, or -1 when either reading is unknown} */
    static long since(long before) {
        long now = read();
        return before < 0 || now < 0 ? -1 : Math.max(0, now - before);
    }
}
