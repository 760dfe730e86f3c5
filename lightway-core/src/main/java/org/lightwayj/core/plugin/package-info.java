/**
 * Inside and outside plugin chains (spec {@code lightway-wire.md} §6).
 *
 * <p>A {@link org.lightwayj.core.plugin.Plugin} transforms a packet in place on its way in
 * ({@code ingress}) or out ({@code egress}) and answers with a
 * {@link org.lightwayj.core.plugin.PluginResult}. Each connection gets fresh plugin instances from a
 * {@link org.lightwayj.core.plugin.PluginFactoryList} of
 * {@link org.lightwayj.core.plugin.PluginFactory}s, held in a
 * {@link org.lightwayj.core.plugin.PluginChain} that runs ingress in list order and egress in
 * reverse order (onion). What the connection does with each result (silent drop, reply into the
 * TUN, typed error) depends on which chain ran and is described in §6; this package only runs the
 * chain. Nothing here is thread-safe: one chain per connection, used from one thread at a time.
 */
package org.lightwayj.core.plugin;
