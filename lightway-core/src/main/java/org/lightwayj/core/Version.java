package org.lightwayj.core;

/**
 * A Lightway protocol version {@code major.minor} (spec §1.3, §4.7). Any pair of unsigned bytes can
 * be represented (so that out-of-range versions can be reported); {@link #isValid()} tells whether
 * Lightway-J supports it (1.1 to 1.3 inclusive). Ordered by major, then minor.
 *
 * @param major major version, 0..255
 * @param minor minor version, 0..255
 */
public record Version(int major, int minor) implements Comparable<Version> {
    /** Version 1.1, the version of the reject header (§1.4) and of TCP before auth. */
    public static final Version V1_1 = new Version(1, 1);
    /** Version 1.2, the default UDP client header version (§0.1). */
    public static final Version V1_2 = new Version(1, 2);
    /** Version 1.3. */
    public static final Version V1_3 = new Version(1, 3);
    /** The lowest supported version, 1.1. */
    public static final Version MINIMUM = V1_1;
    /** The highest supported version, 1.3. */
    public static final Version MAXIMUM = V1_3;

    /**
     * Validates the components.
     *
     * @param major major version, 0..255
     * @param minor minor version, 0..255
     * @throws IllegalArgumentException if a component is outside 0..255
     */
    public Version {
        if ((major & ~0xFF) != 0 || (minor & ~0xFF) != 0) {
            throw new IllegalArgumentException("version components must be 0..255: " + major + "." + minor);
        }
    }

    /**
     * Tells whether this version is supported: within [{@link #MINIMUM}, {@link #MAXIMUM}].
     *
     * @return true for 1.1, 1.2 and 1.3
     */
    public boolean isValid() {
        return compareTo(MINIMUM) >= 0 && compareTo(MAXIMUM) <= 0;
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        return c != 0 ? c : Integer.compare(minor, o.minor);
    }

    /** @return {@code "major.minor"}, e.g. {@code "1.2"} */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
