package org.lightwayj.core.connection;

/**
 * The connection's timers: one slot each in a {@link TimerTable}. Slots for later features (PMTUD,
 * ToggleEncoding, codec, fragments) exist now so that {@link Connection#nextTimeout()} and
 * {@link Connection#tick(long)} need no change when those features arrive.
 */
enum Timer {
    /** The (D)TLS engine's own deadline (retransmission, its handshake timeout); mirrors {@code TlsEngine.nextTimeout()}. */
    TLS,
    /** Creation + handshake timeout: not Online by then → {@link ConnectionError#TIMED_OUT}. */
    HANDSHAKE_TIMEOUT,
    /**
     * Server: creation + TLS handshake timeout: (D)TLS not ESTABLISHED by then → {@link ConnectionError#TIMED_OUT}
     * (half-open handshakes must not hold an engine and a slot for the whole {@link #HANDSHAKE_TIMEOUT}).
     */
    TLS_HANDSHAKE_TIMEOUT,
    /** Client UDP: resend AuthRequest while Authenticating. */
    AUTH_RESEND,
    /** Optional core-driven keepalive Ping. */
    KEEPALIVE,
    /** Optional keepalive timeout: nothing received for too long. */
    IDLE_TIMEOUT,
    /** DPLPMTUD probe / raise timer (issue 5). */
    PMTUD,
    /** ToggleEncoding request retransmission (issue 6). */
    TOGGLE_ENCODING,
    /** Codec encoder flush deadline (issue 6). */
    CODEC_FLUSH,
    /** Codec decoder cleanup deadline (issue 6). */
    CODEC_CLEANUP,
    /** Fragment reassembly expiry (issue 5). */
    FRAGMENT_EXPIRY;

    static final Timer[] VALUES = values();
}
