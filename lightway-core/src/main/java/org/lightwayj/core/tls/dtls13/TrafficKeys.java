package org.lightwayj.core.tls.dtls13;

/**
 * The keys of one direction of one epoch: AEAD key, 12-byte IV and the record-number key
 * (RFC 8446 §7.3, RFC 9147 §4.2.3).
 */
record TrafficKeys(byte[] key, byte[] iv, byte[] snKey) {
}
