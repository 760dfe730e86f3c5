package org.lightwayj.core.tls.dtls13;

import io.netty.buffer.ByteBufAllocator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.lightwayj.core.tls.KeyExchangeGroup;
import org.lightwayj.core.tls.TlsCipher;
import org.lightwayj.core.tls.TlsClientConfig;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsServerConfig;
import org.lightwayj.core.tls.crypto.LightwayTlsCrypto;

/**
 * Makes DTLS 1.3 engines from the public TLS configs. Internal (the package is not exported): hosts use
 * {@link org.lightwayj.core.tls.TlsEngines}.
 */
public final class Dtls13Engines {
    private Dtls13Engines() {
    }

    /**
     * A client; its ClientHello is queued on return.
     *
     * @param chainChecker validates the server's chain and name ({@code null} = acceptable)
     * @param sniName the DNS name to send as SNI, or {@code null}
     */
    public static Dtls13Client client(TlsClientConfig config, Function<List<X509Certificate>, TlsException> chainChecker,
            String sniName, long nowNanos) {
        return new Dtls13Client(params(config.allocator(), config.datagramMtu(), config.outboundHeadroom(),
                config.handshakeTimeoutNanos(), config.handshakeResendMillis(), config.maxHandshakeMessageLength(),
                suites(config.ciphers(), false), groups(config.groups())), chainChecker, sniName, nowNanos);
    }

    /** The stateless cookie admission for a server context (share one per context). */
    public static Dtls13Admission admission(TlsServerConfig config) {
        return new Dtls13Admission(suites(config.ciphers(), true), groups(config.groups()), config.datagramMtu(),
                config.outboundHeadroom(), config.maxHandshakeMessageLength(), config.allocator());
    }

    /**
     * A server for an admitted ClientHello; its first flight is queued on return.
     *
     * @throws TlsException if the ClientHello cannot be answered (no key share for the group, no common
     *     signature scheme); an alert is not sent, as no engine exists
     */
    public static Dtls13Server server(TlsServerConfig config, Dtls13Admission.Accepted hello, long nowNanos)
            throws TlsException {
        Dtls13Engine.Params p = params(config.allocator(), config.datagramMtu(), config.outboundHeadroom(),
                config.handshakeTimeoutNanos(), config.handshakeResendMillis(), config.maxHandshakeMessageLength(),
                suites(config.ciphers(), true), groups(config.groups()));
        try {
            return new Dtls13Server(p, config.certificateChain(), config.privateKey(), hello, nowNanos);
        } catch (AlertException e) {
            throw new TlsException(TlsException.Reason.PROTOCOL_ERROR,
                    "cannot answer ClientHello (alert " + e.description() + "): " + e.getMessage(), e);
        }
    }

    private static Dtls13Engine.Params params(ByteBufAllocator alloc, int mtu, int headroom, long timeoutNanos,
            int resendMillis, int maxMessage, List<CipherSuite> suites, List<NamedGroup> groups) {
        return new Dtls13Engine.Params(alloc, mtu, headroom, timeoutNanos, resendMillis * 1_000_000L, maxMessage,
                suites, groups);
    }

    /** Whether this platform's JCA has the {@code ChaCha20-Poly1305} cipher (the JDK from 11 does; Android may not). */
    private static final boolean CHACHA_AVAILABLE = LightwayTlsCrypto.hasJdkChaCha20Poly1305();

    /**
     * The configured ciphers as TLS 1.3 suites; a server also accepts TLS_AES_128_GCM_SHA256 (the suite
     * every TLS 1.3 stack must implement, RFC 8446 §9.1) after the configured ones.
     */
    static List<CipherSuite> suites(List<TlsCipher> ciphers, boolean server) {
        return suites(ciphers, server, CHACHA_AVAILABLE);
    }

    /**
     * As {@link #suites(List, boolean)}, leaving out ChaCha20-Poly1305 where the platform has no such
     * cipher: neither offered by a client nor chosen by a server, rather than failing the handshake
     * after it was agreed.
     */
    static List<CipherSuite> suites(List<TlsCipher> ciphers, boolean server, boolean chachaAvailable) {
        List<CipherSuite> out = new ArrayList<>();
        for (TlsCipher c : ciphers) {
            if (c == TlsCipher.AES_256_GCM) {
                out.add(CipherSuite.TLS_AES_256_GCM_SHA384);
            } else if (chachaAvailable) {
                out.add(CipherSuite.TLS_CHACHA20_POLY1305_SHA256);
            }
        }
        if (server) {
            out.add(CipherSuite.TLS_AES_128_GCM_SHA256);
        }
        return out;
    }

    static List<NamedGroup> groups(List<KeyExchangeGroup> groups) {
        List<NamedGroup> out = new ArrayList<>();
        for (KeyExchangeGroup g : groups) {
            out.add(switch (g) {
                case X25519_MLKEM768 -> NamedGroup.X25519MLKEM768;
                case X25519 -> NamedGroup.X25519;
                case SECP256R1 -> NamedGroup.SECP256R1;
                case SECP384R1 -> NamedGroup.SECP384R1;
                case SECP256R1_MLKEM768 -> NamedGroup.SECP256R1MLKEM768;
                case SECP384R1_MLKEM1024 -> NamedGroup.SECP384R1MLKEM1024;
            });
        }
        return out;
    }
}
