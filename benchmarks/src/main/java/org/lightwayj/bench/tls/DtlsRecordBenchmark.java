package org.lightwayj.bench.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lightwayj.core.tls.DtlsCookieVerifier;
import org.lightwayj.core.tls.TlsCipher;
import org.lightwayj.core.tls.TlsException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Seal + open of one 1350-byte frame per operation: the Lightway-J DTLS engine against raw BC
 * {@code DTLSTransport}s on the same crypto over a zero-allocation in-memory link. Run with
 * {@code -prof gc} to compare allocation per operation. Netty's leak detector is off in the fork: its
 * 1-in-128 sampling would otherwise add tracking records to the engine's (pooled) buffers only.
 */
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DtlsRecordBenchmark {
    @Param({"AES_256_GCM", "CHACHA20_POLY1305"})
    public TlsCipher cipher;

    private ExecutorService executor;
    private EnginePair engines;
    private EnginePair jdk;
    private RawDtls raw;
    private ByteBuf frame;
    private byte[] rawFrame;
    private byte[] rawOut;

    /** Handshakes both pairs. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-handshake");
            t.setDaemon(true);
            return t;
        });
        BenchPki pki = new BenchPki();
        engines = EnginePair.dtls(pki.client(cipher), pki.server(cipher), new DtlsCookieVerifier(16, 1456), executor);
        raw = new RawDtls(pki, cipher, executor);
        jdk = EnginePair.jdkDtls(pki.client(cipher), pki.server(cipher));
        frame = PooledByteBufAllocator.DEFAULT.heapBuffer(1350);
        frame.writerIndex(1350);
        rawFrame = new byte[1350];
        rawOut = new byte[1500];
    }

    /** Releases everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engines.close();
        jdk.close();
        frame.release();
        executor.shutdownNow();
    }

    /** Engine: seal on the client, open on the server. */
    @Benchmark
    public int engineSealOpen() throws TlsException {
        long now = 0;
        engines.client.seal(frame, now);
        ByteBuf d = engines.client.pollOutbound();
        engines.server.receive(d, now);
        d.release();
        ByteBuf p = engines.server.pollPlaintext();
        int n = p.readableBytes();
        p.release();
        return n;
    }

    /** The JDK SSLEngine DTLS engine behind the same seam. */
    @Benchmark
    public int jdkEngineSealOpen() throws TlsException {
        long now = 0;
        jdk.client.seal(frame, now);
        ByteBuf d = jdk.client.pollOutbound();
        jdk.server.receive(d, now);
        d.release();
        ByteBuf p = jdk.server.pollPlaintext();
        int n = p.readableBytes();
        p.release();
        return n;
    }

    /** Raw BC: DTLSTransport.send on the client, DTLSTransport.receive on the server. */
    @Benchmark
    public int rawSealOpen() throws Exception {
        raw.client.send(rawFrame, 0, rawFrame.length);
        return raw.server.receive(rawOut, 0, rawOut.length, 1);
    }
}
