package org.lightwayj.core.connection;

import java.util.HashMap;
import java.util.Map;

/** A tiny IP pool for tests: hands out 10.125.0.x and checks that every address is freed once. */
final class TestIpPool implements ServerIpPool {
    int capacity = 100;
    int next = 5;
    final Map<Connection, InsideIpConfig> live = new HashMap<>();
    int freed;

    @Override
    public InsideIpConfig allocate(Connection connection) {
        if (live.size() >= capacity) {
            return null;
        }
        InsideIpConfig cfg = new InsideIpConfig("10.125.0." + next++, "10.125.0.1", "10.125.0.2", 1350);
        if (live.put(connection, cfg) != null) {
            throw new AssertionError("allocated twice for " + connection);
        }
        return cfg;
    }

    @Override
    public void free(Connection connection, InsideIpConfig config) {
        InsideIpConfig had = live.remove(connection);
        if (had == null || !had.equals(config)) {
            throw new AssertionError("freed an address not allocated to " + connection);
        }
        freed++;
    }
}
