/**
 * The sans-IO Lightway connection: client and server state machines, authentication, keepalive and
 * the data path over UDP (DTLS) and TCP (TLS), spec {@code lightway-wire.md} §1.4 and §4.
 *
 * <h2>Shape</h2>
 * A host builds an immutable {@link org.lightwayj.core.connection.ClientContext} or
 * {@link org.lightwayj.core.connection.ServerContext} once, then makes one
 * {@link org.lightwayj.core.connection.Connection} per peer. It feeds the connection what arrives
 * ({@code outsideDataReceived}, {@code insidePacketReceived}), calls {@code tick(now)} at
 * {@code nextTimeout()}, and receives output through the callback interfaces it implements
 * ({@link org.lightwayj.core.connection.OutsideSender}, {@link org.lightwayj.core.connection.InsideSender},
 * {@link org.lightwayj.core.connection.EventListener}, …). A UDP server routes datagrams with
 * {@link org.lightwayj.core.connection.UdpServerEndpoint}. {@code docs/embedding.md} walks through a
 * host loop; {@code docs/path-features.md} covers roaming, session-id rotation, DPLPMTUD,
 * fragmentation and plugin chains.
 *
 * <h2>Untrusted peers</h2>
 * A UDP endpoint caps connections, handshakes in progress and handshakes per source address after the
 * cookie check ({@link org.lightwayj.core.connection.HandshakeRefusal}); a server closes a connection
 * whose (D)TLS handshake is not done within its TLS handshake timeout (10 s), separately from the
 * until-Online timeout (30 s). The inside-packet codec decodes only for a peer that is allowed to
 * encode (granted {@link org.lightwayj.core.connection.Feature#INSIDE_PACKET_CODEC}, or, at a client,
 * after it asked for encoding).
 *
 * <h2>Time and threads</h2>
 * Time is a {@code long} of monotonic nanoseconds supplied by the host; the package never reads a
 * clock and never starts a thread. A connection (and an endpoint) is confined to one thread at a
 * time; contexts are immutable and may be shared.
 */
package org.lightwayj.core.connection;
