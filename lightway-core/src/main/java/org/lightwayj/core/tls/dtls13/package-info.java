/**
 * A sans-IO DTLS 1.3 engine (RFC 9147 over the TLS 1.3 handshake of RFC 8446), owned by Lightway-J.
 *
 * <p>Not exported: hosts reach it through {@link org.lightwayj.core.tls.TlsEngines}. The pieces, one
 * concern per class: the key schedule with the {@code "dtls13"} label prefix ({@code KeySchedule},
 * {@code Hkdf}), AEAD record protection with encrypted sequence numbers ({@code RecordCipher}), the
 * record layer with epochs and replay windows ({@code RecordLayer}), handshake message codecs and
 * bounded fragment reassembly ({@code Messages}, {@code HandshakeReassembler}), key exchange
 * ({@code KeyShares}, {@code NamedGroup}), signatures ({@code SignatureScheme}) and the client and
 * server state machines driven only by the host's {@code now} ({@code Dtls13Engine}).
 */
package org.lightwayj.core.tls.dtls13;
