package org.lightwayj.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Jazzer fuzz target for TLS 1.3 over TCP ({@link TlsEngines#tlsClient} / {@link TlsEngines#tlsServer}):
 * the byte stream into one engine cut at arbitrary points, genuine records followed by arbitrary
 * bytes.
 *
 * <p>In a normal build this runs in regression mode (an empty input plus the seeds under
 * {@code src/test/resources/org/lightwayj/core/tls/TlsStreamFuzzTestInputs/stream/}). To fuzz for real:
 * <pre>
 * mvn -B -ntp -Pfuzz -pl lightway-core -am test -Dtest=TlsStreamFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * The seeds are written by {@link #writeSeeds()} ({@code -Dfuzz.writeSeeds=true}).
 */
class TlsStreamFuzzTest {
    private static final TlsClientConfig CLIENT;
    private static final TlsServerConfig SERVER;
    private static final long NOW = 5_000_000_000L;
    /** TLSCiphertext.length may not exceed 2^14 + 256 (RFC 8446 §5.2). */
    private static final int MAX_RECORD_BODY = (1 << 14) + 256;

    static {
        try {
            TestPki pki = TestPki.ec();
            CLIENT = pki.client().build();
            SERVER = pki.server().build();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Cuts the bytes for the target into chunks whose sizes come from the input. */
    private static final class Cutter {
        final byte[] sizes;
        int at;

        Cutter(byte[] sizes) {
            this.sizes = sizes;
        }

        int next(int left) {
            if (sizes.length == 0) {
                return left;
            }
            int s = sizes[at++ % sizes.length] & 0xFF;
            return Math.min(left, s == 0 ? 1 : s * 3);
        }
    }

    /**
     * Byte 0: bit 0 picks the target (set: the server), bits 1-3 the number of application records
     * the peer sends after the handshake, bit 4 appends the rest of the input (after the sizes) as raw
     * bytes. Byte 1: how many cut sizes follow (each u8, a chunk of {@code 3 * size} bytes, 0 meaning
     * 1 byte; cycled). Then one byte per record, {@code b}: the record carries {@code 40 * b + 1} bytes.
     * The handshake bytes and every record bound for the target go through the cutter.
     *
     * <p>Checked: nothing throws; the handshake completes and the records arrive whole and in order
     * however the stream is cut; the raw bytes after them never add plaintext; whenever the raw bytes
     * hold a record header with a bad content type or a length over 2^14 + 256, the engine has
     * failed once that header is in (it does not wait for the body: no unbounded buffering); an
     * engine that did not fail is still ESTABLISHED.
     */
    @FuzzTest(maxDuration = "30s")
    void stream(byte[] input) throws Exception {
        if (input.length < 2) {
            return;
        }
        int mode = input[0] & 0xFF;
        boolean toServer = (mode & 1) != 0;
        int records = (mode >>> 1) & 7;
        boolean raw = (mode & 0x10) != 0;
        int nSizes = input[1] & 0xFF;
        int i = 2;
        byte[] sizes = Arrays.copyOfRange(input, i, Math.min(input.length, i + nSizes));
        i += sizes.length;
        Cutter cut = new Cutter(sizes);

        TlsEngine client = TlsEngines.tlsClient(CLIENT, NOW);
        TlsEngine server = TlsEngines.tlsServer(SERVER, NOW);
        try {
            TlsEngine target = toServer ? server : client;
            TlsEngine peer = toServer ? client : server;
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            for (int round = 0; round < 20; round++) {
                int moved = 0;
                for (ByteBuf b; (b = peer.pollOutbound()) != null; moved++) {
                    feed(target, ByteBufUtil.getBytes(b), cut, plain);
                    b.release();
                }
                for (ByteBuf b; (b = target.pollOutbound()) != null; moved++) {
                    peer.receive(b, NOW);
                    b.release();
                }
                if (moved == 0) {
                    break;
                }
            }
            assertEquals(TlsState.ESTABLISHED, client.state(), () -> "client: " + client.failure());
            assertEquals(TlsState.ESTABLISHED, server.state(), () -> "server: " + server.failure());
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            for (int r = 0; r < records; r++) {
                int len = i < input.length ? 40 * (input[i++] & 0xFF) + 1 : 100;
                byte[] data = new byte[len];
                for (int q = 0; q < len; q++) {
                    data[q] = (byte) (r * 53 + q);
                }
                want.write(data);
                ByteBuf b = Unpooled.wrappedBuffer(data);
                peer.seal(b, NOW);
                b.release();
            }
            for (ByteBuf b; (b = peer.pollOutbound()) != null;) {
                feed(target, ByteBufUtil.getBytes(b), cut, plain);
                b.release();
            }
            assertEquals(TlsState.ESTABLISHED, target.state(), () -> "target: " + target.failure());
            assertArrayEquals(want.toByteArray(), plain.toByteArray(), "the records as sent");
            if (raw && i < input.length) {
                byte[] junk = Arrays.copyOfRange(input, i, input.length);
                int badAt = firstBadHeaderEnd(junk);
                int fed = 0;
                while (fed < junk.length) {
                    int n = cut.next(junk.length - fed);
                    ByteBuf b = Unpooled.wrappedBuffer(junk, fed, n);
                    target.receive(b, NOW);
                    assertEquals(1, b.refCnt(), "receive released the chunk");
                    b.release();
                    fed += n;
                    collect(target, plain);
                    if (badAt >= 0 && fed >= badAt) {
                        assertTrue(target.state().isTerminal(), () -> "still " + target.state() + " after a bad header at "
                                + badAt + " of " + junk.length);
                    }
                    TlsState s = target.state();
                    assertTrue(s == TlsState.ESTABLISHED || s.isTerminal(), String.valueOf(s));
                }
                assertArrayEquals(want.toByteArray(), plain.toByteArray(), "raw bytes added plaintext");
                for (ByteBuf b; (b = target.pollOutbound()) != null;) {
                    b.release(); // an alert, at most
                }
            }
        } finally {
            client.close();
            server.close();
        }
    }

    private static void feed(TlsEngine target, byte[] bytes, Cutter cut, ByteArrayOutputStream plain) {
        int fed = 0;
        while (fed < bytes.length) {
            int n = cut.next(bytes.length - fed);
            ByteBuf b = Unpooled.wrappedBuffer(bytes, fed, n);
            target.receive(b, NOW);
            b.release();
            fed += n;
            collect(target, plain);
        }
    }

    private static void collect(TlsEngine e, ByteArrayOutputStream plain) {
        for (ByteBuf b; (b = e.pollPlaintext()) != null;) {
            plain.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
    }

    /**
     * Walks TLS record headers; returns the end offset of the first header with a content type
     * outside 20-23 or a length over 2^14 + 256, or -1 if there is none before the bytes run out.
     */
    static int firstBadHeaderEnd(byte[] s) {
        for (int off = 0; off + 5 <= s.length;) {
            int type = s[off] & 0xFF;
            int len = ((s[off + 3] & 0xFF) << 8) | (s[off + 4] & 0xFF);
            if (type < 20 || type > 23 || len > MAX_RECORD_BODY) {
                return off + 5;
            }
            off += 5 + len;
        }
        return -1;
    }

    /** Writes the seed corpus (run once with {@code -Dfuzz.writeSeeds=true}; commit the files). */
    @Test
    @EnabledIfSystemProperty(named = "fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path dir = Path.of("src/test/resources/org/lightwayj/core/tls/TlsStreamFuzzTestInputs/stream");
        Files.createDirectories(dir);
        // Whole chunks to the client, three records.
        Files.write(dir.resolve("client-whole"), new byte[] {3 << 1, 0, 1, 10, 100});
        // One byte at a time to the server, two records.
        Files.write(dir.resolve("server-bytewise"), new byte[] {1 | (2 << 1), 1, 0, 2, 30});
        // Odd cuts, then a record header with an oversized length.
        Files.write(dir.resolve("client-oversized-header"),
                new byte[] {(1 << 1) | 0x10, 3, 1, 7, 2, 5, 23, 3, 3, (byte) 0xFF, (byte) 0xFF, 0, 0});
        // Then a plausible application-data record with a bad tag.
        byte[] fake = new byte[5 + 40];
        fake[0] = 23;
        fake[1] = 3;
        fake[2] = 3;
        fake[4] = 40;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(new byte[] {1 | (1 << 1) | 0x10, 2, 4, 9, 3});
        o.write(fake);
        Files.write(dir.resolve("server-forged-record"), o.toByteArray());
        // A bad content type straight after the records.
        Files.write(dir.resolve("client-bad-type"), new byte[] {(1 << 1) | 0x10, 1, 50, 2, 99, 3, 3, 0, 1, 0});
    }
}
