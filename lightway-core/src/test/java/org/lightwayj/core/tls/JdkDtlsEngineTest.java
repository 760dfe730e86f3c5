package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JDK SSLEngine DTLS 1.2 engine, alone and against the Bouncy Castle engines. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdkDtlsEngineTest {

    @ParameterizedTest
    @CsvSource({"AES_256_GCM,false", "CHACHA20_POLY1305,false", "AES_256_GCM,true", "CHACHA20_POLY1305,true"})
    void jdkToJdk(TlsCipher cipher, boolean rsa) throws Exception {
        TestPki p = rsa ? TestPki.rsa() : TestPki.ec();
        long now = System.nanoTime();
        DtlsPair pair = new DtlsPair(TlsEngines.jdkDtlsClient(p.client().ciphers(cipher).build(), now),
                TlsEngines.jdkDtlsServer(p.server().build(), now));
        pair.pump();
        assertEquals(TlsState.ESTABLISHED, pair.client.state(), () -> String.valueOf(pair.client.failure()));
        assertEquals(TlsState.ESTABLISHED, pair.server.state(), () -> String.valueOf(pair.server.failure()));
        assertEquals(cipher == TlsCipher.AES_256_GCM ? 37 : 29, pair.client.recordOverhead());
        DtlsEngineTest.assertRoundTrip(pair, "jdk");
        pair.client.close(System.nanoTime());
        assertThrows(TlsException.class, () -> Pump.seal(pair.client, "late"));
        pair.pump();
        assertEquals(TlsState.CLOSED, pair.server.state());
        assertTrue(pair.closeAndCheckIdle());
    }

    @ParameterizedTest
    @CsvSource({"AES_256_GCM", "CHACHA20_POLY1305"})
    void jdkClientAgainstBouncyCastleServer(TlsCipher cipher) throws Exception {
        TestPki p = TestPki.rsa();
        DtlsPair pair = new DtlsPair(TlsEngines.jdkDtlsClient(p.client().ciphers(cipher).build(), System.nanoTime()),
                p.server().build());
        pair.pump();
        assertEquals(TlsState.ESTABLISHED, pair.client.state(), () -> String.valueOf(pair.client.failure()));
        assertEquals(TlsState.ESTABLISHED, pair.server.state(), () -> String.valueOf(pair.server.failure()));
        DtlsEngineTest.assertRoundTrip(pair, "jdk-bc");
        assertTrue(pair.closeAndCheckIdle());
    }

    @Test
    void bouncyCastleClientAgainstJdkServer() throws Exception {
        TestPki p = TestPki.ec();
        java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newCachedThreadPool();
        long now = System.nanoTime();
        DtlsPair pair = new DtlsPair(TlsEngines.dtls12Client(p.client().build(), ex, now),
                TlsEngines.jdkDtlsServer(p.server().build(), now));
        pair.pump();
        assertEquals(TlsState.ESTABLISHED, pair.client.state(), () -> String.valueOf(pair.client.failure()));
        assertEquals(TlsState.ESTABLISHED, pair.server.state(), () -> String.valueOf(pair.server.failure()));
        DtlsEngineTest.assertRoundTrip(pair, "bc-jdk");
        pair.client.close();
        pair.server.close();
        ex.shutdown();
        assertTrue(ex.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue(pair.closeAndCheckIdle());
    }

    @Test
    void forgedShortAndRandomRecordsAreDropped() throws Exception {
        TestPki p = TestPki.ec();
        long now = System.nanoTime();
        DtlsPair pair = new DtlsPair(TlsEngines.jdkDtlsClient(p.client().build(), now),
                TlsEngines.jdkDtlsServer(p.server().build(), now));
        pair.pump();
        byte[] forged = {23, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 5,
            1, 2, 3, 4, 5};
        pair.server.receive(Unpooled.wrappedBuffer(forged), System.nanoTime());
        assertEquals(1, pair.server.droppedRecords());
        java.util.Random rnd = new java.util.Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] d = new byte[13 + rnd.nextInt(200)];
            rnd.nextBytes(d);
            d[0] = 23;
            d[1] = (byte) 0xFE;
            d[2] = (byte) 0xFD;
            d[3] = 0;
            d[4] = 1;
            d[11] = 0;
            d[12] = (byte) (d.length - 13);
            pair.server.receive(Unpooled.wrappedBuffer(d), System.nanoTime());
            assertEquals(TlsState.ESTABLISHED, pair.server.state());
        }
        assertTrue(pair.server.droppedRecords() > 1);
        assertTrue(Pump.plaintexts(pair.server).isEmpty());
        Pump.releaseAll(Pump.drain(pair.server));
        DtlsEngineTest.assertRoundTrip(pair, "after junk");
        assertTrue(pair.closeAndCheckIdle());
    }

    @Test
    void wrongNameIsTypedAndTimeoutIsHostDriven() throws Exception {
        TestPki p = TestPki.ec();
        long now = System.nanoTime();
        DtlsPair pair = new DtlsPair(TlsEngines.jdkDtlsClient(p.client().serverName("evil.example.test").build(),
                now), TlsEngines.jdkDtlsServer(p.server().build(), now));
        pair.pump();
        assertEquals(TlsState.FAILED, pair.client.state());
        assertEquals(TlsException.Reason.DOMAIN_NAME_MISMATCH, pair.client.failure().reason());
        assertTrue(pair.closeAndCheckIdle());

        // Retransmission and timeout follow the host clock alone: no wall time passes here.
        TlsEngine lonely = TlsEngines.jdkDtlsClient(p.client().build(), 0);
        List<io.netty.buffer.ByteBuf> first = Pump.drain(lonely);
        assertEquals(1, first.size());
        Pump.releaseAll(first);
        assertEquals(1_000_000_000L, lonely.nextTimeout());
        lonely.tick(1_000_000_000L);
        List<io.netty.buffer.ByteBuf> resent = Pump.drain(lonely);
        assertEquals(1, resent.size(), "ClientHello resent at the host deadline");
        Pump.releaseAll(resent);
        assertEquals(3_000_000_000L, lonely.nextTimeout(), "backoff doubles");
        lonely.tick(30_000_000_000L);
        assertEquals(TlsException.Reason.HANDSHAKE_TIMEOUT, lonely.failure().reason());
        assertNull(lonely.pollOutbound());
        lonely.close();
    }
}
