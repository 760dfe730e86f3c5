package org.lightwayj.core.wire;

/**
 * The kinds of wire decoding failure, mirroring upstream's {@code FromWireError} (spec §2.0).
 *
 * <p>Only {@link #INSUFFICIENT_DATA} is expected in normal operation: it means "the frame is not
 * complete yet" and, on TCP, the caller retries once more bytes arrive. Every other value means the
 * bytes are malformed.
 */
public enum WireError {
    /** Fewer bytes are available than the header or frame needs; nothing was consumed. */
    INSUFFICIENT_DATA,
    /** The outer header does not start with {@code 'H' 'e'} (§1.3). */
    INVALID_MAGIC_NUMBER,
    /** An enumerated field (the auth method kind, §2.4) holds an unknown value. */
    INVALID_ENUM_ENCODING,
    /** The frame kind byte is not in the table of §2.1. */
    UNKNOWN_FRAME_TYPE,
    /** A string field is not valid UTF-8. */
    INVALID_STRING_ENCODING,
    /** A length field exceeds the limit of its field (§2.4, §2.9). */
    FIELD_TOO_LARGE,
    /** A protocol version outside [1.1, 1.3] (§1.3, §2.4). */
    INVALID_PROTOCOL_VERSION,
    /** A boolean byte other than 0 or 1 (§2.10). */
    INVALID_BOOL,
    /** ExpressLane: reserved for the ExpressLane data path, which Lightway-J does not implement (§0.1). */
    INVALID_EXPRESS_DATA_PATH,
    /** ExpressLane: reserved, see {@link #INVALID_EXPRESS_DATA_PATH}. */
    INVALID_EXPRESS_DATA,
    /** ExpressLane: reserved, see {@link #INVALID_EXPRESS_DATA_PATH}. */
    REPLAYED_EXPRESS_DATA
}
