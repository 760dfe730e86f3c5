package org.lightwayj.core.tls.dtls13;

/**
 * A (D)TLS alert raised while processing a handshake message (RFC 8446 §6): the handshake fails and
 * the alert {@link #description()} is sent to the peer. Only thrown during the handshake, so a stack
 * trace is affordable.
 */
final class AlertException extends Exception {
    private static final long serialVersionUID = 1L;

    static final int CLOSE_NOTIFY = 0;
    static final int UNEXPECTED_MESSAGE = 10;
    static final int BAD_RECORD_MAC = 20;
    static final int RECORD_OVERFLOW = 22;
    static final int HANDSHAKE_FAILURE = 40;
    static final int BAD_CERTIFICATE = 42;
    static final int UNSUPPORTED_CERTIFICATE = 43;
    static final int CERTIFICATE_EXPIRED = 45;
    static final int CERTIFICATE_UNKNOWN = 46;
    static final int ILLEGAL_PARAMETER = 47;
    static final int UNKNOWN_CA = 48;
    static final int DECODE_ERROR = 50;
    static final int DECRYPT_ERROR = 51;
    static final int PROTOCOL_VERSION = 70;
    static final int INSUFFICIENT_SECURITY = 71;
    static final int INTERNAL_ERROR = 80;
    static final int MISSING_EXTENSION = 109;
    static final int UNSUPPORTED_EXTENSION = 110;
    static final int UNRECOGNIZED_NAME = 112;
    static final int BAD_CERTIFICATE_STATUS_RESPONSE = 113;
    static final int NO_APPLICATION_PROTOCOL = 120;

    private final int description;

    AlertException(int description, String message) {
        super(message);
        this.description = description;
    }

    AlertException(int description, String message, Throwable cause) {
        super(message, cause);
        this.description = description;
    }

    /** The alert description code (RFC 8446 §6). */
    int description() {
        return description;
    }
}
