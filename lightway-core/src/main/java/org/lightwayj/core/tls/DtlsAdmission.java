package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.lightwayj.core.tls.dtls13.Dtls13Admission;
import org.lightwayj.core.tls.dtls13.Dtls13Engines;

/**
 * A UDP server's stateless admission of new peers for every DTLS version its config accepts
 * ({@link TlsServerConfig#dtlsVersions()}): a ClientHello offering DTLS 1.3 goes through the DTLS 1.3
 * HelloRetryRequest cookie exchange (RFC 9147 §5.1), any other through the DTLS 1.2
 * HelloVerifyRequest ({@link DtlsCookieVerifier}, RFC 6347 §4.2.1). No per-peer state exists until a
 * peer returns a valid cookie from its own address.
 *
 * <p>Thread-safe; share one per server context.
 */
public final class DtlsAdmission {
    private final TlsServerConfig config;
    private final Dtls13Admission dtls13;
    private final DtlsCookieVerifier dtls12;

    /** An admitted ClientHello; pass it to {@link #newEngine}. */
    public static final class Ticket {
        private final DtlsVersion version;
        private final Dtls13Admission.Accepted hello13;
        private final DtlsCookieVerifier.Request hello12;

        private Ticket(Dtls13Admission.Accepted hello13, DtlsCookieVerifier.Request hello12) {
            this.version = hello13 != null ? DtlsVersion.DTLS_1_3 : DtlsVersion.DTLS_1_2;
            this.hello13 = hello13;
            this.hello12 = hello12;
        }

        /** The version the connection will speak. */
        public DtlsVersion version() {
            return version;
        }
    }

    /** @param config the server configuration (its versions, suites, groups and MTU) */
    public DtlsAdmission(TlsServerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.dtls13 = config.dtlsVersions().contains(DtlsVersion.DTLS_1_3) ? Dtls13Engines.admission(config) : null;
        this.dtls12 = config.dtlsVersions().contains(DtlsVersion.DTLS_1_2) ? new DtlsCookieVerifier(config) : null;
    }

    /**
     * Checks one datagram from a peer that has no connection yet.
     *
     * @param peer source address and port
     * @param datagram DTLS bytes after the Lightway header; still owned by the caller, not retained
     * @param reply receives a HelloRetryRequest or HelloVerifyRequest to send back to {@code peer}; it
     *     owns the buffer, which has {@code outboundHeadroom} writable bytes in front
     * @param nowNanos host time (cookies of both versions expire after 30 s of it)
     * @return a ticket for {@link #newEngine}, or {@code null} (nothing to create yet)
     */
    public Ticket admit(SocketAddress peer, ByteBuf datagram, Consumer<ByteBuf> reply, long nowNanos) {
        if (dtls13 != null) {
            Dtls13Admission.Result r = dtls13.admit(peer, datagram, reply, nowNanos);
            if (r instanceof Dtls13Admission.Result.Admit a) {
                return new Ticket(a.hello(), null);
            }
            if (!(r instanceof Dtls13Admission.Result.Dtls12)) {
                return null;
            }
        }
        if (dtls12 == null) {
            return null; // a DTLS 1.2-only client, and DTLS 1.2 is off
        }
        DtlsCookieVerifier.Request r = dtls12.verify(peer, datagram, reply, nowNanos);
        return r == null ? null : new Ticket(null, r);
    }

    /**
     * The server engine for an admitted peer; its first flight is queued on return.
     *
     * @param executor used by DTLS 1.2 tickets only (see {@link TlsEngines#dtlsServer})
     */
    public TlsEngine newEngine(Ticket ticket, Executor executor, long nowNanos) throws TlsException {
        if (ticket.hello13 != null) {
            return Dtls13Engines.server(config, ticket.hello13, nowNanos);
        }
        return TlsEngines.dtlsServer(config, ticket.hello12, executor, nowNanos);
    }

    /** DTLS 1.3 HelloRetryRequests sent (cookie exchanges started). */
    public long dtls13RetriesSent() {
        return dtls13 == null ? 0 : dtls13.retriesSent();
    }

    /** DTLS 1.3 cookies rejected (forged, expired, another address). Each is also logged at debug. */
    public long dtls13CookieFailures() {
        return dtls13 == null ? 0 : dtls13.cookieFailures();
    }

    /** DTLS 1.3 admissions (valid cookies). */
    public long dtls13Admitted() {
        return dtls13 == null ? 0 : dtls13.admitted();
    }

    /** Datagrams from unknown peers that were no parseable DTLS 1.3 ClientHello. */
    public long dtls13Malformed() {
        return dtls13 == null ? 0 : dtls13.malformed();
    }

    /** DTLS 1.2 HelloVerifyRequests sent (see {@link DtlsCookieVerifier#helloVerifyRequestsSent()}). */
    public long dtls12HelloVerifyRequestsSent() {
        return dtls12 == null ? 0 : dtls12.helloVerifyRequestsSent();
    }

    /** DTLS 1.2 admissions (valid cookies). */
    public long dtls12Admitted() {
        return dtls12 == null ? 0 : dtls12.accepted();
    }

    /** DTLS 1.2 ClientHellos without a cookie (normal first flights). */
    public long dtls12NoCookie() {
        return dtls12 == null ? 0 : dtls12.noCookie();
    }

    /**
     * DTLS 1.2 cookies that did not verify (forged, another address or port, changed ClientHello fields,
     * retired secret); see {@link DtlsCookieVerifier#badCookie()}. Each is also logged at debug.
     */
    public long dtls12BadCookie() {
        return dtls12 == null ? 0 : dtls12.badCookie();
    }

    /** DTLS 1.2 cookies that verified but had expired. Each is also logged at debug. */
    public long dtls12ExpiredCookie() {
        return dtls12 == null ? 0 : dtls12.expired();
    }

    /**
     * Datagrams handed to the DTLS 1.2 path that were no well-formed unfragmented ClientHello. (With
     * DTLS 1.3 enabled too, such datagrams are usually counted by {@link #dtls13Malformed()} first.)
     */
    public long dtls12Malformed() {
        return dtls12 == null ? 0 : dtls12.malformed();
    }
}
