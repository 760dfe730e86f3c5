package org.lightwayj.core.tls.dtls13;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.lightwayj.core.internal.Deadlines;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sans-IO DTLS 1.3 engine (RFC 9147): what the client and the server share. The record layer, the
 * outgoing flight with per-record acknowledgement and host-clock retransmission (§5.8, §7), ACK
 * generation, post-handshake messages (KeyUpdate §8, NewSessionTicket), alerts and the data path.
 * {@link Dtls13Client} and {@link Dtls13Server} add their half of the handshake.
 *
 * <p>Everything runs inside host calls ({@link #receive}, {@link #tick}, {@link #seal}, ...) on the
 * caller's thread; the engine never reads a clock and starts no thread. Records that cannot be valid
 * are dropped and counted ({@link #droppedRecords()}); an established connection is only ended by an
 * authenticated alert, a close, or a protocol violation inside authenticated records.
 */
public abstract class Dtls13Engine implements TlsEngine, RecordLayer.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(Dtls13Engine.class);

    /** First application-data epoch (RFC 9147 §6.1: 0 plaintext, 1 early data, 2 handshake, 3 application). */
    static final int EPOCH_APPLICATION = 3;
    static final int EPOCH_HANDSHAKE = 2;
    /** Records sealed in one epoch before the engine updates its keys by itself (RFC 9147 §4.5.3). */
    static final long KEY_UPDATE_AFTER_RECORDS = 1L << 23;
    /** Retransmissions of a flight before the engine stops (the handshake deadline ends a handshake first). */
    private static final int MAX_RETRANSMISSIONS = 12;
    private static final long MAX_RTO_NANOS = 60_000_000_000L;
    private static final int MAX_ACKS_PER_RECORD = 64;

    /** Settings both sides share; made from the public configs by {@link Dtls13Engines}. */
    record Params(ByteBufAllocator alloc, int mtu, int headroom, long handshakeTimeoutNanos, long initialRtoNanos,
            int maxHandshakeMessageLength, List<CipherSuite> suites, List<NamedGroup> groups) {
    }

    final Params params;
    final ByteBufAllocator alloc;
    final RecordLayer records;
    final HandshakeReassembler reassembler;
    final Transcript transcript = new Transcript();
    KeySchedule keys;

    private final ArrayDeque<ByteBuf> outbound = new ArrayDeque<>();
    private final ArrayDeque<ByteBuf> plaintext = new ArrayDeque<>();
    TlsState state = TlsState.HANDSHAKING;
    /** Records that authenticated under the peer's handshake keys (epoch 2). */
    long handshakeEpochRecords;
    private TlsException failure;
    private boolean released;
    private long ownDrops;
    long now;
    private final long handshakeDeadline;

    // ---- outgoing flight (RFC 9147 §5.8) ----
    /** One fragment of a flight message as last sent, with the record that carried it. */
    private static final class SentFragment {
        final int message;
        final int offset;
        final int length;
        long epoch;
        long sequence;
        boolean acked;

        SentFragment(int message, int offset, int length) {
            this.message = message;
            this.offset = offset;
            this.length = length;
        }
    }

    record OutMessage(int epoch, int messageSeq, byte[] message) {
    }

    private final List<OutMessage> flight = new ArrayList<>();
    private final List<SentFragment> fragments = new ArrayList<>();
    private long retransmitAt = Long.MAX_VALUE;
    private long rtoNanos;
    private long lastTransmit = Long.MIN_VALUE / 2;
    private int retransmissions;
    int nextSendMessageSeq;
    private final ByteBuf fragmentScratch;

    // ---- acknowledgements we owe the peer (RFC 9147 §7) ----
    private final List<Messages.RecordNumber> owedAcks = new ArrayList<>();
    private long ackAt = Long.MAX_VALUE;
    /** Record number of the handshake record being processed, for {@link #owedAcks}. */
    private long currentEpoch;
    private long currentSequence;
    private boolean currentRecordNoted;

    // ---- application traffic secrets and key update (RFC 9147 §8) ----
    int writeEpoch = -1;
    byte[] writeSecret;
    int readEpoch = -1;
    byte[] readSecret;
    private boolean keyUpdateInFlight;

    Dtls13Engine(Params params, long nowNanos) {
        this.params = params;
        this.alloc = params.alloc();
        this.now = nowNanos;
        this.records = new RecordLayer(alloc, 64, 16_384);
        this.reassembler = new HandshakeReassembler(params.maxHandshakeMessageLength(), 256, 8);
        this.handshakeDeadline = Deadlines.saturatingAdd(nowNanos, params.handshakeTimeoutNanos());
        this.rtoNanos = params.initialRtoNanos();
        this.fragmentScratch = Unpooled.buffer(params.mtu());
        records.installWriteEpoch(0, null);
        records.installReadEpoch(0, null);
    }

    // ------------------------------------------------------------------ TlsEngine

    @Override
    public final boolean isDatagram() {
        return true;
    }

    @Override
    public final TlsState state() {
        return state;
    }

    @Override
    public final TlsException failure() {
        return failure;
    }

    @Override
    public final ByteBuf pollPlaintext() {
        return plaintext.poll();
    }

    @Override
    public final ByteBuf pollOutbound() {
        return outbound.poll();
    }

    @Override
    public final int recordOverhead() {
        return RecordLayer.PROTECTED_OVERHEAD;
    }

    @Override
    public final int outboundHeadroom() {
        return params.headroom();
    }

    @Override
    public final long droppedRecords() {
        return records.droppedRecords() + ownDrops;
    }

    @Override
    public final void receive(ByteBuf in, long nowNanos) {
        now = nowNanos;
        if (released || state.isTerminal()) {
            ownDrops++;
            return;
        }
        records.readDatagram(in, this);
        afterDatagram();
        flushOwedAcks(false);
    }

    /** Called after each received datagram was read (the client checks for an undecryptable server flight). */
    void afterDatagram() {
    }

    @Override
    public final void seal(ByteBuf content, long nowNanos) throws TlsException {
        now = nowNanos;
        if (state != TlsState.ESTABLISHED || released) {
            throw new TlsException(TlsException.Reason.INVALID_STATE, "DTLS 1.3 engine is " + state);
        }
        int len = content.readableBytes();
        if (len > 16_384 - 1) {
            throw new TlsException(TlsException.Reason.INVALID_STATE, "record of " + len + " bytes is too large");
        }
        ByteBuf out = newDatagram();
        try {
            records.writeRecord(out, writeEpoch, RecordLayer.CT_APPLICATION_DATA, content);
        } catch (RuntimeException e) {
            out.release();
            throw new TlsException(TlsException.Reason.PROTOCOL_ERROR, "cannot seal: " + e.getMessage(), e);
        }
        outbound.add(out);
        if (!keyUpdateInFlight && records.nextWriteSequence(writeEpoch) >= KEY_UPDATE_AFTER_RECORDS) {
            startKeyUpdate(false);
        }
    }

    @Override
    public final long nextTimeout() {
        if (state.isTerminal() || released) {
            return Long.MAX_VALUE;
        }
        long t = Math.min(retransmitAt, ackAt);
        return state == TlsState.HANDSHAKING ? Math.min(t, handshakeDeadline) : t;
    }

    @Override
    public final void tick(long nowNanos) {
        now = nowNanos;
        if (state.isTerminal() || released) {
            return;
        }
        if (state == TlsState.HANDSHAKING && nowNanos - handshakeDeadline >= 0) {
            fail(new TlsException(TlsException.Reason.HANDSHAKE_TIMEOUT, "DTLS 1.3 handshake timed out"));
            clearFlight();
            return;
        }
        if (retransmitAt != Long.MAX_VALUE && nowNanos - retransmitAt >= 0) {
            if (retransmissions >= MAX_RETRANSMISSIONS) {
                LOG.debug("giving up on a flight after {} retransmissions", retransmissions);
                clearFlight();
            } else {
                retransmissions++;
                rtoNanos = Math.min(rtoNanos * 2, MAX_RTO_NANOS);
                transmitFlight();
            }
        }
        if (ackAt != Long.MAX_VALUE && nowNanos - ackAt >= 0) {
            flushOwedAcks(true);
        }
    }

    /**
     * Starts a KeyUpdate (RFC 9147 §8): the new write keys take effect once the peer acknowledged it.
     *
     * @param requestPeerUpdate whether the peer is asked to update its keys too
     * @return {@code false} if the engine is not established or an update is already in flight
     */
    public final boolean updateKeys(boolean requestPeerUpdate, long nowNanos) {
        now = nowNanos;
        if (state != TlsState.ESTABLISHED || keyUpdateInFlight || !flight.isEmpty()) {
            return false;
        }
        startKeyUpdate(requestPeerUpdate);
        return true;
    }

    /** The current application write epoch (3 after the handshake, +1 per completed KeyUpdate). */
    public final int writeEpoch() {
        return writeEpoch;
    }

    /** The newest application read epoch. */
    public final int readEpoch() {
        return readEpoch;
    }

    @Override
    public final void close(long nowNanos) {
        now = nowNanos;
        if (state.isTerminal() || released) {
            return;
        }
        sendAlert(1, AlertException.CLOSE_NOTIFY);
        clearFlight();
        ackAt = Long.MAX_VALUE;
        state = TlsState.CLOSED;
    }

    @Override
    public final void close() {
        if (released) {
            return;
        }
        released = true;
        if (!state.isTerminal()) {
            state = TlsState.CLOSED;
        }
        for (ByteBuf b; (b = outbound.poll()) != null;) {
            b.release();
        }
        for (ByteBuf b; (b = plaintext.poll()) != null;) {
            b.release();
        }
        clearFlight();
        ackAt = Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ record dispatch

    @Override
    public final void onRecord(int contentType, int epoch, long sequence, ByteBuf payload) {
        boolean handed = false;
        try {
            if (state.isTerminal() || released) {
                return;
            }
            if (epoch == EPOCH_HANDSHAKE) {
                handshakeEpochRecords++;
            }
            switch (contentType) {
                case RecordLayer.CT_APPLICATION_DATA -> {
                    if (epoch >= EPOCH_APPLICATION && applicationDataAllowed()) {
                        onApplicationEpochRecord();
                        plaintext.add(payload);
                        handed = true;
                    } else {
                        ownDrops++;
                    }
                }
                case RecordLayer.CT_HANDSHAKE -> onHandshakeRecord(epoch, sequence, payload);
                case RecordLayer.CT_ACK -> onAck(epoch, payload);
                case RecordLayer.CT_ALERT -> onAlert(epoch, payload);
                default -> ownDrops++;
            }
        } catch (AlertException e) {
            failWithAlert(e, null);
        } catch (RuntimeException e) {
            LOG.debug("DTLS 1.3 internal error", e);
            failWithAlert(new AlertException(AlertException.INTERNAL_ERROR, e.toString(), e), null);
        } finally {
            if (!handed) {
                payload.release();
            }
        }
    }

    /** Whether epoch-3+ application data is delivered now (the server waits for the client's Finished). */
    boolean applicationDataAllowed() {
        return state == TlsState.ESTABLISHED;
    }

    /** Called for each accepted record of an application epoch (the client learns its Finished arrived). */
    void onApplicationEpochRecord() {
    }

    private void onHandshakeRecord(int epoch, long sequence, ByteBuf payload) throws AlertException {
        byte[] bytes = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), bytes);
        currentEpoch = epoch;
        currentSequence = sequence;
        currentRecordNoted = false;
        int off = 0;
        while (off < bytes.length) {
            Messages.FragmentHeader h = Messages.parseFragmentHeader(bytes, off, bytes.length - off);
            int body = off + Messages.FRAGMENT_HEADER_LENGTH;
            if (!typeAllowedInEpoch(h.msgType(), epoch)) {
                throw new AlertException(AlertException.UNEXPECTED_MESSAGE,
                        HandshakeType.name(h.msgType()) + " in epoch " + epoch);
            }
            HandshakeReassembler.Offer r = reassembler.offer(h, bytes, body);
            switch (r) {
                case ACCEPTED -> noteRecordForAck();
                case DUPLICATE -> onDuplicateHandshake();
                case FUTURE_DROPPED, REJECTED -> ownDrops++;
                default -> throw new IllegalStateException(r.toString());
            }
            off = body + h.fragmentLength();
            for (byte[] m; !state.isTerminal() && (m = reassembler.poll()) != null;) {
                int type = Messages.type(m);
                if (state == TlsState.HANDSHAKING) {
                    onHandshakeMessage(type, m, epoch);
                } else {
                    onPostHandshakeMessage(type, m, epoch);
                }
            }
            if (state.isTerminal()) {
                return;
            }
        }
        if (state == TlsState.HANDSHAKING && reassembler.hasPartial() && ackAt == Long.MAX_VALUE) {
            // RFC 9147 §7.1: a partial flight is acknowledged after a short delay, so the peer resends only the gap.
            ackAt = now + rtoNanos / 4;
        }
    }

    /** RFC 9147 §5: which epochs may carry each handshake message. */
    private static boolean typeAllowedInEpoch(int type, int epoch) {
        return switch (type) {
            case HandshakeType.CLIENT_HELLO, HandshakeType.SERVER_HELLO, HandshakeType.HELLO_VERIFY_REQUEST -> epoch == 0;
            case HandshakeType.NEW_SESSION_TICKET, HandshakeType.KEY_UPDATE -> epoch >= EPOCH_APPLICATION;
            default -> epoch == EPOCH_HANDSHAKE;
        };
    }

    private void noteRecordForAck() {
        if (!currentRecordNoted && owedAcks.size() < MAX_ACKS_PER_RECORD) {
            owedAcks.add(new Messages.RecordNumber(currentEpoch, currentSequence));
            currentRecordNoted = true;
        }
    }

    /**
     * The peer sent again something we already processed: our answer (flight or ACK) was lost. Resend
     * the unacknowledged part of our flight (at most once per quarter RTO, so forged epoch-0 duplicates
     * cannot make us amplify), or acknowledge the record again when we owe the last word.
     */
    private void onDuplicateHandshake() {
        if (!flight.isEmpty()) {
            if (now - lastTransmit >= rtoNanos / 4) {
                transmitFlight();
            }
        } else if (currentEpoch > 0) {
            noteRecordForAck();
            ackAt = now;
        }
    }

    /** One complete handshake message while the handshake is in progress. */
    abstract void onHandshakeMessage(int type, byte[] message, int epoch) throws AlertException;

    private void onPostHandshakeMessage(int type, byte[] message, int epoch) throws AlertException {
        switch (type) {
            case HandshakeType.NEW_SESSION_TICKET -> Messages.checkNewSessionTicket(Messages.body(message));
            case HandshakeType.KEY_UPDATE -> onKeyUpdate(Messages.parseKeyUpdate(Messages.body(message)), epoch);
            default -> throw new AlertException(AlertException.UNEXPECTED_MESSAGE,
                    HandshakeType.name(type) + " after the handshake");
        }
        // Post-handshake messages are acknowledged at once (RFC 9147 §7).
        noteRecordForAck();
        ackAt = now;
    }

    private void onKeyUpdate(boolean updateRequested, int epoch) throws AlertException {
        if (epoch != readEpoch) {
            throw new AlertException(AlertException.UNEXPECTED_MESSAGE, "KeyUpdate in old epoch " + epoch);
        }
        readSecret = keys.nextTrafficSecret(readSecret);
        int next = readEpoch + 1;
        records.installReadEpoch(next, cipher(readSecret));
        if (readEpoch - 1 >= EPOCH_APPLICATION && records.hasReadEpoch(readEpoch - 1)) {
            records.retireReadEpoch(readEpoch - 1); // keep one older epoch for reordered records
        }
        readEpoch = next;
        LOG.debug("peer KeyUpdate: read epoch {}", next);
        if (updateRequested && !keyUpdateInFlight && flight.isEmpty()) {
            startKeyUpdate(false);
        }
    }

    private void startKeyUpdate(boolean requestPeerUpdate) {
        sendFlight(List.of(new OutMessage(writeEpoch, nextSendMessageSeq++,
                Messages.frame(HandshakeType.KEY_UPDATE, Messages.keyUpdateBody(requestPeerUpdate)))));
        keyUpdateInFlight = true; // after sendFlight, which clears the previous flight's state
    }

    /** Our KeyUpdate was acknowledged: switch the write side (RFC 9147 §8). */
    private void completeKeyUpdate() {
        keyUpdateInFlight = false;
        writeSecret = keys.nextTrafficSecret(writeSecret);
        int old = writeEpoch;
        records.installWriteEpoch(old + 1, cipher(writeSecret));
        records.retireWriteEpoch(old);
        writeEpoch = old + 1;
        LOG.debug("KeyUpdate acknowledged: write epoch {}", writeEpoch);
    }

    private void onAck(int epoch, ByteBuf payload) throws AlertException {
        byte[] b = new byte[payload.readableBytes()];
        payload.getBytes(payload.readerIndex(), b);
        List<Messages.RecordNumber> acked = Messages.parseAck(b, 0, b.length);
        if (flight.isEmpty()) {
            return;
        }
        boolean all = true;
        for (SentFragment f : fragments) {
            if (!f.acked) {
                for (Messages.RecordNumber n : acked) {
                    if (n.epoch() == f.epoch && n.sequence() == f.sequence) {
                        f.acked = true;
                        break;
                    }
                }
                all &= f.acked;
            }
        }
        if (all) {
            flightAcknowledged();
        }
    }

    /** The whole flight was acknowledged (explicitly, or implicitly by the peer's next flight). */
    final void flightAcknowledged() {
        boolean wasKeyUpdate = keyUpdateInFlight;
        clearFlight();
        if (wasKeyUpdate) {
            completeKeyUpdate();
        }
    }

    private void onAlert(int epoch, ByteBuf payload) {
        if (payload.readableBytes() < 2) {
            ownDrops++;
            return;
        }
        int level = payload.getUnsignedByte(payload.readerIndex());
        int desc = payload.getUnsignedByte(payload.readerIndex() + 1);
        if (epoch == 0 && state != TlsState.HANDSHAKING) {
            ownDrops++; // unauthenticated alerts cannot end an established connection
            return;
        }
        if (desc == AlertException.CLOSE_NOTIFY) {
            LOG.debug("peer sent close_notify");
            clearFlight();
            state = TlsState.CLOSED;
            return;
        }
        if (desc == 90) { // user_canceled: a warning, followed by close_notify
            return;
        }
        onPeerFatalAlert(desc);
        fail(new TlsException(TlsException.Reason.PEER_FATAL_ALERT,
                "peer sent alert " + desc + " (level " + level + ")"));
        clearFlight();
    }

    /** Hook: the client notices a protocol_version alert (a DTLS 1.2-only server). */
    void onPeerFatalAlert(int description) {
    }

    // ------------------------------------------------------------------ flights

    /** Sends a new flight (replacing the previous one, which it implicitly acknowledges). */
    final void sendFlight(List<OutMessage> messages) {
        clearFlight();
        owedAcks.clear(); // our new flight acknowledges everything of the peer's (RFC 9147 §7)
        ackAt = Long.MAX_VALUE;
        flight.addAll(messages);
        for (int i = 0; i < flight.size(); i++) {
            OutMessage m = flight.get(i);
            int bodyLength = m.message().length - 4;
            int max = params.mtu() - overhead(m.epoch()) - Messages.FRAGMENT_HEADER_LENGTH;
            int off = 0;
            do {
                int n = Math.min(max, bodyLength - off);
                fragments.add(new SentFragment(i, off, n));
                off += n;
            } while (off < bodyLength);
        }
        retransmissions = 0;
        rtoNanos = Math.max(rtoNanos, params.initialRtoNanos());
        transmitFlight();
    }

    /** A flight message: helper for subclasses. */
    static OutMessage message(int epoch, int messageSeq, byte[] message) {
        return new OutMessage(epoch, messageSeq, message);
    }

    private static int overhead(int epoch) {
        return epoch == 0 ? RecordLayer.PLAINTEXT_HEADER_LENGTH : RecordLayer.PROTECTED_OVERHEAD;
    }

    /** (Re)sends every unacknowledged fragment, packing records into datagrams up to the MTU. */
    private void transmitFlight() {
        ByteBuf datagram = null;
        for (SentFragment f : fragments) {
            if (f.acked) {
                continue;
            }
            OutMessage m = flight.get(f.message);
            if (!records.hasWriteEpoch(m.epoch())) {
                f.acked = true; // that epoch is gone (cannot happen for live flights)
                continue;
            }
            int need = overhead(m.epoch()) + Messages.FRAGMENT_HEADER_LENGTH + f.length;
            if (datagram != null && datagram.writableBytes() < need) {
                outbound.add(datagram);
                datagram = null;
            }
            if (datagram == null) {
                datagram = newDatagram();
            }
            fragmentScratch.clear();
            Messages.writeFragment(fragmentScratch, m.messageSeq(), m.message(), f.offset, f.length);
            f.epoch = m.epoch();
            f.sequence = records.nextWriteSequence(m.epoch());
            records.writeRecord(datagram, m.epoch(), RecordLayer.CT_HANDSHAKE, fragmentScratch);
        }
        if (datagram != null) {
            outbound.add(datagram);
        }
        lastTransmit = now;
        retransmitAt = now + rtoNanos;
    }

    private void clearFlight() {
        flight.clear();
        fragments.clear();
        retransmitAt = Long.MAX_VALUE;
        keyUpdateInFlight = false;
    }

    /** Whether our last flight is still waiting for an acknowledgement. */
    final boolean flightPending() {
        return !flight.isEmpty();
    }

    /** Sends the ACKs we owe now; with {@code timerFired} false only if they are due. */
    private void flushOwedAcks(boolean timerFired) {
        if (owedAcks.isEmpty() || released || (!timerFired && now - ackAt < 0)) {
            if (timerFired) {
                ackAt = Long.MAX_VALUE;
            }
            return;
        }
        int epoch = highestWriteEpoch();
        ByteBuf d = newDatagram();
        byte[] body = Messages.encodeAck(owedAcks);
        records.writeRecord(d, epoch, RecordLayer.CT_ACK, body, 0, body.length);
        outbound.add(d);
        if (state != TlsState.HANDSHAKING) {
            owedAcks.clear(); // during the handshake an ACK lists the whole partial flight each time
        }
        ackAt = Long.MAX_VALUE;
    }

    /** The highest epoch we can send in (RFC 9147 §7: ACKs and alerts use the newest). */
    private int highestWriteEpoch() {
        if (writeEpoch >= 0 && records.hasWriteEpoch(writeEpoch)) {
            return writeEpoch;
        }
        return records.hasWriteEpoch(EPOCH_HANDSHAKE) ? EPOCH_HANDSHAKE : 0;
    }

    /** Acknowledge the records of the message just processed at once (server: the client's Finished). */
    final void acknowledgeNow() {
        noteRecordForAck();
        ackAt = now;
    }

    final ByteBuf newDatagram() {
        ByteBuf b = alloc.heapBuffer(params.headroom() + params.mtu());
        b.writerIndex(params.headroom()).readerIndex(params.headroom());
        return b;
    }

    final void sendAlert(int level, int description) {
        try {
            ByteBuf d = newDatagram();
            byte[] a = Messages.alert(level, description);
            records.writeRecord(d, highestWriteEpoch(), RecordLayer.CT_ALERT, a, 0, a.length);
            outbound.add(d);
        } catch (RuntimeException e) {
            LOG.debug("cannot send alert {}: {}", description, e.toString());
        }
    }

    // ------------------------------------------------------------------ keys and failure

    final RecordCipher cipher(byte[] trafficSecret) {
        try {
            return new RecordCipher(keys.suite(), keys.trafficKeys(trafficSecret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK cipher unavailable: " + e.getMessage(), e);
        }
    }

    /** Installs the first application epoch in both directions. */
    final void startApplicationEpochs(byte[] ourSecret, byte[] peerSecret) {
        writeSecret = ourSecret;
        readSecret = peerSecret;
        writeEpoch = EPOCH_APPLICATION;
        readEpoch = EPOCH_APPLICATION;
        records.installWriteEpoch(EPOCH_APPLICATION, cipher(ourSecret));
        records.installReadEpoch(EPOCH_APPLICATION, cipher(peerSecret));
    }

    final void established() {
        state = TlsState.ESTABLISHED;
        LOG.debug("DTLS 1.3 established ({})", keys.suite());
    }

    /** Fails the handshake: the alert goes to the peer, {@code cause} (or a protocol error) is the failure. */
    final void failWithAlert(AlertException e, TlsException cause) {
        if (state.isTerminal()) {
            return;
        }
        sendAlert(2, e.description());
        clearFlight();
        ackAt = Long.MAX_VALUE;
        fail(cause != null ? cause : new TlsException(TlsException.Reason.PROTOCOL_ERROR,
                "alert " + e.description() + ": " + e.getMessage(), e));
    }

    final void fail(TlsException e) {
        if (state != TlsState.FAILED) {
            LOG.debug("DTLS 1.3 engine failed: {}", e.getMessage());
            failure = e;
            state = TlsState.FAILED;
        }
    }
}
