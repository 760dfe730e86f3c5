package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers moving bytes between two engines in memory. */
final class Pump {
    private Pump() {
    }

    /** Moves every outbound buffer of {@code from} into {@code to}; returns how many moved. */
    static int move(TlsEngine from, TlsEngine to, long now) {
        int moved = 0;
        for (ByteBuf b; (b = from.pollOutbound()) != null;) {
            try {
                to.receive(b, now);
            } finally {
                b.release();
            }
            moved++;
        }
        return moved;
    }

    /** Pumps both ways until quiet. */
    static void pump(TlsEngine a, TlsEngine b) {
        for (int i = 0; i < 100; i++) {
            long now = System.nanoTime();
            if (move(a, b, now) + move(b, a, now) == 0) {
                return;
            }
        }
    }

    static List<ByteBuf> drain(TlsEngine e) {
        List<ByteBuf> out = new ArrayList<>();
        for (ByteBuf b; (b = e.pollOutbound()) != null;) {
            out.add(b);
        }
        return out;
    }

    static List<String> plaintexts(TlsEngine e) {
        List<String> out = new ArrayList<>();
        for (ByteBuf b; (b = e.pollPlaintext()) != null;) {
            out.add(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out;
    }

    static void seal(TlsEngine e, String s) throws TlsException {
        ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        try {
            e.seal(b, System.nanoTime());
        } finally {
            b.release();
        }
    }

    static void releaseAll(List<ByteBuf> bufs) {
        for (ByteBuf b : bufs) {
            b.release();
        }
    }
}
