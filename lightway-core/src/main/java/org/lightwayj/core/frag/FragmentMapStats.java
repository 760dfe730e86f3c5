package org.lightwayj.core.frag;

import org.lightwayj.core.FragmentError;

/**
 * Live counters of one {@link FragmentMap}. Read them from the thread that drives the map; the
 * values change as the map is used.
 */
public final class FragmentMapStats {
    private final long[] errors = new long[FragmentError.values().length];
    private long completed;
    private long entriesCreated;
    private long evictedLru;
    private long expiredTtl;
    private long evictedBudget;
    private long storageAllocations;

    FragmentMapStats() {
    }

    /** Packets reassembled and handed to the caller (single-fragment packets included). */
    public long completed() {
        return completed;
    }

    /** Partial-packet entries created (one per packet that needed more than one fragment). */
    public long entriesCreated() {
        return entriesCreated;
    }

    /** Partial packets evicted because the map was full (least recently used first). */
    public long evictedLru() {
        return evictedLru;
    }

    /**
     * Partial packets evicted (least recently used first) to keep the bytes held within
     * {@link FragmentMapConfig#maxTotalBytes()}. A packet refused because it alone exceeds the budget
     * is not counted here but as {@link FragmentError#BUDGET_EXCEEDED} in {@link #errors}.
     */
    public long evictedBudget() {
        return evictedBudget;
    }

    /** Partial packets dropped because they outlived the configured maximum age. */
    public long expiredTtl() {
        return expiredTtl;
    }

    /** How often the map's internal table was allocated (lazily, on the first fragment). */
    public long storageAllocations() {
        return storageAllocations;
    }

    /**
     * @param error the kind
     * @return fragments refused with that kind of error
     */
    public long errors(FragmentError error) {
        return errors[error.ordinal()];
    }

    /** Fragments refused with any error. */
    public long errorsTotal() {
        long sum = 0;
        for (long e : errors) {
            sum += e;
        }
        return sum;
    }

    void onCompleted() {
        completed++;
    }

    void onEntryCreated() {
        entriesCreated++;
    }

    void onEvictedLru() {
        evictedLru++;
    }

    void onEvictedBudget() {
        evictedBudget++;
    }

    void onExpired() {
        expiredTtl++;
    }

    void onStorageAllocated() {
        storageAllocations++;
    }

    void onError(FragmentError error) {
        errors[error.ordinal()]++;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("FragmentMapStats{completed=").append(completed)
                .append(", entriesCreated=").append(entriesCreated)
                .append(", evictedLru=").append(evictedLru)
                .append(", evictedBudget=").append(evictedBudget)
                .append(", expiredTtl=").append(expiredTtl);
        for (FragmentError e : FragmentError.values()) {
            sb.append(", ").append(e).append('=').append(errors[e.ordinal()]);
        }
        return sb.append('}').toString();
    }
}
