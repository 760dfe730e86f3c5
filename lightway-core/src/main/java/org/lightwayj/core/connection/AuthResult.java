package org.lightwayj.core.connection;

import java.util.Objects;
import java.util.Set;
import org.lightwayj.core.Version;

/** The server auth callback's verdict (spec §4.2). */
public sealed interface AuthResult {

    /** {@return denied: the server sends AuthFailure + Goodbye and closes with {@link ConnectionError#ACCESS_DENIED}} */
    static AuthResult denied() {
        return Denied.INSTANCE;
    }

    /** {@return granted with no optional features} */
    static AuthResult granted() {
        return Granted.PLAIN;
    }

    /**
     * Granted.
     *
     * @param features optional features the connection may use
     * @param tunnelVersion TCP only: the protocol version to switch to, or {@code null} to keep it
     * @return the verdict
     */
    static AuthResult granted(Set<Feature> features, Version tunnelVersion) {
        return new Granted(features, tunnelVersion);
    }

    /**
     * Access granted.
     *
     * @param features optional features granted (copied)
     * @param tunnelVersion TCP: protocol version to switch to before Online, or {@code null}
     */
    record Granted(Set<Feature> features, Version tunnelVersion) implements AuthResult {
        static final Granted PLAIN = new Granted(Set.of(), null);

        /**
         * Copies the feature set.
         *
         * @param features optional features granted
         * @param tunnelVersion TCP: protocol version to switch to before Online, or {@code null}
         */
        public Granted {
            features = Set.copyOf(Objects.requireNonNull(features, "features"));
        }
    }

    /** Access denied. */
    record Denied() implements AuthResult {
        static final Denied INSTANCE = new Denied();
    }
}
