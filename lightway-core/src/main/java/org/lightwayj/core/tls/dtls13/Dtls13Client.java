package org.lightwayj.core.tls.dtls13;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.lightwayj.core.tls.TlsException;
import org.lightwayj.core.tls.TlsState;

/**
 * The client half of the DTLS 1.3 handshake (RFC 8446 §2, RFC 9147 §5): ClientHello (with one key
 * share for the first configured group), an optional HelloRetryRequest round (cookie and/or another
 * group), then ServerHello, EncryptedExtensions, Certificate, CertificateVerify and Finished from the
 * server, and our Finished, retransmitted until acknowledged.
 *
 * <p>A DTLS 1.2-only server answers with a HelloVerifyRequest, a DTLS 1.2 ServerHello or a
 * protocol_version alert; the engine then fails with {@link #fallbackToDtls12()} set, and a version
 * policy that allows DTLS 1.2 starts a fresh DTLS 1.2 handshake.
 */
public final class Dtls13Client extends Dtls13Engine {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Largest key share sent in ClientHello1 (X25519MLKEM768's 1216 bytes still fit a 1456-byte datagram). */
    private static final int MAX_FIRST_SHARE = 1216;
    /**
     * Records under the server's handshake keys that fail to authenticate, with none that does, after
     * which the handshake is given up: about two copies of the server's flight. It happens when the
     * server derived other keys than ours, because a hello on the path was forged (a spoofed
     * ClientHello2 fragment that reached the server first, or a spoofed ServerHello that reached us
     * first); plaintext handshake messages cannot be authenticated before the keys exist, so failing
     * fast (and letting the host retry) is the remedy, instead of waiting out the handshake timeout.
     */
    static final int UNDECRYPTABLE_FLIGHT_LIMIT = 8;

    private enum Expect { SERVER_HELLO, ENCRYPTED_EXTENSIONS, CERTIFICATE, CERTIFICATE_VERIFY, FINISHED, DONE }

    private final Function<List<X509Certificate>, TlsException> chainChecker;
    private final String sniName;
    private final byte[] random = new byte[32];
    private KeyShares.ClientShare share;
    private Messages.ClientHello hello;
    private boolean retried;
    private Expect expect = Expect.SERVER_HELLO;
    private boolean fallback;
    private X509Certificate leaf;
    /** Authentication drops counted when the handshake keys were installed (-1 before). */
    private long authDropsAtHandshakeKeys = -1;

    /**
     * @param chainChecker validates the server's chain (leaf first) and its name; returns {@code null}
     *     when acceptable, else the typed failure
     * @param sniName the DNS name sent as SNI, or {@code null}
     */
    Dtls13Client(Params params, Function<List<X509Certificate>, TlsException> chainChecker, String sniName,
            long nowNanos) {
        super(params, nowNanos);
        this.chainChecker = chainChecker;
        this.sniName = sniName;
        RANDOM.nextBytes(random);
        NamedGroup first = params.groups().get(0);
        // A key share that would fragment ClientHello1 is not sent: DTLS servers answer the first
        // ClientHello with a cookie HelloRetryRequest anyway, which then names the group (an empty
        // client_shares list is allowed, RFC 8446 §4.2.8). A stateless server cannot reassemble a
        // fragmented ClientHello1 without keeping state; wolfSSL drops one.
        share = first.clientShareLength() <= MAX_FIRST_SHARE ? KeyShares.generate(first, RANDOM) : null;
        hello = buildHello(null);
        byte[] m = Messages.frame(HandshakeType.CLIENT_HELLO, hello.encodeBody());
        transcript.add(m);
        sendFlight(List.of(message(0, nextSendMessageSeq++, m)));
    }

    /** Whether the server turned out to be DTLS 1.2-only (the engine has failed; start a DTLS 1.2 handshake). */
    public boolean fallbackToDtls12() {
        return fallback;
    }

    private Messages.ClientHello buildHello(byte[] cookie) {
        int[] suites = params.suites().stream().mapToInt(CipherSuite::code).toArray();
        int[] groups = params.groups().stream().mapToInt(NamedGroup::code).toArray();
        int[] schemes = SignatureScheme.DEFAULT_OFFER.stream().mapToInt(SignatureScheme::code).toArray();
        List<Extension> ext = new ArrayList<>();
        if (sniName != null) {
            ext.add(Messages.serverName(sniName));
        }
        if (cookie != null) {
            // First: a ClientHello2 fragmented by a large key share carries its cookie in the first
            // fragment, where a stateless server (wolfSSL) looks for it.
            ext.add(Messages.cookie(cookie));
        }
        ext.add(Messages.supportedVersionsClient(Messages.DTLS13));
        ext.add(Messages.supportedGroups(groups));
        ext.add(Messages.signatureAlgorithms(schemes));
        ext.add(Messages.keyShareClient(share == null ? List.of()
                : List.of(new Messages.KeyShareEntry(share.group().code(), share.publicShare()))));
        return new Messages.ClientHello(random, new byte[0], new byte[0], suites, ext);
    }

    @Override
    void onApplicationEpochRecord() {
        // Any record the server protected with its application keys proves it has our Finished.
        if (flightPending() && expect == Expect.DONE) {
            flightAcknowledged();
        }
    }

    @Override
    void afterDatagram() {
        if (state == TlsState.HANDSHAKING && authDropsAtHandshakeKeys >= 0 && handshakeEpochRecords == 0) {
            long failed = records.dropped(DropReason.AUTHENTICATION) - authDropsAtHandshakeKeys;
            if (failed >= UNDECRYPTABLE_FLIGHT_LIMIT) {
                String why = "the server's handshake flight does not decrypt (" + failed
                        + " records): the server derived other keys, so a hello was forged or corrupted on the path";
                failWithAlert(new AlertException(AlertException.HANDSHAKE_FAILURE, why),
                        new TlsException(TlsException.Reason.PROTOCOL_ERROR, why));
            }
        }
    }

    @Override
    void onPeerFatalAlert(int description) {
        if (description == AlertException.PROTOCOL_VERSION && expect == Expect.SERVER_HELLO) {
            fallback = true;
        }
    }

    @Override
    void onHandshakeMessage(int type, byte[] message, int epoch) throws AlertException {
        byte[] body = Messages.body(message);
        switch (expect) {
            case SERVER_HELLO -> {
                if (type == HandshakeType.HELLO_VERIFY_REQUEST) {
                    Messages.parseHelloVerifyRequestCookie(body);
                    dtls12Server("HelloVerifyRequest");
                } else if (type == HandshakeType.SERVER_HELLO) {
                    onServerHello(message, Messages.ServerHello.parseBody(body));
                } else {
                    throw unexpected(type);
                }
            }
            case ENCRYPTED_EXTENSIONS -> {
                require(type, HandshakeType.ENCRYPTED_EXTENSIONS);
                for (Extension e : Messages.parseEncryptedExtensions(body)) {
                    if (e.type() == ExtensionType.KEY_SHARE || e.type() == ExtensionType.SUPPORTED_VERSIONS
                            || e.type() == ExtensionType.SIGNATURE_ALGORITHMS || e.type() == ExtensionType.COOKIE
                            || e.type() == ExtensionType.PRE_SHARED_KEY) {
                        throw new AlertException(AlertException.ILLEGAL_PARAMETER,
                                "extension " + e.type() + " not allowed in EncryptedExtensions");
                    }
                }
                transcript.add(message);
                expect = Expect.CERTIFICATE;
            }
            case CERTIFICATE -> {
                if (type == HandshakeType.CERTIFICATE_REQUEST) {
                    throw new AlertException(AlertException.UNEXPECTED_MESSAGE,
                            "client certificates are not supported by Lightway");
                }
                require(type, HandshakeType.CERTIFICATE);
                onCertificate(Messages.CertificateMessage.parseBody(body));
                transcript.add(message);
                expect = Expect.CERTIFICATE_VERIFY;
            }
            case CERTIFICATE_VERIFY -> {
                require(type, HandshakeType.CERTIFICATE_VERIFY);
                Messages.CertificateVerify cv = Messages.CertificateVerify.parseBody(body);
                SignatureScheme scheme = SignatureScheme.fromCode(cv.scheme());
                PublicKey key = leaf.getPublicKey();
                if (scheme == null || !scheme.allowedInCertificateVerify() || !scheme.matchesPublicKey(key)
                        || !SignatureScheme.DEFAULT_OFFER.contains(scheme)) {
                    throw new AlertException(AlertException.ILLEGAL_PARAMETER,
                            "signature scheme 0x" + Integer.toHexString(cv.scheme()) + " not acceptable");
                }
                byte[] content = SignatureScheme.certificateVerifyContent(true, transcript.hash());
                if (!scheme.verify(key, content, cv.signature())) {
                    throw new AlertException(AlertException.DECRYPT_ERROR, "server CertificateVerify does not verify");
                }
                transcript.add(message);
                expect = Expect.FINISHED;
            }
            case FINISHED -> {
                require(type, HandshakeType.FINISHED);
                byte[] expected = keys.finishedVerifyData(keys.serverHandshakeTrafficSecret(), transcript.hash());
                byte[] got = Messages.parseFinished(body, expected.length);
                if (!MessageDigest.isEqual(expected, got)) {
                    throw new AlertException(AlertException.DECRYPT_ERROR, "server Finished does not verify");
                }
                transcript.add(message);
                byte[] throughServerFinished = transcript.hash();
                keys.deriveApplicationSecrets(throughServerFinished);
                byte[] ours = keys.finishedVerifyData(keys.clientHandshakeTrafficSecret(), throughServerFinished);
                byte[] fin = Messages.frame(HandshakeType.FINISHED, Messages.finishedBody(ours));
                transcript.add(fin);
                startApplicationEpochs(keys.clientApplicationTrafficSecret(), keys.serverApplicationTrafficSecret());
                expect = Expect.DONE;
                sendFlight(List.of(message(EPOCH_HANDSHAKE, nextSendMessageSeq++, fin)));
                records.retireReadEpoch(0);
                established();
            }
            default -> throw unexpected(type);
        }
    }

    private void onServerHello(byte[] message, Messages.ServerHello sh) throws AlertException {
        Extension sv = sh.find(ExtensionType.SUPPORTED_VERSIONS);
        if (sv == null) {
            dtls12Server("DTLS 1.2 ServerHello");
            return;
        }
        if (Messages.parseSupportedVersionsServer(sv.data()) != Messages.DTLS13) {
            throw new AlertException(AlertException.ILLEGAL_PARAMETER, "server selected a version we did not offer");
        }
        CipherSuite suite = CipherSuite.fromCode(sh.cipherSuite());
        if (suite == null || !params.suites().contains(suite)) {
            throw new AlertException(AlertException.ILLEGAL_PARAMETER, "server chose a suite we did not offer");
        }
        if (!Arrays.equals(sh.legacySessionIdEcho(), hello.legacySessionId())) {
            throw new AlertException(AlertException.ILLEGAL_PARAMETER, "legacy_session_id_echo mismatch");
        }
        if (sh.isHelloRetryRequest()) {
            onHelloRetryRequest(message, sh, suite);
            return;
        }
        if (keys != null && keys.suite() != suite) {
            throw new AlertException(AlertException.ILLEGAL_PARAMETER, "ServerHello suite differs from HelloRetryRequest");
        }
        Extension ks = sh.find(ExtensionType.KEY_SHARE);
        if (ks == null || share == null) {
            throw new AlertException(ks == null ? AlertException.MISSING_EXTENSION : AlertException.ILLEGAL_PARAMETER,
                    "ServerHello without a key share we sent (no PSK offered)");
        }
        Messages.KeyShareEntry entry = Messages.parseKeyShareServer(ks.data());
        if (entry.group() != share.group().code()) {
            throw new AlertException(AlertException.ILLEGAL_PARAMETER, "key share for a group we did not send");
        }
        byte[] secret = share.deriveSecret(entry.keyExchange());
        transcript.start(suite);
        transcript.add(message);
        keys = new KeySchedule(suite, Hkdf.DTLS13_PREFIX);
        keys.deriveHandshakeSecrets(secret, transcript.hash());
        records.installReadEpoch(EPOCH_HANDSHAKE, cipher(keys.serverHandshakeTrafficSecret()));
        records.installWriteEpoch(EPOCH_HANDSHAKE, cipher(keys.clientHandshakeTrafficSecret()));
        authDropsAtHandshakeKeys = records.dropped(DropReason.AUTHENTICATION);
        flightAcknowledged(); // the ServerHello acknowledges our ClientHello
        expect = Expect.ENCRYPTED_EXTENSIONS;
    }

    private void onHelloRetryRequest(byte[] message, Messages.ServerHello hrr, CipherSuite suite) throws AlertException {
        if (retried) {
            throw new AlertException(AlertException.UNEXPECTED_MESSAGE, "second HelloRetryRequest");
        }
        retried = true;
        Extension ks = hrr.find(ExtensionType.KEY_SHARE);
        Extension ck = hrr.find(ExtensionType.COOKIE);
        if (ks == null && ck == null) {
            throw new AlertException(AlertException.ILLEGAL_PARAMETER, "HelloRetryRequest that changes nothing");
        }
        if (ks != null) {
            NamedGroup g = NamedGroup.fromCode(Messages.parseKeyShareHrr(ks.data()));
            if (g == null || !params.groups().contains(g) || (share != null && g == share.group())) {
                throw new AlertException(AlertException.ILLEGAL_PARAMETER, "HelloRetryRequest asks for an unusable group");
            }
            share = KeyShares.generate(g, RANDOM);
        }
        byte[] cookie = ck == null ? null : Messages.parseCookie(ck.data());
        keys = new KeySchedule(suite, Hkdf.DTLS13_PREFIX);
        transcript.start(suite);
        transcript.replaceWithMessageHash();
        transcript.add(message);
        hello = buildHello(cookie);
        byte[] m = Messages.frame(HandshakeType.CLIENT_HELLO, hello.encodeBody());
        transcript.add(m);
        // A stateless server may restart its epoch-0 record numbers (RFC 9147 §5.1).
        records.resetReplayWindow(0);
        sendFlight(List.of(message(0, nextSendMessageSeq++, m)));
    }

    private void onCertificate(Messages.CertificateMessage cm) throws AlertException {
        if (cm.requestContext().length != 0) {
            throw new AlertException(AlertException.ILLEGAL_PARAMETER, "non-empty certificate_request_context");
        }
        if (cm.certificates().isEmpty()) {
            throw new AlertException(AlertException.DECODE_ERROR, "server sent no certificate");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : cm.certificates()) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | ClassCastException e) {
            throw new AlertException(AlertException.BAD_CERTIFICATE, "unparsable certificate: " + e.getMessage(), e);
        }
        TlsException bad = chainChecker.apply(chain);
        if (bad != null) {
            int alert = switch (bad.reason()) {
                case CERTIFICATE_EXPIRED -> AlertException.CERTIFICATE_EXPIRED;
                case DOMAIN_NAME_MISMATCH -> AlertException.BAD_CERTIFICATE;
                default -> AlertException.UNKNOWN_CA;
            };
            failWithAlert(new AlertException(alert, bad.getMessage()), bad);
            throw new AlertException(alert, "certificate rejected"); // already failed; unwinds the record
        }
        leaf = chain.get(0);
    }

    private void dtls12Server(String what) throws AlertException {
        fallback = true;
        fail(new TlsException(TlsException.Reason.PROTOCOL_ERROR, "server speaks only DTLS 1.2 (" + what + ")"));
    }

    private static void require(int type, int expected) throws AlertException {
        if (type != expected) {
            throw unexpected(type);
        }
    }

    private static AlertException unexpected(int type) {
        return new AlertException(AlertException.UNEXPECTED_MESSAGE, "unexpected " + HandshakeType.name(type));
    }
}
