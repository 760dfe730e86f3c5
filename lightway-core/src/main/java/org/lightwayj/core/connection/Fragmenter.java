package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import org.lightwayj.core.frag.FragmentException;
import org.lightwayj.core.frag.FragmentIdCounter;
import org.lightwayj.core.frag.FragmentSplitter;
import org.lightwayj.core.wire.DataFrag;
import org.lightwayj.core.wire.EncodedDataFrag;

/**
 * Send-side fragmentation (spec §3): splits one packet into DataFrag (kind 15) or EncodedDataFrag
 * (kind 17) frames of at most the DataFrag MPS, with one wrapping id counter per connection shared by
 * both kinds (first id 1). Allocation-free: each chunk is copied into the caller's frame buffer.
 */
final class Fragmenter {

    /** Sends one complete frame (the connection's seal-and-send). */
    @FunctionalInterface
    interface FrameOut {
        boolean send(ByteBuf frame, long now);
    }

    private final FragmentSplitter splitter = new FragmentSplitter();
    private final FragmentIdCounter ids = new FragmentIdCounter();

    /**
     * Sends {@code packet} (readable bytes; not released, indices untouched) as fragments.
     *
     * @param fragMps the chunk size (a multiple of 8)
     * @param encoded EncodedDataFrag instead of DataFrag
     * @param frame scratch buffer for one frame (cleared per chunk)
     * @return whether every chunk was sent; stops at the first chunk that was not
     * @throws FragmentException if the packet is empty or longer than 65535 bytes
     */
    boolean send(ByteBuf packet, int fragMps, boolean encoded, ByteBuf frame, FrameOut out, long now)
            throws FragmentException {
        splitter.reset(packet, fragMps);
        int id = ids.next();
        try {
            while (splitter.next()) {
                frame.clear();
                int len = splitter.chunkLength();
                if (encoded) {
                    EncodedDataFrag.encodeHeader(frame, len, id, splitter.offset(), splitter.moreFragments());
                } else {
                    DataFrag.encodeHeader(frame, len, id, splitter.offset(), splitter.moreFragments());
                }
                frame.writeBytes(packet, splitter.chunkIndex(), len);
                if (!out.send(frame, now)) {
                    // Fragments go over UDP only, where a refused chunk means the connection cannot
                    // send (not Online, or a fatal seal error that closed it and released the frame
                    // buffer): the packet is lost either way, and the buffer must not be touched again.
                    return false;
                }
            }
        } finally {
            splitter.clear();
        }
        return true;
    }

    /** {@return the id most recently used} */
    int lastId() {
        return ids.current();
    }
}
