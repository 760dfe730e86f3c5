package org.lightwayj.bench.tls;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.lightwayj.core.tls.DtlsAdmission;
import org.lightwayj.core.tls.DtlsCookieVerifier;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsEngine;
import org.lightwayj.core.tls.TlsEngines;
import org.lightwayj.core.tls.TlsState;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsServerConfig;

/** A connected client/server engine pair over an in-memory lossless link. */
final class EnginePair {
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.7", 40000);
    final TlsEngine client;
    TlsEngine server;

    private EnginePair(TlsEngine client, TlsEngine server) {
        this.client = client;
        this.server = server;
    }

    static EnginePair dtls(TlsClientConfig cc, TlsServerConfig sc, DtlsCookieVerifier verifier, Executor ex) {
        EnginePair p = new EnginePair(TlsEngines.dtls12Client(cc, ex, System.nanoTime()), null);
        List<ByteBuf> hvr = new ArrayList<>();
        for (int i = 0; i < 100 && !(p.client.state() == TlsState.ESTABLISHED && p.server != null
                && p.server.state() == TlsState.ESTABLISHED); i++) {
            long now = System.nanoTime();
            for (ByteBuf b; (b = p.client.pollOutbound()) != null;) {
                if (p.server != null) {
                    p.server.receive(b, now);
                } else {
                    DtlsCookieVerifier.Request r = verifier.verify(PEER, b, hvr::add, now);
                    if (r != null) {
                        p.server = TlsEngines.dtlsServer(sc, r, ex, now);
                    }
                }
                b.release();
            }
            for (ByteBuf b : hvr) {
                p.client.receive(b, now);
                b.release();
            }
            hvr.clear();
            if (p.server != null) {
                move(p.server, p.client, now);
            }
        }
        p.check();
        return p;
    }

    /** A DTLS 1.3 pair (Lightway-J's engine) through the server's stateless admission. */
    static EnginePair dtls13(TlsClientConfig cc, DtlsAdmission admission) {
        long now = System.nanoTime();
        EnginePair p = new EnginePair(TlsEngines.dtls13Client(cc, now), null);
        List<ByteBuf> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 40 && !(p.client.state() == TlsState.ESTABLISHED && p.server != null
                    && p.server.state() == TlsState.ESTABLISHED); i++) {
                for (ByteBuf b; (b = p.client.pollOutbound()) != null;) {
                    if (p.server != null) {
                        p.server.receive(b, now);
                    } else {
                        DtlsAdmission.Ticket t = admission.admit(PEER, b, replies::add, now);
                        if (t != null) {
                            p.server = admission.newEngine(t, Runnable::run, now);
                        }
                    }
                    b.release();
                }
                for (ByteBuf b : replies) {
                    p.client.receive(b, now);
                    b.release();
                }
                replies.clear();
                if (p.server != null) {
                    move(p.server, p.client, now);
                }
            }
        } catch (TlsException e) {
            throw new IllegalStateException(e);
        }
        p.check();
        return p;
    }

    static EnginePair jdkDtls(TlsClientConfig cc, TlsServerConfig sc) {
        long now = System.nanoTime();
        EnginePair p = new EnginePair(TlsEngines.jdkDtlsClient(cc, now), TlsEngines.jdkDtlsServer(sc, now));
        for (int i = 0; i < 40; i++) {
            move(p.client, p.server, now);
            move(p.server, p.client, now);
        }
        p.check();
        return p;
    }

    static EnginePair tls(TlsClientConfig cc, TlsServerConfig sc) {
        long now = System.nanoTime();
        EnginePair p = new EnginePair(TlsEngines.tlsClient(cc, now), TlsEngines.tlsServer(sc, now));
        for (int i = 0; i < 20; i++) {
            move(p.client, p.server, now);
            move(p.server, p.client, now);
        }
        p.check();
        return p;
    }

    private void check() {
        if (client.state() != TlsState.ESTABLISHED || server == null || server.state() != TlsState.ESTABLISHED) {
            throw new IllegalStateException("handshake failed: " + client.failure() + " / "
                    + (server == null ? "no server" : server.failure()));
        }
    }

    static void move(TlsEngine from, TlsEngine to, long now) {
        for (ByteBuf b; (b = from.pollOutbound()) != null;) {
            to.receive(b, now);
            b.release();
        }
    }

    void close() {
        client.close();
        if (server != null) {
            server.close();
        }
    }
}
