/**
 * Byte-exact Lightway wire layer: the 16-byte outer UDP header, protocol versions and every inner
 * frame kind (spec {@code lightway-wire.md} §1–§2). Decoding is atomic and fails only with
 * {@link org.lightwayj.core.wire.WireException}.
 */
package org.lightwayj.core.wire;
