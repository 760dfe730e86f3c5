package org.lightwayj.core.wire;

import io.netty.buffer.ByteBuf;

/**
 * An inner Lightway frame (spec §2): one kind byte, then a kind-specific big-endian body. One
 * implementation per {@link FrameKind}.
 *
 * <h2>Decoding</h2>
 * {@link #decode(ByteBuf)} is atomic (§2.0): it either returns a frame and advances the reader index
 * by exactly the frame's length, or throws a {@link WireException} and leaves the reader index where
 * it was. The receive loop calls it until {@link WireError#INSUFFICIENT_DATA}; on TCP it retries once
 * more bytes have arrived:
 * <pre>{@code
 * while (true) {
 *     Frame f;
 *     try {
 *         f = Frame.decode(plaintext);
 *     } catch (WireException e) {
 *         if (e.error() == WireError.INSUFFICIENT_DATA) break; // wait for more bytes
 *         throw e;                                            // malformed (§4.9)
 *     }
 *     try { handle(f); } finally { f.release(); }
 * }
 * }</pre>
 * Trailing zero bytes after a UDP frame (C padding, §0.4) decode as an {@code UNKNOWN_FRAME_TYPE}
 * with {@link WireException#kindId()} 0; the connection treats that case as padding.
 *
 * <h2>Buffer ownership</h2>
 * The data-carrying frames ({@link Data}, {@link EncodedData}, {@link DataFrag}, {@link
 * EncodedDataFrag}) own a {@link ByteBuf}: on decode, a retained slice of the input (no copy); when
 * built by the caller, the buffer passed to the constructor. Whoever holds the frame last calls
 * {@link #release()}. For every other frame {@code release()} does nothing, so calling it on any frame
 * is always right. The input buffer of {@code decode} stays owned by the caller. A decoded slice
 * shares memory with the input: do not overwrite or compact the input (for example {@code
 * discardReadBytes()}) while a frame decoded from it is still alive; retain a copy if it must outlive
 * that.
 *
 * <h2>Encoding</h2>
 * {@link #encode(ByteBuf)} appends exactly {@link #encodedLength()} bytes to a caller-supplied buffer
 * and allocates nothing else. It does not consume or release the frame's own buffer.
 */
public sealed interface Frame
        permits NoOp, Ping, Pong, AuthRequest, Data, AuthSuccessWithConfigV4, AuthFailure, Goodbye,
                ServerConfig, DataFrag, EncodedData, EncodedDataFrag, ToggleEncodingRequest,
                ToggleEncodingAnswer, ExpresslaneConfig {

    /** @return the kind of this frame */
    FrameKind kind();

    /** @return the encoded size of the whole frame, kind byte included */
    int encodedLength();

    /**
     * Appends the frame (kind byte and body) to {@code out}.
     *
     * @param out the destination; the caller keeps ownership
     */
    void encode(ByteBuf out);

    /** Releases the buffer a data-carrying frame owns; a no-op for every other frame. */
    default void release() {}

    /**
     * Decodes one frame from the readable bytes of {@code in} (§2.0). Atomic: on success exactly the
     * frame's bytes are consumed, on failure none. The caller keeps ownership of {@code in}; a returned
     * data-carrying frame holds a retained slice of it and must be {@linkplain #release() released}.
     *
     * @param in the plaintext to read from
     * @return the frame
     * @throws WireException if the bytes do not hold a complete, valid frame; no other exception is
     *     thrown for any content of {@code in}
     */
    static Frame decode(ByteBuf in) throws WireException {
        int start = in.readerIndex();
        if (in.writerIndex() <= start) {
            throw WireException.insufficientData();
        }
        FrameKind kind = FrameKind.fromId(in.getUnsignedByte(start));
        in.readerIndex(start + 1);
        try {
            switch (kind) {
                case NO_OP: return NoOp.INSTANCE;
                case PING: return Ping.decodeBody(in);
                case PONG: return Pong.decodeBody(in);
                case AUTH_REQUEST: return AuthRequest.decodeBody(in);
                case DATA: return Data.decodeBody(in);
                case AUTH_SUCCESS_WITH_CONFIG_V4: return AuthSuccessWithConfigV4.decodeBody(in);
                case AUTH_FAILURE: return AuthFailure.decodeBody(in);
                case GOODBYE: return Goodbye.INSTANCE;
                case SERVER_CONFIG: return ServerConfig.decodeBody(in);
                case DATA_FRAG: return DataFrag.decodeBody(in);
                case ENCODED_DATA: return EncodedData.decodeBody(in);
                case ENCODED_DATA_FRAG: return EncodedDataFrag.decodeBody(in);
                case TOGGLE_ENCODING_REQUEST: return ToggleEncodingRequest.decodeBody(in);
                case TOGGLE_ENCODING_ANSWER: return ToggleEncodingAnswer.decodeBody(in);
                case EXPRESSLANE_CONFIG: return ExpresslaneConfig.decodeBody(in);
                default: throw WireException.unknownFrameType(kind.id()); // unreachable
            }
        } catch (WireException e) {
            in.readerIndex(start);
            throw e;
        }
    }
}
