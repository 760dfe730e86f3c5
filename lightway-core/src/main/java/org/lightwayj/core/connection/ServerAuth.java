package org.lightwayj.core.connection;

import org.lightwayj.core.AuthMethod;

/**
 * Server host callback: decides whether a client's credentials are accepted. Shared by every
 * connection of a {@link ServerContext}; called on the calling connection's thread, so an
 * implementation shared across threads must be thread-safe. Must not block for long: it runs inside
 * {@link Connection#outsideDataReceived}.
 */
@FunctionalInterface
public interface ServerAuth {

    /**
     * @param connection the connection asking
     * @param method the credentials the client sent (user/password, token, versioned token, custom)
     * @return the verdict; {@code null} counts as denied
     */
    AuthResult authorize(Connection connection, AuthMethod method);
}
