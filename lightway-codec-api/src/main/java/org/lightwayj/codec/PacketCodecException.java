package org.lightwayj.codec;

/**
 * A codec's own failure (not malformed input, which a codec counts and drops). The connection maps it
 * to the fatal error {@code PacketCodecError} (spec §0.3).
 */
public class PacketCodecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public PacketCodecException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public PacketCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
