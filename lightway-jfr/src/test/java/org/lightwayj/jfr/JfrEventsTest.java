package org.lightwayj.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;
import org.lightwayj.codec.fec.FecCodecFactory;
import org.lightwayj.core.connection.ConnectionState;
import org.lightwayj.core.connection.EventListener;
import org.lightwayj.core.connection.MetricsListener;

/** Real connections and a real FEC codec under a JFR recording, dumped and parsed back. */
class JfrEventsTest {

    private static List<RecordedEvent> record(ThrowingRunnable body) throws Exception {
        Path file = Files.createTempFile("lightway-jfr", ".jfr");
        try (Recording r = new Recording()) {
            r.enable(HandshakeEvent.class);
            r.enable(ConnectionClosedEvent.class);
            r.enable(FecRecoveryEvent.class).withPeriod(Duration.ofMillis(50));
            r.start();
            body.run();
            r.stop();
            r.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().startsWith("org.lightwayj."))
                    .collect(Collectors.toList());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
    }

    @Test
    void handshakeAndCloseOfARealPair() throws Exception {
        AtomicInteger forwarded = new AtomicInteger();
        AtomicInteger bytesSeen = new AtomicInteger();
        MetricsListener hostMetrics = new MetricsListener() {
            @Override
            public void outsideBytesSent(org.lightwayj.core.connection.Connection c, int bytes) {
                bytesSeen.addAndGet(bytes);
            }
        };
        EventListener hostEvents = (c, e) -> forwarded.incrementAndGet();
        JfrConnectionEvents jfr = new JfrConnectionEvents(hostMetrics, hostEvents);
        List<RecordedEvent> events = record(() -> {
            try (TcpPair pair = new TcpPair(jfr, true)) {
                pair.pump();
                assertEquals(ConnectionState.ONLINE, pair.client.state());
                assertEquals(ConnectionState.ONLINE, pair.server.state());
                assertEquals(0, jfr.handshakesInProgress());
                pair.client.disconnect(pair.now);
                pair.pump();
                assertEquals(ConnectionState.DISCONNECTED, pair.server.state());
            }
        });
        assertTrue(forwarded.get() > 0, "the host's event listener still gets every event");
        assertTrue(bytesSeen.get() > 0, "the host's metrics listener still gets every callback");

        List<RecordedEvent> hs = named(events, "org.lightwayj.Handshake");
        assertEquals(2, hs.size(), "one handshake per side: " + hs);
        for (RecordedEvent e : hs) {
            assertEquals("ESTABLISHED", e.getString("outcome"));
            assertEquals("TCP", e.getString("transport"));
            assertFalse(e.getDuration().isNegative());
        }
        assertEquals(1, hs.stream().filter(e -> e.getBoolean("client")).count());

        List<RecordedEvent> closed = named(events, "org.lightwayj.ConnectionClosed");
        assertEquals(2, closed.size(), "both sides closed: " + closed);
        RecordedEvent byClient = closed.stream().filter(e -> e.getBoolean("client")).findFirst().orElseThrow();
        RecordedEvent byServer = closed.stream().filter(e -> !e.getBoolean("client")).findFirst().orElseThrow();
        assertEquals("HOST", byClient.getString("reason"), "the client's host disconnected it");
        assertEquals("GOODBYE", byServer.getString("reason"), "the server heard Goodbye");
    }

    @Test
    void aFailedHandshakeEndsWithItsError() throws Exception {
        JfrConnectionEvents jfr = new JfrConnectionEvents();
        List<RecordedEvent> events = record(() -> {
            try (TcpPair pair = new TcpPair(jfr, false)) { // the client trusts another CA
                pair.pump();
                assertEquals(ConnectionState.DISCONNECTED, pair.client.state());
            }
        });
        RecordedEvent client = named(events, "org.lightwayj.Handshake").stream()
                .filter(e -> e.getBoolean("client")).findFirst().orElseThrow();
        assertEquals("TLS_FAILURE", client.getString("outcome"));
        assertTrue(named(events, "org.lightwayj.ConnectionClosed").stream()
                .anyMatch(e -> e.getBoolean("client") && e.getString("reason").equals("TLS_FAILURE")));
        assertEquals(0, jfr.handshakesInProgress(), "no handshake left behind");
    }

    @Test
    void nothingIsTimedWithoutARecording() throws Exception {
        JfrConnectionEvents jfr = new JfrConnectionEvents();
        try (TcpPair pair = new TcpPair(jfr, true)) {
            assertEquals(ConnectionState.CONNECTING, pair.client.state(), "the ClientHello is out");
            assertEquals(0, jfr.handshakesInProgress(), "no recording: no event object kept");
            pair.pump();
            assertEquals(ConnectionState.ONLINE, pair.client.state());
        }
    }

    @Test
    void aHandshakeInProgressIsTracked() throws Exception {
        JfrConnectionEvents jfr = new JfrConnectionEvents();
        record(() -> {
            try (TcpPair pair = new TcpPair(jfr, true)) {
                assertEquals(1, jfr.handshakesInProgress(), "the client's ClientHello started its handshake");
                pair.pump();
                assertEquals(0, jfr.handshakesInProgress());
            }
        });
    }

    @Test
    void fecRecoveriesArePolledFromTheCodec() throws Exception {
        FecCodecFactory fec = new FecCodecFactory(); // 10 source + 3 repair per block
        List<RecordedEvent> events;
        CodecRecoveryEvents registration = CodecRecoveryEvents.register(fec);
        try {
            events = record(() -> {
                encodeAndLose(fec, 3);
                Thread.sleep(300); // a few 50 ms periods
            });
        } finally {
            registration.close();
        }
        List<RecordedEvent> rec = named(events, "org.lightwayj.FecRecovery");
        assertFalse(rec.isEmpty(), "a period with recoveries wrote an event");
        assertEquals(3, rec.stream().mapToLong(e -> e.getLong("recovered")).sum(), "each recovery counted once");
        assertEquals(FecCodecFactory.NAME, rec.get(0).getString("codec"));
        assertEquals(7, rec.stream().mapToLong(e -> e.getLong("sourceReceived")).sum());
    }

    /** One FEC block through a real encoder and decoder, {@code lost} of its source packets dropped. */
    private static void encodeAndLose(FecCodecFactory fec, int lost) throws Exception {
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);
        Random rnd = new Random(7);
        List<ByteBuf> wire = new ArrayList<>();
        try (PacketEncoder enc = fec.newEncoder(alloc)) {
            enc.setEncodingEnabled(true);
            for (int i = 0; i < 10; i++) {
                byte[] p = new byte[100 + rnd.nextInt(900)];
                rnd.nextBytes(p);
                enc.store(Unpooled.wrappedBuffer(p), 0);
                for (ByteBuf b; (b = enc.poll()) != null; ) {
                    wire.add(b);
                }
            }
        }
        int delivered = 0;
        try (PacketDecoder dec = fec.newDecoder(alloc)) {
            for (int i = 0; i < wire.size(); i++) {
                if (i < lost) {
                    wire.get(i).release();
                    continue;
                }
                dec.store(wire.get(i), 0);
                for (ByteBuf b; (b = dec.poll()) != null; ) {
                    delivered++;
                    b.release();
                }
            }
        }
        assertEquals(10, delivered);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
