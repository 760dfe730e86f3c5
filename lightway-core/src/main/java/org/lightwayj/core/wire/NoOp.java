package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;

/** Frame kind 1 (§2.2): no body; the receiver ignores it. Singleton. */
public enum NoOp implements Frame {
    /** The only instance. */
    INSTANCE;

    @Override
    public FrameKind kind() {
        return FrameKind.NO_OP;
    }

    @Override
    public int encodedLength() {
        return 1;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(FrameKind.NO_OP.id());
    }

    @Override
    public String toString() {
        return "NoOp";
    }
}
