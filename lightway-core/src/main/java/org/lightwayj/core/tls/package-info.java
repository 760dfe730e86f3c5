/**
 * The TLS engine seam and its Bouncy Castle implementations: DTLS 1.2 for UDP and TLS 1.3 for TCP
 * (spec {@code lightway-wire.md} §0.1, §1.1–§1.2).
 */
package org.lightwayj.core.tls;
