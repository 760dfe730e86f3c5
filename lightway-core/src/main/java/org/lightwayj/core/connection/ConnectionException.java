package org.lightwayj.core.connection;

import java.util.Objects;

/**
 * A typed connection error (stackless: thrown and created on hot paths). {@link #error()} says which,
 * {@link #isFatal(Transport)} applies spec §4.9.
 */
public final class ConnectionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ConnectionError error;

    /**
     * @param error the kind
     * @param message detail for logs
     */
    public ConnectionException(ConnectionError error, String message) {
        this(error, message, null);
    }

    /**
     * @param error the kind
     * @param message detail for logs
     * @param cause the underlying failure, or {@code null}
     */
    public ConnectionException(ConnectionError error, String message, Throwable cause) {
        super(error + ": " + message, cause, false, false);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** {@return the kind of error} */
    public ConnectionError error() {
        return error;
    }

    /**
     * Whether the error ends a connection on {@code transport} (spec §4.9).
     *
     * @param transport the connection's transport
     * @return whether the connection must close
     */
    public boolean isFatal(Transport transport) {
        return error.isFatal(transport);
    }
}
