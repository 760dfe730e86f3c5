package org.lightwayj.bench.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.lightwayj.core.tls.DtlsAdmission;
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
 * Seal + open of one 1350-byte record per operation, three ways in one run: Lightway-J's DTLS 1.3
 * engine; the raw anchor, JDK AEAD seal + open of the same bytes with a fresh nonce (what any record
 * layer on the JDK must at least do); and Bouncy Castle's DTLS 1.2 {@code DTLSTransport}. Run with
 * {@code -prof gc}: the engine's own code allocates nothing per record; what is left is the JDK
 * cipher's (the raw anchor shows it).
 */
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Dtls13RecordBenchmark {
    @Param({"AES_256_GCM", "CHACHA20_POLY1305"})
    public TlsCipher cipher;

    private ExecutorService executor;
    private EnginePair dtls13;
    private RawDtls bc12;
    private ByteBuf frame;
    private byte[] rawFrame;
    private byte[] rawOut;
    private Cipher enc;
    private Cipher dec;
    private SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private final byte[] aad = new byte[5];
    private byte[] sealed;
    private byte[] opened;
    private long seq;

    /** Handshakes the pairs and keys the raw ciphers. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-handshake");
            t.setDaemon(true);
            return t;
        });
        BenchPki pki = new BenchPki();
        dtls13 = EnginePair.dtls13(pki.client(cipher), new DtlsAdmission(pki.server(cipher)));
        bc12 = new RawDtls(pki, cipher, executor);
        frame = PooledByteBufAllocator.DEFAULT.heapBuffer(1350);
        frame.writerIndex(1350);
        rawFrame = new byte[1350];
        rawOut = new byte[1500];
        boolean aes = cipher == TlsCipher.AES_256_GCM;
        key = new SecretKeySpec(new byte[32], aes ? "AES" : "ChaCha20");
        enc = Cipher.getInstance(aes ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
        dec = Cipher.getInstance(aes ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
        sealed = new byte[1350 + 1 + 16];
        opened = new byte[1350 + 1 + 16];
    }

    /** Releases everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
        dtls13.close();
        frame.release();
        executor.shutdownNow();
    }

    /** Lightway-J DTLS 1.3: seal on the client, open on the server. */
    @Benchmark
    public int dtls13SealOpen() throws TlsException {
        dtls13.client.seal(frame, 0);
        ByteBuf d = dtls13.client.pollOutbound();
        dtls13.server.receive(d, 0);
        d.release();
        ByteBuf p = dtls13.server.pollPlaintext();
        int n = p.readableBytes();
        p.release();
        return n;
    }

    /** The raw anchor: JDK AEAD seal and open of the same 1351 bytes (content + type) under a new nonce. */
    @Benchmark
    public int rawJdkSealOpen() throws Exception {
        long s = ++seq;
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] = (byte) (s >>> (8 * i));
        }
        boolean aes = cipher == TlsCipher.AES_256_GCM;
        enc.init(Cipher.ENCRYPT_MODE, key, aes ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
        enc.updateAAD(aad);
        int n = enc.doFinal(rawFrame, 0, 1350, sealed, 0);
        dec.init(Cipher.DECRYPT_MODE, key, aes ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce));
        dec.updateAAD(aad);
        return dec.doFinal(sealed, 0, n, opened, 0);
    }

    /** Bouncy Castle DTLS 1.2: DTLSTransport.send on the client, receive on the server. */
    @Benchmark
    public int bcDtls12SealOpen() throws Exception {
        bc12.client.send(rawFrame, 0, rawFrame.length);
        return bc12.server.receive(rawOut, 0, rawOut.length, 1);
    }

}
