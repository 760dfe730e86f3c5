package org.lightwayj.codec.fec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecException;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/** Helpers shared by the codec tests: copy-and-release draining, multisets of packets. */
final class FecTestSupport {
    static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private FecTestSupport() {
    }

    static byte[] randomPacket(Random rnd, int len) {
        byte[] p = new byte[len];
        rnd.nextBytes(p);
        return p;
    }

    /** Drains the encoder into byte arrays, releasing every buffer. */
    static List<byte[]> drain(PacketEncoder enc, List<byte[]> into) {
        ByteBuf b;
        while ((b = enc.poll()) != null) {
            into.add(ByteBufUtil.getBytes(b));
            b.release();
        }
        return into;
    }

    static List<byte[]> drain(PacketDecoder dec, List<byte[]> into) {
        ByteBuf b;
        while ((b = dec.poll()) != null) {
            into.add(ByteBufUtil.getBytes(b));
            b.release();
        }
        return into;
    }

    /** Encodes all packets at time 0, then flushes the partial block at its deadline. */
    static List<byte[]> encodeAll(PacketEncoder enc, List<byte[]> packets) {
        try {
            return encodeAllChecked(enc, packets);
        } catch (PacketCodecException e) {
            throw new AssertionError(e);
        }
    }

    private static List<byte[]> encodeAllChecked(PacketEncoder enc, List<byte[]> packets) throws PacketCodecException {
        List<byte[]> wire = new ArrayList<>();
        for (byte[] p : packets) {
            ByteBuf in = Unpooled.wrappedBuffer(p);
            CodecStatus s = enc.store(in, 0);
            if (s != CodecStatus.READY_TO_FLUSH) {
                throw new AssertionError("store returned " + s);
            }
            drain(enc, wire);
        }
        long d = enc.nextFlushDeadline();
        if (d != PacketEncoder.NO_DEADLINE) {
            enc.flush(d);
            drain(enc, wire);
        }
        return wire;
    }

    /** Offers each wire packet to the decoder and collects what it delivers. */
    static List<byte[]> decodeAll(PacketDecoder dec, List<byte[]> wire, long now) {
        try {
            return decodeAllChecked(dec, wire, now);
        } catch (PacketCodecException e) {
            throw new AssertionError(e);
        }
    }

    private static List<byte[]> decodeAllChecked(PacketDecoder dec, List<byte[]> wire, long now)
            throws PacketCodecException {
        List<byte[]> got = new ArrayList<>();
        for (byte[] w : wire) {
            ByteBuf in = Unpooled.wrappedBuffer(w);
            CodecStatus s = dec.store(in, now);
            if (s == CodecStatus.SKIP_PACKET) {
                throw new AssertionError("fec decoder never skips");
            }
            if (in.readerIndex() != 0) {
                throw new AssertionError("decoder moved the caller's reader index");
            }
            List<byte[]> out = drain(dec, new ArrayList<>());
            if ((s == CodecStatus.READY_TO_FLUSH) != !out.isEmpty()) {
                throw new AssertionError("status " + s + " with " + out.size() + " packets");
            }
            got.addAll(out);
        }
        return got;
    }

    static Map<ByteBuffer, Integer> multiset(List<byte[]> packets) {
        Map<ByteBuffer, Integer> m = new HashMap<>();
        for (byte[] p : packets) {
            m.merge(ByteBuffer.wrap(p), 1, Integer::sum);
        }
        return m;
    }

    static boolean isRepair(byte[] w) {
        return (w[0] & 0xFF) == FecWire.REPAIR;
    }

    static int blockId(byte[] w) {
        return ((w[1] & 0xFF) << 8) | (w[2] & 0xFF);
    }

    static byte[] payload(byte[] w) {
        byte[] p = new byte[w.length - FecWire.HEADER];
        System.arraycopy(w, FecWire.HEADER, p, 0, p.length);
        return p;
    }

    /** Groups wire packets by block, in order of first appearance. */
    static List<List<byte[]>> blocks(List<byte[]> wire) {
        Map<Integer, List<byte[]>> m = new java.util.LinkedHashMap<>();
        for (byte[] w : wire) {
            m.computeIfAbsent(blockId(w), x -> new ArrayList<>()).add(w);
        }
        return new ArrayList<>(m.values());
    }
}
