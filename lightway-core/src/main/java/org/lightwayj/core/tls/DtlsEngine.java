package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.lightwayj.core.internal.Deadlines;
import org.lightwayj.core.tls.crypto.LightwayTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DTLS 1.2 over Bouncy Castle, sans-IO.
 *
 * <p><b>Handshake as a coroutine.</b> BC's {@code DTLSClientProtocol.connect} / {@code
 * DTLSServerProtocol.accept} block on a {@link DatagramTransport}. The handshake runs as one task on
 * the host's {@link Executor}; its transport ({@link Shim}) parks whenever it has nothing to read. Each
 * host call ({@link #receive}, {@link #tick}, creation) hands control to that task and waits until it
 * parks again or finishes, so BC only ever runs inside a host call and the host thread waits only while
 * BC computes — never on I/O or time. The park deadline is {@code hostNow + waitMillis} in host time
 * and is reported by {@link #nextTimeout()}. The task ends with the handshake; an established engine
 * holds no task and no thread.
 *
 * <p><b>After the handshake</b> {@link DTLSTransport} runs synchronously on the caller's thread. The
 * shim hands BC the one datagram being processed and then throws a preallocated stackless
 * {@link InterruptedIOException} ("would block"), which BC passes through without failing the
 * connection; with {@code waitMillis = 1} BC never waits while data is queued. Returned buffers are
 * recycled through a {@link BufferSlot} once the caller released them (ownership unchanged).
 *
 * <p><b>Short-record guard.</b> Before BC sees a datagram, its record headers are walked: malformed
 * datagrams are dropped, and encrypted (epoch &ge; 1) records shorter than explicit nonce + tag are
 * removed, because BC answers such a record with a fatal alert (one forged 18-byte datagram would end
 * the connection). Both count in {@link #droppedRecords()}, as do application records BC rejects (bad
 * MAC, replay).
 *
 * <p><b>Handshake fragment filter.</b> Plaintext (epoch 0) handshake records also pass a
 * {@link DtlsHandshakeGuard}, which drops fragments that would make BC 1.84 allocate from an unchecked
 * declared length or reassemble at quadratic cost; those count in {@link #droppedRecords()} too.
 */
final class DtlsEngine extends EngineBase implements PeerListener {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsEngine.class);
    private static final int HEADER = DtlsRecords.HEADER;

    /** Thrown by the shim when it has nothing to deliver after the handshake; stackless, shared. */
    static final class WouldBlock extends InterruptedIOException {
        private static final long serialVersionUID = 1L;
        static final WouldBlock INSTANCE = new WouldBlock();

        private WouldBlock() {
            super("would block");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final boolean client;
    private final Peers.Client clientPeer;
    private final Peers.Server serverPeer;
    private final DTLSRequest request;
    private final List<TlsCipher> ciphers;
    private final int mtu;
    private final int headroom;
    private final ByteBufAllocator alloc;
    /** Reused buffers for outbound datagrams and plaintext when the caller released the last one. */
    private final BufferSlot outSlot;
    private final BufferSlot plainSlot;
    private final Shim shim = new Shim();
    private final Thread creator;
    private final DtlsHandshakeGuard handshakeGuard;
    /** Scratch for {@link #guard}: which records of the datagram are dropped. */
    private final boolean[] dropMark;

    // Coroutine handoff; guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition cond = lock.newCondition();
    private boolean parked;
    private boolean finished;
    private boolean abort;
    private long hostNow;
    private long parkDeadline = Long.MAX_VALUE;
    private final ArrayDeque<byte[]> hsInbound = new ArrayDeque<>();
    private DTLSTransport transportResult;
    private Throwable handshakeError;

    // Host side. The handshake task touches these only while the host waits for it (lock handoff).
    private final long handshakeDeadline;
    private final byte[] recvBuf;
    private final byte[] sealScratch;
    private TlsException certFailure;
    private boolean timedOut;
    private DTLSTransport transport;
    private TlsCipher negotiated;
    private int plaintextLimit;
    private boolean sync;
    private ByteBuf current;
    private long dropped;
    /** Application records counted by the last {@link #guard} that returned its input unchanged. */
    private int guardAppRecords;
    /** Whether that datagram held exactly one record (then BC cannot have anything pending after it). */
    private boolean guardSingleRecord;
    private boolean peerClosed;
    private short peerFatal = -1;

    private DtlsEngine(boolean client, Peers.Client cp, Peers.Server sp, DTLSRequest request,
            List<TlsCipher> ciphers, int mtu, int headroom, long timeoutNanos, int maxHandshakeMessage,
            ByteBufAllocator alloc, long now) {
        super(LOG, "DTLS");
        this.client = client;
        this.clientPeer = cp;
        this.serverPeer = sp;
        this.request = request;
        this.ciphers = ciphers;
        this.mtu = mtu;
        this.headroom = headroom;
        this.alloc = alloc;
        this.outSlot = new BufferSlot(alloc, headroom + mtu);
        this.plainSlot = new BufferSlot(alloc, mtu);
        this.hostNow = now;
        this.handshakeDeadline = Deadlines.saturatingAdd(now, timeoutNanos);
        this.recvBuf = new byte[mtu];
        this.sealScratch = new byte[mtu];
        this.creator = Thread.currentThread();
        this.handshakeGuard = new DtlsHandshakeGuard(maxHandshakeMessage);
        this.dropMark = new boolean[mtu / HEADER + 1];
    }

    static DtlsEngine client(TlsClientConfig c, Executor executor, ByteBufAllocator alloc, long now) {
        DtlsEngine[] self = new DtlsEngine[1];
        PeerListener relay = relay(self);
        Peers.Client peer = new Peers.Client(LightwayTlsCrypto.shared(), c, true, relay);
        self[0] = new DtlsEngine(true, peer, null, null, c.ciphers(), c.datagramMtu(), c.outboundHeadroom(),
                c.handshakeTimeoutNanos(), c.maxHandshakeMessageLength(), alloc, now);
        self[0].start(executor);
        return self[0];
    }

    static DtlsEngine server(TlsServerConfig c, DTLSRequest request, Executor executor, ByteBufAllocator alloc,
            long now) {
        DtlsEngine[] self = new DtlsEngine[1];
        Peers.Server peer = new Peers.Server(LightwayTlsCrypto.shared(), c, true, relay(self));
        self[0] = new DtlsEngine(false, null, peer, request, c.ciphers(), c.datagramMtu(), c.outboundHeadroom(),
                c.handshakeTimeoutNanos(), c.maxHandshakeMessageLength(), alloc, now);
        self[0].start(executor);
        return self[0];
    }

    private static PeerListener relay(DtlsEngine[] self) {
        return new PeerListener() {
            @Override
            public void alertRaised(short level, short description) {
                self[0].alertRaised(level, description);
            }

            @Override
            public void alertReceived(short level, short description) {
                self[0].alertReceived(level, description);
            }

            @Override
            public void handshakeComplete() {
                self[0].handshakeComplete();
            }

            @Override
            public void certificateFailure(TlsException failure) {
                self[0].certificateFailure(failure);
            }
        };
    }

    private void start(Executor executor) {
        executor.execute(this::runHandshake);
        lock.lock();
        try {
            while (!parked && !finished) {
                cond.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        afterHandoff();
    }

    /** The handshake task: the only code that runs on the host's executor. */
    private void runHandshake() {
        DTLSTransport t = null;
        Throwable err = null;
        try {
            if (Thread.currentThread() == creator) {
                throw new IOException("the executor ran the handshake inline; it must use another thread");
            }
            t = client ? new DTLSClientProtocol().connect(clientPeer, shim)
                    : new DTLSServerProtocol().accept(serverPeer, shim, request);
        } catch (Throwable e) { // NOPMD: everything must reach the host, and the task must end
            err = e;
        }
        lock.lock();
        try {
            transportResult = t;
            handshakeError = err;
            finished = true;
            parked = false;
            cond.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the parked handshake task and waits until it parks again or finishes. */
    private void resume(byte[] datagram, long now, boolean force) {
        lock.lock();
        try {
            if (now > hostNow) {
                hostNow = now;
            }
            if (datagram != null) {
                hsInbound.add(datagram);
            }
            if (finished || !parked) {
                return;
            }
            if (datagram == null && !abort && !force && hostNow < parkDeadline) {
                return; // nothing for the task to do yet
            }
            parked = false;
            cond.signalAll();
            while (!parked && !finished) {
                cond.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Host side, after the task parked or finished: publish the outcome of the handshake. */
    private void afterHandoff() {
        if (sync || state.isTerminal()) {
            return;
        }
        boolean done;
        DTLSTransport t;
        Throwable err;
        byte[][] leftover;
        lock.lock();
        try {
            done = finished;
            t = transportResult;
            err = handshakeError;
            leftover = hsInbound.toArray(new byte[0][]);
            if (done) {
                hsInbound.clear();
            }
        } finally {
            lock.unlock();
        }
        if (!done) {
            return;
        }
        if (t == null) {
            fail(mapHandshakeError(err));
            return;
        }
        transport = t;
        sync = true;
        negotiated = Suites.cipherOf(client ? clientPeer.suite() : serverPeer.suite());
        try {
            plaintextLimit = t.getSendLimit();
        } catch (IOException e) {
            plaintextLimit = mtu - Suites.dtlsOverhead(negotiated);
        }
        state = TlsState.ESTABLISHED;
        for (byte[] d : leftover) {
            ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(d);
            openDatagram(b, countAppRecords(b), false);
        }
        drainPending();
        checkClosure();
    }

    private TlsException mapHandshakeError(Throwable e) {
        if (timedOut || e instanceof TlsTimeoutException) {
            return new TlsException(TlsException.Reason.HANDSHAKE_TIMEOUT, "DTLS handshake did not complete in time");
        }
        if (certFailure != null) {
            return certFailure;
        }
        if (e instanceof TlsFatalAlertReceived) {
            return new TlsException(TlsException.Reason.PEER_FATAL_ALERT,
                    AlertDescription.getText(((TlsFatalAlertReceived) e).getAlertDescription()), e);
        }
        if (abort) {
            return new TlsException(TlsException.Reason.INVALID_STATE, "handshake aborted by close", e);
        }
        return new TlsException(TlsException.Reason.PROTOCOL_ERROR, String.valueOf(e), e);
    }

    @Override
    public boolean isDatagram() {
        return true;
    }

    @Override
    public void receive(ByteBuf in, long nowNanos) {
        if (state.isTerminal() || released) {
            return;
        }
        if (!sync) {
            ByteBuf filtered = guard(in);
            if (filtered == null) {
                return;
            }
            byte[] copy = new byte[filtered.readableBytes()];
            filtered.getBytes(filtered.readerIndex(), copy);
            if (filtered != in) {
                filtered.release();
            }
            resume(copy, nowNanos, false);
            afterHandoff();
            return;
        }
        ByteBuf filtered = guard(in);
        if (filtered == null) {
            return;
        }
        try {
            if (filtered == in) {
                openDatagram(filtered, guardAppRecords, guardSingleRecord);
            } else {
                openDatagram(filtered, countAppRecords(filtered), false);
            }
        } finally {
            if (filtered != in) {
                filtered.release();
            }
        }
        checkClosure();
    }

    /** Feeds one (guarded) datagram to the established DTLSTransport and collects its plaintext. */
    private void openDatagram(ByteBuf datagram, int appRecords, boolean singleRecord) {
        int delivered = 0;
        current = datagram;
        try {
            // BC decrypts straight into the buffer handed to the caller: no extra plaintext copy.
            // A one-record datagram leaves nothing pending once BC returned it, so the usual
            // receivePending call (a second trip into BC per datagram) is skipped.
            boolean first;
            try {
                first = receiveInto(true);
            } catch (InterruptedIOException e) {
                first = false; // WouldBlock: BC wanted another datagram; what is queued is drained below
            }
            if (first) {
                delivered++;
            }
            // Not only after a delivered record: when a forged record fails first, BC's receive re-reads
            // its wall clock and may give up with the datagram's genuine records still queued, to come out
            // one datagram late (found by Dtls12EngineFuzzTest). Drain them now.
            if (!first || !singleRecord) {
                while (receiveInto(false)) {
                    delivered++;
                }
            }
        } catch (InterruptedIOException e) {
            // WouldBlock: BC consumed the datagram and has nothing (more) to deliver.
        } catch (TlsFatalAlertReceived e) {
            fail(new TlsException(TlsException.Reason.PEER_FATAL_ALERT,
                    AlertDescription.getText(e.getAlertDescription()), e));
        } catch (IOException | RuntimeException e) {
            if (!peerClosed) {
                fail(new TlsException(TlsException.Reason.PROTOCOL_ERROR, String.valueOf(e), e));
            }
        } finally {
            current = null;
        }
        if (appRecords > delivered) {
            dropped += appRecords - delivered;
        }
    }

    /**
     * One {@code receive} (first) or {@code receivePending} (later) call; queues the plaintext. The
     * first call decrypts straight into the buffer handed to the caller; pending records (a second
     * record in the same datagram, rare) go through the scratch array so that the common "nothing
     * pending" answer costs no buffer.
     *
     * @return whether a record was delivered
     */
    private boolean receiveInto(boolean first) throws IOException {
        if (!first) {
            int n = transport.receivePending(recvBuf, 0, recvBuf.length);
            if (n > 0) {
                deliver(n);
            }
            return n >= 0;
        }
        ByteBuf out = plainSlot.take(recvBuf.length);
        boolean keep = false;
        try {
            byte[] a = out.hasArray() ? out.array() : recvBuf;
            int off = out.hasArray() ? out.arrayOffset() + out.writerIndex() : 0;
            int n = transport.receive(a, off, recvBuf.length, 1);
            if (n < 0) {
                return false;
            }
            if (n > 0) {
                if (out.hasArray()) {
                    out.writerIndex(out.writerIndex() + n);
                } else {
                    out.writeBytes(recvBuf, 0, n);
                }
                plaintext.add(out);
                keep = true;
            }
            return true;
        } finally {
            if (!keep) {
                out.release();
            }
        }
    }

    private void drainPending() {
        try {
            int n;
            while ((n = transport.receivePending(recvBuf, 0, recvBuf.length)) >= 0) {
                deliver(n);
            }
        } catch (IOException e) {
            LOG.debug("receivePending: {}", e.toString());
        }
    }

    private void deliver(int n) {
        if (n == 0) {
            return;
        }
        ByteBuf b = alloc.heapBuffer(n);
        b.writeBytes(recvBuf, 0, n);
        plaintext.add(b);
    }

    private void checkClosure() {
        if (peerFatal >= 0) {
            fail(new TlsException(TlsException.Reason.PEER_FATAL_ALERT, AlertDescription.getText(peerFatal)));
        } else if (peerClosed && !state.isTerminal()) {
            state = TlsState.CLOSED;
        }
    }

    /** Smallest valid encrypted record body: exact once the suite is known, else the largest configured. */
    private int minBody() {
        if (negotiated != null) {
            return Suites.dtlsMinBody(negotiated);
        }
        int suite = client ? clientPeer.suite() : serverPeer.suite();
        if (suite > 0) {
            return Suites.dtlsMinBody(Suites.cipherOf(suite));
        }
        return ciphers.contains(TlsCipher.AES_256_GCM) ? Suites.dtlsMinBody(TlsCipher.AES_256_GCM)
                : Suites.dtlsMinBody(TlsCipher.CHACHA20_POLY1305);
    }

    /** The epoch-0 handshake fragment filter (tests read its counters). */
    DtlsHandshakeGuard handshakeGuard() {
        return handshakeGuard;
    }

    /**
     * Walks the DTLS record headers. Returns {@code in} when every record is plausible, a new buffer
     * (caller releases) without the too-short encrypted records and the epoch-0 handshake records the
     * {@link DtlsHandshakeGuard} refused, or {@code null} when nothing is left.
     */
    private ByteBuf guard(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (end - start > mtu || end == start) {
            dropped++;
            return null;
        }
        // One walk checks the structure and classifies the records; a malformed datagram is dropped
        // whole, before the fragment filter spends any of its budgets on the records in it.
        int min = minBody();
        int drops = 0;
        int app = 0;
        int records = 0;
        boolean plaintextHandshake = false;
        for (int off = start; off < end; records++) {
            int next = DtlsRecords.next(in, off, end);
            if (next < 0) {
                dropped++;
                return null;
            }
            int type = DtlsRecords.type(in, off);
            int epoch = DtlsRecords.epoch(in, off);
            boolean drop = DtlsRecords.tooShortToDecrypt(epoch, next - off - HEADER, min);
            if (!drop && type == DtlsRecords.APPLICATION_DATA && epoch != 0) {
                app++;
            }
            plaintextHandshake |= type == DtlsRecords.HANDSHAKE && epoch == 0;
            dropMark[records] = drop;
            if (drop) {
                drops++;
            }
            off = next;
        }
        if (plaintextHandshake) {
            // Only handshake datagrams pay a second walk: the fragment filter, on a well-formed datagram.
            int r = 0;
            for (int off = start; off < end; r++) {
                if (DtlsRecords.type(in, off) == DtlsRecords.HANDSHAKE && DtlsRecords.epoch(in, off) == 0) {
                    int len = DtlsRecords.length(in, off);
                    DtlsHandshakeGuard.Reason why = handshakeGuard.check(in, off + HEADER, len);
                    if (why != null) {
                        dropMark[r] = true;
                        drops++;
                        if (LOG.isDebugEnabled()) {
                            LOG.debug("DTLS handshake record dropped before Bouncy Castle: {} (message_seq {})", why,
                                    len >= 6 ? in.getUnsignedShort(off + HEADER + 4) : -1);
                        }
                    }
                }
                off = DtlsRecords.skip(in, off);
            }
        }
        if (drops == 0) {
            guardAppRecords = app;
            guardSingleRecord = records == 1;
            return in;
        }
        dropped += drops;
        if (drops == records) {
            return null;
        }
        ByteBuf out = alloc.heapBuffer(end - start);
        int i = 0;
        for (int off = start; off < end; i++) {
            int next = DtlsRecords.skip(in, off);
            if (!dropMark[i]) {
                out.writeBytes(in, off, next - off);
            }
            off = next;
        }
        return out;
    }

    private static int countAppRecords(ByteBuf in) {
        int count = 0;
        int end = in.writerIndex();
        for (int off = in.readerIndex(); off + HEADER <= end; off = DtlsRecords.skip(in, off)) {
            if (DtlsRecords.type(in, off) == DtlsRecords.APPLICATION_DATA && DtlsRecords.epoch(in, off) != 0) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void seal(ByteBuf frame, long nowNanos) throws TlsException {
        if (state != TlsState.ESTABLISHED) {
            throw new TlsException(TlsException.Reason.INVALID_STATE, "seal in state " + state);
        }
        int n = frame.readableBytes();
        if (n > plaintextLimit) {
            throw new IllegalArgumentException("frame of " + n + " bytes exceeds the DTLS plaintext limit "
                    + plaintextLimit);
        }
        try {
            if (frame.hasArray()) {
                transport.send(frame.array(), frame.arrayOffset() + frame.readerIndex(), n);
            } else {
                frame.getBytes(frame.readerIndex(), sealScratch, 0, n);
                transport.send(sealScratch, 0, n);
            }
        } catch (IOException e) {
            fail(new TlsException(TlsException.Reason.PROTOCOL_ERROR, "seal failed: " + e, e));
            throw failure;
        }
    }

    @Override
    public long nextTimeout() {
        if (state != TlsState.HANDSHAKING) {
            return Long.MAX_VALUE;
        }
        lock.lock();
        try {
            return parked ? Math.min(parkDeadline, handshakeDeadline) : handshakeDeadline;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void tick(long nowNanos) {
        if (state != TlsState.HANDSHAKING || released) {
            return;
        }
        if (nowNanos >= handshakeDeadline) {
            timedOut = true;
            abortHandshake(nowNanos);
            afterHandoff(); // FAILED(HANDSHAKE_TIMEOUT), or ESTABLISHED if BC finished in this very step
            return;
        }
        resume(null, nowNanos, false);
        afterHandoff();
    }

    private void abortHandshake(long now) {
        lock.lock();
        try {
            abort = true;
        } finally {
            lock.unlock();
        }
        resume(null, now, true);
    }

    @Override
    public void close(long nowNanos) {
        if (state.isTerminal() || released) {
            return;
        }
        if (state == TlsState.HANDSHAKING) {
            abortHandshake(nowNanos);
            afterHandoff();
            if (state == TlsState.FAILED) {
                failure = null;
            }
        } else {
            try {
                transport.close(); // close_notify, queued through the shim
            } catch (IOException e) {
                LOG.debug("close_notify failed: {}", e.toString());
            }
        }
        state = TlsState.CLOSED;
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        if (state == TlsState.HANDSHAKING) {
            abortHandshake(hostNow);
            lock.lock();
            try {
                hsInbound.clear();
            } finally {
                lock.unlock();
            }
            state = TlsState.CLOSED;
        } else if (!state.isTerminal()) {
            state = TlsState.CLOSED;
        }
        released = true;
        outSlot.close();
        plainSlot.close();
        releaseQueues();
    }

    @Override
    public int recordOverhead() {
        if (negotiated != null) {
            return Suites.dtlsOverhead(negotiated);
        }
        int max = 0;
        for (TlsCipher c : ciphers) {
            max = Math.max(max, Suites.dtlsOverhead(c));
        }
        return max;
    }

    @Override
    public int outboundHeadroom() {
        return headroom;
    }

    @Override
    public long droppedRecords() {
        return dropped;
    }

    // PeerListener: called by BC on the handshake task (host waiting) or on the host thread.

    @Override
    public void alertRaised(short level, short description) {
        LOG.debug("DTLS alert raised: {}", AlertDescription.getText(description));
    }

    @Override
    public void alertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            peerClosed = true;
        } else if (Peers.isFatal(level) && sync) {
            peerFatal = description;
        }
    }

    @Override
    public void handshakeComplete() {
        // Completion is observed when connect/accept returns.
    }

    @Override
    public void certificateFailure(TlsException f) {
        certFailure = f;
    }

    /** The DatagramTransport BC sees: a coroutine park during the handshake, a one-shot feed after it. */
    private final class Shim implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return mtu;
        }

        @Override
        public int getSendLimit() {
            return mtu;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (sync) {
                ByteBuf c = current;
                if (c == null) {
                    throw WouldBlock.INSTANCE;
                }
                current = null;
                int n = Math.min(c.readableBytes(), len);
                c.getBytes(c.readerIndex(), buf, off, n);
                return n;
            }
            lock.lock();
            try {
                long deadline = Deadlines.saturatingAdd(hostNow, Math.max(1, waitMillis) * 1_000_000L);
                for (;;) {
                    if (abort) {
                        throw new IOException("handshake aborted by the host");
                    }
                    byte[] d = hsInbound.poll();
                    if (d != null) {
                        int n = Math.min(d.length, len);
                        System.arraycopy(d, 0, buf, off, n);
                        return n;
                    }
                    if (hostNow >= deadline) {
                        return -1;
                    }
                    parked = true;
                    parkDeadline = deadline;
                    cond.signalAll();
                    while (parked) {
                        cond.awaitUninterruptibly();
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            if (released) {
                return;
            }
            ByteBuf b = outSlot.take(headroom + len);
            b.setBytes(headroom, buf, off, len);
            b.setIndex(headroom, headroom + len);
            outbound.add(b);
        }

        @Override
        public void close() {
            // BC closes after close_notify or a fatal alert; closure is tracked through the alerts.
        }
    }
}
