package org.lightwayj.core.plugin;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * One connection's plugin instances, run as an onion (spec §6):
 * <ul>
 *   <li>{@link #ingress(ByteBuf)} runs plugins 0, 1, …, n−1 and stops at the first result that is
 *       not Accept;</li>
 *   <li>{@link #egress(ByteBuf)} runs plugins n−1, …, 1, 0 and stops the same way,</li>
 * </ul>
 * so what plugin 0 adds last on egress it sees first on ingress. An empty chain accepts everything.
 *
 * <p>Buffer ownership is the {@link Plugin} contract: the caller owns {@code data} throughout and
 * finds the (possibly rewritten) packet in its readable region on Accept; on Drop/Error the packet
 * is to be discarded; a {@link PluginResult.DropWithReply} reply buffer is owned by the caller.
 * A {@link RuntimeException} thrown by a plugin becomes {@link PluginResult.Error} (the rest of
 * the chain is skipped), so a faulty plugin cannot crash the receive path. The chain keeps counters
 * of its non-Accept results. Running it allocates nothing unless a plugin does. Not thread-safe.
 */
public final class PluginChain {
    private static final Plugin[] NONE = new Plugin[0];
    private static final PluginChain EMPTY = new PluginChain(NONE);

    private final Plugin[] plugins;
    private long ingressDrops;
    private long egressDrops;
    private long ingressErrors;
    private long egressErrors;

    private PluginChain(Plugin[] plugins) {
        this.plugins = plugins;
    }

    /**
     * Builds one plugin from each factory, in order.
     *
     * @param factories the factories
     * @return a new chain for one connection
     * @throws PluginBuildException if a factory fails (or returns null); it names the factory's index
     */
    public static PluginChain create(PluginFactoryList factories) throws PluginBuildException {
        List<PluginFactory> list = factories.factories();
        if (list.isEmpty()) {
            return new PluginChain(NONE);
        }
        Plugin[] plugins = new Plugin[list.size()];
        for (int i = 0; i < plugins.length; i++) {
            Plugin p;
            try {
                p = list.get(i).build();
            } catch (PluginBuildException e) {
                throw new PluginBuildException("plugin factory " + i + " failed: " + e.getMessage(), e, i);
            } catch (RuntimeException e) {
                throw new PluginBuildException("plugin factory " + i + " threw " + e, e, i);
            }
            if (p == null) {
                throw new PluginBuildException("plugin factory " + i + " returned null", null, i);
            }
            plugins[i] = p;
        }
        return new PluginChain(plugins);
    }

    /** A chain with no plugins, for a connection without plugins. Shared; its counters stay 0. */
    public static PluginChain empty() {
        return EMPTY;
    }

    /**
     * Runs the plugins in list order on an arriving packet.
     *
     * @param data owned by the caller; on Accept its readable region is the packet to process
     * @return Accept if every plugin accepted, else the first other result
     */
    public PluginResult ingress(ByteBuf data) {
        for (Plugin p : plugins) {
            PluginResult r = call(p, data, true);
            if (!r.isAccept()) {
                count(r, true);
                return r;
            }
        }
        return PluginResult.accept();
    }

    /**
     * Runs the plugins in reverse list order on a leaving packet.
     *
     * @param data owned by the caller; on Accept its readable region is the packet to send
     * @return Accept if every plugin accepted, else the first other result
     */
    public PluginResult egress(ByteBuf data) {
        for (int i = plugins.length - 1; i >= 0; i--) {
            PluginResult r = call(plugins[i], data, false);
            if (!r.isAccept()) {
                count(r, false);
                return r;
            }
        }
        return PluginResult.accept();
    }

    /** Number of plugins. */
    public int size() {
        return plugins.length;
    }

    /** Whether the chain has no plugins. */
    public boolean isEmpty() {
        return plugins.length == 0;
    }

    /** Ingress packets ended by Drop or DropWithReply. */
    public long ingressDrops() {
        return ingressDrops;
    }

    /** Egress packets ended by Drop or DropWithReply. */
    public long egressDrops() {
        return egressDrops;
    }

    /** Ingress packets ended by Error (including a thrown exception). */
    public long ingressErrors() {
        return ingressErrors;
    }

    /** Egress packets ended by Error (including a thrown exception). */
    public long egressErrors() {
        return egressErrors;
    }

    private static PluginResult call(Plugin p, ByteBuf data, boolean ingress) {
        PluginResult r;
        try {
            r = ingress ? p.ingress(data) : p.egress(data);
        } catch (RuntimeException e) {
            return PluginResult.error(e);
        }
        if (r == null) {
            return PluginResult.error(new IllegalStateException(
                    "plugin " + p.getClass().getName() + " returned null from " + (ingress ? "ingress" : "egress")));
        }
        return r;
    }

    private void count(PluginResult r, boolean ingress) {
        if (r instanceof PluginResult.Error) {
            if (ingress) {
                ingressErrors++;
            } else {
                egressErrors++;
            }
        } else if (ingress) {
            ingressDrops++;
        } else {
            egressDrops++;
        }
    }
}
