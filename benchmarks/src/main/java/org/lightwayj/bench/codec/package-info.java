/**
 * JMH benchmarks of the connection's inside-packet codec path (issue 6): the data path with a
 * pass-through codec against the same path without a codec, in the same run.
 */
package org.lightwayj.bench.codec;
