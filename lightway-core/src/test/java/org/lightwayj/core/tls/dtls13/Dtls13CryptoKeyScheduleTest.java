package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The key schedule against RFC 8448 §3 (with the TLS 1.3 prefix) and the DTLS 1.3 HkdfLabel layout. */
class Dtls13CryptoKeyScheduleTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] h(String s) {
        return HEX.parseHex(s);
    }

    // RFC 8448 §3, Simple 1-RTT Handshake, TLS_AES_128_GCM_SHA256.
    private static final byte[] ECDHE = h("8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d");
    private static final byte[] TH_CH_SH = h("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");
    private static final byte[] TH_CH_SF = h("9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13");

    @Test
    void rfc8448SimpleOneRtt() {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_128_GCM_SHA256, Hkdf.TLS13_PREFIX);
        Hkdf hkdf = ks.hkdf();
        byte[] early = ks.earlySecret();
        assertEquals("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a", HEX.formatHex(early));
        assertEquals("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba",
                HEX.formatHex(hkdf.deriveSecret(early, "derived", hkdf.emptyHash())));

        ks.deriveHandshakeSecrets(ECDHE, TH_CH_SH);
        assertEquals("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac",
                HEX.formatHex(ks.handshakeSecret()));
        assertEquals("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21",
                HEX.formatHex(ks.clientHandshakeTrafficSecret()));
        assertEquals("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38",
                HEX.formatHex(ks.serverHandshakeTrafficSecret()));

        TrafficKeys server = ks.trafficKeys(ks.serverHandshakeTrafficSecret());
        assertEquals("3fce516009c21727d0f2e4e86ee403bc", HEX.formatHex(server.key()));
        assertEquals("5d313eb2671276ee13000b30", HEX.formatHex(server.iv()));
        assertEquals(16, server.snKey().length);
        TrafficKeys client = ks.trafficKeys(ks.clientHandshakeTrafficSecret());
        assertEquals("dbfaa693d1762c5b666af5d950258d01", HEX.formatHex(client.key()));
        assertEquals("5bd3c71b836e0b76bb73265f", HEX.formatHex(client.iv()));

        ks.deriveApplicationSecrets(TH_CH_SF);
        assertEquals("9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5",
                HEX.formatHex(ks.clientApplicationTrafficSecret()));
        assertEquals("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643",
                HEX.formatHex(ks.serverApplicationTrafficSecret()));
        TrafficKeys serverAp = ks.trafficKeys(ks.serverApplicationTrafficSecret());
        assertEquals("9f02283b6c9c07efc26bb9f2ac92e356", HEX.formatHex(serverAp.key()));
        assertEquals("cf782b88dd83549aadf1e984", HEX.formatHex(serverAp.iv()));
    }

    @Test
    void rfc5869TestCase1() {
        // RFC 5869 §A.1 (SHA-256).
        Hkdf hkdf = new Hkdf(CipherSuite.TLS_AES_128_GCM_SHA256, Hkdf.TLS13_PREFIX);
        byte[] prk = hkdf.extract(h("000102030405060708090a0b0c"), h("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", HEX.formatHex(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HEX.formatHex(hkdf.expand(prk, h("f0f1f2f3f4f5f6f7f8f9"), 42)));
    }

    @Test
    void dtls13HkdfLabelIsByteExact() {
        Hkdf hkdf = new Hkdf(CipherSuite.TLS_AES_128_GCM_SHA256, Hkdf.DTLS13_PREFIX);
        // uint16 16 || uint8 9 || "dtls13key" || uint8 0
        assertEquals("0010" + "09" + "64746c7331336b6579" + "00", HEX.formatHex(hkdf.hkdfLabel("key", new byte[0], 16)));
        // uint16 12 || uint8 8 || "dtls13iv" || uint8 3 || context
        byte[] ctx = {1, 2, 3};
        assertEquals("000c" + "08" + "64746c7331336976" + "03" + "010203",
                HEX.formatHex(hkdf.hkdfLabel("iv", ctx, 12)));
        // The DTLS prefix has no trailing space: "dtls13" + "derived" is 13 bytes.
        byte[] derived = hkdf.hkdfLabel("derived", hkdf.emptyHash(), 32);
        assertEquals(13, derived[2]);
        assertArrayEquals("dtls13derived".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(derived, 3, 16));
        assertEquals(32, derived[16]);
        // And the expansion really uses that label: differs from TLS 1.3's.
        byte[] secret = new byte[32];
        Hkdf tls = new Hkdf(CipherSuite.TLS_AES_128_GCM_SHA256, Hkdf.TLS13_PREFIX);
        assertFalse(Arrays.equals(hkdf.expandLabel(secret, "key", new byte[0], 16),
                tls.expandLabel(secret, "key", new byte[0], 16)));
        assertArrayEquals(hkdf.expand(secret, hkdf.hkdfLabel("key", new byte[0], 16), 16),
                hkdf.expandLabel(secret, "key", new byte[0], 16));
    }

    @Test
    void lengthsPerSuite() {
        for (CipherSuite suite : CipherSuite.values()) {
            KeySchedule ks = new KeySchedule(suite, Hkdf.DTLS13_PREFIX);
            ks.deriveHandshakeSecrets(new byte[suite.hashLength()], ks.hkdf().emptyHash());
            assertEquals(suite.hashLength(), ks.clientHandshakeTrafficSecret().length);
            TrafficKeys k = ks.trafficKeys(ks.clientHandshakeTrafficSecret());
            assertEquals(suite.keyLength(), k.key().length);
            assertEquals(12, k.iv().length);
            assertEquals(suite.keyLength(), k.snKey().length);
            byte[] next = ks.nextTrafficSecret(ks.clientHandshakeTrafficSecret());
            assertEquals(suite.hashLength(), next.length);
            assertFalse(Arrays.equals(next, ks.clientHandshakeTrafficSecret()));
            assertEquals(suite.hashLength(),
                    ks.finishedVerifyData(ks.serverHandshakeTrafficSecret(), ks.hkdf().emptyHash()).length);
            ks.deriveApplicationSecrets(ks.hkdf().emptyHash());
            assertEquals(suite.hashLength(), ks.serverApplicationTrafficSecret().length);
            assertEquals(suite, CipherSuite.fromCode(suite.code()));
        }
        assertEquals(null, CipherSuite.fromCode(0x1304));
    }

    @Test
    void finishedMatchesDefinition() {
        KeySchedule ks = new KeySchedule(CipherSuite.TLS_AES_128_GCM_SHA256, Hkdf.TLS13_PREFIX);
        byte[] base = h("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
        // RFC 8448 §3 server finished key, derived from the server handshake traffic secret.
        byte[] finishedKey = ks.hkdf().expandLabel(base, "finished", new byte[0], 32);
        assertEquals("008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8", HEX.formatHex(finishedKey));
        byte[] th = TH_CH_SH;
        assertArrayEquals(ks.hkdf().hmac(finishedKey, th), ks.finishedVerifyData(base, th));
    }
}
