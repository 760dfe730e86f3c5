package org.lightwayj.examples;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.lightwayj.core.connection.Connection;

/**
 * One non-blocking TCP socket under a connection: the host side of the TCP outside sender and of the
 * read path. The core keeps (and queues) what we refuse; we keep at most one partly written chunk.
 */
final class TcpPipe {
    private static final int READ_CHUNK = 16 * 1024;

    final SocketChannel channel;
    final SelectionKey key;
    Connection connection;
    Flow flow;
    /** The rest of a chunk the socket took only partly; owned by us. */
    private ByteBuf pending;

    TcpPipe(SocketChannel channel, SelectionKey key) {
        this.channel = channel;
        this.key = key;
    }

    /**
     * The {@code OutsideSender} body: writes what the socket takes now. Returns false ("would block")
     * while an earlier chunk is still pending: the core then keeps the bytes and offers them again from
     * {@link Connection#outsideWritable(long)}.
     */
    boolean send(ByteBuf data) {
        if (pending != null) {
            return false;
        }
        try {
            data.readBytes(channel, data.readableBytes());
        } catch (IOException e) {
            data.release(); // the socket is gone; the read side sees it and closes the connection
            return true;
        }
        if (data.isReadable()) {
            pending = data;
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        } else {
            data.release();
        }
        return true;
    }

    /** On OP_WRITE: finishes the pending chunk, then lets the connection send what it kept. */
    void writable(long now) throws IOException {
        if (pending != null) {
            pending.readBytes(channel, pending.readableBytes());
            if (pending.isReadable()) {
                return;
            }
            pending.release();
            pending = null;
        }
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        if (connection != null) {
            connection.outsideWritable(now);
        }
    }

    /**
     * On OP_READ: hands what arrived to the connection.
     *
     * @return false at end of stream
     */
    boolean readable(ByteBufAllocator alloc, long now) throws IOException {
        for (int i = 0; i < 16; i++) {
            ByteBuf chunk = alloc.directBuffer(READ_CHUNK);
            int n;
            try {
                n = chunk.writeBytes(channel, READ_CHUNK);
            } catch (IOException e) {
                chunk.release();
                throw e;
            }
            if (n <= 0) {
                chunk.release();
                return n == 0;
            }
            connection.outsideDataReceived(chunk, now); // the connection releases the chunk
            if (n < READ_CHUNK) {
                return true;
            }
        }
        return true;
    }

    void close() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
