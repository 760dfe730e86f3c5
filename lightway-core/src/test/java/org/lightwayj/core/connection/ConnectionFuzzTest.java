package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;

/**
 * Jazzer fuzz target for the connection's receive path: the input is a script of outside inputs
 * (raw datagrams / stream bytes, and records the test engine authenticates, so the bytes reach the
 * frame parser) fed to an Online client or server.
 *
 * <p>In a normal build this runs in regression mode (an empty input plus any seeds under
 * {@code src/test/resources/org/lightwayj/core/connection/ConnectionFuzzTestInputs/}). To fuzz for real:
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -ntp -pl lightway-core -am test -Dtest=ConnectionFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Checked on every input: nothing throws out of the API, and the state either stays Online or the
 * connection closed with an error that is fatal for its transport (spec §4.9); no buffer leaks.
 */
class ConnectionFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void outsideInputNeverBreaksTheContract(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xFF;
        Transport t = (mode & 1) == 0 ? Transport.UDP : Transport.TCP;
        boolean toServer = (mode & 2) != 0;
        try (Harness h = new Harness(t, mode).start(ConnectionExamplesTest.GOOD).online()) {
            Connection target = toServer ? h.server() : h.client;
            int i = 1;
            while (i < input.length && target.state() == ConnectionState.ONLINE) {
                int header = input[i++] & 0xFF;
                int len = Math.min(header & 0x7F, input.length - i);
                byte[] chunk = new byte[len];
                System.arraycopy(input, i, chunk, 0, len);
                i += len;
                ByteBuf b;
                if ((header & 0x80) != 0) {
                    b = h.authenticated(target, chunk);
                } else {
                    b = h.alloc.buffer(len).writeBytes(chunk);
                }
                if (toServer) {
                    h.injectToServer(b);
                } else {
                    target.outsideDataReceived(b, h.now);
                }
            }
            if (target.state() != ConnectionState.ONLINE) {
                assertEquals(ConnectionState.DISCONNECTED, target.state());
                assertNotNull(target.closeReason());
                assertTrue(target.closeReason().isFatal(t), target.closeReason().toString());
            }
        }
    }
}
