/**
 * Fragmentation of inside packets into DataFrag / EncodedDataFrag chunks and their bounded
 * reassembly (spec {@code lightway-wire.md} §2.6, §3, §0.4).
 */
package org.lightwayj.core.frag;
