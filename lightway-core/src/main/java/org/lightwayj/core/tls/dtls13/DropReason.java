package org.lightwayj.core.tls.dtls13;

/** Why the DTLS 1.3 record layer dropped a record (each is counted, none ends the connection). */
enum DropReason {
    /** The header or length does not parse; the rest of the datagram is dropped with it. */
    MALFORMED,
    /** The record's epoch is not installed for reading (too old, too new, or not yet keyed). */
    UNKNOWN_EPOCH,
    /** A unified header with a connection id: Lightway-J never negotiates one (RFC 9146). */
    CONNECTION_ID,
    /** Ciphertext shorter than the sequence-number sample plus content type (RFC 9147 §4.2.3). */
    TOO_SHORT,
    /** Inner plaintext longer than the configured maximum (RFC 8446 §5.2: record_overflow). */
    TOO_LONG,
    /** Already received, or older than the replay window (RFC 9147 §4.5.1). */
    REPLAY,
    /** The AEAD tag did not verify: forged, corrupted, or under other keys. */
    AUTHENTICATION,
    /** The decrypted inner plaintext is all padding, without a content type. */
    NO_CONTENT_TYPE,
    /** A content type that the record's form (plaintext or protected) may not carry. */
    BAD_PLAINTEXT_TYPE
}
