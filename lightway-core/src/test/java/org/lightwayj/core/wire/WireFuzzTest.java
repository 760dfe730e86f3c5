package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Jazzer fuzz target for {@link Header#decode} and {@link Frame#decode}.
 *
 * <p>In a normal build ({@code mvn verify}) this runs in <em>regression mode</em>: once per seed file
 * in {@code src/test/resources/org/lightwayj/core/wire/WireFuzzTestInputs/decodeHeaderAndFrames/},
 * plus an empty input, in milliseconds. To fuzz for real (coverage-guided, until stopped or a finding):
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -ntp -pl lightway-core -am test -Dtest=WireFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The run lasts {@code maxDuration} below (about 2 million executions in 30 s on one core). A crashing
 * input is written next to the seeds and then replays in every regression run; commit it with the
 * fix. Jazzer keeps its generated corpus in {@code lightway-core/.cifuzz-corpus/}: do not commit it.
 *
 * <p>Checked on every input: no exception other than {@link WireException} escapes, a failed decode
 * consumes nothing, a successful frame decode consumes exactly {@link Frame#encodedLength()} bytes.
 */
class WireFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decodeHeaderAndFrames(byte[] input) {
        ByteBuf buf = Unpooled.wrappedBuffer(input);
        try {
            // The same bytes as a UDP datagram (header first) and as a TCP/DTLS plaintext (frames only).
            int start = buf.readerIndex();
            try {
                Header.decode(buf);
                assertTrue(buf.readerIndex() == start + Header.SIZE);
            } catch (WireException e) {
                assertTrue(buf.readerIndex() == start, "failed header decode consumed bytes");
            }
            buf.readerIndex(0);
            decodeAll(buf);
        } finally {
            buf.release();
        }
    }

    private static void decodeAll(ByteBuf buf) {
        while (buf.isReadable()) {
            int before = buf.readerIndex();
            Frame f;
            try {
                f = Frame.decode(buf);
            } catch (WireException e) {
                if (buf.readerIndex() != before) {
                    fail("failed frame decode consumed bytes: " + e.error());
                }
                return;
            }
            try {
                int consumed = buf.readerIndex() - before;
                if (consumed != f.encodedLength()) {
                    fail("consumed " + consumed + " but encodedLength is " + f.encodedLength() + " for " + f);
                }
            } finally {
                f.release();
            }
        }
    }
}
