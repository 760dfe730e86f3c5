package org.lightwayj.core.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link TcpMssClamp} on random valid SYN / SYN-ACK packets with random IPv4 option
 * lengths and random TCP option layouts (NOP, MSS, window scale, SACK-permitted, timestamps, unknown
 * kinds, EOL padding), and on arbitrary bytes.
 */
class TcpMssClampPropertiesTest {
    /** A random valid packet and where its MSS option value sits (offset in the TCP options). */
    private static final class Syn {
        byte[] packet;
        int mssOptionOffset;
        int mss;
    }

    private static Syn randomSyn(Random rnd) {
        List<byte[]> parts = new ArrayList<>();
        int pieces = rnd.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            switch (rnd.nextInt(5)) {
                case 0 -> parts.add(new byte[] {1});
                case 1 -> parts.add(new byte[] {3, 3, (byte) rnd.nextInt(15)});
                case 2 -> parts.add(new byte[] {4, 2});
                case 3 -> {
                    byte[] ts = new byte[10];
                    rnd.nextBytes(ts);
                    ts[0] = 8;
                    ts[1] = 10;
                    parts.add(ts);
                }
                default -> {
                    int len = 2 + rnd.nextInt(5);
                    byte[] unknown = new byte[len];
                    rnd.nextBytes(unknown);
                    unknown[0] = (byte) (30 + rnd.nextInt(200));
                    unknown[1] = (byte) len;
                    parts.add(unknown);
                }
            }
        }
        Syn s = new Syn();
        s.mss = rnd.nextInt(0x10000);
        int mssAt = rnd.nextInt(parts.size() + 1);
        parts.add(mssAt, Packets.mss(s.mss));
        ByteArrayOutputStream opts = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            if (i == mssAt) {
                s.mssOptionOffset = opts.size();
            }
            opts.writeBytes(parts.get(i));
        }
        while (opts.size() % 4 != 0) {
            opts.write(0); // EOL, then padding
        }
        byte[] tcpOptions = opts.toByteArray();
        if (tcpOptions.length > 40) {
            return randomSyn(rnd);
        }
        byte[] ipOptions = new byte[4 * rnd.nextInt(11)];
        java.util.Arrays.fill(ipOptions, (byte) 1);
        byte[] payload = new byte[rnd.nextInt(3) == 0 ? rnd.nextInt(200) : 0];
        rnd.nextBytes(payload);
        int flags = Packets.SYN | (rnd.nextBoolean() ? Packets.ACK : 0) | (rnd.nextInt(256) & ~0x07);
        s.packet = Packets.tcp(ipOptions, flags, tcpOptions, payload);
        // Vary addresses, ports and sequence numbers so checksums take many values.
        int ihl = 20 + ipOptions.length;
        for (int i : new int[] {12, 13, 14, 15, 16, 17, 18, 19, ihl, ihl + 1, ihl + 2, ihl + 3, ihl + 4, ihl + 5}) {
            s.packet[i] = (byte) rnd.nextInt(256);
        }
        Packets.fixChecksums(s.packet);
        return s;
    }

    @Test
    void checksumsVerifyAfterClamping() {
        qt().withExamples(1000)
                .forAll(longs().all(), integers().between(0, 0xFFFF))
                .checkAssert((seed, max) -> {
                    Random rnd = new Random(seed);
                    Syn syn = randomSyn(rnd);
                    int limit = rnd.nextBoolean() ? max : 500 + rnd.nextInt(1000);
                    byte[] before = syn.packet;
                    ByteBuf buf = Unpooled.wrappedBuffer(before.clone());
                    try {
                        MssClampResult r = TcpMssClamp.clamp(buf, limit);
                        byte[] after = ByteBufUtil.getBytes(buf);
                        int ihl = (after[0] & 0xF) * 4;
                        int mssPos = ihl + 20 + syn.mssOptionOffset + 2;
                        assertEquals(syn.mss > limit ? MssClampResult.CLAMPED : MssClampResult.UNCHANGED, r);
                        assertEquals(Math.min(syn.mss, limit), Packets.u16(after, mssPos));
                        assertTrue(Packets.ipHeaderOk(after), "IPv4 header checksum");
                        assertTrue(Packets.tcpOk(after), "TCP checksum with pseudo-header");
                        // Nothing else changed: restore MSS and checksum and compare.
                        byte[] restored = after.clone();
                        System.arraycopy(before, mssPos, restored, mssPos, 2);
                        System.arraycopy(before, ihl + 16, restored, ihl + 16, 2);
                        assertArrayEquals(before, restored);
                    } finally {
                        buf.release();
                    }
                });
    }

    @Test
    void arbitraryBytesNeverThrowAndAreOnlyChangedWhenClamped() {
        qt().withExamples(1000)
                .forAll(longs().all(), integers().between(0, 3))
                .checkAssert((seed, mode) -> {
                    Random rnd = new Random(seed);
                    byte[] input;
                    if (mode == 0) {
                        input = new byte[rnd.nextInt(120)];
                        rnd.nextBytes(input);
                    } else {
                        // A valid SYN with a few random bytes corrupted or the tail cut off.
                        input = randomSyn(rnd).packet;
                        for (int i = 0; i < mode; i++) {
                            input[rnd.nextInt(input.length)] = (byte) rnd.nextInt(256);
                        }
                        if (rnd.nextBoolean()) {
                            input = java.util.Arrays.copyOf(input, rnd.nextInt(input.length + 1));
                        }
                    }
                    ByteBuf buf = Unpooled.wrappedBuffer(input.clone());
                    try {
                        MssClampResult r = TcpMssClamp.clamp(buf, rnd.nextInt(0x10000));
                        byte[] after = ByteBufUtil.getBytes(buf);
                        if (!r.modified()) {
                            assertArrayEquals(input, after, r.toString());
                        } else {
                            int diff = 0;
                            for (int i = 0; i < input.length; i++) {
                                diff += input[i] != after[i] ? 1 : 0;
                            }
                            assertTrue(diff <= 2 + 2 * 10, "only MSS values and the checksum change");
                        }
                    } finally {
                        buf.release();
                    }
                });
    }
}
