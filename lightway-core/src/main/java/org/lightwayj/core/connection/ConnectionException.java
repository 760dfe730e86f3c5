package org.lightwayj.core.connection;

import java.util.Objects;

/**
 * A typed connection error (stackless: thrown and created on hot paths). {@link #error()} says which,
 * {@link #isFatal(Transport)} applies spec §4.9.
 */
public final class ConnectionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ConnectionError error;
    private final transient io.netty.buffer.ByteBuf reply;

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
        this(error, message, cause, null);
    }

    /**
     * An error carrying a reply packet ({@link ConnectionError#PLUGIN_DROP_WITH_REPLY}, spec §6).
     *
     * @param error the kind
     * @param message detail for logs
     * @param cause the underlying failure, or {@code null}
     * @param reply the reply, owned by whoever catches this exception, or {@code null}
     */
    public ConnectionException(ConnectionError error, String message, Throwable cause, io.netty.buffer.ByteBuf reply) {
        super(error + ": " + message, cause, false, false);
        this.error = Objects.requireNonNull(error, "error");
        this.reply = reply;
    }

    /**
     * {@return for {@link ConnectionError#PLUGIN_DROP_WITH_REPLY}: the packet an inside plugin wants
     * written back to the TUN device; the catcher owns (sends or releases) it; otherwise {@code null}}
     */
    public io.netty.buffer.ByteBuf reply() {
        return reply;
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
