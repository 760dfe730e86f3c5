package org.lightwayj.codec;

/**
 * What a codec did with a packet offered to {@link PacketEncoder#store} or {@link PacketDecoder#store}.
 *
 * <p>Spec: {@code lightway-wire.md} §0.3.
 */
public enum CodecStatus {
    /** Accepted; output is ready and the caller must drain it now with {@code poll()}. */
    READY_TO_FLUSH,
    /** Accepted; nothing is ready yet. Output will follow a later store or a host tick. */
    PENDING,
    /**
     * Declined: the codec took nothing. The encoder's caller sends the packet unencoded (Data /
     * DataFrag); the decoder's caller delivers the bytes as they are to the inside path.
     */
    SKIP_PACKET
}
