package org.lightwayj.core.tls.dtls13;

/**
 * Key-exchange groups (RFC 8446 §4.2.7; the ML-KEM hybrids of draft-ietf-tls-ecdhe-mlkem) with their
 * key_share sizes.
 */
enum NamedGroup {
    X25519(0x001d, 32, 32),
    SECP256R1(0x0017, 65, 65),
    SECP384R1(0x0018, 97, 97),
    X25519MLKEM768(0x11ec, 1184 + 32, 1088 + 32),
    SECP256R1MLKEM768(0x11eb, 65 + 1184, 65 + 1088),
    SECP384R1MLKEM1024(0x11ed, 97 + 1568, 97 + 1568);

    private final int code;
    private final int clientShare;
    private final int serverShare;

    NamedGroup(int code, int clientShare, int serverShare) {
        this.code = code;
        this.clientShare = clientShare;
        this.serverShare = serverShare;
    }

    int code() {
        return code;
    }

    /** The group for a wire code, or {@code null}. */
    static NamedGroup fromCode(int code) {
        for (NamedGroup g : values()) {
            if (g.code == code) {
                return g;
            }
        }
        return null;
    }

    boolean isHybrid() {
        return code >= 0x11eb && code <= 0x11ed;
    }

    int clientShareLength() {
        return clientShare;
    }

    int serverShareLength() {
        return serverShare;
    }
}
