package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.crypto.TlsHMAC;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.lightwayj.core.tls.dtls13.CookieSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's stateless DTLS 1.2 cookie check (HelloVerifyRequest, RFC 6347 §4.2.1), run before any
 * per-peer state exists.
 *
 * <p><b>What the cookie binds.</b> Exactly what RFC 6347 §4.2.1 lists: the peer's address and port, and
 * the ClientHello's client_version, random, session_id, cipher_suites and compression_methods — not its
 * extensions, because real clients (wolfSSL, hence C Lightway) reorder or change extensions between
 * their first and second ClientHello. The cookie is 32 bytes (wolfSSL accepts at most 32): a 4-byte
 * issue time in whole seconds of host time, then HMAC-SHA256 truncated to 28 bytes over the peer id, the
 * issue time and those fields, under a random secret. The comparison is constant-time.
 *
 * <p><b>Lifetime and rotation.</b> A cookie is accepted for {@link #COOKIE_LIFETIME_NANOS} (30 s; whole
 * seconds, so up to 31 s) after it was issued. The secret is replaced every {@link #ROTATION_NANOS}
 * (60 s) of host time, on the first call after the period ended; cookies under the previous secret stay
 * valid (so no live cookie is lost at a rotation), older ones are refused. Time comes only from the
 * {@code nowNanos} the host passes: no wall clock, no thread.
 *
 * <p><b>Failures</b> are counted per reason ({@link #noCookie()}, {@link #badCookie()}, {@link #expired()},
 * {@link #malformed()}) and logged at debug. A ClientHello without a valid cookie (none, forged,
 * expired, another address, a retired secret) gets a fresh HelloVerifyRequest; malformed input gets
 * nothing and never throws.
 *
 * <p>Use: for a datagram from an unknown peer call {@link #verify(SocketAddress, ByteBuf, Consumer, long)}.
 * {@code null} means "no connection yet". A non-null {@link Request} is passed to
 * {@link TlsEngines#dtlsServer(TlsServerConfig, Request, java.util.concurrent.Executor, long)}, and
 * every later datagram from that peer — including retransmitted ClientHellos — goes to that engine.
 *
 * <p>Keeps no per-peer state, never blocks; thread-safe.
 */
public final class DtlsCookieVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsCookieVerifier.class);

    /** How long a cookie is accepted after it was issued, in host time (whole seconds are stored). */
    public static final long COOKIE_LIFETIME_NANOS = 30_000_000_000L;
    /** How often the HMAC secret is replaced; at least the lifetime, so a live cookie survives one rotation. */
    public static final long ROTATION_NANOS = 60_000_000_000L;

    static final int COOKIE_LENGTH = 32;
    private static final int TIME_LENGTH = 4;
    private static final int MAC_LENGTH = COOKIE_LENGTH - TIME_LENGTH;
    private static final long LIFETIME_SECONDS = COOKIE_LIFETIME_NANOS / 1_000_000_000L;
    private static final int RECORD_HEADER = 13;
    private static final int HANDSHAKE_HEADER = 12;
    private static final int HVR_LENGTH = RECORD_HEADER + HANDSHAKE_HEADER + 3 + COOKIE_LENGTH;

    private final int headroom;
    private final int mtu;
    private final ByteBufAllocator alloc;

    private final CookieSecret secret = new CookieSecret(ROTATION_NANOS);
    /** The latest host time seen, for the untimed {@code verify}; guarded by this. */
    private long latestNow;
    private boolean sawTime;

    private final AtomicLong helloVerifyRequests = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong noCookie = new AtomicLong();
    private final AtomicLong badCookie = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();

    /**
     * @param outboundHeadroom writable bytes left in front of each HelloVerifyRequest datagram (16 for Lightway UDP)
     * @param datagramMtu largest datagram accepted; HelloVerifyRequests come from
     *     {@link PooledByteBufAllocator#DEFAULT}
     */
    public DtlsCookieVerifier(int outboundHeadroom, int datagramMtu) {
        this(outboundHeadroom, datagramMtu, PooledByteBufAllocator.DEFAULT);
    }

    private DtlsCookieVerifier(int outboundHeadroom, int datagramMtu, ByteBufAllocator alloc) {
        if (outboundHeadroom < 0 || outboundHeadroom > 256) {
            throw new IllegalArgumentException("outboundHeadroom: must be in 0..256");
        }
        if (datagramMtu < 256) {
            throw new IllegalArgumentException("datagramMtu: must be at least 256");
        }
        this.headroom = outboundHeadroom;
        this.mtu = datagramMtu;
        this.alloc = alloc;
    }

    /** A verifier with the settings of a server config. */
    public DtlsCookieVerifier(TlsServerConfig config) {
        this(config.outboundHeadroom(), config.datagramMtu(), config.allocator());
    }

    /** An accepted ClientHello with a valid cookie; opaque, for {@link TlsEngines#dtlsServer}. */
    public static final class Request {
        private final SocketAddress peer;
        final DTLSRequest request;

        private Request(SocketAddress peer, DTLSRequest request) {
            this.peer = peer;
            this.request = request;
        }

        /** The peer address the cookie was bound to. */
        public SocketAddress peer() {
            return peer;
        }
    }

    /** HelloVerifyRequests sent (for a missing, forged or expired cookie). */
    public long helloVerifyRequestsSent() {
        return helloVerifyRequests.get();
    }

    /** ClientHellos accepted with a valid cookie. */
    public long accepted() {
        return accepted.get();
    }

    /** ClientHellos without a cookie (the normal first flight; answered with a HelloVerifyRequest). */
    public long noCookie() {
        return noCookie.get();
    }

    /**
     * ClientHellos whose cookie did not verify: forged, of the wrong length, from another address or
     * port, with a changed version, random, session id, suites or compression methods, or under a
     * secret retired two rotations ago. Each is also logged at debug.
     */
    public long badCookie() {
        return badCookie.get();
    }

    /** ClientHellos whose cookie verified but was older than {@link #COOKIE_LIFETIME_NANOS}. Logged at debug. */
    public long expired() {
        return expired.get();
    }

    /** Datagrams that were no well-formed, unfragmented DTLS ClientHello record. Logged at debug. */
    public long malformed() {
        return malformed.get();
    }

    /**
     * Same as {@link #verify(SocketAddress, ByteBuf, Consumer, long)} at the latest host time this
     * verifier has been given (none: time zero). A host that only ever calls this form gets cookies that
     * neither expire nor rotate; pass the time.
     */
    public Request verify(SocketAddress peer, ByteBuf datagram, Consumer<ByteBuf> sendHelloVerify) {
        long now;
        synchronized (this) {
            now = latestNow;
        }
        return verify(peer, datagram, sendHelloVerify, now);
    }

    /**
     * Checks one datagram from a peer that has no connection yet.
     *
     * @param peer the datagram's source address and port
     * @param datagram the DTLS bytes (after the Lightway header); still owned by the caller, not retained
     * @param sendHelloVerify receives a HelloVerifyRequest datagram to send back to {@code peer}; it owns
     *        (releases) the buffer, which has {@code outboundHeadroom} writable bytes in front
     * @param nowNanos host time (cookie lifetime and secret rotation)
     * @return the request to create a server engine from, or {@code null} (nothing to create)
     */
    public Request verify(SocketAddress peer, ByteBuf datagram, Consumer<ByteBuf> sendHelloVerify, long nowNanos) {
        int n = datagram.readableBytes();
        if (peer == null || n < RECORD_HEADER || n > mtu) {
            malformed(peer, "datagram of " + n + " bytes");
            return null;
        }
        byte[] d = new byte[n];
        datagram.getBytes(datagram.readerIndex(), d);
        Hello h = Hello.parse(d);
        if (h == null) {
            malformed(peer, "not a well-formed unfragmented DTLS ClientHello");
            return null;
        }
        byte[][] secrets = secrets(nowNanos);
        byte[] id = CookieSecret.peerId(peer);
        if (h.cookieLength == 0) {
            noCookie.incrementAndGet();
            sendHvr(h, d, id, secrets[0], nowNanos, sendHelloVerify);
            return null;
        }
        if (h.cookieLength != COOKIE_LENGTH || !macMatches(h, d, id, secrets)) {
            badCookie.incrementAndGet();
            LOG.debug("DTLS 1.2 cookie from {} rejected: bad cookie", peer);
            sendHvr(h, d, id, secrets[0], nowNanos, sendHelloVerify);
            return null;
        }
        long issued = readUint32(d, h.cookieOffset);
        long age = (seconds(nowNanos) - issued) & 0xFFFFFFFFL;
        if (age > LIFETIME_SECONDS) { // also a cookie "from the future" (wraps to a huge age)
            expired.incrementAndGet();
            LOG.debug("DTLS 1.2 cookie from {} rejected: expired ({} s old)", peer, (int) age);
            sendHvr(h, d, id, secrets[0], nowNanos, sendHelloVerify);
            return null;
        }
        DTLSRequest r = toBcRequest(d, h.cookieOffset);
        if (r == null) {
            // Our parse accepted it but BC's (which also parses the extensions) did not.
            malformed(peer, "ClientHello rejected by Bouncy Castle's parser");
            return null;
        }
        accepted.incrementAndGet();
        return new Request(peer, r);
    }

    private void malformed(SocketAddress peer, String why) {
        malformed.incrementAndGet();
        LOG.debug("DTLS 1.2 datagram from {} dropped: {}", peer, why);
    }

    /** {current, previous (or null)} after rotating if due; remembers the latest time seen. */
    private byte[][] secrets(long now) {
        synchronized (this) {
            if (!sawTime || now - latestNow > 0) {
                sawTime = true;
                latestNow = now;
            }
        }
        return secret.secrets(now);
    }

    private static long seconds(long nowNanos) {
        return Math.floorDiv(nowNanos, 1_000_000_000L) & 0xFFFFFFFFL;
    }

    private boolean macMatches(Hello h, byte[] d, byte[] id, byte[][] secrets) {
        byte[] got = new byte[MAC_LENGTH];
        System.arraycopy(d, h.cookieOffset + TIME_LENGTH, got, 0, MAC_LENGTH);
        boolean ok = false;
        for (byte[] s : secrets) {
            if (s != null) {
                // Both secrets are always tried: the time taken does not tell which one matched.
                ok |= MessageDigest.isEqual(got, mac(s, id, d, h.cookieOffset, h));
            }
        }
        return ok;
    }

    /** HMAC-SHA256, truncated, over peer id, issue time (4 bytes at {@code timeOff}) and the bound fields. */
    private static byte[] mac(byte[] secret, byte[] id, byte[] time, int timeOff, Hello h) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(new byte[] {(byte) (id.length >>> 8), (byte) id.length});
            mac.update(id);
            mac.update(time, timeOff, TIME_LENGTH);
            byte[] d = h.data;
            mac.update(d, h.versionOffset, 2 + 32); // client_version, random
            mac.update(d, h.sessionIdOffset - 1, 1 + h.sessionIdLength);
            mac.update(d, h.suitesOffset - 2, 2 + h.suitesLength);
            mac.update(d, h.compressionOffset - 1, 1 + h.compressionLength);
            byte[] full = mac.doFinal();
            byte[] out = new byte[MAC_LENGTH];
            System.arraycopy(full, 0, out, 0, MAC_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

    private void sendHvr(Hello h, byte[] d, byte[] id, byte[] secret, long now, Consumer<ByteBuf> send) {
        byte[] cookie = new byte[COOKIE_LENGTH];
        long t = seconds(now);
        cookie[0] = (byte) (t >>> 24);
        cookie[1] = (byte) (t >>> 16);
        cookie[2] = (byte) (t >>> 8);
        cookie[3] = (byte) t;
        System.arraycopy(mac(secret, id, cookie, 0, h), 0, cookie, TIME_LENGTH, MAC_LENGTH);
        ByteBuf b = alloc.heapBuffer(headroom + HVR_LENGTH);
        b.writerIndex(headroom).readerIndex(headroom);
        // Record: handshake, version DTLS 1.0 (RFC 6347 §4.2.1 lets the HVR use it whatever is
        // negotiated later), epoch 0, the ClientHello's record sequence echoed (§4.2.1: the client then
        // accepts it, and a stateless server has no sequence of its own).
        b.writeByte(22).writeShort(0xFEFF).writeShort(0);
        b.writeBytes(d, 5, 6);
        b.writeShort(HANDSHAKE_HEADER + 3 + COOKIE_LENGTH);
        // Handshake header: hello_verify_request, message_seq echoing the ClientHello's, unfragmented.
        int body = 3 + COOKIE_LENGTH;
        b.writeByte(3).writeMedium(body).writeShort(h.messageSeq).writeMedium(0).writeMedium(body);
        b.writeShort(0xFEFF).writeByte(COOKIE_LENGTH).writeBytes(cookie);
        helloVerifyRequests.incrementAndGet();
        send.accept(b);
    }

    /**
     * Bouncy Castle 1.84 needs a {@link DTLSRequest} to start a server handshake after a cookie exchange
     * (message_seq 1, record sequence continued, ClientHello2 in the transcript): {@code accept} without
     * one expects message_seq 0, and {@code DTLSServerProtocol.setVerifyRequests} is never read. Its
     * constructor is package-private; the one public way to get one is {@link DTLSVerifier#verifyRequest},
     * which compares the ClientHello's cookie with {@code HMAC(key, clientId || hello-without-cookie)}
     * computed by the {@code TlsCrypto} it was given. Our check has already passed at this point, so BC
     * is given a crypto whose HMAC outputs its first input, and the cookie itself as clientId: the
     * comparison holds exactly when the cookie is the one we verified, and BC parses the record, the
     * ClientHello (extensions included) and builds the request as it always does.
     */
    private static final DTLSVerifier REQUEST_BUILDER = new DTLSVerifier(new EchoCrypto());

    private static final DatagramSender NO_SEND = new DatagramSender() {
        @Override
        public int getSendLimit() {
            return 1 << 14;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            // Unreachable when our check passed; never send a second reply in any case.
        }
    };

    private static DTLSRequest toBcRequest(byte[] d, int cookieOffset) {
        byte[] cookie = new byte[COOKIE_LENGTH];
        System.arraycopy(d, cookieOffset, cookie, 0, COOKIE_LENGTH);
        try {
            return REQUEST_BUILDER.verifyRequest(cookie, d, 0, d.length, NO_SEND);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** JcaTlsCrypto whose HMACs output the first bytes they are fed (the clientId); for {@link #REQUEST_BUILDER} only. */
    private static final class EchoCrypto extends JcaTlsCrypto {
        EchoCrypto() {
            super(new DefaultJcaJceHelper(), new SecureRandom(), new SecureRandom());
        }

        @Override
        public TlsHMAC createHMAC(int macAlgorithm) {
            return new EchoMac();
        }
    }

    private static final class EchoMac implements TlsHMAC {
        private byte[] first;

        @Override
        public void setKey(byte[] key, int off, int len) {
            // unused
        }

        @Override
        public void update(byte[] in, int off, int len) {
            if (first == null) {
                first = new byte[len];
                System.arraycopy(in, off, first, 0, len);
            }
        }

        @Override
        public byte[] calculateMAC() {
            byte[] r = first == null ? new byte[0] : first;
            first = null;
            return r;
        }

        @Override
        public void calculateMAC(byte[] out, int off) {
            byte[] r = calculateMAC();
            System.arraycopy(r, 0, out, off, r.length);
        }

        @Override
        public int getMacLength() {
            return COOKIE_LENGTH;
        }

        @Override
        public void reset() {
            first = null;
        }

        @Override
        public int getInternalBlockSize() {
            return 64;
        }
    }

    /**
     * Offsets into the first record of a datagram holding one unfragmented epoch-0 ClientHello; every
     * length is checked against its enclosing one, so garbage yields {@code null}, never an exception.
     */
    static final class Hello {
        final byte[] data;
        int messageSeq;
        int versionOffset;
        int sessionIdOffset;
        int sessionIdLength;
        int cookieOffset;
        int cookieLength;
        int suitesOffset;
        int suitesLength;
        int compressionOffset;
        int compressionLength;

        private Hello(byte[] data) {
            this.data = data;
        }

        static Hello parse(byte[] d) {
            int n = d.length;
            if (n < RECORD_HEADER + HANDSHAKE_HEADER) {
                return null;
            }
            int version = uint16(d, 1);
            if ((d[0] & 0xff) != 22 || (version != 0xFEFF && version != 0xFEFD) || uint16(d, 3) != 0) {
                return null;
            }
            int recLen = uint16(d, 11);
            if (recLen < HANDSHAKE_HEADER || recLen > 16384 || RECORD_HEADER + recLen > n) {
                return null; // bytes after the first record are ignored, as Bouncy Castle does
            }
            int hs = RECORD_HEADER;
            int bodyLen = uint24(d, hs + 1);
            if ((d[hs] & 0xff) != 1 || bodyLen != recLen - HANDSHAKE_HEADER || uint24(d, hs + 6) != 0
                    || uint24(d, hs + 9) != bodyLen) {
                return null; // not a ClientHello, or fragmented (a cookie exchange needs it whole)
            }
            Hello h = new Hello(d);
            h.messageSeq = uint16(d, hs + 4);
            int end = hs + HANDSHAKE_HEADER + bodyLen;
            int p = hs + HANDSHAKE_HEADER;
            h.versionOffset = p;
            if (end - p < 2 + 32 + 1 || (d[p] & 0xff) != 0xFE) {
                return null;
            }
            p += 2 + 32;
            h.sessionIdLength = d[p++] & 0xff;
            h.sessionIdOffset = p;
            if (h.sessionIdLength > 32 || end - p < h.sessionIdLength + 1) {
                return null;
            }
            p += h.sessionIdLength;
            h.cookieLength = d[p++] & 0xff;
            h.cookieOffset = p;
            if (end - p < h.cookieLength + 2) {
                return null;
            }
            p += h.cookieLength;
            h.suitesLength = uint16(d, p);
            p += 2;
            h.suitesOffset = p;
            if (h.suitesLength < 2 || (h.suitesLength & 1) != 0 || end - p < h.suitesLength + 1) {
                return null;
            }
            p += h.suitesLength;
            h.compressionLength = d[p++] & 0xff;
            h.compressionOffset = p;
            if (h.compressionLength < 1 || end - p < h.compressionLength) {
                return null;
            }
            p += h.compressionLength;
            if (p == end) {
                return h; // no extensions
            }
            if (end - p < 2 || uint16(d, p) != end - p - 2) {
                return null;
            }
            for (p += 2; p < end;) {
                if (end - p < 4 || end - p - 4 < uint16(d, p + 2)) {
                    return null;
                }
                p += 4 + uint16(d, p + 2);
            }
            return h;
        }
    }

    private static int uint16(byte[] d, int off) {
        return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
    }

    private static int uint24(byte[] d, int off) {
        return ((d[off] & 0xff) << 16) | ((d[off + 1] & 0xff) << 8) | (d[off + 2] & 0xff);
    }

    private static long readUint32(byte[] d, int off) {
        return ((long) uint16(d, off) << 16) | uint16(d, off + 2);
    }

}
