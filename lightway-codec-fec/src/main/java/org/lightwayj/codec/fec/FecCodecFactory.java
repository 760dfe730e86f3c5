package org.lightwayj.codec.fec;

import io.netty.buffer.ByteBufAllocator;
import java.util.Map;
import java.util.Objects;
import org.lightwayj.codec.PacketCodecFactory;
import org.lightwayj.codec.PacketDecoder;
import org.lightwayj.codec.PacketEncoder;

/**
 * The {@code fec-rs} codec: systematic Reed–Solomon forward error correction over GF(2⁸) for inside
 * packets. Registered for {@link java.util.ServiceLoader} (defaults); construct it with a
 * {@link FecConfig} for other settings.
 *
 * <pre>{@code
 * PacketCodecFactory fec = new FecCodecFactory(FecConfig.builder().k(20).r(5).build());
 * }</pre>
 *
 * <p>Thread-safe: encoders and decoders may be made from any thread; each is confined to its
 * connection. {@link #counters()} sums all of them. Wire format and tuning: {@code docs/fec.md}.
 */
public final class FecCodecFactory implements PacketCodecFactory {
    /** The registered codec name. */
    public static final String NAME = "fec-rs";

    private final FecConfig config;
    private final FecCounters counters = new FecCounters();

    /** A factory with {@link FecConfig#defaults()} (K=10, R=3). */
    public FecCodecFactory() {
        this(FecConfig.defaults());
    }

    /** @param config the codec settings */
    public FecCodecFactory(FecConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        counters.lastR = config.r();
    }

    /** {@return the settings every encoder and decoder of this factory uses} */
    public FecConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each returned buffer comes from {@code alloc}; the caller releases it.
     */
    @Override
    public PacketEncoder newEncoder(ByteBufAllocator alloc) {
        return new FecEncoder(config, Objects.requireNonNull(alloc, "alloc"), counters, 0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each returned buffer comes from {@code alloc}; the caller releases it.
     */
    @Override
    public PacketDecoder newDecoder(ByteBufAllocator alloc) {
        return new FecDecoder(config, Objects.requireNonNull(alloc, "alloc"), counters);
    }

    /**
     * Totals of every encoder and decoder of this factory: {@code sourceSent}, {@code repairSent},
     * {@code blocksSent}, {@code oversizeSkipped} (encoder); {@code sourceReceived},
     * {@code repairReceived}, {@code recovered} (sources rebuilt), {@code blocksExpired} (dropped on
     * cleanup while incomplete), {@code malformedDropped}, {@code duplicatesDropped},
     * {@code repairsUnneeded} (repairs for blocks already complete), {@code lateDropped} (ids too far
     * behind the newest) and {@code evictions} (decoder); {@code observedLossPpm} (the decoders' loss
     * estimate, parts per million) and {@code adaptiveR} (R of the latest block opened in adaptive
     * mode, else the configured R).
     */
    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }

    FecCounters rawCounters() {
        return counters;
    }
}
