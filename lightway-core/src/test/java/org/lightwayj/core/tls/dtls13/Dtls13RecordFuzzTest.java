package org.lightwayj.core.tls.dtls13;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.lightwayj.testkit.TrackingAllocator;

/**
 * Jazzer fuzz target for {@link RecordLayer#readDatagram}: a reader with epochs 0 (plaintext), 2 and 3
 * ({@link TestProtection}) installed.
 *
 * <p>In a normal build this runs in regression mode (an empty input plus the seeds under
 * {@code src/test/resources/org/lightwayj/core/tls/dtls13/Dtls13RecordFuzzTestInputs/readDatagram/}). To
 * fuzz for real:
 * <pre>
 * mvn -B -ntp -Pfuzz -pl lightway-core -am test -Dtest=Dtls13RecordFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Input: byte 0 selects the mode. Bit 0 clear, <em>raw</em>: the rest is one datagram (bit 1: in a
 * direct buffer, so the layer decrypts through its scratch copy). Bit 0 set, <em>writer</em>: bytes 1-7
 * are {@code epochSel, typeSel (bit 7: direct buffer), seqHigh, seqLow u16, mutateAt u16} and byte 8 the xor mask, the rest is
 * the content of one genuine record written by a paired RecordLayer; byte {@code mutateAt} (mod the
 * record length) of it is xored with the mask before the reader sees it.
 *
 * <p>Checked on every input: nothing throws; the datagram is neither modified nor released; every
 * buffer the layer allocated is released once the sink released what it was handed (no leak); a
 * non-empty datagram delivers or counts at least one record; no record number is delivered twice; an
 * epoch-0 record is delivered only with the bytes of a plaintext record present in the datagram; a
 * protected record is never delivered from raw input; a genuine record is delivered exactly once with
 * its type, epoch, sequence number and content when the mask is 0, and a mutated protected record
 * never.
 */
class Dtls13RecordFuzzTest {
    private static final int[] EPOCHS = {0, 2, 3};
    private static final int[] PLAIN_TYPES = {RecordLayer.CT_HANDSHAKE, RecordLayer.CT_ALERT, RecordLayer.CT_ACK};
    private static final int[] PROTECTED_TYPES = {RecordLayer.CT_APPLICATION_DATA, RecordLayer.CT_HANDSHAKE,
        RecordLayer.CT_ALERT, RecordLayer.CT_ACK};

    record Got(int type, int epoch, long seq, byte[] data) {
    }

    /** Copies and releases what it is handed (as the engine's sink does once it is done). */
    static final class Collect implements RecordLayer.Sink {
        final List<Got> got = new ArrayList<>();

        @Override
        public void onRecord(int contentType, int epoch, long sequence, ByteBuf plaintext) {
            assertEquals(1, plaintext.refCnt(), "the sink must own the plaintext buffer");
            got.add(new Got(contentType, epoch, sequence, ByteBufUtil.getBytes(plaintext)));
            plaintext.release();
        }
    }

    private static RecordLayer layer(TrackingAllocator alloc, boolean write) {
        RecordLayer l = new RecordLayer(alloc, 64, 16384);
        for (int e : EPOCHS) {
            if (write) {
                l.installWriteEpoch(e, e == 0 ? null : new TestProtection(e));
            } else {
                l.installReadEpoch(e, e == 0 ? null : new TestProtection(e));
            }
        }
        return l;
    }

    @FuzzTest(maxDuration = "30s")
    void readDatagram(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 0xFF;
        if ((mode & 1) == 0) {
            raw(Arrays.copyOfRange(input, 1, input.length), (mode & 2) != 0);
        } else if (input.length >= 9) {
            written(input);
        }
    }

    private static void raw(byte[] datagram, boolean direct) {
        TrackingAllocator alloc = new TrackingAllocator(true);
        RecordLayer r = layer(alloc, false);
        List<Got> got = read(r, datagram, direct, alloc);
        for (Got g : got) {
            if (g.epoch() != 0) {
                fail("a protected record authenticated from raw bytes: " + g);
            }
        }
        assertTrue(datagram.length == 0 || !got.isEmpty() || r.droppedRecords() > 0,
                "a non-empty datagram neither delivered nor counted anything");
    }

