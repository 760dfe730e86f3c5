package org.lightwayj.core.connection;

/**
 * Counters a connection reports, one method per counter (every default does nothing). Called on the
 * connection's thread, synchronously, from the data path: keep implementations cheap (for example
 * {@link java.util.concurrent.atomic.LongAdder}s) and thread-safe when shared between connections.
 *
 * <p>In every method {@code c} is the connection counting, or {@code null} when a
 * {@link UdpServerEndpoint} drops a datagram before any connection owns it.
 */
public interface MetricsListener {

    /** A listener that counts nothing. */
    MetricsListener NONE = new MetricsListener() { };

    /**
     * An outside datagram or chunk arrived.
     *
     * @param c the connection
     * @param bytes its length
     */
    default void outsideBytesReceived(Connection c, int bytes) { }

    /**
     * Bytes were handed to the {@link OutsideSender}.
     *
     * @param c the connection
     * @param bytes how many
     */
    default void outsideBytesSent(Connection c, int bytes) { }

    /**
     * An inside packet was delivered to the {@link InsideSender}.
     *
     * @param c the connection
     * @param bytes its length
     */
    default void insidePacketReceived(Connection c, int bytes) { }

    /**
     * An inside packet from the host was sent to the peer.
     *
     * @param c the connection
     * @param bytes its length
     */
    default void insidePacketSent(Connection c, int bytes) { }

    /**
     * An outside datagram was dropped before (D)TLS: bad header, wrong version, …
     *
     * @param c the connection, or {@code null}
     * @param reason why
     */
    default void badPacket(Connection c, ConnectionError reason) { }

    /**
     * A datagram was answered with, or carried, the REJECTED session id.
     *
     * @param c the connection, or {@code null}
     */
    default void rejectedPacket(Connection c) { }

    /**
     * An authenticated datagram carried a session id other than the connection's (spec §1.4).
     *
     * @param c the connection
     */
    default void sessionIdMismatch(Connection c) { }

    /**
     * A frame could not be parsed, or was not acceptable; on UDP the rest of its record was discarded
     * (spec §0.4).
     *
     * @param c the connection
     * @param reason why
     */
    default void badFrame(Connection c, ConnectionError reason) { }

    /**
     * A frame arrived in a state that does not accept it (non-fatal {@link ConnectionError#INVALID_STATE}).
     *
     * @param c the connection
     */
    default void invalidStateFrame(Connection c) { }

    /**
     * A received inside packet was dropped (not IPv4, or IPv6 when disabled).
     *
     * @param c the connection
     * @param reason why
     */
    default void insidePacketDropped(Connection c, ConnectionError reason) { }

    /**
     * An ExpressLane datagram or frame was ignored (spec §0.1).
     *
     * @param c the connection
     */
    default void expressLaneIgnored(Connection c) { }

    /**
     * A datagram or frame was dropped because the outside sender refused it or the TCP send queue was
     * full.
     *
     * @param c the connection
     */
    default void outsideSendDropped(Connection c) { }

    /**
     * A (D)TLS record was dropped by the engine (forged, replayed, truncated).
     *
     * @param c the connection
     */
    default void tlsRecordDropped(Connection c) { }

    /**
     * The connection ended with a fatal error.
     *
     * @param c the connection
     * @param error the error
     */
    default void fatalError(Connection c, ConnectionError error) { }

    /**
     * A server connection was created by a {@link UdpServerEndpoint}.
     *
     * @param c the new connection
     */
    default void connectionCreated(Connection c) { }

    // ---- path features (issue 5)

    /**
     * A received DataFrag/EncodedDataFrag was refused by reassembly; its partial packet was dropped
     * (non-fatal {@link ConnectionError#DATA_FRAGMENT_ERROR}).
     *
     * @param c the connection
     * @param error why
     */
    default void dataFragmentError(Connection c, org.lightwayj.core.FragmentError error) { }

    /**
     * Partial packets left the reassembly map unfinished: evicted as least recently used (entry count
     * or byte budget), or too old.
     *
     * @param c the connection
     * @param count how many
     */
    default void fragmentsEvicted(Connection c, int count) { }

    /**
     * An inside packet was sent as DataFrag/EncodedDataFrag.
     *
     * @param c the connection
     * @param fragments how many fragments it took
     */
    default void insidePacketFragmented(Connection c, int fragments) { }

