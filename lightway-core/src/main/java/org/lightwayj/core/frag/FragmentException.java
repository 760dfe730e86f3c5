package org.lightwayj.core.frag;

import org.lightwayj.core.FragmentError;

/**
 * A typed fragmentation error; {@link #error()} says which. Thrown for bad network input, so it is
 * created without a stack trace (cheap to throw when a peer sends garbage).
 */
public final class FragmentException extends Exception {
    private static final long serialVersionUID = 1L;

    private final FragmentError error;
    private final int fragmentId;

    /**
     * @param error what went wrong
     * @param fragmentId the fragment id concerned (0..65535), or -1 when there is none (splitting)
     * @param message detail for logs
     */
    public FragmentException(FragmentError error, int fragmentId, String message) {
        super(error + ": " + message, null, false, false);
        this.error = error;
        this.fragmentId = fragmentId;
    }

    /** What went wrong. */
    public FragmentError error() {
        return error;
    }

    /** The fragment id concerned (0..65535), or -1 when the error is not about a received fragment. */
    public int fragmentId() {
        return fragmentId;
    }
}
