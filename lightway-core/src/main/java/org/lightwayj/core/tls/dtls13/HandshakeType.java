package org.lightwayj.core.tls.dtls13;

/**
 * Handshake message types ({@code HandshakeType}, RFC 8446 §4 and RFC 9147 §5.2, which adds
 * {@code request_connection_id} and {@code new_connection_id} and keeps DTLS 1.2's
 * {@code hello_verify_request} for version detection).
 */
final class HandshakeType {
    /** {@code hello_request_RESERVED}: TLS 1.2's HelloRequest, never sent in (D)TLS 1.3. */
    static final int HELLO_REQUEST_RESERVED = 0;
    static final int CLIENT_HELLO = 1;
    static final int SERVER_HELLO = 2;
    /** DTLS 1.2 only (RFC 6347 §4.2.1); a DTLS 1.3 client may see it from a 1.2-only server. */
    static final int HELLO_VERIFY_REQUEST = 3;
    static final int NEW_SESSION_TICKET = 4;
    static final int END_OF_EARLY_DATA = 5;
    static final int ENCRYPTED_EXTENSIONS = 8;
    static final int REQUEST_CONNECTION_ID = 9;
    static final int NEW_CONNECTION_ID = 10;
    static final int CERTIFICATE = 11;
    static final int CERTIFICATE_REQUEST = 13;
    static final int CERTIFICATE_VERIFY = 15;
    static final int FINISHED = 20;
    static final int KEY_UPDATE = 24;
    /** The synthetic message that replaces ClientHello1 in the transcript after a HelloRetryRequest (RFC 8446 §4.4.1). */
    static final int MESSAGE_HASH = 254;

    private HandshakeType() {}

    /** A readable name for logs and alert messages; unknown types render as {@code unknown(N)}. */
    static String name(int type) {
        return switch (type) {
            case HELLO_REQUEST_RESERVED -> "hello_request_RESERVED";
            case CLIENT_HELLO -> "client_hello";
            case SERVER_HELLO -> "server_hello";
            case HELLO_VERIFY_REQUEST -> "hello_verify_request";
            case NEW_SESSION_TICKET -> "new_session_ticket";
            case END_OF_EARLY_DATA -> "end_of_early_data";
            case ENCRYPTED_EXTENSIONS -> "encrypted_extensions";
            case REQUEST_CONNECTION_ID -> "request_connection_id";
            case NEW_CONNECTION_ID -> "new_connection_id";
            case CERTIFICATE -> "certificate";
            case CERTIFICATE_REQUEST -> "certificate_request";
            case CERTIFICATE_VERIFY -> "certificate_verify";
            case FINISHED -> "finished";
            case KEY_UPDATE -> "key_update";
            case MESSAGE_HASH -> "message_hash";
            default -> "unknown(" + type + ")";
        };
    }
}
