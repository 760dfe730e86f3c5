package org.lightwayj.core.plugin;

import io.netty.buffer.ByteBuf;

/**
 * One per-connection packet transform (spec §6), made by a {@link PluginFactory}.
 *
 * <h2>Buffer contract (both hooks)</h2>
 * <ul>
 *   <li>The packet is the <em>readable region</em> of {@code data}. On {@link PluginResult.Accept}
 *       the readable region after the call is the (possibly rewritten) packet handed on.</li>
 *   <li>The plugin may change bytes, move {@code readerIndex}/{@code writerIndex} (to strip or
 *       expose headers) and write more bytes (growing capacity up to {@code maxCapacity()}), all on
 *       this same {@code ByteBuf} object.</li>
 *   <li>The caller owns {@code data} before, during and after the call. The plugin must not
 *       {@code release()} it, must not keep a reference or a derived slice/duplicate after
 *       returning, and must not change its reference count.</li>
 *   <li>On any result other than Accept the contents of {@code data} are unspecified and the caller
 *       discards the packet (and still releases the buffer itself).</li>
 *   <li>A {@link PluginResult.DropWithReply} carries a <em>new</em> buffer whose ownership passes
 *       to the caller of the chain.</li>
 * </ul>
 * A plugin should report trouble as {@link PluginResult.Error}; a {@link RuntimeException} thrown
 * by a hook is turned into an Error result by {@link PluginChain}.
 */
public interface Plugin {
    /**
     * Processes a packet arriving (from the network on the outside chain, from the TUN on the
     * inside chain).
     *
     * @param data the packet's buffer, owned by the caller (see the class documentation)
     * @return what to do with the packet
     */
    PluginResult ingress(ByteBuf data);

    /**
     * Processes a packet leaving (to the network on the outside chain, to the TUN on the inside
     * chain).
     *
     * @param data the packet's buffer, owned by the caller (see the class documentation)
     * @return what to do with the packet
     */
    PluginResult egress(ByteBuf data);
}
