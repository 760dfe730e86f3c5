package org.lightwayj.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.lightwayj.bench.connection.DataPathSetup;
import org.lightwayj.core.AuthMethod;
import org.lightwayj.core.connection.AuthResult;
import org.lightwayj.core.connection.ClientContext;
import org.lightwayj.core.connection.CodecConfig;
import org.lightwayj.core.connection.Connection;
import org.lightwayj.core.connection.ConnectionException;
import org.lightwayj.core.connection.Feature;
import org.lightwayj.core.connection.ServerContext;
import org.lightwayj.core.connection.Transport;
import org.lightwayj.core.connection.UdpServerEndpoint;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsServerConfig;
import org.lightwayj.testkit.PassThroughCodecFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 6's codec data-path benchmark: one 1350-byte inside packet client → server per operation
 * through two {@link Connection}s over real DTLS 1.2 (Bouncy Castle) and an in-memory link — the same
 * setup as {@code bench.connection.DataPathBenchmark} — once without a codec ({@link #noCodec}) and once
 * with a pass-through codec switched on through ToggleEncoding ({@link #passThroughCodec}: encoder →
 * EncodedData → decoder), in the same run. Target: ratio ≥ 0.95 and no per-packet allocation added by
 * the codec path ({@code -prof gc}). The {@code nullTls*} pair repeats both over a {@link NullTlsEngine},
 * so the core's and the codec path's own costs (time and allocation) are not hidden behind DTLS. The benchmark thread is a Netty {@code FastThreadLocalThread} so
 * pooled buffers are recycled (see {@code bench.fec.FastThreadLocalExecutor}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'bench.codec' -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * </pre>
 */
@Fork(value = 1, jvmArgsAppend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=org.lightwayj.bench.fec.FastThreadLocalExecutor",
        "-Dio.netty.leakDetection.level=disabled"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecDataPathBenchmark {

    private static final SocketAddress CLIENT = DataPathSetup.CLIENT;

    /** One connected client + server endpoint, with or without the codec. */
    public abstract static class Pair {
        private ExecutorService executor;
        private final ArrayDeque<ByteBuf> toServer = new ArrayDeque<>();
        private final ArrayDeque<ByteBuf> toClient = new ArrayDeque<>();
        Connection client;
        UdpServerEndpoint endpoint;
        ByteBuf packet;
        long delivered;

        abstract CodecConfig codec();

        /** Whether to use {@link NullTlsEngine} instead of DTLS (the core's own cost, nothing hidden). */
        boolean nullTls() {
            return false;
        }

        void up() throws Exception {
            executor = DataPathSetup.handshakeExecutor();
            DataPathSetup pki = new DataPathSetup();
            TlsClientConfig cc = pki.clientTls;
            TlsServerConfig sc = pki.serverTls;
            CodecConfig codec = codec();
            ServerContext.Builder sb = ServerContext.builder()
                    .auth((c, m) -> AuthResult.granted(Set.of(Feature.INSIDE_PACKET_CODEC), null))
                    .ipPool(DataPathSetup.oneAddressPool());
            ClientContext.Builder cb = ClientContext.builder();
            if (nullTls()) {
                sb.tlsEngineFactory(NullTlsEngine.factory(false));
                cb.tlsEngineFactory(NullTlsEngine.factory(true));
            } else {
                sb.tls(sc, executor);
                cb.tls(cc, executor);
            }
            if (codec != null) {
                sb.codec(codec);
                cb.codec(codec);
            }
            endpoint = UdpServerEndpoint.builder(sb.build())
                    .datagramSender((d, to) -> toClient.add(d))
                    .insideSender((c, p) -> {
                        delivered += p.readableBytes();
                        p.release();
                    })
                    .build();
            client = cb.build().newConnection(Transport.UDP, new AuthMethod.Token("bench"))
                    .outsideSender((c, d) -> toServer.add(d))
                    .insideSender((c, p) -> p.release())
                    .connect(System.nanoTime());
            DataPathSetup.awaitOnline(toServer, toClient, client, endpoint);
            if (codec != null) {
                client.setEncoding(true, System.nanoTime());
                for (int i = 0; i < 100 && !client.isEncodingEnabled(); i++) {
                    pump();
                }
                if (!client.isEncodingEnabled()) {
                    throw new IllegalStateException("encoding not enabled");
                }
            }
            packet = PooledByteBufAllocator.DEFAULT.heapBuffer(1350);
            packet.writeByte(0x45).writeZero(1349);
        }

        private void pump() {
            DataPathSetup.pump(toServer, toClient, client, endpoint);
        }

        long onePacket() throws ConnectionException {
            client.insidePacketReceived(packet.retain(), 0);
            endpoint.datagramReceived(toServer.poll(), CLIENT, 0);
            return delivered;
        }

        void down() {
            client.close();
            for (Connection c : List.copyOf(endpoint.connections())) {
                c.close();
            }
            packet.release();
            executor.shutdownNow();
        }
    }

    /** The data path without a codec. */
    @State(Scope.Thread)
    public static class Plain extends Pair {
        @Override
        CodecConfig codec() {
            return null;
        }

        /** Connects. */
        @Setup(Level.Trial)
        public void setup() throws Exception {
            up();
        }

        /** Closes. */
        @TearDown(Level.Trial)
        public void tearDown() {
            down();
        }
    }

    /** The data path with the zero-copy (SPI-conforming: retainedSlice) pass-through codec, encoding on. */
    @State(Scope.Thread)
    public static class Coded extends Pair {
        /** Whether the pass-through codec copies (both variants conform to the SPI). */
        boolean copy() {
            return false;
        }

        @Override
        CodecConfig codec() {
            return CodecConfig.of(new PassThroughCodecFactory(
                    copy() ? PassThroughCodecFactory.Mode.COPY : PassThroughCodecFactory.Mode.SLICE));
        }

        /** Connects and enables encoding. */
        @Setup(Level.Trial)
        public void setup() throws Exception {
            up();
        }

        /** Closes. */
        @TearDown(Level.Trial)
        public void tearDown() {
            down();
        }
    }

    /** The core alone (null TLS engine), no codec. */
    @State(Scope.Thread)
    public static class NullTlsPlain extends Plain {
        @Override
        boolean nullTls() {
            return true;
        }
    }

    /** The core alone (null TLS engine), pass-through codec on. */
    @State(Scope.Thread)
    public static class NullTlsCoded extends Coded {
        @Override
        boolean nullTls() {
            return true;
        }
    }

    /** The core alone (null TLS engine), copying pass-through codec on. */
    @State(Scope.Thread)
    public static class NullTlsCopyingCoded extends NullTlsCoded {
        @Override
        boolean copy() {
            return true;
        }
    }

    /**
     * Null TLS, copying pass-through codec: adds the codec's own two allocations and 1350-byte copies.
     *
     * @param s the connected pair
     * @return bytes delivered so far
     * @throws ConnectionException never in practice
     */
    @Benchmark
    public long nullTlsCopyingCodec(NullTlsCopyingCoded s) throws ConnectionException {
        return s.onePacket();
    }

    /**
     * Null TLS, no codec: the core's own per-packet cost.
     *
     * @param s the connected pair
     * @return bytes delivered so far
     * @throws ConnectionException never in practice
     */
    @Benchmark
    public long nullTlsNoCodec(NullTlsPlain s) throws ConnectionException {
        return s.onePacket();
    }

    /**
     * Null TLS, zero-copy pass-through codec: the core's codec path's own cost.
     *
     * @param s the connected pair
     * @return bytes delivered so far
     * @throws ConnectionException never in practice
     */
    @Benchmark
    public long nullTlsPassThroughCodec(NullTlsCoded s) throws ConnectionException {
        return s.onePacket();
    }

    /**
     * One packet, no codec.
     *
     * @param s the connected pair
     * @return bytes delivered so far
     * @throws ConnectionException never in practice
     */
    @Benchmark
    public long noCodec(Plain s) throws ConnectionException {
        return s.onePacket();
    }

    /**
     * One packet through encoder → EncodedData → decoder.
     *
     * @param s the connected pair
     * @return bytes delivered so far
     * @throws ConnectionException never in practice
     */
    @Benchmark
    public long passThroughCodec(Coded s) throws ConnectionException {
        return s.onePacket();
    }
}
