package org.lightwayj.core.plugin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, ordered list of {@link PluginFactory}s (upstream {@code PluginFactoryList}); set
 * once on a context for the inside or the outside chain. The first factory's plugin is the
 * outermost on ingress (runs first) and on egress (runs last).
 *
 * <pre>{@code
 * PluginFactoryList outside = PluginFactoryList.of(Obfuscator::new).with(Padder::new);
 * PluginChain chain = PluginChain.create(outside); // per connection
 * }</pre>
 */
public final class PluginFactoryList {
    private static final PluginFactoryList EMPTY = new PluginFactoryList(List.of());

    private final List<PluginFactory> factories;

    private PluginFactoryList(List<PluginFactory> factories) {
        this.factories = factories;
    }

    /** The empty list: its chains accept everything. */
    public static PluginFactoryList empty() {
        return EMPTY;
    }

    /**
     * @param factories the factories, in ingress order
     * @return the list
     * @throws NullPointerException if any factory is null
     */
    public static PluginFactoryList of(PluginFactory... factories) {
        return of(Arrays.asList(factories));
    }

    /**
     * @param factories the factories, in ingress order (copied)
     * @return the list
     * @throws NullPointerException if any factory is null
     */
    public static PluginFactoryList of(List<? extends PluginFactory> factories) {
        for (int i = 0; i < factories.size(); i++) {
            Objects.requireNonNull(factories.get(i), "factories[" + i + "]");
        }
        return factories.isEmpty() ? EMPTY : new PluginFactoryList(List.copyOf(factories));
    }

    /**
     * @param factory appended after the existing factories
     * @return a new list; this one is unchanged
     */
    public PluginFactoryList with(PluginFactory factory) {
        Objects.requireNonNull(factory, "factory");
        List<PluginFactory> copy = new ArrayList<>(factories.size() + 1);
        copy.addAll(factories);
        copy.add(factory);
        return new PluginFactoryList(Collections.unmodifiableList(copy));
    }

    /** Number of factories. */
    public int size() {
        return factories.size();
    }

    /** Whether there are no factories. */
    public boolean isEmpty() {
        return factories.isEmpty();
    }

    /** The factories, in ingress order (unmodifiable). */
    public List<PluginFactory> factories() {
        return factories;
    }

    @Override
    public String toString() {
        return "PluginFactoryList" + factories;
    }
}
