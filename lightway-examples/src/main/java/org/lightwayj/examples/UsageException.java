package org.lightwayj.examples;

/** A bad command line: the message is printed as is, without a stack trace, and the exit code is 2. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, for a person */
    public UsageException(String message) {
        super(message);
    }
}
