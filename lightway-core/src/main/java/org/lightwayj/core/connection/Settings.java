package org.lightwayj.core.connection;

import io.netty.buffer.ByteBufAllocator;
import java.util.function.LongSupplier;
import org.lightwayj.core.wire.VersionRange;

/** The validated settings shared by client and server contexts (immutable); {@code codec} may be null. */
record Settings(
        TlsEngineFactory tlsEngineFactory,
        VersionRange versions,
        int outsideMtu,
        int insideMtu,
        int fragmentMapEntries,
        long fragmentMaxAgeNanos,
        long fragmentMapMaxBytes,
        MetricsListener metrics,
        boolean allowIpv6Inside,
        long handshakeTimeoutNanos,
        long keepaliveIntervalNanos,
        long keepaliveTimeoutNanos,
        ByteBufAllocator allocator,
        LongSupplier random,
        CodecConfig codec,
        DataPadding dataPadding) {
}
