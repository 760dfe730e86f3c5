/**
 * Systematic Reed–Solomon FEC over GF(2⁸) for inside packets: the {@code fec-rs} codec
 * ({@link org.lightwayj.codec.fec.FecCodecFactory}, settings in {@link org.lightwayj.codec.fec.FecConfig})
 * and the block code it runs on ({@link org.lightwayj.codec.fec.ReedSolomon}). Wire format, kernel,
 * tuning and measurements: {@code docs/fec.md}.
 */
package org.lightwayj.codec.fec;
