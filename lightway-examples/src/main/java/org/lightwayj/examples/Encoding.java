package org.lightwayj.examples;

import org.lightwayj.codec.fec.FecCodecFactory;
import org.lightwayj.codec.fec.FecConfig;
import org.lightwayj.core.connection.ClientContext;
import org.lightwayj.core.connection.CodecConfig;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionEvent;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.ServerContext;

/**
 * Where the example plugs the FEC codec into the contexts and switches encoding (ToggleEncoding, spec
 * §0.2). Everything codec-related the host does is in this class.
 */
final class Encoding {
    private Encoding() {
    }

    /**
     * The FEC settings from the command line. {@code --flush-interval} is the encoder's partial-block
     * flush delay and {@code --cleanup-interval} the decoder's incomplete-block lifetime: the codec
     * turns them into deadlines, and the connection folds those into {@code nextTimeout()}, so the host
     * never polls for them.
     */
    static FecConfig fecConfig(Options o) {
        return FecConfig.builder().k(o.fecK).r(o.fecR).flushDelay(o.flushInterval)
                .blockMaxAge(o.cleanupInterval).build();
    }

    /** Client: one encoder + decoder per connection from {@code fec}; optionally encoding from the start. */
    static void configure(ClientContext.Builder b, FecCodecFactory fec, Options o) {
        b.codec(CodecConfig.builder(fec).encodeAtConnect(o.encodeAtConnect).build());
    }

    /** Server: the same codec; a client may switch it on if its auth result grants INSIDE_PACKET_CODEC. */
    static void configure(ServerContext.Builder b, FecCodecFactory fec, Options o) {
        b.codec(CodecConfig.of(fec));
    }

    /** Client: asks the server to switch encoding; the answer arrives as EncodingStateChanged. */
    static void set(Connection c, boolean enable, long now) throws ConnectionException {
        c.setEncoding(enable, now);
    }

    /** {@return whether {@code e} reports that the encoding state changed} */
    static boolean isStateChange(ConnectionEvent e) {
        return e instanceof ConnectionEvent.EncodingStateChanged;
    }

    /** {@return whether the connection's encoder is on} */
    static boolean isOn(Connection c) {
        return c.isEncodingEnabled();
    }
}
