package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * Frame kind 19 (§0.2, upstream EncodingResponse), server to client: the encoding state the server applied, echoing the request id.
 *
 * <p>Body (9 bytes): {@code request_id u64} big-endian, {@code enable u8} (0 or 1; any other value
 * is {@link WireError#INVALID_BOOL}). The frame carries the desired state, not a flip, so a
 * retransmission is harmless. The 32-byte PR #161 layout is not supported.
 *
 * @param requestId the request id, an unsigned 64-bit value
 * @param enable the desired (request) or applied (answer) encoding state
 */
public record ToggleEncodingAnswer(long requestId, boolean enable) implements Frame {
    /** Body size in bytes. */
    public static final int BODY_SIZE = 9;

    @Override
    public FrameKind kind() {
        return FrameKind.TOGGLE_ENCODING_ANSWER;
    }

    @Override
    public int encodedLength() {
        return 1 + BODY_SIZE;
    }

    @Override
    public void encode(ByteBuf out) {
        SharedLayouts.encodeToggle(out, FrameKind.TOGGLE_ENCODING_ANSWER, requestId, enable);
    }

    static ToggleEncodingAnswer decodeBody(ByteBuf in) throws WireException {
        return SharedLayouts.decodeToggle(in, ToggleEncodingAnswer::new);
    }

    /** @return the id (unsigned) and state */
    @Override
    public String toString() {
        return "ToggleEncodingAnswer[requestId=" + Long.toUnsignedString(requestId) + ", enable=" + enable + "]";
    }
}
