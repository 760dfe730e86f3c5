package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightwayj.core.wire.WireGens.bytes;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.AuthMethod;
import org.quicktheories.core.Gen;

/**
 * Decoding arbitrary bytes (0..2000) never throws anything but {@link WireException}, never consumes
 * bytes on failure, consumes at most the input on success, and never leaks a retained slice.
 */
class DecodeRobustnessPropertyTest {

    /** Raw bytes, plus inputs biased towards valid kind bytes, small lengths and a valid header magic. */
    private static Gen<byte[]> inputs() {
        Gen<byte[]> raw = bytes(2000);
        Gen<byte[]> kindFirst = integers().between(0, 21).zip(integers().between(0, 0x60), bytes(2000),
                (k, len, rest) -> {
                    byte[] b = new byte[3 + rest.length];
                    b[0] = k.byteValue();
                    b[1] = 0;
                    b[2] = len.byteValue();
                    System.arraycopy(rest, 0, b, 3, rest.length);
                    return b;
                });
        Gen<byte[]> headerFirst = integers().between(0, 4).zip(bytes(2000), (minor, rest) -> {
            byte[] b = new byte[4 + rest.length];
            b[0] = 'H';
            b[1] = 'e';
            b[2] = 1;
            b[3] = minor.byteValue();
            System.arraycopy(rest, 0, b, 4, rest.length);
            return b;
        });
        return raw.mix(kindFirst, 50).mix(headerFirst, 20);
    }

    static void decodeArbitrary(byte[] input) {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(1, input.length));
        in.writeBytes(input);
        try {
            try {
                Header.decode(in);
                assertEquals(Header.SIZE, in.readerIndex());
            } catch (WireException e) {
                assertEquals(0, in.readerIndex(), "failed header decode consumed bytes");
            }
            in.readerIndex(0);
            List<Frame> frames = new ArrayList<>();
            try {
                while (true) {
                    int before = in.readerIndex();
                    try {
                        Frame f = Frame.decode(in);
                        frames.add(f);
                        int consumed = in.readerIndex() - before;
                        assertTrue(consumed >= 1 && in.readerIndex() <= in.writerIndex());
                        assertEquals(f.encodedLength(), consumed, "consumed vs encodedLength of " + f);
                    } catch (WireException e) {
                        assertEquals(before, in.readerIndex(), "failed frame decode consumed bytes");
                        break;
                    }
                }
            } finally {
                frames.forEach(Frame::release);
            }
            assertEquals(1, in.refCnt(), "every retained slice released");
        } finally {
            in.release();
        }
    }

    @Test
    void arbitraryBytesOnlyEverFailWithWireException() {
        qt().withExamples(1000).forAll(inputs()).checkAssert(DecodeRobustnessPropertyTest::decodeArbitrary);
    }

    /**
     * TCP resume (§2.0): a stream of valid frames delivered in arbitrary chunks decodes to the same
     * frames, retrying after every INSUFFICIENT_DATA.
     */
    @Test
    void streamInArbitraryChunksDecodesTheSameFrames() {
        qt().withExamples(200)
                .forAll(lists().of(integers().between(0, 5)).ofSizeBetween(1, 12), bytes(300),
                        lists().of(integers().between(1, 40)).ofSizeBetween(1, 50))
                .checkAssert((kinds, payload, chunks) -> {
                    List<Frame> sent = new ArrayList<>();
                    for (int k : kinds) {
                        sent.add(sample(k, payload));
                    }
                    ByteBuf stream = PooledByteBufAllocator.DEFAULT.directBuffer();
                    ByteBuf rx = PooledByteBufAllocator.DEFAULT.directBuffer();
                    List<String> got = new ArrayList<>();
                    try {
                        sent.forEach(f -> f.encode(stream));
                        int c = 0;
                        while (stream.isReadable()) {
                            int n = Math.min(chunks.get(c++ % chunks.size()), stream.readableBytes());
                            rx.writeBytes(stream, n);
                            while (true) {
                                Frame f;
                                try {
                                    f = Frame.decode(rx);
                                } catch (WireException e) {
                                    assertEquals(WireError.INSUFFICIENT_DATA, e.error());
                                    break;
                                }
                                // Data frames are views of rx: check and release before rx is compacted.
                                try {
                                    assertEquals(sent.get(got.size()), f);
                                    got.add(f.toString());
                                } finally {
                                    f.release();
                                }
                            }
                            rx.discardReadBytes();
                        }
                        assertEquals(sent.size(), got.size());
                        assertEquals(0, rx.readableBytes());
                    } finally {
                        sent.forEach(Frame::release);
                        stream.release();
                        rx.release();
                    }
                });
    }

    private static Frame sample(int k, byte[] payload) {
        switch (k) {
            case 0: return new Ping(payload.length, payload);
            case 1: return new Data(WireTestSupport.buf(payload));
            case 2: return new AuthRequest(new AuthMethod.Token("t".repeat(payload.length)));
            case 3: return new DataFrag(7, 8 * payload.length, payload.length % 2 == 0, WireTestSupport.buf(payload));
            case 4: return new ToggleEncodingAnswer(payload.length, true);
            default: return NoOp.INSTANCE;
        }
    }
}
