package org.lightwayj.core.connection;

/**
 * Host hook for the IPv4 don't-fragment bit of the outside socket (spec §4.6): a DPLPMTUD probe must
 * leave with DF set, so the connection calls {@code dontFragment(c, true)} just before it hands the
 * probe datagram to the {@link OutsideSender} and {@code dontFragment(c, false)} right after. A host
 * whose socket always sets DF (e.g. {@code IP_PMTUDISC_DO}) can keep {@link #NONE}.
 *
 * <p>Called synchronously on the connection's thread; must not call back into the connection.
 */
@FunctionalInterface
public interface DfBitControl {

    /** Does nothing (the socket's default DF behaviour is used for probes). */
    DfBitControl NONE = (c, on) -> { };

    /**
     * Turns the DF bit on or off for the next writes on {@code connection}'s outside socket.
     *
     * @param connection the connection about to send (or having sent) a probe
     * @param on {@code true} before the probe datagram, {@code false} after it
     */
    void dontFragment(Connection connection, boolean on);
}
