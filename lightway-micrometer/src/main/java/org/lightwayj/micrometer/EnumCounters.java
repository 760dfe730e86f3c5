package org.lightwayj.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One counter name with one enum-valued tag: a counter per constant, registered the first time that
 * constant is counted (a reason that never happens never shows up as a zero meter), then looked up by
 * ordinal without touching the registry again.
 *
 * @param <E> the enum whose constant names are the tag values
 */
final class EnumCounters<E extends Enum<E>> {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String tagKey;
    private final Tags tags;
    private final AtomicReferenceArray<Counter> counters;

    EnumCounters(MeterRegistry registry, String name, String description, String tagKey, Class<E> type,
            Iterable<Tag> tags) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.tagKey = tagKey;
        this.tags = Tags.of(tags);
        this.counters = new AtomicReferenceArray<>(type.getEnumConstants().length);
    }

    /** Counts one for {@code value}; a {@code null} value is counted under the tag value {@code "none"}. */
    void increment(E value) {
        if (value == null) {
            Counter.builder(name).description(description).tags(tags).tag(tagKey, "none").register(registry)
                    .increment();
            return;
        }
        int i = value.ordinal();
        Counter c = counters.get(i);
        if (c == null) {
            // Registering twice returns the same counter, so a race here only costs a lookup.
            c = Counter.builder(name).description(description).tags(tags).tag(tagKey, value.name())
                    .register(registry);
            counters.set(i, c);
        }
        c.increment();
    }
}
