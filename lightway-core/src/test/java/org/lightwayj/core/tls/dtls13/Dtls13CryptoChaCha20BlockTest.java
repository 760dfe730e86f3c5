package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** ChaCha20Block against RFC 8439 §2.3.2 and against the JDK's ChaCha20 keystream. */
class Dtls13CryptoChaCha20BlockTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc8439Section232() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] nonce = HEX.parseHex("000000090000004a00000000");
        byte[] out = new byte[64];
        new ChaCha20Block(key).block(1, nonce, 0, out, 0);
        assertEquals("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e", HEX.formatHex(out));

        // The mask form takes the counter little-endian from the first four sample bytes.
        byte[] sample = HEX.parseHex("01000000" + "000000090000004a00000000");
        byte[] viaMask = new byte[64];
        new ChaCha20Block(key).maskBlock(sample, 0, viaMask, 0);
        assertArrayEquals(out, viaMask);
    }

    @Test
    void matchesJdkKeystream() throws Exception {
        Random r = new Random(8439);
        for (int n = 0; n < 200; n++) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            r.nextBytes(key);
            r.nextBytes(nonce);
            int counter = r.nextInt() & 0x7fffffff; // leave room for the JDK's counter not to wrap
            Cipher c = Cipher.getInstance("ChaCha20");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, counter));
            byte[] expected = c.doFinal(new byte[64]);
            byte[] out = new byte[70];
            new ChaCha20Block(key).block(counter, nonce, 0, out, 3);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 3, 67));
        }
    }
}
