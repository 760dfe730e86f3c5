package org.lightwayj.codec;

import io.netty.buffer.ByteBufAllocator;
import java.util.Map;

/**
 * Makes one {@link PacketEncoder} and one {@link PacketDecoder} per connection.
 *
 * <p>Pass a factory to the connection context directly, or let {@link PacketCodecs#find(String)}
 * discover it through {@link java.util.ServiceLoader} (an implementation registered that way needs a
 * public no-argument constructor and default settings).
 *
 * <p>A factory is shared by all connections of a context and may be called from several threads at
 * once; the encoders and decoders it makes are each confined to one connection.
 */
public interface PacketCodecFactory extends AutoCloseable {

    /** A short stable name, for example {@code "fec-rs"}; used for discovery and in logs. */
    String name();

    /**
     * Makes the encoder of one connection. It starts with encoding off.
     *
     * @param alloc where the encoder allocates its output buffers
     */
    PacketEncoder newEncoder(ByteBufAllocator alloc);

    /**
     * Makes the decoder of one connection.
     *
     * @param alloc where the decoder allocates its output buffers
     */
    PacketDecoder newDecoder(ByteBufAllocator alloc);

    /**
     * Counters the codec keeps across its connections (for example packets rebuilt), for display and
     * metrics. Not called on the data path. The default has none.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** Called when the host shuts the context down. The default does nothing. */
    @Override
    default void close() {
    }
}
