package org.lightwayj.core.connection;

/**
 * Zero padding after a Data frame inside its DTLS record (UDP only), the layouts of C lightway-core's
 * {@code HE_PADDING_450} and {@code HE_PADDING_FULL}. Padding hides inside-packet sizes from an observer
 * of the outside path at the cost of bandwidth. The frame's declared length stays true; the receiver
 * ignores trailing zero bytes after a complete frame (spec §0.4), as Lightway-J and C do.
 *
 * <p><b>Interop:</b> a Rust lightway peer treats the trailing zeros as an unknown frame of kind 0 and
 * logs a parse error for every padded record (it still delivers the Data frame before them), so use
 * padding only towards C or Lightway-J peers. TCP is never padded (a stream has no records to fill).
 */
public enum DataPadding {
    /** No padding (the default, as Rust). */
    NONE,
    /** Pad each Data frame to 450, 900 or 1350 bytes, whichever is the first that fits (C {@code HE_PADDING_450}). */
    STEPS_450,
    /** Pad every Data frame to 1350 bytes (C {@code HE_PADDING_FULL}). */
    FULL;

    /** The largest padded frame either layout produces. */
    static final int MAX_PADDED = 1350;

    /**
     * {@return the frame length to pad a {@code frameLength}-byte Data frame to, never less than
     * {@code frameLength} and never more than {@code limit}}
     */
    int paddedLength(int frameLength, int limit) {
        int target = switch (this) {
            case NONE -> frameLength;
            case STEPS_450 -> frameLength <= 450 ? 450 : frameLength <= 900 ? 900 : MAX_PADDED;
            case FULL -> MAX_PADDED;
        };
        return Math.max(frameLength, Math.min(target, limit));
    }
}
