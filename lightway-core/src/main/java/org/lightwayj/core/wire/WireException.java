package org.lightwayj.core.wire;

import java.util.Objects;

/**
 * A typed wire decoding failure (spec §2.0). This is the only exception any decode method of this
 * package throws, whatever the input bytes; a decode that throws it has consumed nothing.
 *
 * <p>The exception is stackless (no stack trace, no suppression) because {@link
 * WireError#INSUFFICIENT_DATA} is thrown on the TCP resume path for every partial frame. The
 * {@code INSUFFICIENT_DATA} instance is a shared, immutable singleton.
 *
 * <p>Details: {@link #firstByte()}/{@link #secondByte()} hold the two magic bytes of an {@link
 * WireError#INVALID_MAGIC_NUMBER}; {@link #major()}/{@link #minor()} hold the rejected version of an
 * {@link WireError#INVALID_PROTOCOL_VERSION}; {@link #kindId()} holds the byte of an {@link
 * WireError#UNKNOWN_FRAME_TYPE} or {@link WireError#INVALID_ENUM_ENCODING}. Accessors that do not apply
 * to the error return -1.
 */
public final class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    private static final WireException INSUFFICIENT =
            new WireException(WireError.INSUFFICIENT_DATA, "insufficient data", -1, -1);

    /** The error kind. */
    private final WireError error;
    /** First detail: magic byte 0, major version or kind byte; -1 if none. */
    private final int a;
    /** Second detail: magic byte 1 or minor version; -1 if none. */
    private final int b;

    private WireException(WireError error, String message, int a, int b) {
        super(message, null, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.a = a;
        this.b = b;
    }

    /**
     * Creates an exception without details.
     *
     * @param error the error kind
     * @param message a human-readable message
     */
    public WireException(WireError error, String message) {
        this(error, message, -1, -1);
    }

    /**
     * Returns the shared {@link WireError#INSUFFICIENT_DATA} instance (no allocation).
     *
     * @return the singleton
     */
    public static WireException insufficientData() {
        return INSUFFICIENT;
    }

    /**
     * Creates an {@link WireError#INVALID_MAGIC_NUMBER} carrying the two bytes seen.
     *
     * @param b0 first header byte (0..255)
     * @param b1 second header byte (0..255)
     * @return the exception
     */
    public static WireException invalidMagic(int b0, int b1) {
        return new WireException(WireError.INVALID_MAGIC_NUMBER,
                String.format("invalid magic number %02x %02x", b0, b1), b0, b1);
    }

    /**
     * Creates an {@link WireError#INVALID_PROTOCOL_VERSION} carrying the version seen.
     *
     * @param major major version byte
     * @param minor minor version byte
     * @return the exception
     */
    public static WireException invalidVersion(int major, int minor) {
        return new WireException(WireError.INVALID_PROTOCOL_VERSION,
                "invalid protocol version " + major + "." + minor, major, minor);
    }

    /**
     * Creates an {@link WireError#UNKNOWN_FRAME_TYPE} carrying the kind byte seen.
     *
     * @param id the kind byte
     * @return the exception
     */
    public static WireException unknownFrameType(int id) {
        return new WireException(WireError.UNKNOWN_FRAME_TYPE, "unknown frame type " + id, id, -1);
    }

    /**
     * Creates an {@link WireError#INVALID_ENUM_ENCODING} carrying the enum byte seen.
     *
     * @param what the field name
     * @param id the byte
     * @return the exception
     */
    public static WireException invalidEnum(String what, int id) {
        return new WireException(WireError.INVALID_ENUM_ENCODING, "invalid " + what + " " + id, id, -1);
    }

    /** @return the error kind */
    public WireError error() {
        return error;
    }

    /** @return the first magic byte of an INVALID_MAGIC_NUMBER, else -1 */
    public int firstByte() {
        return error == WireError.INVALID_MAGIC_NUMBER ? a : -1;
    }

    /** @return the second magic byte of an INVALID_MAGIC_NUMBER, else -1 */
    public int secondByte() {
        return error == WireError.INVALID_MAGIC_NUMBER ? b : -1;
    }

    /** @return the major version of an INVALID_PROTOCOL_VERSION, else -1 */
    public int major() {
        return error == WireError.INVALID_PROTOCOL_VERSION ? a : -1;
    }

    /** @return the minor version of an INVALID_PROTOCOL_VERSION, else -1 */
    public int minor() {
        return error == WireError.INVALID_PROTOCOL_VERSION ? b : -1;
    }

    /** @return the offending byte of an UNKNOWN_FRAME_TYPE or INVALID_ENUM_ENCODING, else -1 */
    public int kindId() {
        return error == WireError.UNKNOWN_FRAME_TYPE || error == WireError.INVALID_ENUM_ENCODING ? a : -1;
    }
}
