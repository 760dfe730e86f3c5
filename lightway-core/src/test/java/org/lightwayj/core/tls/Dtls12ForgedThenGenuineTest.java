package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Regression (found by {@code Dtls12EngineFuzzTest}): in a DTLS 1.2 datagram, a genuine record behind
 * forged ones must come out with that datagram, exactly once, whatever Bouncy Castle's wall-clock
 * receive timeout does after the forged record failed.
 */
class Dtls12ForgedThenGenuineTest {

    @RepeatedTest(5)
    void genuineRecordBehindForgedRecordsArrivesWithItsDatagramOnce() throws Exception {
        try (Dtls12EngineFuzzTest.Pair p = new Dtls12EngineFuzzTest.Pair()) {
            assertTrue(p.established(), () -> "handshake: " + p.client.failure() + " / " + p.server.failure());
            p.collect();
            p.serverPlain.clear();
            for (int round = 0; round < 20; round++) {
                byte[] genuine = Dtls12EngineFuzzTest.Pair.seal(p.client, ("genuine " + round).getBytes(), p.now);
                // Two forged copies: a later sequence number, a flipped ciphertext byte (authentication fails).
                byte[] forged1 = forge(genuine, 1000 + round);
                byte[] forged2 = forge(genuine, 2000 + round);
                byte[] datagram = new byte[forged1.length + forged2.length + genuine.length];
                System.arraycopy(forged1, 0, datagram, 0, forged1.length);
                System.arraycopy(forged2, 0, datagram, forged1.length, forged2.length);
                System.arraycopy(genuine, 0, datagram, forged1.length + forged2.length, genuine.length);
                long dropsBefore = p.server.droppedRecords();
                ByteBuf d = Unpooled.wrappedBuffer(datagram);
                try {
                    p.server.receive(d, p.now);
                } finally {
                    d.release();
                }
                p.collect();
                assertEquals(1, p.serverPlain.size(), "round " + round + ": the genuine record arrived with its datagram");
                assertEquals("genuine " + round, new String(p.serverPlain.get(0)));
                assertTrue(p.server.droppedRecords() - dropsBefore >= 2, "both forged records counted");
                p.serverPlain.clear();
            }
            // Nothing was left queued inside BC to come out twice later.
            byte[] last = Dtls12EngineFuzzTest.Pair.seal(p.client, "last".getBytes(), p.now);
            ByteBuf d = Unpooled.wrappedBuffer(last);
            try {
                p.server.receive(d, p.now);
            } finally {
                d.release();
            }
            p.collect();
            assertEquals(1, p.serverPlain.size());
            assertEquals("last", new String(p.serverPlain.get(0)));
            assertEquals(TlsState.ESTABLISHED, p.server.state());
        }
    }

    private static byte[] forge(byte[] record, long sequence) {
        byte[] f = Arrays.copyOf(record, record.length);
        for (int i = 0; i < 6; i++) {
            f[5 + i] = (byte) (sequence >>> (40 - 8 * i)); // 48-bit sequence number after the epoch
        }
        f[f.length - 1] ^= 0x5A; // the last tag byte
        return f;
    }
}
