package org.lightwayj.examples;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.DatagramChannel;

/**
 * The IPv4 don't-fragment bit for DPLPMTUD probes (spec §4.6), where the JDK can set it: the socket
 * option {@code jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT} exists from JDK 19 on. The example
 * compiles for Java 17, so it looks the option up at run time; without it probes leave with the
 * socket's default DF behaviour (on Linux, path-MTU discovery usually sets DF anyway).
 */
final class DontFragment {
    private final DatagramChannel channel;
    private final SocketOption<Boolean> option;

    private DontFragment(DatagramChannel channel, SocketOption<Boolean> option) {
        this.channel = channel;
        this.option = option;
    }

    /** {@return a switch for {@code channel}'s DF bit, or null when this JDK cannot set it} */
    static DontFragment of(DatagramChannel channel) {
        try {
            Class<?> c = Class.forName("jdk.net.ExtendedSocketOptions");
            @SuppressWarnings("unchecked")
            SocketOption<Boolean> o = (SocketOption<Boolean>) c.getField("IP_DONTFRAGMENT").get(null);
            return channel.supportedOptions().contains(o) ? new DontFragment(channel, o) : null;
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    /** Sets or clears DF for the following datagrams. */
    void set(boolean on) {
        try {
            channel.setOption(option, on);
        } catch (IOException | UnsupportedOperationException e) {
            // the probe goes out with the default; DPLPMTUD still converges, only less strictly
        }
    }
}
