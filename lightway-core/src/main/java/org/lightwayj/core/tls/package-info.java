/**
 * The TLS engine seam ({@link org.lightwayj.core.tls.TlsEngine}) and its Bouncy Castle implementations:
 * DTLS 1.2 for UDP and TLS 1.3 for TCP (spec {@code lightway-wire.md} §0.1, §1.1–§1.2, §8).
 *
 * <h2>Creating engines</h2>
 * <pre>{@code
 * TlsEngine udpClient = TlsEngines.dtlsClient(clientConfig, executor, now);
 * // server: stateless cookie check before any per-peer state
 * DtlsCookieVerifier.Request r = verifier.verify(peer, datagram, hvr -> send(peer, hvr), now);
 * if (r != null) { TlsEngine udpServer = TlsEngines.dtlsServer(serverConfig, r, executor, now); }
 * TlsEngine tcpClient = TlsEngines.tlsClient(clientConfig, now);
 * TlsEngine tcpServer = TlsEngines.tlsServer(serverConfig, now);
 * }</pre>
 *
 * <h2>Threads and time</h2>
 * A DTLS engine runs its handshake as one task on the host's {@link java.util.concurrent.Executor},
 * as a coroutine that only computes inside host calls; the task ends with the handshake. Everything
 * else runs on the caller's thread. Time is the host's {@code nowNanos}; the one wall-clock read is
 * certificate validity, through {@link org.lightwayj.core.tls.TlsClientConfig#certificateClock()}.
 * Bouncy Castle's DTLS retransmission timer additionally follows the wall clock internally (no hook
 * exists), so a retransmission fires at the later of the host's deadline and BC's own. See
 * {@code docs/tls.md}.
 */
package org.lightwayj.core.tls;
