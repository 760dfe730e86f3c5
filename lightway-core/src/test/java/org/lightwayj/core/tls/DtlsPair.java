package org.lightwayj.core.tls;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A DTLS client and server over an in-memory lossless link, with the server's cookie front end. */
final class DtlsPair implements AutoCloseable {
    static final InetSocketAddress CLIENT_ADDR = new InetSocketAddress("192.0.2.7", 40000);

    final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dtls-handshake");
        t.setDaemon(true);
        return t;
    });
    final DtlsCookieVerifier verifier;
    final TlsServerConfig serverConfig;
    final TlsEngine client;
    TlsEngine server;

    DtlsPair(TlsClientConfig cc, TlsServerConfig sc) {
        this.serverConfig = sc;
        this.verifier = new DtlsCookieVerifier(sc);
        this.client = TlsEngines.dtls12Client(cc, executor, System.nanoTime());
    }

    /** Any client engine against a Bouncy Castle server behind the cookie verifier. */
    DtlsPair(TlsEngine client, TlsServerConfig sc) {
        this.serverConfig = sc;
        this.verifier = new DtlsCookieVerifier(sc);
        this.client = client;
    }

    /** Any client engine against any server engine (no cookie front end). */
    DtlsPair(TlsEngine client, TlsEngine server) {
        this.serverConfig = null;
        this.verifier = null;
        this.client = client;
        this.server = server;
    }

    /** Routes one client datagram: to the server engine when it exists, else through the cookie check. */
    void toServer(ByteBuf d, long now) {
        if (server != null) {
            server.receive(d, now);
            return;
        }
        List<ByteBuf> hvr = new ArrayList<>();
        DtlsCookieVerifier.Request r = verifier.verify(CLIENT_ADDR, d, hvr::add, now);
        for (ByteBuf b : hvr) {
            try {
                client.receive(b, now);
            } finally {
                b.release();
            }
        }
        if (r != null) {
            server = TlsEngines.dtlsServer(serverConfig, r, executor, now);
        }
    }

    /** Lossless pumping until quiet. */
    void pump() {
        for (int i = 0; i < 200; i++) {
            long now = System.nanoTime();
            int moved = 0;
            for (ByteBuf b; (b = client.pollOutbound()) != null; moved++) {
                try {
                    toServer(b, now);
                } finally {
                    b.release();
                }
            }
            if (server != null) {
                moved += Pump.move(server, client, now);
            }
            if (moved == 0) {
                return;
            }
        }
    }

    /** Closes both engines and checks that no handshake task is left on the executor. */
    boolean closeAndCheckIdle() throws InterruptedException {
        client.close();
        if (server != null) {
            server.close();
        }
        executor.shutdown();
        return executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        closeAndCheckIdle();
    }
}
