package org.lightwayj.core.wire;

import java.util.Objects;
import org.lightwayj.core.Version;

/**
 * An inclusive range of supported protocol versions (spec §4.7). Both ends are valid versions
 * ({@link Version#isValid()}) and {@code minimum <= maximum}; instances are immutable.
 *
 * @param minimum lowest accepted version
 * @param maximum highest accepted version
 */
public record VersionRange(Version minimum, Version maximum) {
    /** Every version Lightway-J supports: [1.1, 1.3]. */
    public static final VersionRange SUPPORTED = new VersionRange(Version.MINIMUM, Version.MAXIMUM);

    /**
     * Validates the range.
     *
     * @param minimum lowest accepted version
     * @param maximum highest accepted version
     * @throws IllegalArgumentException if an end is unsupported or the range is empty
     */
    public VersionRange {
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
        checkMinimum(minimum);
        checkMaximum(maximum);
        if (minimum.compareTo(maximum) > 0) {
            throw new IllegalArgumentException(
                    "Minimum version " + minimum + " is higher than the maximum version " + maximum);
        }
    }

    private static void checkMinimum(Version v) {
        if (v.compareTo(Version.MINIMUM) < 0) {
            throw new IllegalArgumentException(
                    "Minimum version " + v + " is lower than the lowest supported version " + Version.MINIMUM);
        }
        if (v.compareTo(Version.MAXIMUM) > 0) {
            throw new IllegalArgumentException(
                    "Minimum version " + v + " is higher than the highest supported version " + Version.MAXIMUM);
        }
    }

    private static void checkMaximum(Version v) {
        if (v.compareTo(Version.MAXIMUM) > 0) {
            throw new IllegalArgumentException(
                    "Maximum version " + v + " is higher than the highest supported version " + Version.MAXIMUM);
        }
        if (v.compareTo(Version.MINIMUM) < 0) {
            throw new IllegalArgumentException(
                    "Maximum version " + v + " is lower than the lowest supported version " + Version.MINIMUM);
        }
    }

    /**
     * Tells whether {@code v} lies within the range (inclusive).
     *
     * @param v a version
     * @return true if {@code minimum <= v <= maximum}
     */
    public boolean contains(Version v) {
        return v.compareTo(minimum) >= 0 && v.compareTo(maximum) <= 0;
    }

    /**
     * Returns a range with a new minimum.
     *
     * @param newMinimum the new lowest version
     * @return the new range
     * @throws IllegalArgumentException if {@code newMinimum} is unsupported or above {@link #maximum()}
     */
    public VersionRange withMinimum(Version newMinimum) {
        checkMinimum(Objects.requireNonNull(newMinimum, "newMinimum"));
        if (newMinimum.compareTo(maximum) > 0) {
            throw new IllegalArgumentException(
                    "Minimum version " + newMinimum + " is higher than the maximum version " + maximum);
        }
        return new VersionRange(newMinimum, maximum);
    }

    /**
     * Returns a range with a new maximum.
     *
     * @param newMaximum the new highest version
     * @return the new range
     * @throws IllegalArgumentException if {@code newMaximum} is unsupported or below {@link #minimum()}
     */
    public VersionRange withMaximum(Version newMaximum) {
        checkMaximum(Objects.requireNonNull(newMaximum, "newMaximum"));
        if (newMaximum.compareTo(minimum) < 0) {
            throw new IllegalArgumentException(
                    "Maximum version " + newMaximum + " is lower than the minimum version " + minimum);
        }
        return new VersionRange(minimum, newMaximum);
    }

    /** @return {@code "[min, max]"} */
    @Override
    public String toString() {
        return "[" + minimum + ", " + maximum + "]";
    }
}
