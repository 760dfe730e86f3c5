package org.lightwayj.core.tls.dtls13;

/**
 * The TLS 1.3 key schedule without PSK (RFC 8446 §7.1), with the DTLS 1.3 label prefix (RFC 9147
 * §5.9): early secret from zeros, handshake secret from the (EC)DHE or hybrid shared secret, master
 * secret, traffic secrets, Finished keys, traffic-key derivation and KeyUpdate ("traffic upd").
 */
final class KeySchedule {
    private final CipherSuite suite;
    private final Hkdf hkdf;
    private byte[] handshakeSecret;
    private byte[] clientHs;
    private byte[] serverHs;
    private byte[] clientAp;
    private byte[] serverAp;

    KeySchedule(CipherSuite suite, String labelPrefix) {
        this.suite = suite;
        this.hkdf = new Hkdf(suite, labelPrefix);
    }

    CipherSuite suite() {
        return suite;
    }

    Hkdf hkdf() {
        return hkdf;
    }

    /** Early secret without PSK: HKDF-Extract(0, 0). */
    byte[] earlySecret() {
        return hkdf.extract(null, null);
    }

    byte[] handshakeSecret() {
        return handshakeSecret;
    }

    void deriveHandshakeSecrets(byte[] sharedSecret, byte[] transcriptHashThroughServerHello) {
        byte[] early = earlySecret();
        byte[] derived = hkdf.deriveSecret(early, "derived", hkdf.emptyHash());
        handshakeSecret = hkdf.extract(derived, sharedSecret);
        clientHs = hkdf.deriveSecret(handshakeSecret, "c hs traffic", transcriptHashThroughServerHello);
        serverHs = hkdf.deriveSecret(handshakeSecret, "s hs traffic", transcriptHashThroughServerHello);
    }

    byte[] clientHandshakeTrafficSecret() {
        return clientHs;
    }

    byte[] serverHandshakeTrafficSecret() {
        return serverHs;
    }

    void deriveApplicationSecrets(byte[] transcriptHashThroughServerFinished) {
        byte[] derived = hkdf.deriveSecret(handshakeSecret, "derived", hkdf.emptyHash());
        byte[] master = hkdf.extract(derived, null);
        clientAp = hkdf.deriveSecret(master, "c ap traffic", transcriptHashThroughServerFinished);
        serverAp = hkdf.deriveSecret(master, "s ap traffic", transcriptHashThroughServerFinished);
    }

    byte[] clientApplicationTrafficSecret() {
        return clientAp;
    }

    byte[] serverApplicationTrafficSecret() {
        return serverAp;
    }

    /** verify_data = HMAC(finished_key, transcript hash) (RFC 8446 §4.4.4). */
    byte[] finishedVerifyData(byte[] baseTrafficSecret, byte[] transcriptHash) {
        byte[] finishedKey = hkdf.expandLabel(baseTrafficSecret, "finished", new byte[0], suite.hashLength());
        return hkdf.hmac(finishedKey, transcriptHash);
    }

    /** application_traffic_secret_N+1 (RFC 8446 §7.2). */
    byte[] nextTrafficSecret(byte[] current) {
        return hkdf.expandLabel(current, "traffic upd", new byte[0], suite.hashLength());
    }

    TrafficKeys trafficKeys(byte[] trafficSecret) {
        byte[] empty = new byte[0];
        return new TrafficKeys(hkdf.expandLabel(trafficSecret, "key", empty, suite.keyLength()),
                hkdf.expandLabel(trafficSecret, "iv", empty, 12),
                hkdf.expandLabel(trafficSecret, "sn", empty, suite.keyLength()));
    }
}
