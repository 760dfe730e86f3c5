package org.lightwayj.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FrameKind table of spec §2.1 ({@code test_frame_kind::*}). */
class FrameKindTest {
    private static final Map<Integer, FrameKind> TABLE = Map.ofEntries(
            Map.entry(1, FrameKind.NO_OP), Map.entry(2, FrameKind.PING), Map.entry(3, FrameKind.PONG),
            Map.entry(4, FrameKind.AUTH_REQUEST), Map.entry(5, FrameKind.DATA),
            Map.entry(6, FrameKind.AUTH_SUCCESS_WITH_CONFIG_V4), Map.entry(7, FrameKind.AUTH_FAILURE),
            Map.entry(12, FrameKind.GOODBYE), Map.entry(14, FrameKind.SERVER_CONFIG),
            Map.entry(15, FrameKind.DATA_FRAG), Map.entry(16, FrameKind.ENCODED_DATA),
            Map.entry(17, FrameKind.ENCODED_DATA_FRAG), Map.entry(18, FrameKind.TOGGLE_ENCODING_REQUEST),
            Map.entry(19, FrameKind.TOGGLE_ENCODING_ANSWER), Map.entry(20, FrameKind.EXPRESSLANE_CONFIG));

    @Test
    void intoPrimitive() {
        assertEquals(TABLE.size(), FrameKind.values().length);
        TABLE.forEach((id, kind) -> assertEquals((int) id, kind.id()));
    }

    @Test
    void tryFromPrimitive() throws WireException {
        for (Map.Entry<Integer, FrameKind> e : TABLE.entrySet()) {
            assertEquals(e.getValue(), FrameKind.fromId(e.getKey()));
        }
    }

    @ParameterizedTest(name = "kind {0} is unused and rejected")
    @ValueSource(ints = {0, 8, 9, 10, 11, 13})
    void unusedKindsRejected(int id) {
        WireException e = assertThrows(WireException.class, () -> FrameKind.fromId(id));
        assertEquals(WireError.UNKNOWN_FRAME_TYPE, e.error());
        assertEquals(id, e.kindId());
    }

    @Test
    void tryFromPrimitiveOutOfRange() {
        for (int id = 21; id <= 255; id++) {
            int i = id;
            assertEquals(WireError.UNKNOWN_FRAME_TYPE,
                    assertThrows(WireException.class, () -> FrameKind.fromId(i)).error());
        }
        for (int id : new int[] {-1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertThrows(WireException.class, () -> FrameKind.fromId(id));
        }
    }

    @Test
    void everyByteIsEitherInTheTableOrRejected() {
        Set<Integer> known = TABLE.keySet();
        for (int id = 0; id <= 255; id++) {
            try {
                FrameKind k = FrameKind.fromId(id);
                assertEquals(id, k.id());
                assertEquals(true, known.contains(id));
            } catch (WireException e) {
                assertEquals(false, known.contains(id), "kind " + id);
            }
        }
    }
}
