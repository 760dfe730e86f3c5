/**
 * Byte-exact Lightway wire layer (spec {@code lightway-wire.md} §1.3, §2; reference:
 * {@code docs/wire-format.md}).
 *
 * <ul>
 *   <li>{@link org.lightwayj.core.wire.Header}: the 16-byte outer UDP header, with {@link
 *       org.lightwayj.core.Version}, {@link org.lightwayj.core.wire.VersionRange} and {@link
 *       org.lightwayj.core.SessionId}.</li>
 *   <li>{@link org.lightwayj.core.wire.Frame}: a sealed interface with one record (or singleton enum)
 *       per {@link org.lightwayj.core.wire.FrameKind}.</li>
 *   <li>Hot-path helpers that write frame headers without creating frames: {@code
 *       Data.encodeHeader}, {@code DataFrag.encodeHeader}, {@link
 *       org.lightwayj.core.wire.FragmentOffsets}, {@code Data.maxPayload}, {@code DataFrag.maxChunk}.</li>
 * </ul>
 *
 * <p>Decoding is atomic (a failure consumes nothing, so TCP can resume) and fails only with {@link
 * org.lightwayj.core.wire.WireException}, whatever the bytes. Encoding appends to a caller-supplied
 * {@code ByteBuf} and allocates nothing else. Constructors reject out-of-range values with {@code
 * IllegalArgumentException}: that is a programming error, never a reaction to received bytes.
 * Fragment splitting and reassembly live in {@code org.lightwayj.core.frag}.
 */
package org.lightwayj.core.wire;

import org.lightwayj.core.SessionId;
import org.lightwayj.core.Version;
