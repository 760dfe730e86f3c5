package org.lightwayj.core.connection;

import org.lightwayj.core.plugin.PluginBuildException;
import org.lightwayj.core.plugin.PluginChain;
import org.lightwayj.core.plugin.PluginResult;

/**
 * One connection's inside and outside plugin chains (spec §6), built from the context's factories
 * when the connection is made, and the bookkeeping shared by every place a chain runs.
 */
final class PluginChains {
    final PluginChain inside;
    final PluginChain outside;

    private PluginChains(PluginChain inside, PluginChain outside) {
        this.inside = inside;
        this.outside = outside;
    }

    static PluginChains create(PathConfig cfg) throws ConnectionException {
        try {
            PluginChain in = cfg.insidePlugins().isEmpty() ? PluginChain.empty() : PluginChain.create(cfg.insidePlugins());
            PluginChain out = cfg.outsidePlugins().isEmpty() ? PluginChain.empty()
                    : PluginChain.create(cfg.outsidePlugins());
            return new PluginChains(in, out);
        } catch (PluginBuildException e) {
            throw new ConnectionException(ConnectionError.PLUGIN_ERROR, "cannot build a plugin: " + e.getMessage(), e);
        }
    }

    boolean hasInside() {
        return !inside.isEmpty();
    }

    boolean hasOutside() {
        return !outside.isEmpty();
    }

    /**
     * Counts a non-Accept result at {@code point} and releases a DropWithReply's reply unless
     * {@code keepReply}.
     */
    static void count(MetricsListener metrics, Connection c, PluginPoint point, PluginResult r, boolean keepReply) {
        if (r instanceof PluginResult.Error) {
            metrics.pluginError(c, point);
        } else {
            metrics.pluginDropped(c, point);
            if (!keepReply && r instanceof PluginResult.DropWithReply d) {
                d.release();
            }
        }
    }
}
