package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.tls.dtls13.Dtls13MsgSamples.Case;

/**
 * Every parser is total: random bytes, every truncation of a valid encoding and random corruptions of
 * one either parse or throw AlertException with a decode-class description, never anything else.
 */
class Dtls13MsgTotalityTest {
    private static void total(Case c, byte[] input) {
        try {
            c.parser().parse(input);
        } catch (AlertException e) {
            int d = e.description();
            assertTrue(d == AlertException.DECODE_ERROR || d == AlertException.ILLEGAL_PARAMETER
                    || d == AlertException.BAD_CERTIFICATE, c.name() + ": unexpected alert " + d);
        } catch (RuntimeException | Error e) {
            throw new AssertionError(c.name() + " threw " + e + " on " + java.util.HexFormat.of().formatHex(input), e);
        }
    }

    @Test
    void randomBytes() {
        qt().withExamples(3000).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            byte[] b = Dtls13MsgSamples.bytes(r, 0, r.nextBoolean() ? 16 : 400);
            if (r.nextBoolean() && b.length > 0) {
                b[0] = (byte) r.nextInt(3); // small leading lengths reach deeper
            }
            for (Case c : Dtls13MsgSamples.cases()) {
                total(c, b);
            }
        });
    }

    @Test
    void everyTruncationAndOneExtraByte() {
        qt().withExamples(150).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            for (Case c : Dtls13MsgSamples.cases()) {
                byte[] valid = c.sample().apply(r);
                for (int k = 0; k < valid.length; k++) {
                    total(c, java.util.Arrays.copyOf(valid, k));
                }
                byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 1);
                longer[valid.length] = (byte) r.nextInt(256);
                if (c.name().equals("FragmentHeader")) {
                    total(c, longer); // the next fragment of the record may follow
                } else {
                    // Each of these parsers consumes its whole input: one byte more is never valid.
                    AlertException e = assertThrows(AlertException.class, () -> c.parser().parse(longer), c.name());
                    assertTrue(e.description() == AlertException.DECODE_ERROR, c.name());
                }
            }
        });
    }

    @Test
    void corruptedEncodings() {
        qt().withExamples(1000).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            for (Case c : Dtls13MsgSamples.cases()) {
                byte[] b = c.sample().apply(r);
                if (b.length == 0) {
                    continue;
                }
                int flips = 1 + r.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? r.nextInt(256) : 0xFF);
                }
                total(c, b);
            }
        });
    }
}
