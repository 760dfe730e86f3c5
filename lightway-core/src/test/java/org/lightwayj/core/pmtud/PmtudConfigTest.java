package org.lightwayj.core.pmtud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lightwayj.core.PmtudConfig;

class PmtudConfigTest {
    @Test
    void defaults() {
        PmtudConfig c = PmtudConfig.defaults();
        assertEquals(1250, c.basePlpmtu());
        assertEquals(1500, c.outsideMtu());
        assertEquals(1419, c.maxPlpmtu());
        assertEquals(5_000_000_000L, c.probeTimerNanos());
        assertEquals(600_000_000_000L, c.raiseTimerNanos());
    }

    @Test
    void customValues() {
        PmtudConfig c = PmtudConfig.builder().basePlpmtu(512).outsideMtu(1400)
                .probeTimerNanos(7).raiseTimerNanos(9).build();
        assertEquals(512, c.basePlpmtu());
        assertEquals(1319, c.maxPlpmtu());
        assertEquals(7, c.probeTimerNanos());
        assertEquals(9, c.raiseTimerNanos());
    }

    @Test
    void validationNamesTheField() {
        assertField("outsideMtu", PmtudConfig.builder().outsideMtu(67));
        assertField("outsideMtu", PmtudConfig.builder().outsideMtu(1501));
        assertField("basePlpmtu", PmtudConfig.builder().basePlpmtu(511));
        assertField("basePlpmtu", PmtudConfig.builder().basePlpmtu(1420));
        assertField("basePlpmtu", PmtudConfig.builder().outsideMtu(1300));
        assertField("probeTimerNanos", PmtudConfig.builder().probeTimerNanos(0));
        assertField("raiseTimerNanos", PmtudConfig.builder().raiseTimerNanos(-1));
    }

    private static void assertField(String field, PmtudConfig.Builder b) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
    }
}
