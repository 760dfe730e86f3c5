package org.lightwayj.core.connection;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.lightwayj.core.Version;
import org.lightwayj.core.wire.VersionRange;

/**
 * Settings shared by {@link ClientContext.Builder} and {@link ServerContext.Builder}. Setters only
 * record values; {@code build()} validates them and fails with an {@link IllegalArgumentException}
 * (or {@link NullPointerException}) whose message names the field.
 *
 * @param <B> the concrete builder
 */
public abstract class ContextBuilder<B extends ContextBuilder<B>> {

    /** Largest outside MTU (spec §8). */
    public static final int MAX_OUTSIDE_MTU = 1500;
    /** Smallest outside MTU (spec §8). */
    public static final int MIN_OUTSIDE_MTU = 68;
    /** Largest inside MTU (spec §8). */
    public static final int MAX_INSIDE_MTU = 1500;
    /** Smallest inside MTU (spec §8). */
    public static final int MIN_INSIDE_MTU = 1250;

    TlsEngineFactory tlsEngineFactory;
    Version minVersion = Version.MINIMUM;
    Version maxVersion;
    int outsideMtu = MAX_OUTSIDE_MTU;
    int insideMtu = 1350;
    int fragmentMapEntries = 4096;
    Duration fragmentMaxAge = Duration.ofSeconds(64);
    long fragmentMapMaxBytes = org.lightwayj.core.frag.FragmentMapConfig.DEFAULT_MAX_TOTAL_BYTES;
    MetricsListener metrics = MetricsListener.NONE;
    boolean allowIpv6Inside;
    DataPadding dataPadding = DataPadding.NONE;
    Duration handshakeTimeout = Duration.ofSeconds(30);
    Duration keepaliveInterval = Duration.ZERO;
    Duration keepaliveTimeout = Duration.ZERO;
    ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
    LongSupplier random;
    org.lightwayj.core.plugin.PluginFactoryList insidePlugins = org.lightwayj.core.plugin.PluginFactoryList.empty();
    org.lightwayj.core.plugin.PluginFactoryList outsidePlugins = org.lightwayj.core.plugin.PluginFactoryList.empty();
    CodecConfig codec;

