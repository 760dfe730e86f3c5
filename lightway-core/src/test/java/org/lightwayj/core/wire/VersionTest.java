package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lightwayj.core.Version;

/** Version and VersionRange tests of spec §7 ({@code version.rs}). */
class VersionTest {
    private static final Version V1_0 = new Version(1, 0);
    private static final Version V1_4 = new Version(1, 4);

    @Test
    void validate() {
        assertTrue(Version.V1_1.isValid());
        assertTrue(Version.V1_2.isValid());
        assertTrue(Version.V1_3.isValid());
        assertFalse(V1_0.isValid());
        assertFalse(V1_4.isValid());
        assertFalse(new Version(0, 0).isValid());
        assertFalse(new Version(2, 1).isValid());
        assertFalse(new Version(0, 2).isValid());
    }

    @Test
    void display() {
        assertEquals("1.1", Version.V1_1.toString());
        assertEquals("1.2", Version.V1_2.toString());
        assertEquals("255.0", new Version(255, 0).toString());
    }

    @Test
    void constantsAndOrder() {
        assertEquals(Version.V1_1, Version.MINIMUM);
        assertEquals(Version.V1_3, Version.MAXIMUM);
        assertTrue(Version.V1_1.compareTo(Version.V1_2) < 0);
        assertTrue(new Version(2, 0).compareTo(Version.V1_3) > 0);
        assertEquals(0, Version.V1_2.compareTo(new Version(1, 2)));
    }

    @Test
    void componentsMustBeBytes() {
        assertThrows(IllegalArgumentException.class, () -> new Version(256, 0));
        assertThrows(IllegalArgumentException.class, () -> new Version(1, -1));
    }

    @Test
    void rangeValid() {
        VersionRange r = new VersionRange(Version.V1_1, Version.V1_3);
        assertEquals(VersionRange.SUPPORTED, r);
        assertEquals(Version.V1_1, r.minimum());
        assertEquals(Version.V1_3, r.maximum());
        new VersionRange(Version.V1_2, Version.V1_2);
        assertEquals("Minimum version 1.0 is lower than the lowest supported version 1.1",
                assertThrows(IllegalArgumentException.class, () -> new VersionRange(V1_0, Version.V1_3)).getMessage());
        assertEquals("Maximum version 1.4 is higher than the highest supported version 1.3",
                assertThrows(IllegalArgumentException.class, () -> new VersionRange(Version.V1_1, V1_4)).getMessage());
        assertEquals("Minimum version 1.3 is higher than the maximum version 1.2",
                assertThrows(IllegalArgumentException.class,
                        () -> new VersionRange(Version.V1_3, Version.V1_2)).getMessage());
    }

    @Test
    void rangeContains() {
        VersionRange r = new VersionRange(Version.V1_2, Version.V1_3);
        assertFalse(r.contains(Version.V1_1));
        assertTrue(r.contains(Version.V1_2));
        assertTrue(r.contains(Version.V1_3));
        assertFalse(r.contains(V1_4));
        assertFalse(r.contains(V1_0));
    }

    @Test
    void rangeMaximum() {
        assertEquals(Version.V1_3, VersionRange.SUPPORTED.maximum());
        assertEquals(Version.V1_2, VersionRange.SUPPORTED.withMaximum(Version.V1_2).maximum());
    }

    @Test
    void setMinimum() {
        VersionRange r = VersionRange.SUPPORTED.withMinimum(Version.V1_2);
        assertEquals(new VersionRange(Version.V1_2, Version.V1_3), r);
        assertEquals(VersionRange.SUPPORTED, VersionRange.SUPPORTED.withMinimum(Version.V1_1), "unchanged original");
        assertEquals("Minimum version 1.0 is lower than the lowest supported version 1.1",
                assertThrows(IllegalArgumentException.class, () -> r.withMinimum(V1_0)).getMessage());
        assertEquals("Minimum version 1.4 is higher than the highest supported version 1.3",
                assertThrows(IllegalArgumentException.class, () -> r.withMinimum(V1_4)).getMessage());
        VersionRange narrow = VersionRange.SUPPORTED.withMaximum(Version.V1_2);
        assertEquals("Minimum version 1.3 is higher than the maximum version 1.2",
                assertThrows(IllegalArgumentException.class, () -> narrow.withMinimum(Version.V1_3)).getMessage());
    }

    @Test
    void setMaximum() {
        VersionRange r = VersionRange.SUPPORTED.withMaximum(Version.V1_2);
        assertEquals(new VersionRange(Version.V1_1, Version.V1_2), r);
        assertEquals("Maximum version 1.4 is higher than the highest supported version 1.3",
                assertThrows(IllegalArgumentException.class, () -> r.withMaximum(V1_4)).getMessage());
        assertEquals("Maximum version 1.0 is lower than the lowest supported version 1.1",
                assertThrows(IllegalArgumentException.class, () -> r.withMaximum(V1_0)).getMessage());
        VersionRange high = VersionRange.SUPPORTED.withMinimum(Version.V1_3);
        assertEquals("Maximum version 1.2 is lower than the minimum version 1.3",
                assertThrows(IllegalArgumentException.class, () -> high.withMaximum(Version.V1_2)).getMessage());
    }
}
