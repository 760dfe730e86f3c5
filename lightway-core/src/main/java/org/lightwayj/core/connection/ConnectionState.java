package org.lightwayj.core.connection;

/** Connection states; {@link #code()} matches C {@code HE_STATE_*} (spec §4.1). */
public enum ConnectionState {
    /** Closed; every further call fails with {@link ConnectionError#DISCONNECTED}. */
    DISCONNECTED(1),
    /** The (D)TLS handshake is in progress. */
    CONNECTING(2),
    /** Goodbye and close_notify are being sent. */
    DISCONNECTING(4),
    /** Client: AuthRequest sent, waiting for the server's answer. */
    AUTHENTICATING(5),
    /** The (D)TLS handshake completed. */
    LINK_UP(6),
    /** Authenticated; inside packets flow. */
    ONLINE(7);

    private final int code;

    ConnectionState(int code) {
        this.code = code;
    }

    /** {@return the numeric value used by the C and Rust implementations} */
    public int code() {
        return code;
    }

    /** {@return whether the connection has not yet reached {@link #ONLINE} and is not closing} */
    public boolean isHandshaking() {
        return this == CONNECTING || this == LINK_UP || this == AUTHENTICATING;
    }

    /** {@return whether the connection is closing or closed} */
    public boolean isClosingOrClosed() {
        return this == DISCONNECTING || this == DISCONNECTED;
    }
}
