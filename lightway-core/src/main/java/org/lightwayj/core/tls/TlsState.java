package org.lightwayj.core.tls;

/** The life cycle of a {@link TlsEngine}. */
public enum TlsState {
    /** The handshake is in progress. */
    HANDSHAKING,
    /** The handshake completed; records can be sealed and opened. */
    ESTABLISHED,
    /** close_notify was sent or received; nothing more is sealed. */
    CLOSED,
    /** The handshake or the connection failed; see {@link TlsEngine#failure()}. */
    FAILED;

    /** Whether the engine has ended (closed or failed). */
    public boolean isTerminal() {
        return this == CLOSED || this == FAILED;
    }
}
