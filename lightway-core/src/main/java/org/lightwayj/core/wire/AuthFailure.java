package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * Frame kind 7 (§2.8): a fixed 52-byte body, written as zeros and skipped unchecked on receive (C's
 * status/message layout carries no usable information). A client receiving it reports Unauthorized.
 * Singleton.
 */
public enum AuthFailure implements Frame {
    /** The only instance. */
    INSTANCE;

    /** Body size in bytes. */
    public static final int BODY_SIZE = 52;

    @Override
    public FrameKind kind() {
        return FrameKind.AUTH_FAILURE;
    }

    @Override
    public int encodedLength() {
        return 1 + BODY_SIZE;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(FrameKind.AUTH_FAILURE.id());
        out.writeZero(BODY_SIZE);
    }

    static AuthFailure decodeBody(ByteBuf in) throws WireException {
        Wire.need(in, BODY_SIZE);
        in.skipBytes(BODY_SIZE);
        return INSTANCE;
    }

    @Override
    public String toString() {
        return "AuthFailure";
    }
}
