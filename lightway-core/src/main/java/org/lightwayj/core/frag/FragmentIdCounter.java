package org.lightwayj.core.frag;

/**
 * The per-connection fragment id counter of spec §3: a plain wrapping u16, incremented
 * <em>before</em> use, shared by DataFrag and EncodedDataFrag. The first id is 1; after 65535 comes
 * 0 (a valid id), then 1, and so on. Not thread-safe; one instance per connection.
 */
public final class FragmentIdCounter {
    private int current;

    /** A counter whose first {@link #next()} returns 1. */
    public FragmentIdCounter() {
        this(0);
    }

    /**
     * A counter whose first {@link #next()} returns {@code (lastId + 1) & 0xFFFF}.
     *
     * @param lastId the id considered already used, 0..65535
     * @throws IllegalArgumentException if {@code lastId} is not a u16
     */
    public FragmentIdCounter(int lastId) {
        if ((lastId & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("lastId must be 0..65535, was " + lastId);
        }
        this.current = lastId;
    }

    /** Advances the counter and returns the new id, 0..65535. */
    public int next() {
        current = (current + 1) & 0xFFFF;
        return current;
    }

    /** The id most recently returned by {@link #next()} (or the initial value), 0..65535. */
    public int current() {
        return current;
    }
}
