package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lightwayj.codec.fec.FecCodecFactory;
import org.lightwayj.codec.fec.FecConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 7 end-to-end: the {@code fec-rs} codec (K=10, R=3) over the connection harness, encoding
 * switched on through ToggleEncoding, with 5 % i.i.d. seeded loss on every data datagram (Data,
 * EncodedData and their fragments) client → server. Residual inside loss must stay ≤ 0.2 %; the same
 * link without FEC loses ≈ 5 %.
 */
class FecEndToEndTest {

    private static final Logger LOG = LoggerFactory.getLogger(FecEndToEndTest.class);
    static final long MS = Harness.MS;
    static final int PACKETS = 20_000;
    static final double LOSS = 0.05;

    /** Returns the fraction of inside packets lost client → server. */
    private static double run(long seed, boolean fec) throws ConnectionException {
        FecCodecFactory factory = new FecCodecFactory(FecConfig.builder().k(10).r(3).build());
        try (Harness h = CodecConnectionTest.codecHarness(seed, null, null, true, b -> { }, factory)) {
            h.c2s.loss(LOSS).lossKinds = k -> k == 5 || k == 15 || k == 16 || k == 17;
            h.online();
            if (fec) {
                h.client.setEncoding(true, h.now);
                assertTrue(h.runUntil(() -> h.client.isEncodingEnabled() && h.server().isEncodingEnabled(),
                        1000 * MS));
            }
            int sent = 0;
            while (sent < PACKETS) {
                for (int i = 0; i < 10 && sent < PACKETS; i++, sent++) {
                    h.client.insidePacketReceived(h.packet(sent, 100 + (sent * 37) % 1200), h.now);
                }
                h.runFor(MS);
            }
            h.runFor(1000 * MS);
            Set<Long> got = new HashSet<>();
            for (byte[] p : h.serverSide.inside) {
                assertTrue(got.add(Harness.packetId(p)), "delivered twice");
            }
            assertEquals(ConnectionState.ONLINE, h.client.state());
            assertEquals(fec, h.clientMetrics.encodedSent > 0);
            return 1.0 - got.size() / (double) PACKETS;
        } finally {
            factory.close();
        }
    }

    @Test
    void fecRebuildsLostInsidePacketsOverALossyLink() throws Exception {
        double withFec = run(71, true);
        double without = run(71, false);
        String msg = String.format("FEC K=10 R=3 over 5%% i.i.d. loss, %d packets: residual loss with FEC %.4f%%, "
                + "without FEC %.3f%%", PACKETS, withFec * 100, without * 100);
        LOG.info(msg);
        assertTrue(withFec <= 0.002, msg);
        assertTrue(without >= 0.04 && without <= 0.06, msg);
    }
}
