package org.lightwayj.core.tls.dtls13;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The HMAC secret behind a stateless cookie (the DTLS 1.2 HelloVerifyRequest and the DTLS 1.3
 * HelloRetryRequest): replaced every rotation period of host time, on the first call after the period
 * ended; the previous secret stays valid for one more period so no live cookie is lost at a rotation.
 * Also the peer encoding both cookies bind to. Thread-safe; reads no clock. Public only for the
 * {@code tls} package (this package is not exported).
 */
public final class CookieSecret {
    private final SecureRandom random = new SecureRandom();
    private final long rotationNanos;
    private byte[] current = new byte[32];
    private byte[] previous;
    private long rotatedAt;
    private boolean started;

    /** @param rotationNanos how long a secret issues cookies; at least the cookie lifetime */
    public CookieSecret(long rotationNanos) {
        this.rotationNanos = rotationNanos;
        random.nextBytes(current);
    }

    /** {@return {current, previous (or null)}, after rotating if the period is over at {@code nowNanos}} */
    public synchronized byte[][] secrets(long nowNanos) {
        if (!started) {
            started = true;
            rotatedAt = nowNanos;
        } else if (nowNanos - rotatedAt >= rotationNanos) {
            previous = nowNanos - rotatedAt >= 2 * rotationNanos ? null : current;
            current = new byte[32];
            random.nextBytes(current);
            rotatedAt = nowNanos;
        }
        return new byte[][] {current, previous};
    }

    /** {@return the bytes a cookie binds the peer by: IP address and port (or the address's text)} */
    public static byte[] peerId(SocketAddress peer) {
        if (peer instanceof InetSocketAddress a) {
            byte[] ip = a.getAddress() == null ? a.getHostString().getBytes(StandardCharsets.UTF_8)
                    : a.getAddress().getAddress();
            byte[] id = new byte[ip.length + 2];
            System.arraycopy(ip, 0, id, 0, ip.length);
            id[ip.length] = (byte) (a.getPort() >>> 8);
            id[ip.length + 1] = (byte) a.getPort();
            return id;
        }
        return String.valueOf(peer).getBytes(StandardCharsets.UTF_8);
    }
}
