/** Systematic Reed–Solomon FEC over GF(2⁸) for inside packets. See {@code docs/fec.md}. */
package org.lightwayj.codec.fec;
