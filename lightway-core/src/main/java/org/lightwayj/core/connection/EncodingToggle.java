package org.lightwayj.core.connection;

import org.lightwayj.core.wire.ToggleEncodingAnswer;
import org.lightwayj.core.wire.ToggleEncodingRequest;

/**
 * The ToggleEncoding exchange of one connection (spec §0.2): the client's pending request, its ids and
 * retransmission schedule; the server's last applied id. Driven by {@link CodecPath}; confined to the
 * connection's thread.
 */
final class EncodingToggle {

    /** Retransmission unit: the n-th resend (n = 0..4) waits 500 ms × (1 + n). */
    static final long RESEND_UNIT_NANOS = 500_000_000L;
    /** Retransmissions before giving up (sends at 0, 0.5, 1.5, 3.0, 5.0, 7.5 s; give up at 10.5 s). */
    static final int MAX_RETRIES = 5;

    private final CodecPath path;
    private final Connection conn;
    private final TimerTable timers;
    private final MetricsListener metrics;

    // client
    private long idCounter;
    private boolean pending;
    private long pendingId;
    private boolean pendingEnable;
    private int retries;
    private long resendAt = Long.MAX_VALUE;

    // server
    private long lastAppliedId;

    EncodingToggle(CodecPath path, Connection conn, TimerTable timers, MetricsListener metrics) {
        this.path = path;
        this.conn = conn;
        this.timers = timers;
        this.metrics = metrics;
    }

    boolean pending() {
        return pending;
    }

    /** Client API: validates (§0.2: client, Online, UDP) and sends a new request. */
    void setEncoding(boolean enable, long now) throws ConnectionException {
        if (!conn.isClient()) {
            throw new ConnectionException(ConnectionError.INVALID_STATE, "only a client starts ToggleEncoding");
        }
        if (conn.state() != ConnectionState.ONLINE) {
            throw new ConnectionException(ConnectionError.INVALID_STATE,
                    "setEncoding needs state ONLINE, not " + conn.state());
        }
        if (!conn.transport().isDatagram()) {
            throw new ConnectionException(ConnectionError.INVALID_CONNECTION_TYPE, "setEncoding needs UDP");
        }
        request(enable, now);
    }

    /** Client: starts a new request (a pending one is superseded; its answer becomes stale). */
    void request(boolean enable, long now) {
        idCounter++;
        path.requested(enable);
        pending = true;
        pendingId = idCounter;
        pendingEnable = enable;
        retries = 0;
        resendAt = TimerTable.after(now, RESEND_UNIT_NANOS);
        timers.set(Timer.TOGGLE_ENCODING, resendAt);
        conn.sendFrame(new ToggleEncodingRequest(pendingId, enable), now);
    }

    /** The TOGGLE_ENCODING timer fired. */
    void onTimer(long now) {
        if (!pending || conn.state() != ConnectionState.ONLINE) {
            pending = false;
            timers.stop(Timer.TOGGLE_ENCODING);
            return;
        }
        if (resendAt > now) {
            timers.set(Timer.TOGGLE_ENCODING, resendAt);
            return;
        }
        if (retries >= MAX_RETRIES) {
            pending = false;
            timers.stop(Timer.TOGGLE_ENCODING);
            metrics.encodingRequestGaveUp(conn);
            return;
        }
        retries++;
        // Scheduled from the previous deadline, so a late host tick does not stretch the schedule.
        resendAt = TimerTable.after(resendAt, RESEND_UNIT_NANOS * (1 + retries));
        timers.set(Timer.TOGGLE_ENCODING, resendAt);
        metrics.encodingRequestRetransmitted(conn);
        conn.sendFrame(new ToggleEncodingRequest(pendingId, pendingEnable), now);
    }

    /** A ToggleEncodingRequest arrived (this side has a codec). */
    void onRequest(ToggleEncodingRequest req, long now) {
        if (conn.isClient()) {
            refused(ConnectionError.INVALID_STATE);
            return;
        }
        if (!conn.features().contains(Feature.INSIDE_PACKET_CODEC)) {
            metrics.encodingRequestUnauthorized(conn);
            conn.sendFrame(new ToggleEncodingAnswer(req.requestId(), false), now);
            return;
        }
        if (conn.state() != ConnectionState.ONLINE) {
            refused(ConnectionError.INVALID_STATE);
            return;
        }
        if (!conn.transport().isDatagram()) {
            refused(ConnectionError.INVALID_CONNECTION_TYPE);
            return;
        }
        long id = req.requestId();
        int cmp = Long.compareUnsigned(id, lastAppliedId);
        if (cmp < 0) {
            metrics.encodingStaleId(conn);
            return;
        }
        boolean wasEnabled = path.encodingEnabled();
        lastAppliedId = id;
        path.applyEncoding(req.enable(), now);
        if (cmp > 0 || wasEnabled != req.enable()) {
            conn.emit(new ConnectionEvent.EncodingStateChanged(req.enable()));
        }
        // Equal ids are answered again, so a retransmitted request is acknowledged.
        conn.sendFrame(new ToggleEncodingAnswer(id, req.enable()), now);
    }

    /** A ToggleEncodingAnswer arrived (this side has a codec). */
    void onAnswer(ToggleEncodingAnswer ans, long now) {
        if (!conn.isClient()) {
            refused(ConnectionError.INVALID_STATE);
            return;
        }
        if (conn.state() != ConnectionState.ONLINE) {
            refused(ConnectionError.INVALID_STATE);
            return;
        }
        if (!conn.transport().isDatagram()) {
            refused(ConnectionError.INVALID_CONNECTION_TYPE);
            return;
        }
        if (!pending || ans.requestId() != pendingId) {
            metrics.encodingStaleId(conn);
            return;
        }
        pending = false;
        timers.stop(Timer.TOGGLE_ENCODING);
        // The server's word wins (it may refuse with enable = false).
        path.applyEncoding(ans.enable(), now);
        conn.emit(new ConnectionEvent.EncodingStateChanged(ans.enable()));
    }

    private void refused(ConnectionError reason) {
        metrics.encodingToggleRefused(conn, reason);
    }
}
