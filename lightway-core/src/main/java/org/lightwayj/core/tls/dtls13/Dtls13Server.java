package org.lightwayj.core.tls.dtls13;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The server half of the DTLS 1.3 handshake. It is created only for a ClientHello that returned a
 * valid stateless cookie ({@link Dtls13Admission}): the transcript starts as
 * {@code message_hash(ClientHello1) || HelloRetryRequest || ClientHello2} (RFC 8446 §4.4.1), and the
 * engine answers at once with ServerHello, EncryptedExtensions, Certificate, CertificateVerify and
 * Finished, retransmitted until the client's Finished arrives; that Finished is acknowledged with an ACK
 * (RFC 9147 §7, the client's last flight has no reply otherwise).
 */
public final class Dtls13Server extends Dtls13Engine {
    private static final SecureRandom RANDOM = new SecureRandom();

    private byte[] expectedClientFinished;

    Dtls13Server(Params params, List<X509Certificate> chain, PrivateKey key, Dtls13Admission.Accepted hello,
            long nowNanos) throws AlertException {
        super(params, nowNanos);
        CipherSuite suite = hello.suite();
        keys = new KeySchedule(suite, Hkdf.DTLS13_PREFIX);
        transcript.start(suite);
        transcript.add(Messages.messageHash(hello.clientHello1Hash()));
        transcript.add(hello.helloRetryRequest());
        transcript.add(hello.clientHello2());
        reassembler.reset(hello.messageSeq() + 1);
        nextSendMessageSeq = hello.messageSeq(); // our HelloRetryRequest used the ClientHello1's sequence
        records.skipWriteSequence(0, hello.recordSequence());
        records.markReceived(0, hello.recordSequence());
        respond(chain, key, hello);
    }

    private void respond(List<X509Certificate> chain, PrivateKey key, Dtls13Admission.Accepted hello)
            throws AlertException {
        Messages.ClientHello ch = hello.parsed();
        Messages.KeyShareEntry clientShare = null;
        Extension ks = ch.find(ExtensionType.KEY_SHARE);
        if (ks != null) {
            for (Messages.KeyShareEntry e : Messages.parseKeyShareClient(ks.data())) {
                if (e.group() == hello.group().code()) {
                    clientShare = e;
                }
            }
        }
        if (clientShare == null) {
            throw new AlertException(AlertException.ILLEGAL_PARAMETER, "no key share for " + hello.group());
        }
        SignatureScheme scheme = chooseScheme(ch, key);
        KeyShares.ServerResult kx = KeyShares.respond(hello.group(), clientShare.keyExchange(), RANDOM);

        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        Messages.ServerHello sh = new Messages.ServerHello(Messages.DTLS12, random, ch.legacySessionId(),
                hello.suite().code(), List.of(Messages.supportedVersionsServer(Messages.DTLS13),
                        Messages.keyShareServer(new Messages.KeyShareEntry(hello.group().code(), kx.serverShare()))));
        byte[] shMsg = Messages.frame(HandshakeType.SERVER_HELLO, sh.encodeBody());
        transcript.add(shMsg);
        keys.deriveHandshakeSecrets(kx.sharedSecret(), transcript.hash());
        records.installWriteEpoch(EPOCH_HANDSHAKE, cipher(keys.serverHandshakeTrafficSecret()));
        records.installReadEpoch(EPOCH_HANDSHAKE, cipher(keys.clientHandshakeTrafficSecret()));

        byte[] ee = Messages.frame(HandshakeType.ENCRYPTED_EXTENSIONS, Messages.encodeEncryptedExtensions(List.of()));
        transcript.add(ee);
        List<byte[]> ders = new ArrayList<>(chain.size());
        try {
            for (X509Certificate c : chain) {
                ders.add(c.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            throw new AlertException(AlertException.INTERNAL_ERROR, "cannot encode our certificate", e);
        }
        byte[] cert = Messages.frame(HandshakeType.CERTIFICATE,
                new Messages.CertificateMessage(new byte[0], ders).encodeBody());
        transcript.add(cert);
        byte[] signature;
        try {
            signature = scheme.sign(key, SignatureScheme.certificateVerifyContent(true, transcript.hash()));
        } catch (GeneralSecurityException e) {
            throw new AlertException(AlertException.INTERNAL_ERROR, "cannot sign: " + e.getMessage(), e);
        }
        byte[] cv = Messages.frame(HandshakeType.CERTIFICATE_VERIFY,
                new Messages.CertificateVerify(scheme.code(), signature).encodeBody());
        transcript.add(cv);
        byte[] fin = Messages.frame(HandshakeType.FINISHED, Messages.finishedBody(
                keys.finishedVerifyData(keys.serverHandshakeTrafficSecret(), transcript.hash())));
        transcript.add(fin);
        byte[] throughServerFinished = transcript.hash();
        keys.deriveApplicationSecrets(throughServerFinished);
        expectedClientFinished = keys.finishedVerifyData(keys.clientHandshakeTrafficSecret(), throughServerFinished);
        startApplicationEpochs(keys.serverApplicationTrafficSecret(), keys.clientApplicationTrafficSecret());

        int seq = nextSendMessageSeq + 1; // the ServerHello carries the ClientHello2's message_seq
        List<OutMessage> out = List.of(message(0, nextSendMessageSeq, shMsg), message(EPOCH_HANDSHAKE, seq, ee),
                message(EPOCH_HANDSHAKE, seq + 1, cert), message(EPOCH_HANDSHAKE, seq + 2, cv),
                message(EPOCH_HANDSHAKE, seq + 3, fin));
        nextSendMessageSeq = seq + 4;
        sendFlight(out);
    }

    /** The first of our key's schemes that the client offered (RFC 8446 §4.2.3). */
    private static SignatureScheme chooseScheme(Messages.ClientHello ch, PrivateKey key) throws AlertException {
        Extension sa = ch.find(ExtensionType.SIGNATURE_ALGORITHMS);
        if (sa == null) {
            throw new AlertException(AlertException.MISSING_EXTENSION, "no signature_algorithms");
        }
        int[] offered = Messages.parseSignatureAlgorithms(sa.data());
        for (SignatureScheme s : SignatureScheme.forPrivateKey(key)) {
            for (int o : offered) {
                if (o == s.code()) {
                    return s;
                }
            }
        }
        throw new AlertException(AlertException.HANDSHAKE_FAILURE, "no common signature scheme for our key");
    }

    @Override
    void onHandshakeMessage(int type, byte[] message, int epoch) throws AlertException {
        if (type != HandshakeType.FINISHED) {
            throw new AlertException(AlertException.UNEXPECTED_MESSAGE, "unexpected " + HandshakeType.name(type));
        }
        byte[] got = Messages.parseFinished(Messages.body(message), expectedClientFinished.length);
        if (!MessageDigest.isEqual(expectedClientFinished, got)) {
            throw new AlertException(AlertException.DECRYPT_ERROR, "client Finished does not verify");
        }
        transcript.add(message);
        flightAcknowledged();
        acknowledgeNow();
        records.retireWriteEpoch(0);
        records.retireReadEpoch(0);
        established();
    }
}
