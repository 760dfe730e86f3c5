package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsStreamEngineTest {

    static TestPki pki(boolean rsa) throws Exception {
        return rsa ? TestPki.rsa() : TestPki.ec();
    }

    @ParameterizedTest
    @CsvSource({"AES_256_GCM,false", "CHACHA20_POLY1305,false", "AES_256_GCM,true", "CHACHA20_POLY1305,true"})
    void handshakeDataBothWaysAndCloseNotify(TlsCipher cipher, boolean rsa) throws Exception {
        TestPki p = pki(rsa);
        long now = System.nanoTime();
        try (TlsEngine c = TlsEngines.tlsClient(p.client().ciphers(cipher).build(), now);
                TlsEngine s = TlsEngines.tlsServer(p.server().build(), now)) {
            Pump.pump(c, s);
            assertEquals(TlsState.ESTABLISHED, c.state(), () -> String.valueOf(c.failure()));
            assertEquals(TlsState.ESTABLISHED, s.state(), () -> String.valueOf(s.failure()));
            assertEquals(22, c.recordOverhead());
            Pump.seal(c, "hello server");
            Pump.seal(s, "hello client");
            Pump.pump(c, s);
            assertEquals(List.of("hello server"), Pump.plaintexts(s));
            assertEquals(List.of("hello client"), Pump.plaintexts(c));
            c.close(System.nanoTime());
            assertEquals(TlsState.CLOSED, c.state());
            assertThrows(TlsException.class, () -> Pump.seal(c, "after close"));
            Pump.pump(c, s);
            assertEquals(TlsState.CLOSED, s.state());
        }
    }

    @Test
    void wrongTrustAnchorIsUntrusted() throws Exception {
        TlsClientConfig cc = TlsClientConfig.builder().trustAnchors(TestPki.otherEc().ca).build();
        assertFails(cc, TestPki.ec().server().build(), TlsException.Reason.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void wrongNameIsMismatch() throws Exception {
        TlsClientConfig cc = TestPki.ec().client().serverName("other.example.test").build();
        assertFails(cc, TestPki.ec().server().build(), TlsException.Reason.DOMAIN_NAME_MISMATCH);
    }

    @Test
    void expiredCertificateIsExpired() throws Exception {
        TestPki p = TestPki.ec();
        TlsServerConfig sc = TlsServerConfig.builder()
                .certificateChain(List.of(p.expiredLeaf, p.ca), p.leafKey.getPrivate()).build();
        assertFails(p.client().build(), sc, TlsException.Reason.CERTIFICATE_EXPIRED);
    }

    @Test
    void handshakeTimesOut() throws Exception {
        long now = System.nanoTime();
        try (TlsEngine c = TlsEngines.tlsClient(TestPki.ec().client().build(), now)) {
            assertEquals(now + 30_000_000_000L, c.nextTimeout());
            c.tick(c.nextTimeout());
            assertEquals(TlsState.FAILED, c.state());
            assertEquals(TlsException.Reason.HANDSHAKE_TIMEOUT, c.failure().reason());
        }
    }

    @Test
    void garbageFailsTheStreamWithoutThrowing() throws Exception {
        long now = System.nanoTime();
        try (TlsEngine s = TlsEngines.tlsServer(TestPki.ec().server().build(), now)) {
            io.netty.buffer.ByteBuf junk = io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7});
            s.receive(junk, now);
            assertEquals(TlsState.FAILED, s.state());
            assertEquals(TlsException.Reason.PROTOCOL_ERROR, s.failure().reason());
            Pump.releaseAll(Pump.drain(s));
        }
    }

    static void assertFails(TlsClientConfig cc, TlsServerConfig sc, TlsException.Reason reason) {
        long now = System.nanoTime();
        try (TlsEngine c = TlsEngines.tlsClient(cc, now); TlsEngine s = TlsEngines.tlsServer(sc, now)) {
            Pump.pump(c, s);
            assertEquals(TlsState.FAILED, c.state());
            assertNotNull(c.failure());
            assertEquals(reason, c.failure().reason(), c.failure().toString());
            assertEquals(TlsState.FAILED, s.state());
            assertEquals(TlsException.Reason.PEER_FATAL_ALERT, s.failure().reason());
        }
    }
}
