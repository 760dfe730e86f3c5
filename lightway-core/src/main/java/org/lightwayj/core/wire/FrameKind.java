package org.lightwayj.core.wire;

/**
 * The frame kind byte that starts every inner frame (spec §2.1). Ids 8–11 and 13 are defined by the C
 * implementation but unused, and are rejected like 0 and 21..255.
 */
public enum FrameKind {
    /** 1: no body, ignored by the receiver. */
    NO_OP(1),
    /** 2: keepalive (id 0) or DPLPMTUD probe. */
    PING(2),
    /** 3: answer to a Ping. */
    PONG(3),
    /** 4: client credentials. */
    AUTH_REQUEST(4),
    /** 5: one inside IP packet. */
    DATA(5),
    /** 6: the server accepts and sends the tunnel's IPv4 configuration. */
    AUTH_SUCCESS_WITH_CONFIG_V4(6),
    /** 7: the server refuses the credentials. */
    AUTH_FAILURE(7),
    /** 12: orderly close. */
    GOODBYE(12),
    /** 14: opaque server configuration. */
    SERVER_CONFIG(14),
    /** 15: a fragment of an inside packet. */
    DATA_FRAG(15),
    /** 16: one codec-encoded inside packet. */
    ENCODED_DATA(16),
    /** 17: a fragment of a codec-encoded packet. */
    ENCODED_DATA_FRAG(17),
    /** 18: client asks the server to switch encoding (§0.2; upstream EncodingRequest). */
    TOGGLE_ENCODING_REQUEST(18),
    /** 19: server's answer to kind 18 (§0.2; upstream EncodingResponse). */
    TOGGLE_ENCODING_ANSWER(19),
    /** 20: ExpressLane configuration; parsed and ignored by Lightway-J (§0.1). */
    EXPRESSLANE_CONFIG(20);

    private static final FrameKind[] BY_ID = new FrameKind[256];

    static {
        for (FrameKind k : values()) {
            BY_ID[k.id] = k;
        }
    }

    private final int id;

    FrameKind(int id) {
        this.id = id;
    }

    /** @return the wire byte of this kind */
    public int id() {
        return id;
    }

    /**
     * Looks a kind up by its wire byte.
     *
     * @param id the byte (any int; values outside 0..255 are rejected too)
     * @return the kind
     * @throws WireException {@code UNKNOWN_FRAME_TYPE} if {@code id} is not in the table
     */
    public static FrameKind fromId(int id) throws WireException {
        FrameKind k = (id & ~0xFF) == 0 ? BY_ID[id] : null;
        if (k == null) {
            throw WireException.unknownFrameType(id);
        }
        return k;
    }
}
