package org.lightwayj.core.connection;

/**
 * Server host callback: hands out the tunnel configuration for each authenticated connection and
 * takes it back when the connection ends. Shared by every connection of a {@link ServerContext}; an
 * implementation shared across threads must be thread-safe.
 */
public interface ServerIpPool {

    /**
     * @param connection the connection being authenticated
     * @return its configuration, or {@code null} when the pool is exhausted
     *     ({@link ConnectionError#NO_AVAILABLE_CLIENT_IP})
     */
    InsideIpConfig allocate(Connection connection);

    /**
     * Returns an address allocated by {@link #allocate}. Called exactly once per successful allocation.
     *
     * @param connection the connection that ends
     * @param config what {@link #allocate} returned for it
     */
    void free(Connection connection, InsideIpConfig config);
}
