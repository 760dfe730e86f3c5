/**
 * JMH benchmarks of the {@code fec-rs} codec: the packed-table Reed–Solomon kernel against a classic
 * 64 KiB-multiplication-table baseline, and the whole codec path per block. See {@code docs/fec.md}.
 */
package org.lightwayj.bench.fec;
