package org.yibao.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Prepared statements of the outbox's hot paths, prepared once per connection and reused.
 *
 * <p>Promises: {@link #get} returns an open statement for exactly that SQL on that connection;
 * callers set every parameter before executing and close the result set, never the statement.
 * Each connection has its own statements (the outbox uses the writer connection and the
 * database's query-only reader); a closed connection's statements are dropped. Each connection
 * is used by one thread at a time (the database's locks), and the map is guarded by this
 * object's monitor besides.
 */
final class StatementCache {

    private final Map<Connection, Map<String, PreparedStatement>> statements = new IdentityHashMap<>();

    synchronized PreparedStatement get(Connection c, String sql) throws SQLException {
        statements.keySet().removeIf(StatementCache::isClosed);
        Map<String, PreparedStatement> ofConnection = statements.computeIfAbsent(c, k -> new HashMap<>());
        PreparedStatement statement = ofConnection.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = c.prepareStatement(sql);
            ofConnection.put(sql, statement);
        }
        return statement;
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
