package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** RecordCipher: AEAD round trips and forgeries for every suite, the mask, and per-record allocation. */
class Dtls13CryptoRecordCipherTest {
    private static final int AAD_OFF = 3;
    private static final int AAD_LEN = 13;

    private static TrafficKeys keys(CipherSuite suite, long seed) {
        KeySchedule ks = new KeySchedule(suite, Hkdf.DTLS13_PREFIX);
        byte[] secret = ks.hkdf().hash(Long.toString(seed).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (secret.length != suite.hashLength()) {
            throw new AssertionError();
        }
        return ks.trafficKeys(secret);
    }

    private static RecordCipher cipher(CipherSuite suite, long seed) {
        try {
            return new RecordCipher(suite, keys(suite, seed));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void roundTripAndForgeriesEverySuite() {
        qt().withExamples(300)
                .forAll(integers().between(0, 2), integers().between(0, 1500), longs().between(0, (1L << 48) - 1),
                        integers().all())
                .checkAssert((suiteIndex, len, seq, seed) -> {
                    CipherSuite suite = CipherSuite.values()[suiteIndex];
                    Random r = new Random(seed);
                    RecordCipher sender = cipher(suite, seed);
                    RecordCipher receiver = cipher(suite, seed);
                    byte[] aad = new byte[AAD_OFF + AAD_LEN];
                    r.nextBytes(aad);
                    byte[] plain = new byte[len];
                    r.nextBytes(plain);
                    int off = r.nextInt(8);
                    byte[] buf = new byte[off + len + RecordProtection.TAG_LENGTH + 5];
                    System.arraycopy(plain, 0, buf, off, len);

                    int ctLen = sender.seal(seq, aad, AAD_OFF, AAD_LEN, buf, off, len);
                    assertEquals(len + RecordProtection.TAG_LENGTH, ctLen);
                    byte[] ct = Arrays.copyOfRange(buf, off, off + ctLen);

                    // Out of place.
                    byte[] out = new byte[ctLen + 2];
                    assertEquals(len, receiver.open(seq, aad, AAD_OFF, AAD_LEN, ct, 0, ctLen, out, 2));
                    assertArrayEquals(plain, Arrays.copyOfRange(out, 2, 2 + len));

                    // A flipped ciphertext or tag byte, AAD byte, or a different seq is a forgery.
                    byte[] bad = ct.clone();
                    bad[r.nextInt(ctLen)] ^= (byte) (1 << r.nextInt(8));
                    assertEquals(-1, receiver.open(seq, aad, AAD_OFF, AAD_LEN, bad, 0, ctLen, out, 0));
                    byte[] badAad = aad.clone();
                    badAad[AAD_OFF + r.nextInt(AAD_LEN)] ^= 0x01;
                    assertEquals(-1, receiver.open(seq, badAad, AAD_OFF, AAD_LEN, ct, 0, ctLen, out, 0));
                    assertEquals(-1, receiver.open(seq ^ (1L << r.nextInt(48)), aad, AAD_OFF, AAD_LEN, ct, 0,
                            ctLen, out, 0));
                    assertEquals(-1, receiver.open(seq, aad, AAD_OFF, AAD_LEN, ct, 0, ctLen - 1, out, 0));
                    assertEquals(-1, receiver.open(seq, aad, AAD_OFF, AAD_LEN, ct, 0, r.nextInt(16), out, 0));
                    // Another epoch's keys.
                    assertEquals(-1, cipher(suite, seed + 1).open(seq, aad, AAD_OFF, AAD_LEN, ct, 0, ctLen, out, 0));

                    // Still usable after failures, and in place.
                    assertEquals(len, receiver.open(seq, aad, AAD_OFF, AAD_LEN, buf, off, ctLen, buf, off));
                    assertArrayEquals(plain, Arrays.copyOfRange(buf, off, off + len));
                });
    }

    @Test
    void nonceIsIvXorSeq() throws Exception {
        // Cross-check the AES-GCM output against a Cipher given iv XOR seq by hand (RFC 8446 §5.3).
        TrafficKeys k = keys(CipherSuite.TLS_AES_128_GCM_SHA256, 7);
        long seq = 0x0102030405060708L;
        byte[] nonce = k.iv().clone();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (seq >>> (8 * i));
        }
        byte[] aad = new byte[AAD_OFF + AAD_LEN];
        byte[] buf = new byte[100 + 16];
        Arrays.fill(buf, 0, 100, (byte) 0x5a);
        Cipher ref = Cipher.getInstance("AES/GCM/NoPadding");
        ref.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k.key(), "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce));
        ref.updateAAD(aad, AAD_OFF, AAD_LEN);
        byte[] expected = ref.doFinal(buf, 0, 100);
        new RecordCipher(CipherSuite.TLS_AES_128_GCM_SHA256, k).seal(seq, aad, AAD_OFF, AAD_LEN, buf, 0, 100);
        assertArrayEquals(expected, buf);
    }

    @Test
    void sequenceMask() throws Exception {
        Random r = new Random(9147);
        byte[] sample = new byte[40];
        r.nextBytes(sample);
        for (CipherSuite suite : CipherSuite.values()) {
            TrafficKeys k = keys(suite, 11);
            RecordCipher rc = new RecordCipher(suite, k);
            byte[] expected = new byte[16];
            if (suite.isChaCha()) {
                byte[] block = new byte[64];
                new ChaCha20Block(k.snKey()).maskBlock(sample, 5, block, 0);
                System.arraycopy(block, 0, expected, 0, 16);
            } else {
                Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k.snKey(), "AES"));
                expected = ecb.doFinal(sample, 5, 16);
            }
            byte[] mask2 = new byte[2];
            rc.sequenceMask(sample, 5, mask2);
            assertArrayEquals(Arrays.copyOf(expected, 2), mask2);
            byte[] mask1 = new byte[1];
            rc.sequenceMask(sample, 5, mask1);
            assertEquals(expected[0], mask1[0]);
        }
    }

