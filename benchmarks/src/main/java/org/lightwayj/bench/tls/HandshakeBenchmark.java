package org.lightwayj.bench.tls;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lightwayj.core.tls.DtlsAdmission;
import org.lightwayj.core.tls.DtlsCookieVerifier;
import org.lightwayj.core.tls.KeyExchangeGroup;
import org.lightwayj.core.tls.TlsCipher;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsServerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Complete in-memory handshakes (client + server, ECDSA P-256, full chain validation): DTLS 1.2 with
 * the cookie exchange, and TLS 1.3. The warm rate is the JMH score; the cold (first-in-JVM) handshake
 * time is measured once in setup and printed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeBenchmark {
    private ExecutorService executor;
    private TlsClientConfig cc;
    private TlsServerConfig sc;
    private TlsClientConfig ccX25519;
    private DtlsCookieVerifier verifier;
    private DtlsAdmission admission;

    /** Keys, configs, and the cold handshakes. */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-handshake");
            t.setDaemon(true);
            return t;
        });
        BenchPki pki = new BenchPki();
        cc = pki.client(TlsCipher.AES_256_GCM);
        sc = pki.server(TlsCipher.AES_256_GCM);
        ccX25519 = pki.client(TlsCipher.AES_256_GCM, KeyExchangeGroup.X25519);
        verifier = new DtlsCookieVerifier(sc);
        admission = new DtlsAdmission(sc);
        long t0 = System.nanoTime();
        EnginePair.dtls(cc, sc, verifier, executor).close();
        long t1 = System.nanoTime();
        EnginePair.tls(cc, sc).close();
        long t2 = System.nanoTime();
        System.out.printf("%ncold handshake (first in this JVM): DTLS 1.2 %.1f ms, then TLS 1.3 %.1f ms%n",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }

    /** Stops the executor. */
    @TearDown(Level.Trial)
    public void tearDown() {
        executor.shutdownNow();
    }

    /** One DTLS 1.2 handshake (HelloVerifyRequest, ECDHE-ECDSA-AES256-GCM-SHA384). */
    @Benchmark
    public Object dtls12Handshake() {
        EnginePair p = EnginePair.dtls(cc, sc, verifier, executor);
        p.close();
        return p;
    }

    /** One DTLS 1.3 handshake (HelloRetryRequest cookie, X25519MLKEM768, TLS_AES_256_GCM_SHA384), no thread. */
    @Benchmark
    public Object dtls13Handshake() {
        EnginePair p = EnginePair.dtls13(cc, admission);
        p.close();
        return p;
    }

    /** One DTLS 1.3 handshake with classical X25519 only. */
    @Benchmark
    public Object dtls13X25519Handshake() {
        EnginePair p = EnginePair.dtls13(ccX25519, admission);
        p.close();
        return p;
    }

    /** One DTLS 1.2 handshake on the JDK SSLEngine engine (its own HelloVerifyRequest). */
    @Benchmark
    public Object jdkDtls12Handshake() {
        EnginePair p = EnginePair.jdkDtls(cc, sc);
        p.close();
        return p;
    }

    /** One TLS 1.3 handshake (TLS_AES_256_GCM_SHA384). */
    @Benchmark
    public Object tls13Handshake() {
        EnginePair p = EnginePair.tls(cc, sc);
        p.close();
        return p;
    }
}
