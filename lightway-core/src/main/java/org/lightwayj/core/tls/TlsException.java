package org.lightwayj.core.tls;

/** A typed (D)TLS failure. {@link #reason()} says which; every reason is fatal for the connection. */
public final class TlsException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the engine failed. */
    public enum Reason {
        /** The server's certificate chain did not validate against the configured trust anchors. */
        CERTIFICATE_UNTRUSTED,
        /** The server's certificate is expired or not yet valid. */
        CERTIFICATE_EXPIRED,
        /** The server's certificate does not match the expected server name. */
        DOMAIN_NAME_MISMATCH,
        /** The handshake did not complete before its deadline. */
        HANDSHAKE_TIMEOUT,
        /** The peer sent a fatal alert. */
        PEER_FATAL_ALERT,
        /** The peer closed the connection (close_notify). */
        PEER_CLOSED,
        /** A local operation was attempted in the wrong state (for example seal before the handshake). */
        INVALID_STATE,
        /** Any other protocol failure (negotiation, decoding, internal error). */
        PROTOCOL_ERROR
    }

    private final Reason reason;

    /**
     * @param reason why
     * @param message detail for logs
     */
    public TlsException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /**
     * @param reason why
     * @param message detail for logs
     * @param cause the underlying exception
     */
    public TlsException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** Why the engine failed. */
    public Reason reason() {
        return reason;
    }
}
