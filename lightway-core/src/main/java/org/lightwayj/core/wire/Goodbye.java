package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;

/** Frame kind 12 (§2.2): no body; the receiver closes the connection (fatal). Singleton. */
public enum Goodbye implements Frame {
    /** The only instance. */
    INSTANCE;

    @Override
    public FrameKind kind() {
        return FrameKind.GOODBYE;
    }

    @Override
    public int encodedLength() {
        return 1;
    }

    @Override
    public void encode(ByteBuf out) {
        out.writeByte(FrameKind.GOODBYE.id());
    }

    @Override
    public String toString() {
        return "Goodbye";
    }
}
