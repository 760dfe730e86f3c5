/**
 * The protocol's vocabulary, shared by every layer of the core and seen by hosts: the protocol
 * {@link org.lightwayj.core.Version}, the outer-header {@link org.lightwayj.core.SessionId}, the
 * client's credentials ({@link org.lightwayj.core.AuthMethod}), why a fragment was refused
 * ({@link org.lightwayj.core.FragmentError}) and path MTU discovery's configuration and state
 * ({@link org.lightwayj.core.PmtudConfig}, {@link org.lightwayj.core.PmtudState}).
 *
 * <p>The machinery behind them ({@code wire}, {@code frag}, {@code pmtud}, {@code ip},
 * {@code tls.dtls13}, {@code tls.crypto}) is internal to the module: hosts use
 * {@link org.lightwayj.core.connection}, {@link org.lightwayj.core.tls} and
 * {@link org.lightwayj.core.plugin}.
 */
package org.lightwayj.core;
