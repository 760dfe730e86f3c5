package org.lightwayj.core.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.lightwayj.core.frag.FragmentException;
import org.lightwayj.core.frag.FragmentMap;
import org.lightwayj.core.frag.FragmentMapConfig;
import org.lightwayj.core.frag.FragmentMapStats;

/**
 * Receive-side reassembly (spec §3, bounds of §0.4) for DataFrag and EncodedDataFrag, which share one
 * bounded {@link FragmentMap} created on the first fragment. Evictions (LRU, byte budget and age)
 * are reported as a metric; the connection keeps its fragment-expiry timer equal to {@link #nextExpiry()}.
 */
final class Reassembler implements AutoCloseable {
    private final FragmentMapConfig config;
    private final ByteBufAllocator alloc;
    private final MetricsListener metrics;
    private final Connection conn;
    private FragmentMap map;
    private long evictionsSeen;

    Reassembler(Connection conn, int maxEntries, long maxAgeNanos, long maxTotalBytes, ByteBufAllocator alloc,
            MetricsListener metrics) {
        this.conn = conn;
        this.config = FragmentMapConfig.builder().maxEntries(maxEntries).maxAgeNanos(maxAgeNanos)
                .maxTotalBytes(maxTotalBytes).build();
        this.alloc = alloc;
        this.metrics = metrics;
    }

    /**
     * Adds one fragment ({@code data} stays the caller's).
     *
     * @return the completed packet (the caller releases it) or {@code null}
     * @throws FragmentException the fragment was refused and its entry dropped
     */
    ByteBuf add(int id, int offset, boolean more, boolean encoded, ByteBuf data, long now) throws FragmentException {
        if (map == null) {
            map = new FragmentMap(config, alloc);
        }
        try {
            return map.add(id, offset, more, encoded, data, now);
        } finally {
            countEvictions();
        }
    }

    /** Whether the packet last returned by {@link #add} was completed by an EncodedDataFrag. */
    boolean lastCompletedEncoded() {
        return map != null && map.lastCompletedEncoded();
    }

    void expire(long now) {
        if (map != null) {
            map.expire(now);
            countEvictions();
        }
    }

    long nextExpiry() {
        return map == null ? Long.MAX_VALUE : map.nextExpiry();
    }

    /** {@return partial packets held} */
    int size() {
        return map == null ? 0 : map.size();
    }

    private void countEvictions() {
        FragmentMapStats s = map.stats();
        long ev = s.evictedLru() + s.evictedBudget() + s.expiredTtl();
        if (ev > evictionsSeen) {
            metrics.fragmentsEvicted(conn, (int) (ev - evictionsSeen));
            evictionsSeen = ev;
        }
    }

    @Override
    public void close() {
        if (map != null) {
            map.close();
        }
    }
}
