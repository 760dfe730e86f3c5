package org.lightwayj.core.tls.dtls13;

/**
 * Extension code points used by the engine ({@code ExtensionType}, RFC 8446 §4.2; {@code server_name}
 * from RFC 6066 §3, {@code application_layer_protocol_negotiation} from RFC 7301, {@code connection_id}
 * from RFC 9146 as used by RFC 9147 §9).
 */
final class ExtensionType {
    static final int SERVER_NAME = 0;
    static final int SUPPORTED_GROUPS = 10;
    static final int SIGNATURE_ALGORITHMS = 13;
    static final int ALPN = 16;
    static final int PRE_SHARED_KEY = 41;
    static final int EARLY_DATA = 42;
    static final int SUPPORTED_VERSIONS = 43;
    static final int COOKIE = 44;
    static final int PSK_KEY_EXCHANGE_MODES = 45;
    static final int CERTIFICATE_AUTHORITIES = 47;
    static final int SIGNATURE_ALGORITHMS_CERT = 50;
    static final int KEY_SHARE = 51;
    static final int CONNECTION_ID = 54;

    private ExtensionType() {}
}
