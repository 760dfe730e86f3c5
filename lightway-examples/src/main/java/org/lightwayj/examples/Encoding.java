package org.lightwayj.examples;

import org.lightwayj.codec.fec.FecCodecFactory;
import org.lightwayj.codec.fec.FecConfig;
import org.lightwayj.core.connection.ClientContext;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionEvent;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.ServerContext;

/**
 * Where the example plugs the FEC codec into the contexts and switches encoding. Kept in one place so
 * that the rest of the example does not depend on the codec API's shape.
 */
final class Encoding {
    private Encoding() {
    }

    /** {@return whether this build of the core carries the codec integration (ToggleEncoding)} */
    static boolean available() {
        return false;
    }

    static void configure(ClientContext.Builder b, FecCodecFactory fec, Options o) {
        // The codec integration (issue 6) is not in this build of the core.
    }

    static void configure(ServerContext.Builder b, FecCodecFactory fec, Options o) {
        // The codec integration (issue 6) is not in this build of the core.
    }

    /** Client: asks the server to switch encoding (ToggleEncoding, spec §0.2). */
    static void set(Connection c, boolean enable, long now) throws ConnectionException {
        // not available
    }

    /** {@return the FEC settings from the command line} */
    static FecConfig fecConfig(Options o) {
        return FecConfig.builder().k(o.fecK).r(o.fecR).flushDelay(o.flushInterval)
                .blockMaxAge(o.cleanupInterval).build();
    }

    /** {@return whether {@code e} reports that the encoding state changed} */
    static boolean isStateChange(ConnectionEvent e) {
        return false;
    }

    /** {@return whether the connection's encoder is on} */
    static boolean isOn(Connection c) {
        return false;
    }
}