    ContextBuilder(Version defaultMax) {
        this.maxVersion = defaultMax;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The factory that makes each connection's (D)TLS engine. Required until the default engines are
     * configured from TLS settings.
     *
     * @param factory the engine factory
     * @return this builder
     */
    public B tlsEngineFactory(TlsEngineFactory factory) {
        this.tlsEngineFactory = factory;
        return self();
    }

    /**
     * Sets min.
     *
     * @param min lowest protocol version accepted (default 1.1)
     * @return this builder
     */
    public B minimumVersion(Version min) {
        this.minVersion = min;
        return self();
    }

    /**
     * Sets max.
     *
     * @param max highest protocol version; a UDP client puts it in its headers
     * @return this builder
     */
    public B maximumVersion(Version max) {
        this.maxVersion = max;
        return self();
    }

    /**
     * Sets mtu.
     *
     * @param mtu outside (path) MTU, 68..1500 (default 1500)
     * @return this builder
     */
    public B outsideMtu(int mtu) {
        this.outsideMtu = mtu;
        return self();
    }

    /**
     * Sets mtu.
     *
     * @param mtu inside (TUN) MTU, 1250..1500 (default 1350)
     * @return this builder
     */
    public B insideMtu(int mtu) {
        this.insideMtu = mtu;
        return self();
    }

    /**
     * Sets entries.
     *
     * @param entries fragment reassembly map bound, 1..65536 (default 4096)
     * @return this builder
     */
    public B fragmentMapEntries(int entries) {
        this.fragmentMapEntries = entries;
        return self();
    }

    /**
     * Sets the byte budget of the fragment reassembly map: the buffer bytes all partial packets of one
     * connection may hold together; least recently used partial packets are evicted to stay within it
     * (see {@link org.lightwayj.core.frag.FragmentMapConfig#maxTotalBytes()}).
     *
     * @param bytes positive (default 4 MiB)
     * @return this builder
     */
    public B fragmentMapMaxBytes(long bytes) {
        this.fragmentMapMaxBytes = bytes;
        return self();
    }

    /**
     * Sets age.
     *
     * @param age fragment reassembly age bound, positive (default 64 s)
     * @return this builder
     */
    public B fragmentMaxAge(Duration age) {
        this.fragmentMaxAge = age;
        return self();
    }

    /**
     * Sets metrics.
     *
     * @param metrics counters listener (default none)
     * @return this builder
     */
    public B metrics(MetricsListener metrics) {
        this.metrics = metrics;
        return self();
    }

    /**
     * Sets allow.
     *
     * @param allow accept IPv6 inside packets (default off: C and Rust peers drop them)
     * @return this builder
     */
    public B allowIpv6Inside(boolean allow) {
        this.allowIpv6Inside = allow;
        return self();
    }

    /**
     * Sets the zero padding of outgoing Data frames on UDP (C lightway-core's padding layouts).
     *
     * @param padding {@link DataPadding#NONE} (default), {@link DataPadding#STEPS_450} or {@link DataPadding#FULL};
     *     see {@link DataPadding} for which peers accept it
     * @return this builder
     */
    public B dataPadding(DataPadding padding) {
        this.dataPadding = Objects.requireNonNull(padding, "padding");
        return self();
    }

    /**
     * The handshake timeout in the wide sense: from creation until Online, that is (D)TLS plus
     * authentication; not Online by then → {@link ConnectionError#TIMED_OUT}. A server also bounds the
     * (D)TLS part alone, more tightly: {@link ServerContext.Builder#tlsHandshakeTimeout} (10 s).
     *
     * @param timeout from creation until Online, positive (default 30 s)
     * @return this builder
     */
    public B handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = timeout;
        return self();
    }

    /**
     * Optional core-driven keepalive: while Online, send a keepalive Ping when nothing arrived for
     * {@code interval}. Zero (the default) leaves keepalives to the host ({@link Connection#keepalive}).
     *
     * @param interval the interval, ≥ 0
     * @return this builder
     */
    public B keepaliveInterval(Duration interval) {
        this.keepaliveInterval = interval;
        return self();
    }

    /**
     * Optional: while Online, close with {@link ConnectionError#TIMED_OUT} when nothing arrived for
     * {@code timeout}. Zero (the default) disables it.
     *
     * @param timeout the timeout, ≥ 0
     * @return this builder
     */
    public B keepaliveTimeout(Duration timeout) {
        this.keepaliveTimeout = timeout;
        return self();
    }

    /**
     * Sets allocator.
     *
     * @param allocator where connections allocate buffers (default pooled)
     * @return this builder
     */
    public B allocator(ByteBufAllocator allocator) {
        this.allocator = allocator;
        return self();
    }

    /**
     * @param random source of session ids (default a new {@link java.security.SecureRandom}); seed one
     *     for deterministic tests
     * @return this builder
     */
    public B random(java.util.Random random) {
        this.random = random == null ? null : random::nextLong;
        return self();
    }

    /**
     * The source of session ids as random 64-bit values, e.g. {@code new SplittableRandom(seed)::nextLong}
     * in a deterministic test. (Not {@code java.util.random.RandomGenerator}: Android does not have it.)
     *
     * @param random source of session ids (default a new {@link java.security.SecureRandom})
     * @return this builder
     */
    public B random(LongSupplier random) {
        this.random = random;
        return self();
    }

    /**
     * Inside plugins (spec §6): each connection builds its own chain from these factories. Ingress runs
     * on packets from the TUN (in list order), egress on packets to the TUN (in reverse order).
     *
     * @param factories the factories (default none)
     * @return this builder
     */
    public B insidePlugins(org.lightwayj.core.plugin.PluginFactoryList factories) {
        this.insidePlugins = factories;
        return self();
    }

