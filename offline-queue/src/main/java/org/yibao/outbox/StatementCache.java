package org.yibao.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements of the outbox's hot paths, prepared once per connection and reused.
 *
 * <p>Promises: {@link #get} returns an open statement for exactly that SQL on that connection;
 * callers set every parameter before executing and close the result set, never the statement.
 * Access is serialised by the database's writer lock (every caller runs inside
 * {@code SqliteDatabase.read} or {@code inTransaction}), and the map is guarded by this
 * object's monitor besides. A different or closed connection drops the cached statements.
 */
final class StatementCache {

    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private Connection owner;

    synchronized PreparedStatement get(Connection c, String sql) throws SQLException {
        if (owner != c) {
            statements.clear();
            owner = c;
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = c.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }
}
