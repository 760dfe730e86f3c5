/**
 * Helpers for inside (tunnelled) IP packets: version check, Internet checksums (RFC 1071 and the
 * RFC 1624 incremental update) and the TCP MSS clamp of spec {@code lightway-wire.md} §4.6.
 *
 * <p>Everything is static, works on a {@link io.netty.buffer.ByteBuf}'s readable region without
 * moving its indices, never takes ownership (the caller releases its buffers) and allocates nothing.
 */
package org.lightwayj.core.ip;