    /**
     * Outside plugins (spec §6): ingress runs on every received datagram / stream chunk before the
     * header parse, egress on every final datagram / stream chunk before the socket. A
     * {@link UdpServerEndpoint} runs ingress once, before connection lookup.
     *
     * @param factories the factories (default none)
     * @return this builder
     */
    public B outsidePlugins(org.lightwayj.core.plugin.PluginFactoryList factories) {
        this.outsidePlugins = factories;
        return self();
    }

    PathConfig pathConfig(org.lightwayj.core.PmtudConfig pmtud) {
        Objects.requireNonNull(insidePlugins, "insidePlugins");
        Objects.requireNonNull(outsidePlugins, "outsidePlugins");
        return new PathConfig(insidePlugins, outsidePlugins, pmtud);
    }

    /**
     * The optional inside-packet codec (spec §0.3). Without one (the default) the data path has no
     * codec overhead, EncodedData from the peer is fatal and ToggleEncoding requests are ignored.
     *
     * @param codec the codec configuration, or {@code null} for none
     * @return this builder
     */
    public B codec(CodecConfig codec) {
        this.codec = codec;
        return self();
    }

    Settings settings() {
        Objects.requireNonNull(tlsEngineFactory,
                "tlsEngineFactory: call tls(config, executor) or tlsEngineFactory(...)");
        Objects.requireNonNull(minVersion, "minimumVersion");
        Objects.requireNonNull(maxVersion, "maximumVersion");
        VersionRange range;
        try {
            range = new VersionRange(minVersion, maxVersion);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("minimumVersion/maximumVersion: " + e.getMessage(), e);
        }
        check(outsideMtu >= MIN_OUTSIDE_MTU && outsideMtu <= MAX_OUTSIDE_MTU,
                "outsideMtu must be " + MIN_OUTSIDE_MTU + ".." + MAX_OUTSIDE_MTU + ": " + outsideMtu);
        check(insideMtu >= MIN_INSIDE_MTU && insideMtu <= MAX_INSIDE_MTU,
                "insideMtu must be " + MIN_INSIDE_MTU + ".." + MAX_INSIDE_MTU + ": " + insideMtu);
        check(fragmentMapEntries >= 1 && fragmentMapEntries <= 65536,
                "fragmentMapEntries must be 1..65536: " + fragmentMapEntries);
        check(fragmentMapMaxBytes > 0, "fragmentMapMaxBytes must be > 0: " + fragmentMapMaxBytes);
        long fragAge = positive(fragmentMaxAge, "fragmentMaxAge");
        Objects.requireNonNull(metrics, "metrics");
        long hs = positive(handshakeTimeout, "handshakeTimeout");
        long ka = nonNegative(keepaliveInterval, "keepaliveInterval");
        long kt = nonNegative(keepaliveTimeout, "keepaliveTimeout");
        check(kt == 0 || ka == 0 || kt > ka, "keepaliveTimeout must exceed keepaliveInterval");
        Objects.requireNonNull(allocator, "allocator");
        LongSupplier rnd = random != null ? random : new java.security.SecureRandom()::nextLong;
        return new Settings(tlsEngineFactory, range, outsideMtu, insideMtu, fragmentMapEntries, fragAge, fragmentMapMaxBytes,
                metrics, allowIpv6Inside, hs, ka, kt, allocator, rnd,
                codec, dataPadding);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static long positive(Duration d, String field) {
        Objects.requireNonNull(d, field);
        check(!d.isNegative() && !d.isZero(), field + " must be positive: " + d);
        return saturatedNanos(d);
    }

    static long nonNegative(Duration d, String field) {
        Objects.requireNonNull(d, field);
        check(!d.isNegative(), field + " must not be negative: " + d);
        return saturatedNanos(d);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
