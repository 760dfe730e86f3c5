package org.lightwayj.codec.fec;

/**
 * Little-endian 8-byte stores into byte arrays for the coding kernel: through a byte-array view
 * {@code VarHandle} where the platform has one (every JDK; Android from API 33), as eight byte stores
 * where it does not (Android API 26 to 32, see docs/android.md). Both write the same bytes.
 */
final class LittleEndian {
    /** Whether {@link ViewHandles} loaded and works; decided once, so the JIT folds the branch away. */
    static final boolean VIEW_HANDLE = detect();

    private LittleEndian() {
    }

    private static boolean detect() {
        try {
            byte[] probe = new byte[8];
            ViewHandles.putLongLE(probe, 0, 0x0807060504030201L);
            return probe[0] == 1 && probe[7] == 8;
        } catch (LinkageError | RuntimeException e) { // no java.lang.invoke.VarHandle (Android < 33)
            return false;
        }
    }

    /** Stores {@code v} little-endian at {@code b[off, off + 8)}. */
    static void putLong(byte[] b, int off, long v) {
        if (VIEW_HANDLE) {
            ViewHandles.putLongLE(b, off, v);
        } else {
            putLongBytes(b, off, v);
        }
    }

    /** The fallback: eight byte stores. */
    static void putLongBytes(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
        b[off + 4] = (byte) (v >>> 32);
        b[off + 5] = (byte) (v >>> 40);
        b[off + 6] = (byte) (v >>> 48);
        b[off + 7] = (byte) (v >>> 56);
    }
}
