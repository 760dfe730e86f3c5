package org.lightwayj.core.plugin;

/**
 * Makes a fresh {@link Plugin} for each connection (spec §6, {@code PluginFactory::build}).
 * Factories are shared between connections and may be called from several threads at once.
 */
@FunctionalInterface
public interface PluginFactory {
    /**
     * @return a new plugin instance, owned by one connection
     * @throws PluginBuildException if the plugin cannot be made
     */
    Plugin build() throws PluginBuildException;
}
