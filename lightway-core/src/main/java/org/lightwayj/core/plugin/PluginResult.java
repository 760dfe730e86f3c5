package org.lightwayj.core.plugin;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The answer of a {@link Plugin} hook (spec §6): {@link Accept}, {@link Drop},
 * {@link DropWithReply} or {@link Error}. Accept and Drop are singletons, so the common results
 * allocate nothing.
 */
public sealed interface PluginResult
        permits PluginResult.Accept, PluginResult.Drop, PluginResult.DropWithReply, PluginResult.Error {

    /** The packet goes on (to the next plugin, then to its destination). */
    static PluginResult accept() {
        return Accept.INSTANCE;
    }

    /** The packet is discarded silently. */
    static PluginResult drop() {
        return Drop.INSTANCE;
    }

    /**
     * The packet is discarded and {@code reply} is sent back the way it came (meaningful on the
     * inside chain only; elsewhere the connection treats it as a drop and releases the reply).
     *
     * @param reply a buffer whose ownership passes to the receiver of this result
     * @return the result
     */
    static PluginResult dropWithReply(ByteBuf reply) {
        return new DropWithReply(reply);
    }

    /**
     * The plugin failed; the packet is discarded.
     *
     * @param cause why
     * @return the result
     */
    static PluginResult error(Throwable cause) {
        return new Error(cause);
    }

    /** Whether this is {@link Accept}. */
    default boolean isAccept() {
        return this == Accept.INSTANCE;
    }

    /** Keep the packet. */
    final class Accept implements PluginResult {
        static final Accept INSTANCE = new Accept();

        private Accept() {
        }

        @Override
        public String toString() {
            return "Accept";
        }
    }

    /** Discard the packet silently. */
    final class Drop implements PluginResult {
        static final Drop INSTANCE = new Drop();

        private Drop() {
        }

        @Override
        public String toString() {
            return "Drop";
        }
    }

    /**
     * Discard the packet and send {@code reply} back. Whoever receives this result owns
     * {@code reply} and must release it (send it, or {@link #release()} it).
     *
     * @param reply the reply packet (readable region)
     */
    record DropWithReply(ByteBuf reply) implements PluginResult {
        /**
         * @param reply the reply packet, owned by the receiver of this result
         * @throws NullPointerException if {@code reply} is null
         */
        public DropWithReply {
            Objects.requireNonNull(reply, "reply");
        }

        /** Releases the reply, for a receiver that will not send it. */
        public void release() {
            reply.release();
        }
    }

    /**
     * The plugin failed; discard the packet.
     *
     * @param cause why
     */
    record Error(Throwable cause) implements PluginResult {
        /**
         * @param cause why
         * @throws NullPointerException if {@code cause} is null
         */
        public Error {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
