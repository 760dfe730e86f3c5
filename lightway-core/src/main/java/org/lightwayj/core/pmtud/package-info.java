/**
 * Datagram Packetization Layer Path MTU Discovery (RFC 8899) for a Lightway UDP client
 * (spec {@code lightway-wire.md} §4.6).
 *
 * <p>{@link org.lightwayj.core.pmtud.Dplpmtud} is a sans-IO state machine: the connection feeds it
 * {@code online(now)}, {@code offline()}, every received Pong ({@code onPong(id, now)}) and its
 * timer ({@code tick(now)} / {@code nextTimeout()}), and after each input executes the
 * {@link org.lightwayj.core.pmtud.PmtudAction}s it returns (send a probe, the estimate changed). Hosts
 * read it through an immutable {@link org.lightwayj.core.PmtudSnapshot}. Limits and timers come
 * from an immutable {@link org.lightwayj.core.PmtudConfig}. Nothing here reads a clock or is
 * thread-safe.
 */
package org.lightwayj.core.pmtud;

import org.lightwayj.core.PmtudConfig;
import org.lightwayj.core.PmtudSnapshot;
