package org.lightwayj.core.plugin;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Plugins used by the tests. */
final class TestPlugins {
    private TestPlugins() {
    }

    /** Appends its pad on egress; on ingress strips it, or fails if the packet does not end with it. */
    static final class Pad implements Plugin {
        final byte[] pad;
        final List<String> log;
        final String name;

        Pad(String name, List<String> log) {
            this(name, name.getBytes(StandardCharsets.US_ASCII), log);
        }

        Pad(String name, byte[] pad, List<String> log) {
            this.name = name;
            this.pad = pad.clone();
            this.log = log;
        }

        @Override
        public PluginResult ingress(ByteBuf data) {
            log.add(name + ".ingress");
            int n = data.readableBytes();
            if (n < pad.length) {
                return PluginResult.error(new IllegalArgumentException(name + ": too short"));
            }
            // Bulk reads: the PARANOID leak detector records every single-byte access.
            byte[] tail = new byte[pad.length];
            data.getBytes(data.writerIndex() - pad.length, tail);
            if (!java.util.Arrays.equals(tail, pad)) {
                return PluginResult.error(new IllegalArgumentException(name + ": pad mismatch"));
            }
            data.writerIndex(data.writerIndex() - pad.length);
            return PluginResult.accept();
        }

        @Override
        public PluginResult egress(ByteBuf data) {
            log.add(name + ".egress");
            data.writeBytes(pad);
            return PluginResult.accept();
        }
    }

    /** Prepends a header on egress, checks and strips it on ingress (resizes at the front). */
    static final class Prefix implements Plugin {
        final byte[] header;

        Prefix(byte[] header) {
            this.header = header.clone();
        }

        @Override
        public PluginResult ingress(ByteBuf data) {
            if (data.readableBytes() < header.length) {
                return PluginResult.error(new IllegalArgumentException("too short"));
            }
            byte[] head = new byte[header.length];
            data.getBytes(data.readerIndex(), head);
            if (!java.util.Arrays.equals(head, header)) {
                return PluginResult.error(new IllegalArgumentException("header mismatch"));
            }
            data.skipBytes(header.length);
            return PluginResult.accept();
        }

        @Override
        public PluginResult egress(ByteBuf data) {
            if (data.readerIndex() >= header.length) {
                data.readerIndex(data.readerIndex() - header.length);
                data.setBytes(data.readerIndex(), header);
            } else {
                byte[] body = new byte[data.readableBytes()];
                data.readBytes(body);
                data.clear();
                data.writeBytes(header).writeBytes(body);
            }
            return PluginResult.accept();
        }
    }

    /** XORs every byte with a position-dependent key stream; its own inverse. */
    static final class Xor implements Plugin {
        final int seed;

        Xor(int seed) {
            this.seed = seed;
        }

        private PluginResult apply(ByteBuf data) {
            byte[] b = new byte[data.readableBytes()];
            data.getBytes(data.readerIndex(), b);
            for (int i = 0; i < b.length; i++) {
                b[i] ^= (byte) ((seed * 31 + i * 0x9E3779B1) >>> 13);
            }
            data.setBytes(data.readerIndex(), b);
            return PluginResult.accept();
        }

        @Override
        public PluginResult ingress(ByteBuf data) {
            return apply(data);
        }

        @Override
        public PluginResult egress(ByteBuf data) {
            return apply(data);
        }
    }

    /** Returns a fixed result in both directions and logs the call. */
    static final class Fixed implements Plugin {
        final String name;
        final PluginResult result;
        final List<String> log;

        Fixed(String name, PluginResult result, List<String> log) {
            this.name = name;
            this.result = result;
            this.log = log;
        }

        @Override
        public PluginResult ingress(ByteBuf data) {
            log.add(name + ".ingress");
            return result;
        }

        @Override
        public PluginResult egress(ByteBuf data) {
            log.add(name + ".egress");
            return result;
        }
    }
}
