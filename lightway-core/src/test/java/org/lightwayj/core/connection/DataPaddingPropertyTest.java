package org.lightwayj.core.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

/** {@link DataPadding#paddedLength}: never shrinks a frame, never grows it past the record limit, C's steps. */
class DataPaddingPropertyTest {

    @Test
    void paddedLengthStaysWithinFrameAndLimit() {
        qt().withExamples(2000)
                .forAll(arbitrary().enumValues(DataPadding.class), integers().between(3, 65_538),
                        integers().between(3, 65_538))
                .checkAssert((p, frame, limit) -> {
                    int n = p.paddedLength(frame, limit);
                    assertTrue(n >= frame, "never shorter than the frame");
                    assertTrue(n <= Math.max(frame, limit), "never past the record limit");
                    if (p == DataPadding.NONE || frame >= DataPadding.MAX_PADDED) {
                        assertEquals(frame, n);
                    } else if (limit >= DataPadding.MAX_PADDED) {
                        int want = p == DataPadding.FULL ? 1350 : frame <= 450 ? 450 : frame <= 900 ? 900 : 1350;
                        assertEquals(want, n);
                    }
                });
    }
}
