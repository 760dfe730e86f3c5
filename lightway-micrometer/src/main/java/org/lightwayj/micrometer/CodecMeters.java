package org.lightwayj.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.Set;
import org.lightwayj.codec.PacketCodecFactory;

/**
 * Binds an inside-packet codec factory's {@link PacketCodecFactory#counters() counters} to a registry,
 * polled when the registry is read (nothing is added to the data path). Each key becomes
 * {@code lightway.codec.} + the key in dotted lower case, tagged {@code codec=}{@link PacketCodecFactory#name()}:
 * for the FEC codec {@code lightway.codec.recovered} (packets rebuilt from repair symbols),
 * {@code lightway.codec.repair.sent}, {@code lightway.codec.blocks.expired}, … (docs/fec.md lists them).
 * Keys in {@link #FEC_GAUGES} (or the set given) are gauges, every other key a monotonic counter.
 *
 * <pre>{@code
 * FecCodecFactory fec = new FecCodecFactory();
 * new CodecMeters(fec).bindTo(registry);
 * }</pre>
 *
 * <p>The meters hold the factory weakly (Micrometer's rule for function meters): they read NaN once the
 * host has dropped every reference to it. The keys are those the factory reports when bound.
 */
public final class CodecMeters implements MeterBinder {
    /** The FEC codec's values that go up and down: its loss estimate and its current repair count. */
    public static final Set<String> FEC_GAUGES = Set.of("observedLossPpm", "adaptiveR");

    private final PacketCodecFactory factory;
    private final Set<String> gauges;
    private final Tags tags;

    /**
     * The factory's counters, with {@link #FEC_GAUGES} as gauges.
     *
     * @param factory the codec factory (every encoder and decoder it made sums into its counters)
     */
    public CodecMeters(PacketCodecFactory factory) {
        this(factory, FEC_GAUGES, Tags.empty());
    }

    /**
     * @param factory the codec factory
     * @param gauges the keys that are not monotonic
     * @param tags tags added to every meter
     */
    public CodecMeters(PacketCodecFactory factory, Set<String> gauges, Iterable<Tag> tags) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.gauges = Set.copyOf(gauges);
        this.tags = Tags.of(tags).and("codec", factory.name());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String key : factory.counters().keySet()) {
            String name = "lightway.codec." + dotted(key);
            if (gauges.contains(key)) {
                Gauge.builder(name, factory, f -> value(f, key)).tags(tags).register(registry);
            } else {
                FunctionCounter.builder(name, factory, f -> value(f, key)).tags(tags).register(registry);
            }
        }
    }

    private static double value(PacketCodecFactory f, String key) {
        Long v = f.counters().get(key);
        return v == null ? Double.NaN : v;
    }

    /** {@code "repairSent"} → {@code "repair.sent"}. */
    static String dotted(String key) {
        StringBuilder b = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    b.append('.');
                }
                b.append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