    private static void written(byte[] input) {
        int epoch = EPOCHS[(input[1] & 0xFF) % EPOCHS.length];
        int[] types = epoch == 0 ? PLAIN_TYPES : PROTECTED_TYPES;
        int type = types[(input[2] & 0xFF) % types.length];
        int seqHigh = input[3] & 0xFF;
        long seq = ((long) seqHigh << 16) | ((input[4] & 0xFF) << 8) | (input[5] & 0xFF);
        int mutateAt = ((input[6] & 0xFF) << 8) | (input[7] & 0xFF);
        int mask = input[8] & 0xFF;
        byte[] content = Arrays.copyOfRange(input, 9, input.length);

        TrackingAllocator alloc = new TrackingAllocator(true);
        RecordLayer w = layer(alloc, true);
        RecordLayer r = layer(alloc, false);
        w.skipWriteSequence(epoch, seq);
        if (seqHigh != 0) {
            // The reader reconstructs the full number from its 16 low bits next to what it has seen.
            r.markReceived(epoch, seq - 1 - (seqHigh & 0x0F));
        }
        ByteBuf rec = Unpooled.buffer(content.length + 64);
        w.writeRecord(rec, epoch, type, content, 0, content.length);
        byte[] d = ByteBufUtil.getBytes(rec);
        rec.release();
        int at = mutateAt % d.length;
        d[at] ^= (byte) mask;
        List<Got> got = read(r, d, (input[2] & 0x80) != 0, alloc);
        if (mask == 0) {
            assertEquals(1, got.size(), "a genuine record is delivered exactly once");
            Got g = got.get(0);
            assertEquals(type, g.type());
            assertEquals(epoch, g.epoch());
            assertEquals(seq, g.seq());
            assertArrayEquals(content, g.data());
            assertEquals(0, r.droppedRecords());
        } else {
            for (Got g : got) {
                if (g.epoch() != 0) {
                    fail("a mutated protected record was delivered: byte " + at + " ^ " + mask + " → " + g);
                }
            }
            assertTrue(!got.isEmpty() || r.droppedRecords() > 0, "the mutated record was not counted");
        }
    }

    /** Reads one datagram and checks what holds for any input. */
    private static List<Got> read(RecordLayer r, byte[] datagram, boolean direct, TrackingAllocator alloc) {
        ByteBuf d = direct ? Unpooled.directBuffer(Math.max(1, datagram.length)).writeBytes(datagram)
                : Unpooled.wrappedBuffer(datagram.clone());
        Collect c = new Collect();
        try {
            r.readDatagram(d, c);
            assertEquals(1, d.refCnt(), "readDatagram released the datagram");
            assertEquals(0, d.readerIndex(), "readDatagram moved the reader index");
            assertArrayEquals(datagram, ByteBufUtil.getBytes(d), "readDatagram modified the datagram");
        } finally {
            d.release();
        }
        alloc.assertAllReleased();
        Set<List<Long>> numbers = new HashSet<>();
        for (Got g : c.got) {
            if (!numbers.add(List.of((long) g.epoch(), g.seq()))) {
                fail("record " + g.epoch() + "/" + g.seq() + " delivered twice from one datagram");
            }
            if (g.epoch() == 0 && !isPlaintextRecordIn(datagram, g)) {
                fail("epoch-0 record " + g + " is not a plaintext record of " + HexFormat.of().formatHex(datagram));
            }
        }
        return c.got;
    }

    /** Whether {@code d} holds a DTLSPlaintext record with exactly this type, epoch 0, sequence and body. */
    private static boolean isPlaintextRecordIn(byte[] d, Got g) {
        int n = g.data().length;
        for (int p = 0; p + RecordLayer.PLAINTEXT_HEADER_LENGTH + n <= d.length; p++) {
            if ((d[p] & 0xFF) != g.type() || d[p + 3] != 0 || d[p + 4] != 0) {
                continue;
            }
            int version = ((d[p + 1] & 0xFF) << 8) | (d[p + 2] & 0xFF);
            long seq = 0;
            for (int i = 5; i < 11; i++) {
                seq = (seq << 8) | (d[p + i] & 0xFF);
            }
            int len = ((d[p + 11] & 0xFF) << 8) | (d[p + 12] & 0xFF);
            if ((version == Messages.DTLS12 || version == Messages.DTLS10) && seq == g.seq() && len == n
                    && Arrays.equals(d, p + 13, p + 13 + n, g.data(), 0, n)) {
                return true;
            }
        }
        return false;
    }
}