    /**
     * A DPLPMTUD probe was sent.
     *
     * @param c the connection
     * @param size the probed PLPMTU
     */
    default void pmtudProbeSent(Connection c, int size) { }

    /**
     * A DPLPMTUD probe timed out.
     *
     * @param c the connection
     */
    default void pmtudProbeLost(Connection c) { }

    /**
     * A plugin dropped a packet (Drop or DropWithReply).
     *
     * @param c the connection, or {@code null} for a {@link UdpServerEndpoint}'s outside chain
     * @param point which chain and direction
     */
    default void pluginDropped(Connection c, PluginPoint point) { }

    /**
     * A plugin failed on a packet, which was dropped.
     *
     * @param c the connection, or {@code null} for a {@link UdpServerEndpoint}'s outside chain
     * @param point which chain and direction
     */
    default void pluginError(Connection c, PluginPoint point) { }

    // ---- inside-packet codec (spec §0.2, §0.3) ----

    /**
     * An encoded packet was framed as EncodedData and handed to (D)TLS.
     *
     * @param c the connection
     * @param bytes the encoded packet's length
     */
    default void encodedPacketSent(Connection c, int bytes) { }

    /**
     * An EncodedData payload was offered to the decoder.
     *
     * @param c the connection
     * @param bytes its length
     */
    default void encodedPacketReceived(Connection c, int bytes) { }

    /**
     * A fatal error during an encoder flush left packets unsent (they are dropped).
     *
     * @param c the connection
     * @param packets how many encoded packets were not sent
     */
    default void insidePacketsDroppedOnFatalError(Connection c, int packets) { }

    /**
     * A ToggleEncoding request or answer was refused without closing the connection (server: not
     * Online, TCP; client: not Online, an answer at a server, …) (spec §0.2).
     *
     * @param c the connection
     * @param reason the typed error
     */
    default void encodingToggleRefused(Connection c, ConnectionError reason) { }

    /**
     * Server: a ToggleEncoding request from a connection not authorised for the codec was answered
     * {@code enable = false}.
     *
     * @param c the connection
     */
    default void encodingRequestUnauthorized(Connection c) { }

    /**
     * A ToggleEncoding request (server) or answer (client) carried a stale id and was ignored.
     *
     * @param c the connection
     */
    default void encodingStaleId(Connection c) { }

    /**
     * Client: a ToggleEncoding request was sent again (retransmission on tick).
     *
     * @param c the connection
     */
    default void encodingRequestRetransmitted(Connection c) { }

    /**
     * Client: a ToggleEncoding request got no answer after every retransmission and was abandoned.
     *
     * @param c the connection
     */
    default void encodingRequestGaveUp(Connection c) { }

    /**
     * Client: the stall guard asked for encoding off.
     *
     * @param c the connection
     */
    default void encodingStalled(Connection c) { }

    /**
     * An EncodedData or EncodedDataFrag frame arrived from a peer not allowed to encode, and was dropped
     * without reaching the decoder: at a server, a connection whose {@link AuthResult} did not grant
     * {@link Feature#INSIDE_PACKET_CODEC}; at a client, before it ever asked for encoding on. One call
     * per frame (per fragment for EncodedDataFrag).
     *
     * @param c the connection
     */
    default void encodedFrameUnauthorized(Connection c) { }

    // ---- UDP server admission (issue 16) ----

    /**
     * A {@link UdpServerEndpoint} refused a new peer whose ClientHello passed the cookie check, because
     * one of its caps was reached; no connection and no engine were created. Called once per refused
     * datagram (a peer that retransmits is counted again).
     *
     * @param reason which cap
     */
    default void handshakeRefused(HandshakeRefusal reason) { }

    /**
     * A {@link UdpServerEndpoint} passed a datagram from a new peer (EMPTY session id, valid header) to
     * the stateless (D)TLS admission, which made no connection of it: either it answered
     * ({@code answered}: a HelloVerifyRequest or HelloRetryRequest went back, the normal first round
     * trip of every client) or it kept or dropped the datagram silently (a ClientHello fragment held
     * for assembly, a missing, bad or expired cookie it does not answer, garbage, an engine that could
     * not be made). {@code DtlsAdmission}'s counters split the reasons further.
     *
     * @param answered whether the admission sent a reply
     */
    default void notAdmitted(boolean answered) { }
}
