package org.lightwayj.bench.fec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lightwayj.codec.CodecStatus;
import org.lightwayj.codec.PacketCodecException;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;
import org.lightwayj.codec.fec.FecCodecFactory;
import org.lightwayj.codec.fec.FecConfig;
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
 * The whole codec path, one block per operation: K inside packets through the encoder (pooled
 * allocator), the encoded packets minus R lost sources into the decoder, every output released.
 * Run with {@code -prof gc}: the per-op allocation is the per-block garbage.
 *
 * <p>The benchmark thread is a Netty {@code FastThreadLocalThread} (see
 * {@link FastThreadLocalExecutor}), as a host event loop would be, and the leak detector is off: both
 * are properties of the allocator, not of the codec. Without them Netty 4.2 allocates a ~200-byte
 * buffer wrapper per pooled buffer on a plain thread (K+R of them per block).
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=org.lightwayj.bench.fec.FastThreadLocalExecutor",
        "-Dio.netty.leakDetection.level=disabled"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FecCodecBench {

    /** K x R. */
    @Param({"10x3", "20x10"})
    public String shape;

    /** Inside packet size in bytes. */
    @Param({"1400"})
    public int size;

    private int k;
    private int r;
    private ByteBuf[] packets;
    private ByteBuf[] wire;
    private PacketEncoder enc;
    private PacketDecoder dec;
    private long now;

    /** Makes the codec pair and the packets. */
    @Setup(Level.Trial)
    public void setup() {
        String[] p = shape.split("x");
        k = Integer.parseInt(p[0]);
        r = Integer.parseInt(p[1]);
        ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        FecCodecFactory f = new FecCodecFactory(FecConfig.builder().k(k).r(r).build());
        enc = f.newEncoder(alloc);
        enc.setEncodingEnabled(true);
        dec = f.newDecoder(alloc);
        Random rnd = new Random(1);
        packets = new ByteBuf[k];
        for (int i = 0; i < k; i++) {
            byte[] b = new byte[size];
            rnd.nextBytes(b);
            packets[i] = Unpooled.wrappedBuffer(b);
        }
        wire = new ByteBuf[k + r];
    }

    /** Releases the codecs. */
    @TearDown(Level.Trial)
    public void tearDown() {
        enc.close();
        dec.close();
    }

    /** Encode one block, lose its first R sources, decode (rebuilding R packets). */
    @Benchmark
    public int encodeLoseDecode() throws PacketCodecException {
        now += 1_000;
        int n = 0;
        for (int i = 0; i < k; i++) {
            enc.store(packets[i], now);
            ByteBuf b;
            while ((b = enc.poll()) != null) {
                wire[n++] = b;
            }
        }
        int delivered = 0;
        for (int i = 0; i < n; i++) {
            ByteBuf w = wire[i];
            wire[i] = null;
            if (i >= r && dec.store(w, now) == CodecStatus.READY_TO_FLUSH) {
                ByteBuf o;
                while ((o = dec.poll()) != null) {
                    delivered++;
                    o.release();
                }
            }
            w.release();
        }
        if (delivered != k) {
            throw new IllegalStateException("delivered " + delivered);
        }
        return delivered;
    }
}