    @Test
    void sealAllocatesLittle() throws Exception {
        ThreadAllocation mx = new ThreadAllocation();
        for (CipherSuite suite : CipherSuite.values()) {
            RecordCipher rc = cipher(suite, 1);
            byte[] aad = new byte[AAD_OFF + AAD_LEN];
            byte[] buf = new byte[1350 + RecordProtection.TAG_LENGTH];
            byte[] mask = new byte[2];
            long seq = 0;
            for (int i = 0; i < 10_000; i++) { // warm up: JIT, lazy JDK state
                rc.seal(seq++, aad, AAD_OFF, AAD_LEN, buf, 0, 1350);
                rc.sequenceMask(buf, 0, mask);
            }
            int n = 10_000;
            long before = mx.bytes();
            for (int i = 0; i < n; i++) {
                rc.seal(seq++, aad, AAD_OFF, AAD_LEN, buf, 0, 1350);
            }
            long sealBytes = mx.bytes() - before;
            before = mx.bytes();
            for (int i = 0; i < n; i++) {
                rc.sequenceMask(buf, i % 1000, mask);
            }
            long maskBytes = mx.bytes() - before;
            // The anchor: the JDK cipher alone, init + AAD + doFinal in place, as any JCA record layer must do.
            javax.crypto.Cipher raw = javax.crypto.Cipher.getInstance(suite.isChaCha() ? "ChaCha20-Poly1305"
                    : "AES/GCM/NoPadding");
            javax.crypto.spec.SecretKeySpec k = new javax.crypto.spec.SecretKeySpec(new byte[suite.keyLength()],
                    suite.isChaCha() ? "ChaCha20" : "AES");
            byte[] nonce = new byte[12];
            long rawBytes = 0;
            for (int round = 0; round < 2; round++) { // first round warms up
                before = mx.bytes();
                for (int i = 0; i < n; i++) {
                    long s = seq++;
                    for (int j = 0; j < 8; j++) {
                        nonce[11 - j] = (byte) (s >>> (8 * j));
                    }
                    raw.init(javax.crypto.Cipher.ENCRYPT_MODE, k, suite.isChaCha()
                            ? new javax.crypto.spec.IvParameterSpec(nonce)
                            : new javax.crypto.spec.GCMParameterSpec(128, nonce));
                    raw.updateAAD(aad, AAD_OFF, AAD_LEN);
                    raw.doFinal(buf, 0, 1350, buf, 0);
                }
                rawBytes = mx.bytes() - before;
            }
            double perSeal = (double) sealBytes / n;
            double perRaw = (double) rawBytes / n;
            System.out.printf("RecordCipher %s: %.1f B allocated per 1350-byte seal (raw JDK cipher %.1f B), %.1f B"
                    + " per mask%n", suite, perSeal, perRaw, (double) maskBytes / n);
            // Whatever the JDK cipher allocates inside init is its own (it varies with JIT decisions by
            // ~10 %); RecordCipher adds no buffer of its own on top.
            assertTrue(perSeal <= perRaw * 1.15 + 32, suite + " allocates " + perSeal + " B per seal vs raw " + perRaw);
            assertTrue(maskBytes / (double) n < 1, suite + " mask allocates " + maskBytes / (double) n);
        }
    }

    /**
     * com.sun.management.ThreadMXBean.getThreadAllocatedBytes, reached reflectively: the module under
     * test does not read java.management / jdk.management, and reflection does not need it to.
     */
    private static final class ThreadAllocation {
        private final Object bean;
        private final Method allocated;
        private final long tid = Thread.currentThread().getId();

        ThreadAllocation() throws Exception {
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
        }

        long bytes() throws Exception {
            return (long) allocated.invoke(bean, tid);
        }
    }
}
