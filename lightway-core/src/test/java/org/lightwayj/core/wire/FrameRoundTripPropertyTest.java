package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lightwayj.core.wire.WireGens.bytes;
import static org.lightwayj.core.wire.WireGens.u16;
import static org.lightwayj.core.wire.WireGens.utf8;
import static org.lightwayj.core.wire.WireGens.validVersions;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.lightwayj.core.AuthMethod.CustomCallback;
import org.lightwayj.core.AuthMethod.Token;
import org.lightwayj.core.AuthMethod.UserPass;
import org.lightwayj.core.AuthMethod.VersionedToken;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.SessionId;

/**
 * Round-trip properties, one per frame kind: an arbitrary valid frame encodes to {@code encodedLength()}
 * bytes, decodes back to an equal frame consuming exactly those bytes, re-encodes identically, and every
 * strict prefix of its encoding is {@code INSUFFICIENT_DATA} without consuming anything (TCP resume, §2.0).
 */
class FrameRoundTripPropertyTest {
    private static final int EXAMPLES = 200;

    /** Runs the round trip on a fresh frame from {@code make}; releases everything. */
    static void roundTrip(Supplier<Frame> make) {
        Frame f = make.get();
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            out.writeByte(0x5a).skipBytes(1); // decode must start at the reader index, not at 0
            f.encode(out);
            assertEquals(f.encodedLength(), out.readableBytes(), "encodedLength");
            byte[] wire = ByteBufUtil.getBytes(out);
            assertEquals(f.kind().id(), wire[0] & 0xFF);
            out.writeByte(NoOp.INSTANCE.kind().id()); // a following frame must be left alone
            Frame d = Frame.decode(out);
            try {
                assertEquals(f, d);
                assertEquals(f.hashCode(), d.hashCode());
                assertEquals(f.toString(), d.toString());
                assertEquals(1, out.readableBytes(), "decode consumes exactly the frame");
                assertEquals(ByteBufUtil.hexDump(wire), ByteBufUtil.hexDump(WireTestSupport.encode(d)));
            } finally {
                d.release();
            }
            checkPrefixes(wire);
        } catch (WireException e) {
            throw new AssertionError(f + " failed to decode: " + e.error() + " " + e.getMessage(), e);
        } finally {
            out.release();
            f.release();
        }
    }

    private static void checkPrefixes(byte[] wire) {
        int step = wire.length <= 32 ? 1 : Math.max(1, wire.length / 8);
        for (int cut = 0; cut < wire.length; cut += step) {
            prefix(wire, cut);
        }
        prefix(wire, wire.length - 1);
    }

    private static void prefix(byte[] wire, int cut) {
        ByteBuf in = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(cut, 1));
        try {
            in.writeBytes(wire, 0, cut);
            WireException e = assertThrows(WireException.class, () -> Frame.decode(in), "prefix " + cut);
            assertEquals(WireError.INSUFFICIENT_DATA, e.error(), "prefix of " + cut + " bytes");
            assertEquals(0, in.readerIndex());
        } finally {
            in.release();
        }
    }

    private static ByteBuf buf(byte[] b) {
        return WireTestSupport.buf(b);
    }

    @Test
    void noOpAndGoodbyeAndAuthFailure() {
        roundTrip(() -> NoOp.INSTANCE);
        roundTrip(() -> Goodbye.INSTANCE);
        roundTrip(() -> AuthFailure.INSTANCE);
    }

    @Test
    void ping() {
        qt().withExamples(EXAMPLES).forAll(u16(), bytes(1500)).checkAssert((id, p) -> roundTrip(() -> new Ping(id, p)));
    }

    @Test
    void pong() {
        qt().withExamples(EXAMPLES).forAll(u16(), bytes(1500)).checkAssert((id, p) -> roundTrip(() -> new Pong(id, p)));
    }

    @Test
    void authUserPass() {
        qt().withExamples(EXAMPLES).forAll(utf8(50, true), utf8(50, true))
                .checkAssert((u, p) -> roundTrip(() -> new AuthRequest(new UserPass(u, p))));
    }

    @Test
    void authToken() {
        qt().withExamples(EXAMPLES).forAll(utf8(1347, true))
                .checkAssert(t -> roundTrip(() -> new AuthRequest(new Token(t))));
    }

    @Test
    void authVersionedToken() {
        qt().withExamples(EXAMPLES).forAll(validVersions(), utf8(1345, true))
                .checkAssert((v, t) -> roundTrip(() -> new AuthRequest(new VersionedToken(v, t))));
    }

    @Test
    void authCustomCallback() {
        qt().withExamples(EXAMPLES).forAll(bytes(1347))
                .checkAssert(d -> roundTrip(() -> new AuthRequest(new CustomCallback(d))));
    }

    @Test
    void data() {
        qt().withExamples(EXAMPLES).forAll(bytes(2000)).checkAssert(p -> roundTrip(() -> new Data(buf(p))));
    }

    @Test
    void encodedData() {
        qt().withExamples(EXAMPLES).forAll(bytes(2000)).checkAssert(p -> roundTrip(() -> new EncodedData(buf(p))));
    }

    @Test
    void dataFrag() {
        qt().withExamples(EXAMPLES).forAll(u16(), integers().between(0, 0x1FFF), booleans().all(), bytes(1500))
                .checkAssert((id, o, mf, p) -> roundTrip(() -> new DataFrag(id, o * 8, mf, buf(p))));
    }

    @Test
    void encodedDataFrag() {
        qt().withExamples(EXAMPLES).forAll(u16(), integers().between(0, 0x1FFF), booleans().all(), bytes(1500))
                .checkAssert((id, o, mf, p) -> roundTrip(() -> new EncodedDataFrag(id, o * 8, mf, buf(p))));
    }

    @Test
    void authSuccessWithConfigV4() {
        qt().withExamples(EXAMPLES)
                .forAll(utf8(23, false).zip(utf8(23, false), utf8(23, false), utf8(23, false),
                        (l, p, d, m) -> new String[] {l, p, d, m}), longs().all())
                .checkAssert((s, id) -> roundTrip(
                        () -> new AuthSuccessWithConfigV4(s[0], s[1], s[2], s[3], new SessionId(id))));
    }

    @Test
    void serverConfig() {
        qt().withExamples(EXAMPLES).forAll(bytes(1348)).checkAssert(d -> roundTrip(() -> new ServerConfig(d)));
    }

    @Test
    void toggleEncodingRequest() {
        qt().withExamples(EXAMPLES).forAll(longs().all(), booleans().all())
                .checkAssert((id, on) -> roundTrip(() -> new ToggleEncodingRequest(id, on)));
    }

    @Test
    void toggleEncodingAnswer() {
        qt().withExamples(EXAMPLES).forAll(longs().all(), booleans().all())
                .checkAssert((id, on) -> roundTrip(() -> new ToggleEncodingAnswer(id, on)));
    }

    @Test
    void expresslaneConfig() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, 255), integers().between(0, 255), longs().all(), bytes(32, 32))
                .checkAssert((v, fl, c, k) -> roundTrip(() -> new ExpresslaneConfig(v, fl, c, k)));
    }

    @Test
    void header() {
        qt().withExamples(EXAMPLES)
                .forAll(validVersions(), booleans().all(), booleans().all(), longs().all())
                .checkAssert((v, aggressive, el, s) -> {
                    Header h = new Header(v, aggressive, el, new SessionId(s));
                    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
                    try {
                        h.encode(out);
                        assertEquals(Header.SIZE, out.readableBytes());
                        out.writeByte(0x77);
                        assertEquals(h, Header.decode(out));
                        assertEquals(1, out.readableBytes());
                    } catch (WireException e) {
                        throw new AssertionError(e);
                    } finally {
                        out.release();
                    }
                });
    }
}
