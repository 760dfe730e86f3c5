/**
 * Fragmentation of inside packets into DataFrag / EncodedDataFrag chunks and their bounded
 * reassembly (spec {@code lightway-wire.md} §2.6, §3, §0.4).
 *
 * <p>This package works on primitives (fragment id, byte offset, MF flag, fragment bytes); the
 * frame records and the offset-word encoding live in the wire package.
 * <ul>
 *   <li>Sending: {@link org.lightwayj.core.frag.FragmentIdCounter} gives one id per fragmented
 *       packet; {@link org.lightwayj.core.frag.FragmentSplitter} walks the chunks (offsets 0, c, 2c…,
 *       MF on all but the last) without allocating.</li>
 *   <li>Receiving: {@link org.lightwayj.core.frag.FragmentMap} applies the run-merging rules of §3
 *       to fragments of both kinds and hands back completed packets, bounded by
 *       {@link org.lightwayj.core.frag.FragmentMapConfig} (entries with LRU eviction, age, bytes per
 *       packet) and counted in {@link org.lightwayj.core.frag.FragmentMapStats}.</li>
 *   <li>Errors are {@link org.lightwayj.core.frag.FragmentException}s carrying a
 *       {@link org.lightwayj.core.FragmentError}; on the receive path they are non-fatal.</li>
 * </ul>
 * Time is passed in as monotonic nanoseconds; nothing here reads a clock or is thread-safe.
 */
package org.lightwayj.core.frag;

import org.lightwayj.core.FragmentError;
