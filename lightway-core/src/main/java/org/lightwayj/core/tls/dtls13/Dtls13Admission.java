package org.lightwayj.core.tls.dtls13;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's stateless DTLS 1.3 admission (RFC 9147 §5.1, RFC 8446 §4.2.2): a ClientHello without
 * a cookie is answered with a HelloRetryRequest carrying a MAC-protected cookie; only a ClientHello that
 * returns a valid cookie from the same address and port makes a connection.
 *
 * <p>The cookie holds everything the server needs later, so nothing is kept per peer: issue time (host
 * clock, lifetime {@link #COOKIE_LIFETIME_NANOS}), the chosen suite and group, whether the
 * HelloRetryRequest asked for a key share, and the hash of ClientHello1; it is authenticated with
 * HMAC-SHA256 under a random secret that rotates every {@link #ROTATION_NANOS} (the previous secret stays
 * valid for one period). The HelloRetryRequest is rebuilt byte-exactly from it.
 *
 * <p>A ClientHello fragmented over several datagrams (large post-quantum key shares) cannot be hashed
 * from one datagram; such fragments go to a small shared assembly table, bounded in entries
 * ({@link #MAX_PARTIAL_HELLOS}), per-message size and age, oldest evicted first. That is the only state
 * held before the cookie returns.
 *
 * <p>Thread-safe: one instance serves every connection of a server context.
 */
public final class Dtls13Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Dtls13Admission.class);
    static final long COOKIE_LIFETIME_NANOS = 30_000_000_000L;
    static final long ROTATION_NANOS = 300_000_000_000L;
    static final int MAX_PARTIAL_HELLOS = 64;
    static final long PARTIAL_HELLO_MAX_AGE_NANOS = 5_000_000_000L;
    private static final int COOKIE_VERSION = 1;
    private static final int MAC_LENGTH = 16;

    /** A ClientHello2 with a valid cookie: what {@link Dtls13Server} is made from. */
    public record Accepted(SocketAddress peer, byte[] clientHello2, Messages.ClientHello parsed, int messageSeq,
            long recordSequence, CipherSuite suite, NamedGroup group, byte[] clientHello1Hash,
            byte[] helloRetryRequest) {
    }

    /** What {@link #admit} decided. */
    public sealed interface Result permits Result.Admit, Result.Dtls12, Result.Nothing {
        /** A DTLS 1.3 connection may be made. */
        record Admit(Accepted hello) implements Result {
        }

        /** The ClientHello does not offer DTLS 1.3: hand the datagram to the DTLS 1.2 path. */
        record Dtls12() implements Result {
        }

        /** Nothing to create (a HelloRetryRequest went back, or the datagram was dropped and counted). */
        record Nothing() implements Result {
        }
    }

    private static final Result NOTHING = new Result.Nothing();
    private static final Result DTLS12 = new Result.Dtls12();

    private final List<CipherSuite> suites;
    private final List<NamedGroup> groups;
    private final int mtu;
    private final int headroom;
    private final int maxHelloLength;
    private final ByteBufAllocator alloc;
    private final Map<String, Partial> partials = new LinkedHashMap<>();
    private final CookieSecret secret = new CookieSecret(ROTATION_NANOS);

    private final AtomicLong retriesSent = new AtomicLong();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong cookieFailures = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong partialEvictions = new AtomicLong();

    private static final class Partial {
        final HandshakeReassembler assembler;
        final long created;
        long recordSequence;

        Partial(HandshakeReassembler assembler, long created) {
            this.assembler = assembler;
            this.created = created;
        }
    }

    /**
     * @param suites the server's suites in preference order
     * @param groups the server's groups in preference order
     * @param mtu largest datagram
     * @param headroom writable bytes in front of each reply
     * @param maxHelloLength largest ClientHello reassembled
     */
    Dtls13Admission(List<CipherSuite> suites, List<NamedGroup> groups, int mtu, int headroom, int maxHelloLength,
            ByteBufAllocator alloc) {
        this.suites = List.copyOf(suites);
        this.groups = List.copyOf(groups);
        this.mtu = mtu;
        this.headroom = headroom;
        this.maxHelloLength = maxHelloLength;
        this.alloc = alloc;
    }

    /** HelloRetryRequests sent. */
    public long retriesSent() {
        return retriesSent.get();
    }

    /** ClientHellos admitted with a valid cookie. */
    public long admitted() {
        return admitted.get();
    }

    /** ClientHellos whose cookie was forged, expired, from another address or under a retired secret. */
    public long cookieFailures() {
        return cookieFailures.get();
    }

    /** Datagrams that were not a parseable DTLS 1.3 ClientHello. */
    public long malformed() {
        return malformed.get();
    }

    /** Partial (fragmented) ClientHellos evicted for room or age before they completed. */
    public long partialEvictions() {
        return partialEvictions.get();
    }

    /**
     * Checks one datagram from a peer without a connection.
     *
     * @param peer source address and port (the cookie is bound to them)
     * @param datagram DTLS bytes; still owned by the caller, not retained
     * @param reply receives a HelloRetryRequest datagram (with {@code headroom} in front); it owns the buffer
     * @param nowNanos host time
     */
    public Result admit(SocketAddress peer, ByteBuf datagram, Consumer<ByteBuf> reply, long nowNanos) {
        if (peer == null) {
            return NOTHING;
        }
        byte[] d = new byte[datagram.readableBytes()];
        datagram.getBytes(datagram.readerIndex(), d);
        boolean stored = false;
        try {
            int off = 0;
            while (off + RecordLayer.PLAINTEXT_HEADER_LENGTH <= d.length) {
                int type = d[off] & 0xff;
                int epoch = ((d[off + 3] & 0xff) << 8) | (d[off + 4] & 0xff);
                long seq = 0;
                for (int i = 5; i < 11; i++) {
                    seq = (seq << 8) | (d[off + i] & 0xff);
                }
                int len = ((d[off + 11] & 0xff) << 8) | (d[off + 12] & 0xff);
                int body = off + RecordLayer.PLAINTEXT_HEADER_LENGTH;
                if (type != RecordLayer.CT_HANDSHAKE || epoch != 0 || body + len > d.length) {
                    break;
                }
                Result r = onRecord(peer, d, body, len, seq, reply, nowNanos);
                if (r == NOTHING_YET) {
                    stored = true;
                } else if (r != null) {
                    return r;
                }
                off = body + len;
            }
            if (stored) {
                return NOTHING;
            }
        } catch (AlertException | RuntimeException e) {
            LOG.debug("DTLS 1.3 admission of {}: {}", peer, e.toString());
        }
        malformed.incrementAndGet();
        return NOTHING;
    }

    /** One epoch-0 handshake record: a decision, or {@link #NOTHING_YET} when only fragments were stored. */
    private Result onRecord(SocketAddress peer, byte[] d, int off, int len, long seq, Consumer<ByteBuf> reply,
            long now) throws AlertException {
        int end = off + len;
        while (off < end) {
            Messages.FragmentHeader h = Messages.parseFragmentHeader(d, off, end - off);
            int body = off + Messages.FRAGMENT_HEADER_LENGTH;
            if (h.msgType() != HandshakeType.CLIENT_HELLO || h.length() > maxHelloLength) {
                throw new AlertException(AlertException.UNEXPECTED_MESSAGE, "not a ClientHello");
            }
            byte[] message;
            long helloSeq = seq;
            if (h.fragmentOffset() == 0 && h.fragmentLength() == h.length()) {
                byte[] b = new byte[h.length()];
                System.arraycopy(d, body, b, 0, b.length);
                message = Messages.frame(HandshakeType.CLIENT_HELLO, b);
            } else {
                Partial p = assemble(peer, h, d, body, seq, now);
                message = p == null ? null : p.assembler.poll();
                if (message != null) {
                    helloSeq = Math.max(seq, p.recordSequence);
                    synchronized (partials) {
                        partials.remove(key(peer, h.messageSeq()));
                    }
                }
            }
            if (message != null) {
                return onClientHello(peer, message, h.messageSeq(), helloSeq, reply, now);
            }
            off = body + h.fragmentLength();
        }
        return NOTHING_YET;
    }

    /** Marker: a fragment was stored, nothing else to do for this datagram. */
    private static final Result NOTHING_YET = new Result.Nothing();

    private Partial assemble(SocketAddress peer, Messages.FragmentHeader h, byte[] d, int body, long seq, long now) {
        String key = key(peer, h.messageSeq());
        synchronized (partials) {
            for (Iterator<Partial> it = partials.values().iterator(); it.hasNext();) {
                Partial p = it.next();
                if (now - p.created < PARTIAL_HELLO_MAX_AGE_NANOS) {
                    break; // insertion order = age order
                }
                it.remove();
                partialEvictions.incrementAndGet();
            }
            Partial p = partials.get(key);
            if (p == null) {
                if (partials.size() >= MAX_PARTIAL_HELLOS) {
                    Iterator<Partial> it = partials.values().iterator();
                    it.next();
                    it.remove();
                    partialEvictions.incrementAndGet();
                }
                p = new Partial(new HandshakeReassembler(maxHelloLength, 32, 1), now);
                p.assembler.reset(h.messageSeq());
                partials.put(key, p);
            }
            if (p.assembler.offer(h, d, body) == HandshakeReassembler.Offer.REJECTED) {
                partials.remove(key);
                return null;
            }
            p.recordSequence = Math.max(p.recordSequence, seq);
            return p;
        }
    }

    private static String key(SocketAddress peer, int messageSeq) {
        return peer + "#" + messageSeq;
    }

    private Result onClientHello(SocketAddress peer, byte[] message, int messageSeq, long recordSeq,
            Consumer<ByteBuf> reply, long now) throws AlertException {
        Messages.ClientHello ch = Messages.ClientHello.parseBody(Messages.body(message));
        Extension sv = ch.find(ExtensionType.SUPPORTED_VERSIONS);
        boolean offers13 = false;
        if (sv != null) {
            for (int v : Messages.parseSupportedVersionsClient(sv.data())) {
                offers13 |= v == Messages.DTLS13;
            }
        }
        if (!offers13) {
            return DTLS12;
        }
        Extension cookieExt = ch.find(ExtensionType.COOKIE);
        if (cookieExt == null) {
            sendRetry(peer, ch, message, messageSeq, recordSeq, reply, now);
            return NOTHING;
        }
        Accepted a = checkCookie(peer, Messages.parseCookie(cookieExt.data()), ch, message, messageSeq, recordSeq, now);
        if (a == null) {
            cookieFailures.incrementAndGet();
            LOG.debug("DTLS 1.3 cookie from {} rejected", peer);
            return NOTHING;
        }
        admitted.incrementAndGet();
        return new Result.Admit(a);
    }

    private void sendRetry(SocketAddress peer, Messages.ClientHello ch, byte[] message, int messageSeq,
            long recordSeq, Consumer<ByteBuf> reply, long now) throws AlertException {
        CipherSuite suite = null;
        for (CipherSuite s : suites) {
            for (int c : ch.cipherSuites()) {
                if (c == s.code()) {
                    suite = s;
                    break;
                }
            }
            if (suite != null) {
                break;
            }
        }
        if (suite == null) {
            throw new AlertException(AlertException.HANDSHAKE_FAILURE, "no common cipher suite");
        }
        List<Integer> shares = new ArrayList<>();
        Extension ks = ch.find(ExtensionType.KEY_SHARE);
        if (ks != null) {
            for (Messages.KeyShareEntry e : Messages.parseKeyShareClient(ks.data())) {
                shares.add(e.group());
            }
        }
        Extension sg = ch.find(ExtensionType.SUPPORTED_GROUPS);
        int[] supported = sg == null ? new int[0] : Messages.parseSupportedGroups(sg.data());
        // Prefer a group the client already sent a share for (no second key generation), by our order.
        NamedGroup group = null;
        boolean needShare = false;
        for (NamedGroup g : groups) {
            if (shares.contains(g.code())) {
                group = g;
                break;
            }
        }
        if (group == null) {
            for (NamedGroup g : groups) {
                for (int s : supported) {
                    if (s == g.code()) {
                        group = g;
                        break;
                    }
                }
                if (group != null) {
                    break;
                }
            }
            needShare = true;
        }
        if (group == null) {
            throw new AlertException(AlertException.HANDSHAKE_FAILURE, "no common group");
        }
        Hkdf hkdf = new Hkdf(suite, Hkdf.DTLS13_PREFIX);
        byte[] ch1Hash = hkdf.hash(message);
        byte[] cookie = makeCookie(peer, now, suite, group, needShare, ch1Hash);
        byte[] hrr = helloRetryRequest(ch.legacySessionId(), suite, needShare ? group : null, cookie);
        ByteBuf out = alloc.heapBuffer(headroom + mtu);
        out.writerIndex(headroom).readerIndex(headroom);
        // One plaintext record; its sequence echoes the ClientHello's (RFC 9147 §5.1 lets a stateless
        // server do so, and the client's replay window then accepts the ServerHello that follows).
        int bodyLen = hrr.length - 4;
        out.writeByte(RecordLayer.CT_HANDSHAKE).writeShort(Messages.DTLS12).writeShort(0);
        out.writeShort((int) (recordSeq >>> 32)).writeInt((int) recordSeq);
        out.writeShort(Messages.FRAGMENT_HEADER_LENGTH + bodyLen);
        Messages.writeFragment(out, messageSeq, hrr, 0, bodyLen);
        retriesSent.incrementAndGet();
        reply.accept(out);
    }

    /** The HelloRetryRequest message, a pure function of its inputs (so it can be rebuilt from the cookie). */
    static byte[] helloRetryRequest(byte[] sessionId, CipherSuite suite, NamedGroup keyShareGroup, byte[] cookie) {
        List<Extension> ext = new ArrayList<>(3);
        ext.add(Messages.supportedVersionsServer(Messages.DTLS13));
        if (keyShareGroup != null) {
            ext.add(Messages.keyShareHrr(keyShareGroup.code()));
        }
        ext.add(Messages.cookie(cookie));
        Messages.ServerHello hrr = new Messages.ServerHello(Messages.DTLS12, Messages.HELLO_RETRY_REQUEST_RANDOM,
                sessionId, suite.code(), ext);
        return Messages.frame(HandshakeType.SERVER_HELLO, hrr.encodeBody());
    }

    private byte[] makeCookie(SocketAddress peer, long now, CipherSuite suite, NamedGroup group, boolean needShare,
            byte[] ch1Hash) {
        byte[] c = new byte[15 + ch1Hash.length + MAC_LENGTH];
        c[0] = COOKIE_VERSION;
        long t = now;
        for (int i = 8; i >= 1; i--) {
            c[i] = (byte) t;
            t >>>= 8;
        }
        c[9] = (byte) (suite.code() >>> 8);
        c[10] = (byte) suite.code();
        c[11] = (byte) (group.code() >>> 8);
        c[12] = (byte) group.code();
        c[13] = (byte) (needShare ? 1 : 0);
        c[14] = (byte) ch1Hash.length;
        System.arraycopy(ch1Hash, 0, c, 15, ch1Hash.length);
        byte[] mac = mac(secret.secrets(now)[0], peer, c, 15 + ch1Hash.length);
        System.arraycopy(mac, 0, c, 15 + ch1Hash.length, MAC_LENGTH);
        return c;
    }

    private Accepted checkCookie(SocketAddress peer, byte[] c, Messages.ClientHello ch, byte[] message,
            int messageSeq, long recordSeq, long now) {
        if (c.length < 15 + MAC_LENGTH || c[0] != COOKIE_VERSION) {
            return null;
        }
        int hashLen = c[14] & 0xff;
        if (c.length != 15 + hashLen + MAC_LENGTH) {
            return null;
        }
        byte[] got = new byte[MAC_LENGTH];
        System.arraycopy(c, 15 + hashLen, got, 0, MAC_LENGTH);
        byte[][] secrets = secret.secrets(now);
        boolean ok = false;
        for (byte[] s : secrets) {
            if (s != null) {
                byte[] want = mac(s, peer, c, 15 + hashLen);
                ok |= MessageDigest.isEqual(got, java.util.Arrays.copyOf(want, MAC_LENGTH));
            }
        }
        if (!ok) {
            return null;
        }
        long issued = 0;
        for (int i = 1; i <= 8; i++) {
            issued = (issued << 8) | (c[i] & 0xff);
        }
        if (now - issued < 0 || now - issued > COOKIE_LIFETIME_NANOS) {
            return null;
        }
        CipherSuite suite = CipherSuite.fromCode(((c[9] & 0xff) << 8) | (c[10] & 0xff));
        NamedGroup group = NamedGroup.fromCode(((c[11] & 0xff) << 8) | (c[12] & 0xff));
        if (suite == null || group == null || hashLen != suite.hashLength()) {
            return null;
        }
        boolean offered = false;
        for (int s : ch.cipherSuites()) {
            offered |= s == suite.code();
        }
        if (!offered) {
            return null;
        }
        byte[] ch1Hash = java.util.Arrays.copyOfRange(c, 15, 15 + hashLen);
        byte[] hrr = helloRetryRequest(ch.legacySessionId(), suite, (c[13] & 1) != 0 ? group : null, c);
        return new Accepted(peer, message, ch, messageSeq, recordSeq, suite, group, ch1Hash, hrr);
    }

    private static byte[] mac(byte[] secret, SocketAddress peer, byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(CookieSecret.peerId(peer));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 missing from the JDK", e);
        }
    }

}
